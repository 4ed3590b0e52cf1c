"""Shared fixtures: one university and one authority in scope, one of each outside.

`reporter_client`, `approver_client`, `reviewer_client`, `ministry_client`,
`expert_client` act inside the home scope; `outsider_client` is a reporter of another
university under another authority.
"""

from __future__ import annotations

import functools
import logging
import os
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.test import TestCase, override_settings
from django.utils import translation

import institutions.management.commands.seed_demo as seed_demo_command
from initiatives.rules import catalogue_forget
from institutions.demo import DemoSeedResult, demo_seed
from institutions.models import Membership
from tests.factories import (
    AuthorityFactory,
    MembershipFactory,
    UniversityFactory,
    UserFactory,
)


@pytest.fixture(scope="session", autouse=True)
def _test_settings():
    """Production settings (DEBUG off) minus what a test run over plain http needs.

    No https redirect and no secure-only cookies (the test client and the live
    server speak http), plain static storage (no collectstatic manifest), and a fast
    password hasher. The API is not throttled (users' ids recur from test to test,
    their counts would add up); tests/api/test_api_throttling.py sets low rates.
    """
    unthrottled = dict.fromkeys(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"])
    plain_static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    with override_settings(
        SECURE_SSL_REDIRECT=False,
        SESSION_COOKIE_SECURE=False,
        CSRF_COOKIE_SECURE=False,
        STORAGES={**settings.STORAGES, "staticfiles": plain_static},
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        REST_FRAMEWORK={
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": unthrottled,
        },
    ):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: the dashboards keep what they rendered
    under keys that name the data's version, and ids start again in a new test
    database, so one test's entry could otherwise answer another's request."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _catalogue_fresh():
    """Each test reads the catalogue of its own database: the process's copies
    (initiatives/rules.py) may hold rows an earlier test wrote and rolled back."""
    catalogue_forget()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language and leaves nothing active behind.

    A request in English (or any `translation.activate`) sets the thread's language,
    which would otherwise leak into whichever test the same worker runs next.
    """
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@dataclass
class SeededDemo:
    """What `manage.py seed_demo` printed and returned, how many mails it sent, and
    what it logged (records that reached the root logger's handlers)."""

    output: str
    result: DemoSeedResult
    mails_sent: int
    logged: list[logging.LogRecord]


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(scope="module")
def demo_seeded(django_db_setup, django_db_blocker):
    """The whole demo seed, run once for the module that asks for it.

    Seeding takes seconds; the module's tests each run in a savepoint inside this
    transaction, which is rolled back when the module is done, so no other test in the
    worker sees demo rows. What the seed leaves for after the commit (mail) runs too.
    A test that wants to see seeding itself (a second run) calls `demo_seed()` again.
    """
    results: list[DemoSeedResult] = []

    def seed() -> DemoSeedResult:
        # What the seed leaves for after its commit runs as it returns, inside the
        # command, as it would outside this test transaction.
        with TestCase.captureOnCommitCallbacks(execute=True):
            results.append(demo_seed())
        return results[-1]

    out = StringIO()
    logged = _Collect()
    root = logging.getLogger()
    with django_db_blocker.unblock(), transaction.atomic():
        mails_before = len(mail.outbox)
        root.addHandler(logged)
        try:
            with (
                override_settings(DEBUG=True),
                mock.patch.object(seed_demo_command, "demo_seed", seed),
            ):
                call_command("seed_demo", stdout=out)
        finally:
            root.removeHandler(logged)
        yield SeededDemo(
            output=out.getvalue(),
            result=results[0],
            mails_sent=len(mail.outbox) - mails_before,
            logged=logged.records,
        )
        transaction.set_rollback(True)


# Services some tests need. Absent: skip with the reason; under CI=true: fail.
def _postgres_missing() -> str | None:
    from django.db import connection

    if connection.vendor != "postgresql":
        return f"needs PostgreSQL, DATABASE_URL gives {connection.vendor}"
    return None


@functools.cache
def _redis_missing() -> str | None:
    import redis

    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError as exc:
        return f"needs Redis at {url} (REDIS_URL): {exc}"
    return None


@functools.cache
def _browser_missing() -> str | None:
    chromium = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    if not Path(chromium).exists():
        return f"needs Chromium at {chromium} (CHROMIUM_PATH)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:
        return f"needs playwright: {exc}"
    return None


@functools.cache
def _load_venv_missing() -> str | None:
    locust = Path(__file__).resolve().parent.parent / ".venv-load" / "bin" / "locust"
    if not locust.exists():
        return f"needs the load driver at {locust} (make install-load)"
    return None


SERVICE_CHECKS = {
    "postgres": _postgres_missing,
    "redis": _redis_missing,
    "browser": _browser_missing,
    "load_venv": _load_venv_missing,
}


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Transactional tests last, after pytest-randomly has shuffled the order.

    A transactional test ends by flushing every table, emptying what the migrations
    loaded (provinces, authorities, the catalogue); Django runs them after all other
    database tests for that reason, and pytest-django sorts them so, but the shuffle
    undoes it. A stable sort keeps the shuffled order within each group.
    """

    def transactional(item) -> bool:
        marker = item.get_closest_marker("django_db")
        fixtures = getattr(item, "fixturenames", ())
        return bool(
            (
                marker
                and (marker.kwargs.get("transaction") or marker.args[:1] == (True,))
            )
            or {"transactional_db", "live_server"} & set(fixtures)
        )

    items.sort(key=transactional)


def pytest_runtest_setup(item):
    for marker, missing in SERVICE_CHECKS.items():
        if item.get_closest_marker(marker) and (reason := missing()):
            if os.environ.get("CI", "").lower() == "true":
                pytest.fail(f"CI=true and {reason}", pytrace=False)
            pytest.skip(reason)


@pytest.fixture
def authority(db):
    return AuthorityFactory()


@pytest.fixture
def university(authority):
    return UniversityFactory(authority=authority, province=authority.province)


@pytest.fixture
def other_university(db):
    return UniversityFactory(authority=AuthorityFactory())


def _client_for(client, **membership):
    user = UserFactory()
    MembershipFactory(user=user, **membership)
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def reporter_client(client, university):
    return _client_for(client, role=Membership.Role.REPORTER, university=university)


@pytest.fixture
def approver_client(client, university):
    return _client_for(client, role=Membership.Role.APPROVER, university=university)


@pytest.fixture
def reviewer_client(client, authority):
    return _client_for(
        client, role=Membership.Role.REVIEWER, university=None, authority=authority
    )


@pytest.fixture
def ministry_client(client, db):
    return _client_for(client, role=Membership.Role.OFFICIAL, university=None)


@pytest.fixture
def expert_client(client, db):
    return _client_for(client, role=Membership.Role.EXPERT, university=None)


@pytest.fixture
def outsider_client(client, other_university):
    return _client_for(
        client, role=Membership.Role.REPORTER, university=other_university
    )
