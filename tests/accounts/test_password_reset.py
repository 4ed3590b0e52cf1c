from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
NEW = "Gr33n-Campus-2030"


@pytest.fixture
def frank():
    return UserFactory(
        username="frank", email="frank@example.edu.cn", must_change_password=True
    )


def _link_path(body: str, site_url: str) -> str:
    match = re.search(re.escape(site_url) + r"(/accounts/password/reset/\S+/)", body)
    assert match, body
    return match.group(1)


def test_reset_mail_is_chinese_and_links_to_the_site(client, frank, settings):
    settings.SITE_URL = "https://carbon.example.gov.cn"

    response = client.post(
        reverse("accounts:password-reset"), {"email": "FRANK@example.edu.cn"}
    )

    assert response.url == reverse("accounts:password-reset-done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["frank@example.edu.cn"]
    assert message.subject == "重置碳中和行动计划门户的密码"
    assert "账号 frank 的密码" in message.body
    assert _link_path(message.body, settings.SITE_URL)


def test_the_link_sets_a_password_that_logs_in(client, frank, settings):
    client.post(reverse("accounts:password-reset"), {"email": frank.email})
    path = _link_path(mail.outbox[0].body, settings.SITE_URL)

    form_url = client.get(path).url
    assert client.get(form_url).context["validlink"] is True
    weak = client.post(form_url, {"new_password1": "short", "new_password2": "short"})
    assert "new_password2" in weak.context["form"].errors
    done = client.post(form_url, {"new_password1": NEW, "new_password2": NEW})

    assert done.url == reverse("accounts:password-reset-complete")
    frank.refresh_from_db()
    assert frank.must_change_password is False
    login = client.post(
        reverse("accounts:login"), {"username": "frank", "password": NEW}
    )
    assert login.url == reverse("home")
    # A link works once.
    assert client.get(path).status_code == 200
    assert "invalid-link" in client.get(path).content.decode()


def test_unknown_address_looks_the_same_and_sends_nothing(client, frank):
    response = client.post(
        reverse("accounts:password-reset"), {"email": "nobody@example.edu.cn"}
    )

    assert response.url == reverse("accounts:password-reset-done")
    assert mail.outbox == []
    page = client.get(response.url).content.decode()
    assert "如果有账号使用您填写的电子邮箱" in page


def test_invalid_email_stays_on_the_form(client):
    response = client.post(reverse("accounts:password-reset"), {"email": "not-mail"})

    assert response.status_code == 200
    assert 'value="not-mail"' in response.content.decode()
    assert "is-invalid" in str(response.context["form"]["email"])


def test_user_without_a_password_yet_can_ask_for_a_link(client):
    user = UserFactory(username="gina@example.edu.cn")
    user.set_unusable_password()
    user.save()

    client.post(reverse("accounts:password-reset"), {"email": "gina@example.edu.cn"})

    assert [m.to for m in mail.outbox] == [["gina@example.edu.cn"]]


def test_tampered_link_is_refused(client, frank):
    response = client.get("/accounts/password/reset/MQ/abc-123/")

    assert response.status_code == 200
    assert response.context["validlink"] is False
    assert "该链接已过期或已被使用" in response.content.decode()
