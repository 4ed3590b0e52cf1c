"""Throttling per user and per token: 429 with Retry-After in the one error shape."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings

from accounts.models import ApiToken
from institutions.models import Membership
from tests.factories import MembershipFactory, UserFactory


def _rates(user: str | None, token: str | None):
    return override_settings(
        REST_FRAMEWORK={
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {"user": user, "token": token},
        }
    )


@pytest.fixture
def reporter(university):
    membership = MembershipFactory(
        user=UserFactory(), role=Membership.Role.REPORTER, university=university
    )
    cache.delete(f"throttle_user_{membership.user.pk}")
    return membership


def _key(membership) -> str:
    _token, key = ApiToken.issue(
        user=membership.user,
        membership=membership,
        name="script",
        read_only=True,
        days=1,
    )
    return key


def test_default_rates_are_set_and_generous():
    from rest_framework.throttling import SimpleRateThrottle

    from carbonplan import settings as project  # the suite runs unthrottled

    rates = project.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    for scope in ("user", "token"):
        count, seconds = SimpleRateThrottle.parse_rate(None, rates[scope])
        assert count / seconds >= 5, scope


def test_a_user_over_the_rate_gets_429_with_retry_after(client, reporter):
    client.force_login(reporter.user)
    with _rates("2/minute", None):
        answers = [client.get("/api/v1/universities/") for _ in range(3)]
        # The user's share counts the session and the tokens together.
        by_token = client.get(
            "/api/v1/universities/", HTTP_AUTHORIZATION=f"Token {_key(reporter)}"
        )

    assert [r.status_code for r in answers] == [200, 200, 429]
    throttled = answers[2]
    assert 0 < int(throttled["Retry-After"]) <= 60
    error = throttled.json()["error"]
    assert set(error) == {"code", "message", "fields"}
    assert error["code"] == "throttled" and error["fields"] == []
    assert by_token.status_code == 429


def test_each_token_has_its_own_share(client, reporter):
    first, second = _key(reporter), _key(reporter)

    def get(key: str, language: str = "en"):
        return client.get(
            "/api/v1/universities/",
            HTTP_AUTHORIZATION=f"Token {key}",
            HTTP_ACCEPT_LANGUAGE=language,
        )

    with _rates("100/minute", "1/minute"):
        assert get(first).status_code == 200
        en, zh = get(first), get(first, "zh-hans")
        assert get(second).status_code == 200

    assert en.status_code == zh.status_code == 429 and "Retry-After" in en
    assert en.json()["error"]["message"] != zh.json()["error"]["message"]
