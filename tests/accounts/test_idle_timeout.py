from __future__ import annotations

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.middleware import LAST_ACTIVITY_KEY, activity_interval
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
# A page of this app that any signed-in user may open.
PAGE = "/accounts/password/change/"


@pytest.fixture
def signed_in(client):
    client.force_login(UserFactory())
    return client


def _idle_for(client, seconds: float) -> None:
    session = client.session
    session[LAST_ACTIVITY_KEY] = time.time() - seconds
    session.save()


def test_request_within_the_timeout_keeps_the_session(signed_in, settings):
    _idle_for(signed_in, settings.SESSION_IDLE_TIMEOUT - 60)

    response = signed_in.get(PAGE)

    assert response.status_code == 200
    assert time.time() - signed_in.session[LAST_ACTIVITY_KEY] < 5


def test_idle_session_is_logged_out_and_sent_to_login_with_next(signed_in, settings):
    settings.SESSION_IDLE_TIMEOUT = 10 * 60
    _idle_for(signed_in, 10 * 60 + 1)

    response = signed_in.get(PAGE + "?tab=2")

    assert response.status_code == 302
    assert (
        response.url
        == reverse("accounts:login")
        + "?next=%2Faccounts%2Fpassword%2Fchange%2F%3Ftab%3D2"
    )
    assert "_auth_user_id" not in signed_in.session
    page = signed_in.get(response.url).content.decode()
    assert "您已 10 分钟没有操作" in page


def test_background_request_does_not_count_as_activity(signed_in, settings):
    settings.SESSION_IDLE_TIMEOUT = 120
    _idle_for(signed_in, 100)
    before = signed_in.session[LAST_ACTIVITY_KEY]

    response = signed_in.get(PAGE, headers={"X-Background": "1"})

    assert response.status_code == 200
    assert signed_in.session[LAST_ACTIVITY_KEY] == before
    _idle_for(signed_in, 121)
    assert signed_in.get(PAGE, headers={"X-Background": "1"}).status_code == 302
    assert "_auth_user_id" not in signed_in.session


def test_expired_htmx_request_asks_for_a_full_page_login(signed_in, settings):
    _idle_for(signed_in, settings.SESSION_IDLE_TIMEOUT + 1)

    response = signed_in.get(
        PAGE,
        headers={
            "HX-Request": "true",
            "X-Background": "1",
            "HX-Current-URL": "http://testserver/universities/?q=x",
        },
    )

    assert response.status_code == 204
    assert response["HX-Redirect"] == (
        reverse("accounts:login") + "?next=%2Funiversities%2F%3Fq%3Dx"
    )


def _session_writes(client, url: str = PAGE, **headers) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, headers=headers).status_code == 200
    return [q["sql"] for q in captured.captured_queries if "django_session" in q["sql"]]


def _session_reads(sql: list[str]) -> list[str]:
    return [q for q in sql if q.lstrip().upper().startswith("SELECT")]


def test_requests_within_the_interval_write_no_session_row(signed_in, settings):
    """Every page and autosave would otherwise pay an UPDATE and a commit: with the
    default half hour the activity is written once a minute."""
    settings.SESSION_IDLE_TIMEOUT = 30 * 60
    assert activity_interval(30 * 60) == 60
    _idle_for(signed_in, 59)
    before = signed_in.session[LAST_ACTIVITY_KEY]

    touched = _session_writes(signed_in)

    assert touched == _session_reads(touched)  # read, never written
    assert signed_in.session[LAST_ACTIVITY_KEY] == before

    _idle_for(signed_in, 61)
    touched = _session_writes(signed_in)

    assert [q for q in touched if q.lstrip().startswith("UPDATE")]
    assert time.time() - signed_in.session[LAST_ACTIVITY_KEY] < 5


def test_the_first_request_after_logging_in_writes_no_session_row(client):
    """The login sets the activity (user_logged_in), so the page it leads to costs
    no second write; through the real login form as well as force_login."""
    UserFactory(username="activity", password="Correct-horse-42")
    response = client.post(
        reverse("accounts:login"),
        {"username": "activity", "password": "Correct-horse-42"},
    )
    assert response.status_code == 302
    assert time.time() - client.session[LAST_ACTIVITY_KEY] < 5

    touched = _session_writes(client)

    assert touched and touched == _session_reads(touched)


def test_a_short_timeout_is_still_kept_to_within_a_tenth(signed_in, settings):
    """30 s at least, but never more than a tenth of the timeout: a session with a
    one-minute timeout that was active 7 s ago gets its activity written."""
    settings.SESSION_IDLE_TIMEOUT = 60
    assert activity_interval(60) == 6
    _idle_for(signed_in, 7)

    assert signed_in.get(PAGE).status_code == 200
    assert time.time() - signed_in.session[LAST_ACTIVITY_KEY] < 5
