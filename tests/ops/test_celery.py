"""The Celery app: autodiscovered tasks, in-process by default, a real worker on Redis."""

from __future__ import annotations

import os
import re

import pytest
import redis
from celery import Celery
from celery.contrib.testing.worker import start_worker

from carbonplan import celery_app
from reporting.tasks import ping


def test_app_autodiscovers_the_apps_tasks():
    celery_app.loader.import_default_modules()

    assert "reporting.tasks.ping" in celery_app.tasks


def test_without_a_broker_tasks_run_in_process(settings):
    assert settings.CELERY_BROKER_URL == "memory://"
    assert celery_app.conf.task_always_eager is True

    assert ping.delay().get(timeout=1) == "pong"


def _redis_url_for_this_worker() -> str:
    """Each xdist worker gets its own Redis database, so queues never mix."""
    base = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw-1")
    number = 2 + int(worker.removeprefix("gw"))
    return re.sub(r"(/\d+)?$", f"/{number}", base.split("?")[0], count=1)


@pytest.fixture
def redis_celery_app():
    """An app configured like the portal's, pointed at this worker's Redis database."""
    url = _redis_url_for_this_worker()
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
    # start_worker made the test app the current one; give the portal's back.
    celery_app.set_current()
    celery_app.set_default()


@pytest.mark.redis
def test_a_real_worker_runs_the_task_through_redis(redis_celery_app):
    with start_worker(redis_celery_app, perform_ping_check=False, loglevel="WARNING"):
        result = redis_celery_app.tasks["reporting.tasks.ping"].delay()

        assert type(result).__name__ == "AsyncResult"  # not run in-process
        assert result.get(timeout=10) == "pong"
        assert result.status == "SUCCESS"
