"""The beat schedule of the period task: every 10 minutes, created idempotently.

An existing task of the same name is left as it is, so that a schedule changed in the
admin survives a re-run. The scheduler notices changes through PeriodicTasks, which the
model's signals update; historical models send no such signals, so it is bumped here.
"""

from __future__ import annotations

from django.db import migrations
from django.utils import timezone

TASK_NAME = "reporting: advance periods"
TASK_PATH = "reporting.tasks.periods_advance_task"
EVERY_MINUTES = 10


def _schedule_changed(apps) -> None:
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    PeriodicTasks.objects.update_or_create(
        ident=1, defaults={"last_update": timezone.now()}
    )


def schedule_create(apps, schema_editor) -> None:
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    interval, _ = IntervalSchedule.objects.get_or_create(
        every=EVERY_MINUTES, period="minutes"
    )
    _, created = PeriodicTask.objects.get_or_create(
        name=TASK_NAME,
        defaults={
            "task": TASK_PATH,
            "interval": interval,
            "enabled": True,
            "description": (
                "按日期推进填报周期（待开放 → 开放 → 关闭），开放时创建报告，"
                "逾期未报的标记逾期。Moves reporting periods by their dates, "
                "creates reports on opening and marks unfinished ones late."
            ),
        },
    )
    if created:
        _schedule_changed(apps)


def schedule_delete(apps, schema_editor) -> None:
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    deleted, _ = PeriodicTask.objects.filter(name=TASK_NAME).delete()
    IntervalSchedule.objects.filter(
        every=EVERY_MINUTES, period="minutes", periodictask__isnull=True
    ).delete()
    if deleted:
        _schedule_changed(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0001_reports"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule_create, schedule_delete)]
