"""The home page of each role."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from institutions.models import Membership, University
from tests.factories import MembershipFactory, UniversityFactory, UserFactory, province


def test_anonymous_users_are_sent_to_log_in(client, db):
    response = client.get("/")

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("client_fixture", ["reporter_client", "approver_client"])
def test_university_people_see_their_university_card(
    request, client_fixture, university, other_university
):
    client = request.getfixturevalue(client_fixture)

    response = client.get("/")

    body = response.content.decode()
    assert 'data-testid="home-university"' in body
    assert university.name_zh in body and university.code in body
    assert university.authority.name_zh in body
    assert f"/universities/{university.pk}/" in body
    assert other_university.name_zh not in body
    assert 'data-testid="home-ministry"' not in body


def test_a_reviewer_sees_the_authority_and_its_universities(
    reviewer_client, authority, university, other_university
):
    UniversityFactory(authority=authority, level=University.Level.ASSOCIATE)

    response = reviewer_client.get("/")

    body = response.content.decode()
    assert 'data-testid="home-authority"' in body
    assert authority.name_zh in body
    assert university.name_zh in body
    assert other_university.name_zh not in body
    assert response.context["total"] == 2
    counts = dict(response.context["level_counts"])
    assert list(counts.values()) == [1, 1, 0]


@pytest.mark.parametrize("client_fixture", ["ministry_client", "expert_client"])
def test_the_ministry_sees_the_national_picture(
    request, client_fixture, university, other_university
):
    client = request.getfixturevalue(client_fixture)
    UniversityFactory(
        province=province("65"),
        level=University.Level.ADULT,
        category=University.Category.PRIVATE,
    )

    response = client.get("/")

    body = response.content.decode()
    assert 'data-testid="home-ministry"' in body
    assert response.context["total"] == 3
    by_province = {p.code: p for p in response.context["provinces"]}
    assert len(by_province) == 31
    assert (by_province["11"].total, by_province["11"].bachelor) == (2, 2)
    assert (by_province["65"].total, by_province["65"].adult) == (1, 1)
    assert by_province["31"].total == 0
    categories = {value: n for value, _, n in response.context["category_counts"]}
    assert categories["local"] == 2 and categories["private"] == 1
    assert "/universities/?province=" in body


def test_the_ministry_home_query_count_does_not_grow(ministry_client, authority):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert ministry_client.get("/").status_code == 200
        return len(captured)

    UniversityFactory.create_batch(3, authority=authority)
    small = queries()
    for code in ("12", "13", "31", "44", "65"):
        UniversityFactory.create_batch(6, authority=authority, province=province(code))

    assert queries() == small


def test_a_user_without_membership_has_no_portal_role(client, db):
    user = UserFactory()
    client.force_login(user)

    body = client.get("/").content.decode()

    assert 'data-testid="home-no-role"' in body
    assert 'data-testid="home-admin-link"' not in body


def test_an_administrator_gets_a_link_to_the_admin(client, db):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)

    body = client.get("/").content.decode()

    assert 'data-testid="home-no-role"' in body
    assert 'data-testid="home-admin-link"' in body
    assert 'href="/admin/"' in body


def test_an_inactive_membership_gives_no_role(client, university):
    user = UserFactory()
    MembershipFactory(
        user=user,
        role=Membership.Role.REPORTER,
        university=university,
        is_active=False,
    )
    client.force_login(user)

    body = client.get("/").content.decode()

    assert 'data-testid="home-no-role"' in body
    assert university.name_zh not in body
