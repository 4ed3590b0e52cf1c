from __future__ import annotations

import re

import pytest
from django.urls import reverse

from institutions.access import active_membership
from institutions.models import Membership
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
SWITCH = "/accounts/membership/"


@pytest.fixture
def two_hats(client, university, authority):
    user = UserFactory()
    reporter = MembershipFactory(user=user, university=university)
    reviewer = MembershipFactory(
        user=user,
        role=Membership.Role.REVIEWER,
        university=None,
        authority=authority,
    )
    client.force_login(user)
    client.memberships = (reporter, reviewer)
    return client


def _header_badge(response) -> str:
    match = re.search(
        r'data-testid="membership-switch">(.*?)</a>', response.content.decode(), re.S
    )
    assert match, "the header has no membership switch"
    return match.group(1)


def test_first_membership_is_active_by_default(two_hats):
    reporter, _ = two_hats.memberships

    response = two_hats.get(reverse("home"))

    assert active_membership(response.wsgi_request.user) == reporter
    assert str(reporter) in _header_badge(response)


def test_switching_changes_the_active_membership_of_later_requests(two_hats):
    reporter, reviewer = two_hats.memberships

    response = two_hats.post(SWITCH, {"membership": reviewer.pk})

    assert response.url == reverse("home")
    page = two_hats.get(reverse("home"))
    assert active_membership(page.wsgi_request.user) == reviewer
    assert page.context["active_membership"] == reviewer
    assert str(reviewer) in _header_badge(page)
    assert str(reporter) not in _header_badge(page)
    assert f"您当前的身份为：{reviewer}" in page.content.decode()


def test_another_users_membership_is_not_found(two_hats, university):
    reporter, _ = two_hats.memberships
    stranger = MembershipFactory(role=Membership.Role.APPROVER, university=university)

    assert two_hats.post(SWITCH, {"membership": stranger.pk}).status_code == 404
    page = two_hats.get(reverse("home"))
    assert active_membership(page.wsgi_request.user) == reporter


def test_inactive_membership_cannot_be_chosen(two_hats):
    _, reviewer = two_hats.memberships
    reviewer.is_active = False
    reviewer.save()

    assert two_hats.post(SWITCH, {"membership": reviewer.pk}).status_code == 404


@pytest.mark.parametrize("value", ["", "abc", "99999"])
def test_bad_ids_are_not_found(two_hats, value):
    assert two_hats.post(SWITCH, {"membership": value}).status_code == 404


def test_switch_needs_post_and_login(client, two_hats):
    _, reviewer = two_hats.memberships
    assert two_hats.get(SWITCH).status_code == 405
    two_hats.logout()

    response = client.post(SWITCH, {"membership": reviewer.pk})

    assert response.url.startswith(reverse("accounts:login"))
