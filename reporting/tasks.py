from __future__ import annotations

from celery import shared_task


@shared_task
def ping() -> str:
    """Answers "pong": proves a worker receives and runs the portal's tasks."""
    return "pong"
