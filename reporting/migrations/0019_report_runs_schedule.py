"""The beat schedule of the ministry reports: hourly, created idempotently (as
0002_period_schedule): an existing task of the same name is left as an
administrator changed it; each run is asked for once by its key whatever the
frequency (reporting.services.runs.report_runs_schedule)."""

from __future__ import annotations

from django.db import migrations
from django.utils import timezone

TASK_NAME = "reporting: ministry report runs"
TASK_PATH = "reporting.tasks.report_runs_schedule_task"
MINUTE = "7"  # past each hour, clear of the period task's round ten minutes


def _schedule_changed(apps) -> None:
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    PeriodicTasks.objects.update_or_create(
        ident=1, defaults={"last_update": timezone.now()}
    )


def schedule_create(apps, schema_editor) -> None:
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute=MINUTE,
        hour="*",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Asia/Shanghai",
    )
    _, created = PeriodicTask.objects.get_or_create(
        name=TASK_NAME,
        defaults={
            "task": TASK_PATH,
            "crontab": crontab,
            "enabled": True,
            "description": (
                "Asks for the weekly submission status of each open period and the "
                "progress report of the latest closed period, each once."
            ),
        },
    )
    if created:
        _schedule_changed(apps)


def schedule_delete(apps, schema_editor) -> None:
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    deleted, _ = PeriodicTask.objects.filter(name=TASK_NAME).delete()
    CrontabSchedule.objects.filter(
        minute=MINUTE, hour="*", periodictask__isnull=True
    ).delete()
    if deleted:
        _schedule_changed(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0018_notification_report_run"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule_create, schedule_delete)]
