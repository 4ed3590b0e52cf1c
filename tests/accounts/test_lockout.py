from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import UserFactory

PASSWORD = "Passw0rd!2026"
pytestmark = pytest.mark.django_db


def _login(client, password, ip="10.0.0.1", username="carol"):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
    )


@pytest.fixture
def carol():
    return UserFactory(username="carol", email="carol@example.edu.cn")


def test_lockout_after_the_failure_limit(client, carol):
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        assert _login(client, "wrong").status_code == 200

    response = _login(client, "wrong")

    content = response.content.decode()
    assert response.status_code == 429
    assert "登录失败次数过多" in content
    assert f"连续失败 {limit} 次" in content
    assert "30 分钟后重试" in content


def test_locked_out_user_cannot_log_in_even_with_the_password(client, carol):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "wrong")

    response = _login(client, PASSWORD)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_address(client, carol):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "wrong", ip="10.0.0.1")

    response = _login(client, PASSWORD, ip="10.0.0.2")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(carol.pk)


def test_email_and_username_fill_the_same_counter(client, carol):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "wrong", username="carol")

    response = _login(client, "wrong", username="CAROL@example.edu.cn")

    assert response.status_code == 429


def test_success_resets_the_counter(client, carol):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "wrong")
    assert _login(client, PASSWORD).status_code == 302
    client.post(reverse("accounts:logout"))

    response = _login(client, "wrong")

    assert response.status_code == 200


def test_setting_a_new_password_by_mail_lifts_the_lockout(client, carol, mailoutbox):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "wrong")
    client.post(reverse("accounts:password-reset"), {"email": carol.email})
    path = re.search(r"https?://\S+?(/accounts/\S+/)", mailoutbox[0].body).group(1)
    form_url = client.get(path).url
    new = "Gr33n-Campus-2030"
    client.post(form_url, {"new_password1": new, "new_password2": new})

    response = _login(client, new)

    assert response.status_code == 302
