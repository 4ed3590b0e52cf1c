"""gunicorn.conf.py as production runs it, plus, for `make loadtest` only, each
request's CPU time in its worker (a sync worker serves one request at a time, so
the process's CPU across the request is the request's). Written one line per
request to LOADTEST_CPU_LOG.<worker pid>: method, path, CPU milliseconds."""

from __future__ import annotations

import os
import resource
from pathlib import Path

exec((Path(__file__).resolve().parent.parent / "gunicorn.conf.py").read_text())

_LOG = os.environ["LOADTEST_CPU_LOG"]


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def pre_request(worker, req):
    worker.loadtest_cpu = _cpu()


def post_request(worker, req, environ, resp):
    spent = _cpu() - getattr(worker, "loadtest_cpu", _cpu())
    with open(f"{_LOG}.{os.getpid()}", "a") as log:
        log.write(f"{req.method} {req.path} {spent * 1000:.1f}\n")
