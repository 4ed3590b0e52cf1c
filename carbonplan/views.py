from __future__ import annotations

from django.db import connection
from django.http import JsonResponse


def healthz(request):
    """State of database, cache and broker; 503 when the database does not answer."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except Exception as exc:  # noqa: BLE001 - any failure means "down"
        database = f"error: {exc.__class__.__name__}"
    status = 200 if database == "ok" else 503
    return JsonResponse({"database": database}, status=status)
