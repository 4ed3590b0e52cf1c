"""The ministry reports' beat schedule (seeded once, kept as an administrator
changed it), what it asks for (each run once by its key), and a run made by a real
worker on Redis, delivered twice: one set of files, one announcement."""

from __future__ import annotations

import datetime as dt
import importlib
import os

import pytest
import redis
from celery import Celery
from django.apps import apps as django_apps
from django_celery_beat.models import CrontabSchedule, PeriodicTask, PeriodicTasks

from carbonplan import celery_app
from institutions.models import Membership
from reporting.models import Notification, ReportingPeriod, ReportRun, ReportRunFile
from reporting.services import runs as services
from tests.factories import PeriodFactory, ReportFactory, UniversityFactory
from tests.reporting.workflow_support import person

schedule = importlib.import_module("reporting.migrations.0019_report_runs_schedule")


def _task() -> PeriodicTask:
    return PeriodicTask.objects.select_related("crontab").get(name=schedule.TASK_NAME)


@pytest.mark.django_db
def test_the_migration_schedules_the_runs_hourly():
    task = _task()
    assert task.task == "reporting.tasks.report_runs_schedule_task" and task.enabled
    assert (task.crontab.minute, task.crontab.hour) == ("7", "*")
    celery_app.loader.import_default_modules()
    assert task.task in celery_app.tasks


@pytest.mark.django_db
def test_the_schedule_migration_is_idempotent_reversible_and_keeps_edits():
    schedule.schedule_create(django_apps, None)
    assert PeriodicTask.objects.filter(name=schedule.TASK_NAME).count() == 1
    schedule.schedule_delete(django_apps, None)
    assert not PeriodicTask.objects.filter(name=schedule.TASK_NAME).exists()
    schedule.schedule_create(django_apps, None)
    task = _task()
    task.crontab = CrontabSchedule.objects.create(minute="0", hour="8")
    task.save()
    bumped = PeriodicTasks.objects.get(ident=1).last_update
    schedule.schedule_create(django_apps, None)
    assert (_task().crontab.minute, _task().crontab.hour) == ("0", "8")
    assert PeriodicTasks.objects.get(ident=1).last_update == bumped


@pytest.mark.django_db
def test_the_schedule_asks_for_each_run_once_by_its_key(
    django_capture_on_commit_callbacks,
):
    open_period = PeriodFactory(current=True)
    closed = PeriodFactory(state=ReportingPeriod.State.CLOSED)
    monday = dt.datetime(2026, 12, 7, 9, tzinfo=dt.UTC)
    with django_capture_on_commit_callbacks() as enqueued:
        first = services.report_runs_schedule(now=monday)
    assert len(enqueued) == 2
    assert {(r.kind, r.period_id, r.slot, r.schedule) for r in first} == {
        ("weekly_status", open_period.pk, "2026-W50", "weekly status"),
        ("progress", closed.pk, "close", "period close"),
    }
    again = services.report_runs_schedule(now=monday + dt.timedelta(hours=1))
    assert [r.pk for r in again] == [r.pk for r in first]
    assert ReportRun.objects.count() == 2
    services.report_runs_schedule(now=monday + dt.timedelta(days=7))
    assert ReportRun.objects.filter(kind="weekly_status").count() == 2


def test_the_weekly_slot_is_the_iso_week_in_beijing():
    sunday_night_utc = dt.datetime(2026, 12, 6, 17, tzinfo=dt.UTC)  # Mon 01:00 CST
    assert services.weekly_slot(sunday_night_utc) == "2026-W50"
    assert services.weekly_slot(sunday_night_utc - dt.timedelta(hours=2)) == "2026-W49"


@pytest.fixture
def redis_app():
    """An app like the portal's on this helper's own Redis database (REDIS_URL)."""
    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    redis.Redis.from_url(url).flushdb()
    app = Celery("carbonplan", set_as_current=False)
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.conf.update(
        broker_url=url,
        result_backend=url,
        task_always_eager=False,
        worker_hijack_root_logger=False,
    )
    app.autodiscover_tasks()
    yield app
    app.close()
    celery_app.set_current()
    celery_app.set_default()


@pytest.mark.redis
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_makes_a_run_delivered_twice_once(redis_app, settings, tmp_path):
    from celery.contrib.testing.worker import start_worker

    settings.MEDIA_ROOT = tmp_path / "media"
    universities = [UniversityFactory(), UniversityFactory()]
    period = PeriodFactory(current=True, participants=universities)
    for university in universities:
        ReportFactory(period=period, university=university)
    official = person(Membership.Role.OFFICIAL)
    run = ReportRun.objects.create(
        kind="weekly_status", period=period, slot="2026-W50", requested_by=official
    )
    task = redis_app.tasks["reporting.tasks.report_run_task"]
    with start_worker(redis_app, perform_ping_check=False, loglevel="WARNING"):
        sent = [task.delay(run.pk), task.delay(run.pk)]
        results = sorted(result.get(timeout=60) for result in sent)
    assert results == ["done", "skipped"]
    run.refresh_from_db()
    assert run.state == "done" and run.attempts == 1
    assert ReportRunFile.objects.filter(run=run).count() == 1
    assert list(
        Notification.objects.filter(report_run=run).values_list("user_id", flat=True)
    ) == [official.pk]
