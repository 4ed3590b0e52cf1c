"""gunicorn.conf.py is what the image, docker-compose and `make loadtest` run."""

from __future__ import annotations

import os
import runpy
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _conf(monkeypatch, concurrency: str | None) -> dict:
    if concurrency is None:
        monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    else:
        monkeypatch.setenv("WEB_CONCURRENCY", concurrency)
    return runpy.run_path(str(ROOT / "gunicorn.conf.py"))


def test_sync_workers_two_per_core_and_one_with_a_60_second_timeout(monkeypatch):
    conf = _conf(monkeypatch, None)

    assert conf["worker_class"] == "sync"
    assert conf["workers"] == 2 * len(os.sched_getaffinity(0)) + 1
    assert (conf["timeout"], conf["graceful_timeout"]) == (60, 30)


@pytest.mark.parametrize(("given", "workers"), [("7", 7), ("", None)])
def test_web_concurrency_sets_the_workers_and_empty_means_the_default(
    monkeypatch, given, workers
):
    conf = _conf(monkeypatch, given)

    assert conf["workers"] == (workers or 2 * len(os.sched_getaffinity(0)) + 1)


def test_the_image_and_compose_start_gunicorn_with_it():
    command = '["gunicorn", "--config", "gunicorn.conf.py", "carbonplan.wsgi"]'

    assert f"CMD {command}" in (ROOT / "Dockerfile").read_text()
    assert f"command: {command}" in (ROOT / "docker-compose.yml").read_text()
