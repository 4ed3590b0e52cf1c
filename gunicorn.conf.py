"""gunicorn's settings for the portal: `gunicorn --config gunicorn.conf.py
carbonplan.wsgi` (the image, docker-compose.yml and `make loadtest` start it so).

Chosen from the load tests of issue 14 (simulated university reporters logging in,
opening the form and autosaving on the national set; web, PostgreSQL and the load
driver on one 2-core machine) and rerun with `make loadtest`. Options given on the
command line win over this file (`--bind`, `--workers`).
"""

from __future__ import annotations

import os

# 0.0.0.0:8000 inside the container; docker-compose publishes it to 127.0.0.1 for
# the reverse proxy only.
bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")

# Sync workers: each serves one request at a time and answers "Connection: close",
# so no idle keep-alive connection can be closed under a request the client is
# sending on it. With the threaded workers (gthread, keep-alive 2 s) 10-19 requests
# per run got no answer at all; with sync workers none did. The reverse proxy
# buffers slow clients and keeps its own keep-alive towards browsers.
worker_class = "sync"

# The work is CPU-bound (PBKDF2 logins, the form and the autosave's checks in
# Python): throughput topped out at 24-29 requests/s on 2 cores whatever the worker
# layout, so more workers buy no throughput, but more workers than cores keep a
# core busy while another worker waits on PostgreSQL (about a tenth of a request's
# time, `make loadtest`). Two per core and one is gunicorn's own advice; each
# holds one database connection (README: connections). WEB_CONCURRENCY overrides.
_cores = (
    len(os.sched_getaffinity(0))
    if hasattr(os, "sched_getaffinity")
    else (os.cpu_count() or 1)
)
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * _cores + 1)

# Only for the threaded or async workers if ever chosen: longer than the proxy's
# upstream keep-alive, so that the proxy, not gunicorn, closes an idle connection
# (the race that lost requests above). Sync workers ignore it.
keepalive = 5

# At 200 simultaneous reporters on 2 cores the slowest autosaves took 8-17 s (p95)
# and opening the form 5-13 s, nearly all of it waiting in the listen queue, which
# this timeout does not count: it bounds one request inside a worker (the slowest,
# a login, takes a fifth of a second of CPU), so 60 s kills only a stuck worker,
# never a slow save on an overloaded node. A redeploy lets a worker finish its
# request for up to 30 s.
timeout = 60
graceful_timeout = 30

# One access log line per request on stdout (docker logs); errors on stderr.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
