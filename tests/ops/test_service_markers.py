"""Marked tests skip when their service is absent, and fail instead under CI=true."""

from __future__ import annotations

import pytest

from tests import conftest


class _Item:
    def __init__(self, marker: str):
        self.marker = marker

    def get_closest_marker(self, name):
        return name if name == self.marker else None


@pytest.fixture
def redis_absent(monkeypatch):
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:1/0")
    conftest._redis_missing.cache_clear()
    yield
    conftest._redis_missing.cache_clear()


def test_missing_service_skips_with_reason(redis_absent, monkeypatch):
    monkeypatch.delenv("CI", raising=False)

    with pytest.raises(pytest.skip.Exception, match="needs Redis at redis://"):
        conftest.pytest_runtest_setup(_Item("redis"))


def test_missing_service_fails_under_ci(redis_absent, monkeypatch):
    monkeypatch.setenv("CI", "true")

    with pytest.raises(pytest.fail.Exception, match="CI=true and needs Redis"):
        conftest.pytest_runtest_setup(_Item("redis"))


def test_missing_chromium_skips(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("CHROMIUM_PATH", "/nonexistent/chromium")
    conftest._browser_missing.cache_clear()
    try:
        with pytest.raises(pytest.skip.Exception, match="/nonexistent/chromium"):
            conftest.pytest_runtest_setup(_Item("browser"))
    finally:
        conftest._browser_missing.cache_clear()


def test_unmarked_test_runs_whatever_is_missing(redis_absent, monkeypatch):
    monkeypatch.setenv("CI", "true")

    conftest.pytest_runtest_setup(_Item("other"))


@pytest.mark.postgres
def test_postgres_marker_runs_only_on_postgresql():
    from django.db import connection

    assert connection.vendor == "postgresql"
