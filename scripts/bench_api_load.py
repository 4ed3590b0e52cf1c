"""Under gunicorn, for scripts/bench_api.py: start the portal (with the plain view of
scripts/bench_api_server.py) on a free port against the bench's scratch database,
drive it with 8 threads each keeping one request in flight, and print p50/p95
latency and requests per second for the values list's page (token, session) and
the plain view."""

from __future__ import annotations

import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
CONNECTIONS = 8
WORKERS = int(os.environ.get("BENCH_GUNICORN_WORKERS", "4"))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _database_url() -> str:
    from django.conf import settings

    db = settings.DATABASES["default"]
    auth = quote(db["USER"] or "postgres")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"])
    host = db.get("HOST") or "127.0.0.1"
    return f"postgres://{auth}@{host}:{db.get('PORT') or 5432}/{db['NAME']}"


def _start(port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "BENCH_API_WSGI": "1",
        "DATABASE_URL": _database_url(),
        "DEBUG": "false",
        "PYTHONWARNINGS": "ignore::UserWarning",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        # The throttles' cache is per process here (locmem): kept on, but high.
        "API_THROTTLE_USER": "100000/second",
        "API_THROTTLE_TOKEN": "100000/second",
    }
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "scripts.bench_api_server:application",
            "--chdir",
            str(ROOT),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--log-level",
            "warning",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=sys.stderr,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("gunicorn did not start")


def _get(port: int, url: str, headers: dict) -> tuple[int, float]:
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", url, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status, time.perf_counter() - started
    finally:
        connection.close()


def _load(
    port: int, url: str, headers: dict, seconds: float, connections: int
) -> tuple:
    """`connections` threads, each sending its next request when its last one
    answered."""
    for _ in range(2 * WORKERS):  # warm every worker (imports, connections)
        status, _took = _get(port, url, headers)
        assert status == 200, (url, status)
    times: list[float] = []
    errors = []
    stop = time.perf_counter() + seconds

    def client():
        while time.perf_counter() < stop:
            status, took = _get(port, url, headers)
            (times if status == 200 else errors).append(took)

    threads = [threading.Thread(target=client) for _ in range(connections)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    times.sort()
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    return statistics.median(times), p95, len(times) / elapsed, len(errors)


def run_gunicorn(*, token: str, session: str, page: int, seconds: float) -> None:
    from django.conf import settings

    from scripts.bench_api_server import PLAIN_URL

    port = _free_port()
    server = _start(port)
    cookie = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={session}"}
    token_page = (
        f"/api/v1/values/?page_size={page}",
        {"Authorization": f"Token {token}"},
    )
    cases = {
        # One connection: the time a request takes without waiting for a worker.
        "API, token, 1 conn.": (*token_page, 1),
        "API, token": (*token_page, CONNECTIONS),
        "API, session": (f"/api/v1/values/?page_size={page}", cookie, CONNECTIONS),
        "plain view, session": (
            f"{PLAIN_URL}?page_size={page}",
            cookie,
            CONNECTIONS,
        ),
        "API, token, period": (
            f"/api/v1/values/?page_size={page}&period=2025",
            {"Authorization": f"Token {token}"},
            CONNECTIONS,
        ),
    }
    try:
        results = {
            label: _load(port, url, headers, seconds, connections)
            for label, (url, headers, connections) in cases.items()
        }
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(
        f"\ngunicorn, {WORKERS} sync workers, {CONNECTIONS} connections unless said,"
        f" {page}-row page:"
    )
    print(f"{'':<22} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>8} {'errors':>7}")
    for label, (p50, p95, rate, errors) in results.items():
        print(
            f"{label:<22} {p50 * 1000:8.1f} {p95 * 1000:8.1f} {rate:8.1f} {errors:7d}"
        )
