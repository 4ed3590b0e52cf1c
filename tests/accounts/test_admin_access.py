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
