"""/healthz: what a load balancer and an operator need to know, without a login."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from kombu import Connection

IN_PROCESS = "in-process"


def _error(exc: BaseException) -> str:
    # The class name only: messages may carry hosts or credentials of the services.
    return f"error: {exc.__class__.__name__}"


def check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means "down"
        return _error(exc)
    return "ok"


def check_cache() -> str:
    # A key of its own per probe: nodes sharing one cache must not read each other's.
    key = f"healthz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "ok", timeout=10)
        value = cache.get(key)
        cache.delete(key)
    except Exception as exc:  # noqa: BLE001
        return _error(exc)
    return "ok" if value == "ok" else "error: value not read back"


def check_broker() -> str:
    """Connects once with a short timeout, so a dead broker never hangs the probe.

    Reads the setting at call time: the embedded default (no broker, tasks run in
    the web process) is reported as "in-process".
    """
    url = settings.CELERY_BROKER_URL
    if not url or url.startswith("memory://"):
        return IN_PROCESS
    timeout = settings.CELERY_BROKER_CONNECTION_TIMEOUT
    try:
        with Connection(url, connect_timeout=timeout) as broker:
            broker.ensure_connection(max_retries=0, timeout=timeout)
    except Exception as exc:  # noqa: BLE001
        return _error(exc)
    return "ok"


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """503 only when the database does not answer: without it nothing works.

    A cache or broker that does not answer is reported with status "degraded" and
    200, because pages still render; taking every web node out of rotation for a
    broker outage would turn a delay of background work into a full outage.
    """
    checks = {
        "database": check_database(),
        "cache": check_cache(),
        "broker": check_broker(),
    }
    healthy = {"ok", IN_PROCESS}
    if checks["database"] != "ok":
        status, code = "error", 503
    elif all(value in healthy for value in checks.values()):
        status, code = "ok", 200
    else:
        status, code = "degraded", 200
    return JsonResponse({"status": status, **checks}, status=code)
