"""Who is acting: one explicit membership, set by the session, a token or a task."""

from __future__ import annotations

import pytest
from django.urls import reverse

from institutions.access import act_as, active_membership
from institutions.models import Membership, University
from reporting.models import Report
from tests.factories import MembershipFactory, ReportFactory, UserFactory

pytestmark = pytest.mark.django_db
Role = Membership.Role


@pytest.fixture
def two_roles(university, other_university):
    """A reporter of `university` who is also the approver of `other_university`,
    each with a report."""
    user = UserFactory()
    first = MembershipFactory(user=user, university=university)
    second = MembershipFactory(
        user=user, role=Role.APPROVER, university=other_university
    )
    reports = (
        ReportFactory(university=university),
        ReportFactory(university=other_university),
    )
    return user, first, second, reports


def test_a_user_with_two_roles_acts_in_none_until_one_is_chosen(two_roles):
    user, first, second, (mine, theirs) = two_roles

    assert active_membership(user) is None
    assert not Report.objects.visible_to(user).exists()
    assert not Report.objects.editable_by(user).exists()
    assert not University.objects.visible_to(user).exists()

    act_as(user, first)
    assert active_membership(user) == first
    assert list(Report.objects.visible_to(user)) == [mine]


def test_a_task_acting_in_the_second_membership_sees_its_scope(two_roles):
    user, first, second, (mine, theirs) = two_roles
    task_user = type(user).objects.get(pk=user.pk)  # as a task loads it

    act_as(task_user, second)

    assert list(Report.objects.visible_to(task_user)) == [theirs]
    assert list(Report.objects.editable_by(task_user)) == []  # not an open period
    assert list(University.objects.visible_to(task_user)) == [theirs.university]


def test_a_user_with_one_role_acts_in_it_without_choosing(university):
    membership = MembershipFactory(university=university)
    report = ReportFactory(university=university)

    assert active_membership(membership.user) == membership
    assert list(Report.objects.visible_to(membership.user)) == [report]


def test_only_an_active_membership_of_the_user_can_be_acted_in(two_roles, university):
    user, first, second, _ = two_roles
    stranger = MembershipFactory(role=Role.APPROVER, university=university)
    second.is_active = False
    second.save()

    with pytest.raises(ValueError):
        act_as(user, stranger)
    with pytest.raises(ValueError):
        act_as(user, second)
    # One active membership left: the user acts in it.
    assert active_membership(user) == first


def test_the_browser_acts_in_the_first_membership_until_the_header_switches(
    client, two_roles
):
    user, first, second, (mine, theirs) = two_roles
    client.force_login(user)

    def listed(report) -> bool:
        page = client.get(reverse("reporting:report-list")).content.decode()
        assert 'data-testid="report-row"' in page
        return reverse("reporting:report-detail", args=[report.pk]) in page

    assert listed(mine)
    assert not listed(theirs)

    client.post("/accounts/membership/", {"membership": second.pk})
    assert listed(theirs)
    assert not listed(mine)


def test_a_service_acts_in_every_active_membership(two_roles):
    user, first, second, _ = two_roles

    assert list(Membership.objects.active_for(user)) == [first, second]
    second.is_active = False
    second.save()
    assert list(Membership.objects.active_for(user)) == [first]
