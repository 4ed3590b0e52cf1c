from __future__ import annotations

import pytest

from institutions.models import Membership
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "client_fixture", ["reporter_client", "approver_client", "ministry_client"]
)
def test_portal_roles_get_the_admin_login_page(request, client_fixture):
    client = request.getfixturevalue(client_fixture)
    assert client.user.is_staff is False

    response = client.get("/admin/", follow=True)

    assert response.redirect_chain[-1][0] == "/admin/login/?next=/admin/"
    assert response.templates[0].name == "admin/login.html"
    content = response.content.decode()
    assert 'id="login-form"' in content
    assert "app-accounts" not in content


def test_portal_role_cannot_log_in_to_the_admin(client):
    user = MembershipFactory(role=Membership.Role.OFFICIAL, university=None).user

    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": user.username, "password": "Passw0rd!2026", "next": "/admin/"},
    )

    assert response.status_code == 200
    assert response.templates[0].name == "admin/login.html"
    assert client.get("/admin/").status_code == 302


def test_staff_sees_the_admin_index(admin_client):
    assert "app-accounts" in admin_client.get("/admin/").content.decode()


def test_administrator_sees_memberships_inline(admin_client, university):
    membership = MembershipFactory(university=university)

    response = admin_client.get(f"/admin/accounts/user/{membership.user.pk}/change/")

    content = response.content.decode()
    assert response.status_code == 200
    assert 'name="memberships-0-university"' in content
    assert 'name="must_change_password"' in content
    assert 'name="is_demo"' in content


def test_the_admin_speaks_chinese_under_the_portals_name(admin_client):
    content = admin_client.get("/admin/").content.decode()

    # Branding: the portal's name, not "Django administration".
    assert "<title>\u540e\u53f0\u7ba1\u7406 | \u78b3\u4e2d\u548c" in content
    assert (
        "\u78b3\u4e2d\u548c\u884c\u52a8\u8ba1\u5212\u7ba1\u7406\u5e73\u53f0\uff1a\u540e\u53f0\u7ba1\u7406"
        in content
    )
    assert "Django" not in content.split("<body", 1)[1].split("</header>", 1)[0]
    # Every app's heading in Chinese, third-party ones included.
    for name in (
        "\u8d26\u53f7",  # accounts
        "\u673a\u6784\u4e0e\u89d2\u8272",  # institutions
        "\u884c\u52a8\u8ba1\u5212",  # initiatives: the plan
        "\u586b\u62a5\u4e0e\u5ba1\u6838",  # reporting
        "\u767b\u5f55\u9501\u5b9a",  # axes
        "\u5468\u671f\u4efb\u52a1",  # django_celery_beat
    ):
        assert f">{name}</a>" in content, name
    for english in ("Accounts", "Institutions", "Reporting", "Axes"):
        assert f">{english}</a>" not in content


def test_the_lockout_lists_are_in_chinese(admin_client):
    content = admin_client.get("/admin/axes/accessattempt/").content.decode()

    assert "\u767b\u5f55\u5c1d\u8bd5" in content  # access attempts
    assert "access attempt" not in content
