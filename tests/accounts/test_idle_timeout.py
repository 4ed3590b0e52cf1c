from __future__ import annotations

import time

import pytest
from django.urls import reverse

from accounts.middleware import LAST_ACTIVITY_KEY
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
