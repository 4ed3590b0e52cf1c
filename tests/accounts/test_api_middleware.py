"""The middleware that sends pages elsewhere (idle timeout, a password to change)
answers the API in its JSON error shape, never with a redirect to an HTML page."""

from __future__ import annotations

import time

import pytest

from accounts.middleware import LAST_ACTIVITY_KEY
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_an_idle_session_gets_401_in_json_not_the_login_page(client, settings):
    settings.SESSION_IDLE_TIMEOUT = 10 * 60
    client.force_login(UserFactory())
    session = client.session
    session[LAST_ACTIVITY_KEY] = time.time() - 10 * 60 - 1
    session.save()

    response = client.get("/api/v1/reports/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "error": {
            "code": "session_expired",
            "message": "You were logged out after 10 minutes without activity.",
            "fields": [],
        }
    }
    assert "_auth_user_id" not in client.session
    # Signed out now: the next request is the API's own 401, still JSON.
    again = client.get("/api/v1/reports/")
    assert again.status_code == 401
    assert again.json()["error"]["code"] == "not_authenticated"


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_password_to_change_gets_403_in_json_not_a_redirect(client, method):
    client.force_login(UserFactory(must_change_password=True))

    response = getattr(client, method)(
        "/api/v1/reports/", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )

    assert response.status_code == 403
    error = response.json()["error"]
    assert error["code"] == "password_change_required"
    assert "API" in error["message"] and "密码" in error["message"]
    # The pages still send the user to the password change page.
    assert client.get("/plan/").status_code == 302


def test_an_old_ie_engine_gets_the_api_not_the_switch_browser_page(client):
    response = client.get(
        "/api/v1/reports/", HTTP_USER_AGENT="Mozilla/5.0 (Windows NT 10.0; Trident/7.0)"
    )

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
