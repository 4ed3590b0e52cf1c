"""The period task in a separate Celery worker process, as beat and production run it.

The worker is `celery -A carbonplan worker` started as its own OS process against Redis
and the test's PostgreSQL database (SQLite in memory cannot be shared between
processes); the test sends the task twice by name and reads the effect in the database.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from reporting.models import Report, ReportingPeriod
from tests.factories import PeriodFactory, UniversityFactory
from tests.ops.test_celery import _redis_url_for_this_worker, redis_celery_app  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
DAY = dt.timedelta(days=1)


def _database_url() -> str:
    params = connection.settings_dict
    user = params.get("USER") or "postgres"
    password = f":{params['PASSWORD']}" if params.get("PASSWORD") else ""
    host = params.get("HOST") or "127.0.0.1"
    port = params.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{params['NAME']}"


@pytest.fixture
def worker_process():
    """A worker process on this xdist worker's Redis database and the test database."""
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": _redis_url_for_this_worker(),
        "CELERY_RESULT_BACKEND": _redis_url_for_this_worker(),
        "DEBUG": "false",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "carbonplan",
            "worker",
            "--pool",
            "solo",
            "--loglevel",
            "WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    yield process
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_process_opens_a_period_once_and_creates_each_report_once(
    redis_celery_app,  # noqa: F811
    worker_process,
):
    now = timezone.now()
    universities = [UniversityFactory() for _ in range(3)]
    period = PeriodFactory(
        opens_at=now - dt.timedelta(minutes=1),
        due_at=now + 30 * DAY,
        closes_at=now + 60 * DAY,
        participants=universities,
    )

    runs = [
        redis_celery_app.send_task("reporting.tasks.periods_advance_task")
        for _ in range(2)
    ]
    try:
        results = [run.get(timeout=60) for run in runs]
    except Exception:
        worker_process.terminate()
        print(worker_process.communicate(timeout=20)[0])
        raise

    assert sorted(r["opened"] for r in results) == [[], [period.year]]
    period.refresh_from_db()
    assert period.state == ReportingPeriod.State.OPEN
    assert period.events.filter(kind="opened", actor=None).count() == 1
    reports = Report.objects.filter(period=period)
    assert sorted(reports.values_list("university_id", flat=True)) == sorted(
        u.pk for u in universities
    )
