from __future__ import annotations

import pytest
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from accounts.validators import CharacterClassValidator
from tests.factories import UserFactory

OLD = "Passw0rd!2026"
NEW = "Gr33n-Campus-2030"


@pytest.mark.parametrize(
    "password", ["Abcdefghij1", "abcdefghij1!", "ABCDEFGHIJ-1", "Ab-cdefghij"]
)
def test_three_kinds_of_characters_pass(password):
    CharacterClassValidator(min_classes=3).validate(password)


@pytest.mark.parametrize("password", ["abcdefghijkl", "abcdefghij12", "ABCDEF-GHIJ"])
def test_fewer_kinds_are_refused_with_a_chinese_message(password):
    with translation.override("zh-hans"), pytest.raises(ValidationError) as caught:
        CharacterClassValidator(min_classes=3).validate(password)

    assert caught.value.messages == [
        "密码必须至少包含以下 3 类字符：小写字母、大写字母、数字和符号。"
    ]


@pytest.mark.django_db
def test_configured_validators_refuse_short_and_simple_passwords():
    with translation.override("zh-hans"), pytest.raises(ValidationError) as caught:
        password_validation.validate_password("abc12")

    text = " ".join(caught.value.messages)
    assert "密码太短：至少需要 10 个字符" in text
    assert "3 类字符" in text


@pytest.fixture
def dora(db):
    return UserFactory(username="dora", email="dora@example.edu.cn")


def _change(client, new1=NEW, new2=NEW, old=OLD):
    return client.post(
        reverse("accounts:password-change"),
        {"old_password": old, "new_password1": new1, "new_password2": new2},
    )


def test_change_password_keeps_the_session_and_says_so(client, dora):
    client.force_login(dora)

    response = _change(client)

    assert response.url == reverse("home")
    dora.refresh_from_db()
    assert dora.check_password(NEW)
    assert client.session["_auth_user_id"] == str(dora.pk)
    page = client.get(reverse("accounts:password-change")).content.decode()
    assert "您的密码已修改" in page


def test_change_password_shows_errors_on_their_fields(client, dora):
    client.force_login(dora)

    response = _change(client, new1="simplepassword", new2="simplepassword", old="bad")

    form = response.context["form"]
    assert response.status_code == 200
    assert set(form.errors) == {"old_password", "new_password2"}
    content = response.content.decode()
    assert "3 类字符" in content
    assert "is-invalid" in str(form["old_password"])
    dora.refresh_from_db()
    assert dora.check_password(OLD)


@pytest.fixture
def flagged(client, dora):
    dora.must_change_password = True
    dora.save()
    client.force_login(dora)
    return client


@pytest.mark.parametrize("path", ["/", "/plan/", "/universities/", "/admin/"])
def test_flagged_user_is_sent_to_the_password_change_page(flagged, path):
    response = flagged.get(path)

    assert response.status_code == 302
    assert response.url == reverse("accounts:password-change")


def test_flagged_user_sees_why(flagged):
    response = flagged.get(reverse("accounts:password-change"))

    assert response.status_code == 200
    assert "您的密码由管理员设置" in response.content.decode()


def test_flagged_user_may_still_log_out_and_reach_health_and_language(flagged):
    assert flagged.get("/healthz").status_code == 200
    response = flagged.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.url == "/"
    assert flagged.post(reverse("accounts:logout")).url == reverse("accounts:login")


def test_changing_the_password_clears_the_flag(flagged, dora):
    required = flagged.get(reverse("accounts:password-change")).content.decode()
    assert "password-change-required" in required
    assert _change(flagged).url == reverse("home")

    dora.refresh_from_db()
    assert dora.must_change_password is False
    assert flagged.get(reverse("accounts:password-change")).status_code == 200
    assert flagged.get("/healthz").status_code == 200
    assert (
        "password-change-required"
        not in flagged.get(reverse("accounts:password-change")).content.decode()
    )


def test_admin_add_form_sets_the_flag(admin_client, django_user_model):
    response = admin_client.post(
        "/admin/accounts/user/add/",
        {
            "username": "eve@example.edu.cn",
            "email": "eve@example.edu.cn",
            "name": "Eve",
            "usable_password": "true",
            "password1": NEW,
            "password2": NEW,
        },
    )

    assert response.status_code == 302
    eve = django_user_model.objects.get(username="eve@example.edu.cn")
    assert eve.must_change_password is True
    assert eve.check_password(NEW)


def test_admin_add_form_refuses_an_address_in_use_in_another_case(admin_client, dora):
    response = admin_client.post(
        "/admin/accounts/user/add/",
        {
            "username": "dora2",
            "email": "DORA@example.edu.cn",
            "usable_password": "true",
            "password1": NEW,
            "password2": NEW,
        },
    )

    assert response.status_code == 200
    assert "email" in response.context["adminform"].form.errors


def test_admin_password_change_sets_the_flag(admin_client, dora):
    response = admin_client.post(
        f"/admin/accounts/user/{dora.pk}/password/",
        {"usable_password": "true", "password1": NEW, "password2": NEW},
    )

    assert response.status_code == 302
    dora.refresh_from_db()
    assert dora.must_change_password is True
    assert dora.check_password(NEW)


def test_user_flagged_by_the_admin_must_change_at_first_login(
    client, admin_client, dora
):
    admin_client.post(
        f"/admin/accounts/user/{dora.pk}/password/",
        {"usable_password": "true", "password1": NEW, "password2": NEW},
    )
    client.logout()  # admin_client and client are one client

    response = client.post(
        reverse("accounts:login"), {"username": "dora", "password": NEW}, follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("accounts:password-change")
