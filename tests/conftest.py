"""Shared fixtures: one university and one authority in scope, one of each outside.

`reporter_client`, `approver_client`, `reviewer_client`, `ministry_client`,
`expert_client` act inside the home scope; `outsider_client` is a reporter of another
university under another authority.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import translation

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
    password hasher.
    """
    plain_static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    with override_settings(
        SECURE_SSL_REDIRECT=False,
        SESSION_COOKIE_SECURE=False,
        CSRF_COOKIE_SECURE=False,
        STORAGES={**settings.STORAGES, "staticfiles": plain_static},
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    ):
        yield


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language and leaves nothing active behind.

    A request in English (or any `translation.activate`) sets the thread's language,
    which would otherwise leak into whichever test the same worker runs next.
    """
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


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


SERVICE_CHECKS = {
    "postgres": _postgres_missing,
    "redis": _redis_missing,
    "browser": _browser_missing,
}


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
