from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from .services.periods import periods_advance


@shared_task
def ping() -> str:
    """Answers "pong": proves a worker receives and runs the portal's tasks."""
    return "pong"


@shared_task(
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=5,
)
def periods_advance_task() -> dict:
    """Move periods by their dates (beat, every 10 minutes). Safe to run twice.

    Retries on database trouble (a lost connection, a lock timeout); the service
    re-checks every state under a row lock, so a re-delivered run changes nothing.
    """
    return periods_advance().as_dict()


@shared_task(
    autoretry_for=(OperationalError, OSError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=5,
)
def notifications_mail_task(notification_ids: list[int]) -> int:
    """Mail the notifications of a return or an acceptance, one mail each.

    Safe to run twice: a notification already mailed (mailed_at set) is skipped, so a
    retry after a failing mail server sends only what is missing.
    """
    from .services.notifications import notifications_mail

    return notifications_mail(notification_ids=notification_ids)


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=5,
)
def report_run_task(self, run_id: int) -> str:
    """Make one report run (by id): acknowledged only once finished, so a worker
    killed half-way leaves the message to be delivered again; the service makes a
    done run never twice and lets a delivery again take over the dead attempt."""
    from .services.runs import report_run_execute

    return report_run_execute(run_id=run_id, task_id=self.request.id or "")


@shared_task(
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=5,
)
def report_runs_schedule_task() -> list[int]:
    """Ask for the scheduled ministry reports (beat, hourly): each run once by its
    key (the week's status, the progress report at a period's close), so a second
    call, or a second beat, makes nothing new."""
    from .services.runs import report_runs_schedule

    return [run.pk for run in report_runs_schedule()]
