from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import UserFactory

PASSWORD = "Passw0rd!2026"
pytestmark = pytest.mark.django_db


@pytest.fixture
def alice():
    return UserFactory(username="alice", email="Alice@Example.edu.cn", name="Alice")


def _login(client, username, password=PASSWORD, **extra):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, **extra
    )


def test_login_page_is_chinese_with_bootstrap_form(client):
    response = client.get("/accounts/login/")

    content = response.content.decode()
    assert response.status_code == 200
    assert "用户名或电子邮箱" in content
    assert 'class="form-control"' in content
    assert reverse("accounts:password-reset") in content


def test_login_with_username_goes_home(client, alice):
    response = _login(client, "alice")

    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.get(reverse("home")).context["user"] == alice


def test_login_with_email_in_any_case(client, alice):
    response = _login(client, "alice@example.EDU.cn")

    assert response.status_code == 302
    assert client.get(reverse("home")).context["user"] == alice


def test_login_follows_next(client, alice):
    response = client.post(
        reverse("accounts:login") + "?next=/plan/",
        {"username": "alice", "password": PASSWORD, "next": "/plan/"},
    )

    assert response.url == "/plan/"


def test_wrong_password_explains_and_keeps_the_username(client, alice):
    response = _login(client, "alice@example.edu.cn", "wrong-password")

    content = response.content.decode()
    assert response.status_code == 200
    assert "用户名或电子邮箱与密码不匹配" in content
    assert 'value="alice@example.edu.cn"' in content
    assert "_auth_user_id" not in client.session


def test_missing_field_is_marked_on_that_field(client, alice):
    response = _login(client, "alice", "")

    form = response.context["form"]
    assert list(form.errors) == ["password"]
    assert "is-invalid" in str(form["password"])
    assert 'value="alice"' in response.content.decode()


def test_inactive_user_cannot_log_in(client):
    UserFactory(username="bob", is_active=False)

    response = _login(client, "bob")

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_logout_needs_post_and_ends_the_session(client, alice):
    client.force_login(alice)

    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"), follow=True)

    assert response.redirect_chain[-1][0] == reverse("accounts:login")
    assert "您已退出登录" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_signed_in_user_skips_the_login_page(client, alice):
    client.force_login(alice)

    assert client.get(reverse("accounts:login")).url == reverse("home")


def test_home_needs_login(client):
    response = client.get(reverse("home"))

    assert response.url == f"{reverse('accounts:login')}?next=/"
