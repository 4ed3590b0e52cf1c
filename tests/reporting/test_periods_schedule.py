"""The beat schedule of the period task, and the task run by a real worker on Redis."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps as django_apps
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask, PeriodicTasks

from carbonplan import celery_app
from reporting.models import Report, ReportingPeriod
from tests.factories import PeriodFactory, ReportFactory, UniversityFactory
from tests.ops.test_celery import redis_celery_app  # noqa: F401  (fixture)

schedule = importlib.import_module("reporting.migrations.0002_period_schedule")

State = ReportingPeriod.State
DAY = dt.timedelta(days=1)


def _task() -> PeriodicTask:
    return PeriodicTask.objects.select_related("interval").get(
        name="reporting: advance periods"
    )


@pytest.mark.django_db
def test_the_migration_schedules_the_task_every_ten_minutes():
    task = _task()

    assert task.task == "reporting.tasks.periods_advance_task"
    assert (task.interval.every, task.interval.period) == (10, "minutes")
    assert task.enabled
    celery_app.loader.import_default_modules()
    assert task.task in celery_app.tasks


@pytest.mark.django_db
def test_the_schedule_migration_is_idempotent_and_reversible():
    schedule.schedule_create(django_apps, None)
    assert PeriodicTask.objects.filter(name=schedule.TASK_NAME).count() == 1
    assert IntervalSchedule.objects.filter(every=10, period="minutes").count() == 1

    schedule.schedule_delete(django_apps, None)
    assert not PeriodicTask.objects.filter(name=schedule.TASK_NAME).exists()

    schedule.schedule_create(django_apps, None)
    assert _task().interval.every == 10


@pytest.mark.django_db
def test_a_schedule_changed_in_the_admin_survives_a_rerun():
    task = _task()
    task.interval = IntervalSchedule.objects.create(every=1, period="hours")
    task.save()
    bumped = PeriodicTasks.objects.get(ident=1).last_update

    schedule.schedule_create(django_apps, None)

    assert (_task().interval.every, _task().interval.period) == (1, "hours")
    assert PeriodicTasks.objects.get(ident=1).last_update == bumped


@pytest.mark.redis
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_runs_the_advance_twice_with_one_effect(redis_celery_app):  # noqa: F811
    """Opened once, each report created once; past closing closed; past due late."""
    now = timezone.now()
    universities = [UniversityFactory(), UniversityFactory()]
    opening = PeriodFactory(
        opens_at=now - dt.timedelta(minutes=1),
        due_at=now + 30 * DAY,
        closes_at=now + 60 * DAY,
        participants=universities,
    )
    closing = PeriodFactory(
        state=State.OPEN,
        opens_at=now - 60 * DAY,
        due_at=now - 30 * DAY,
        closes_at=now - dt.timedelta(minutes=1),
    )
    past_due = PeriodFactory(
        state=State.OPEN,
        opens_at=now - 30 * DAY,
        due_at=now - DAY,
        closes_at=now + 30 * DAY,
    )
    unfinished = ReportFactory(period=past_due)
    submitted = ReportFactory(period=past_due, state=Report.State.SUBMITTED)

    from celery.contrib.testing.worker import start_worker

    task = redis_celery_app.tasks["reporting.tasks.periods_advance_task"]
    with start_worker(redis_celery_app, perform_ping_check=False, loglevel="WARNING"):
        runs = [task.delay(), task.delay()]
        results = [run.get(timeout=30) for run in runs]

    assert sorted(r["opened"] for r in results) == [[], [opening.year]]
    assert sum(r["reports_created"] for r in results) == 2
    reports = Report.objects.filter(period=opening)
    assert sorted(reports.values_list("university_id", flat=True)) == sorted(
        u.pk for u in universities
    )
    assert opening.events.filter(kind="opened").count() == 1
    assert all(r.history.filter(history_type="+").count() == 1 for r in reports)
    for period, state in ((opening, State.OPEN), (closing, State.CLOSED)):
        period.refresh_from_db()
        assert period.state == state
    assert closing.events.filter(kind="closed", actor=None).count() == 1
    unfinished.refresh_from_db()
    submitted.refresh_from_db()
    assert (unfinished.is_late, submitted.is_late) == (True, False)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_runs_at_once_open_a_period_once():
    """A re-delivered task overlapping the first: the row lock lets one run open."""
    import threading

    from django.db import connection

    from reporting.services.periods import periods_advance

    now = timezone.now()
    universities = [UniversityFactory() for _ in range(5)]
    period = PeriodFactory(
        opens_at=now - dt.timedelta(minutes=1),
        due_at=now + 30 * DAY,
        closes_at=now + 60 * DAY,
        participants=universities,
    )
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run():
        try:
            barrier.wait(timeout=10)
            results.append(periods_advance(now=now))
        except Exception as exc:  # noqa: BLE001  (reported below)
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert not errors
    assert sorted(r.opened for r in results) == [[], [period.year]]
    assert Report.objects.filter(period=period).count() == 5
    assert period.events.filter(kind="opened").count() == 1
