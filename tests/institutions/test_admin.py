"""The admin pages of institutions load for an administrator."""

from __future__ import annotations

import pytest

from institutions.models import Membership
from tests.factories import MembershipFactory, UserFactory


@pytest.fixture
def admin_client(client, university):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize(
    "model", ["province", "authority", "authorityalias", "university", "membership"]
)
def test_changelists_load(admin_client, model):
    response = admin_client.get(f"/admin/institutions/{model}/", {"q": "1"})

    assert response.status_code == 200


def test_change_pages_load(admin_client, university):
    membership = MembershipFactory(role=Membership.Role.REPORTER, university=university)
    for url in (
        f"/admin/institutions/university/{university.pk}/change/",
        f"/admin/institutions/authority/{university.authority.pk}/change/",
        f"/admin/institutions/membership/{membership.pk}/change/",
        f"/admin/institutions/province/{university.province.pk}/change/",
    ):
        assert admin_client.get(url).status_code == 200, url


def test_provinces_cannot_be_added_or_deleted(admin_client, university):
    assert admin_client.get("/admin/institutions/province/add/").status_code == 403
    province = university.province
    url = f"/admin/institutions/province/{province.pk}/delete/"
    assert admin_client.get(url).status_code == 403


def test_portal_roles_do_not_open_the_admin(ministry_client):
    response = ministry_client.get("/admin/institutions/university/")

    assert response.status_code == 302
