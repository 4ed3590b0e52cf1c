"""Routing by the university's authority, withdraw and cancel-pass, both university
roles at once, the unclassified confirmation, the period and late submissions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from institutions.access import act_as
from institutions.models import Authority, Membership
from reporting.models import Notification, Report, ReportingPeriod, Transition
from reporting.routing import report_route, reviewing_authority
from reporting.services import workflow
from reporting.services.workflow_guards import TransitionRefused
from tests.factories import MembershipFactory, UserFactory
from tests.reporting.workflow_support import (
    Cast,
    person,
    ready_to_mark,
    snapshot,
    university_under,
    walk,
)

pytestmark = pytest.mark.django_db

Role = Membership.Role
State = Report.State


def _submit(report, user, **kwargs):
    kwargs.setdefault("confirm_unclassified", True)
    return workflow.report_submit(report=report, user=user, **kwargs)


def _setup(code: str, **authority_fields):
    if authority_fields:
        Authority.objects.filter(code=code).update(**authority_fields)
    cast = Cast(university_under(code))
    return cast, ready_to_mark(cast.university)


# --- Routing --------------------------------------------------------------------------


def test_a_moe_university_goes_from_the_approver_straight_to_the_ministry():
    cast, report = _setup("MOE")
    provincial_reviewer = person(
        Role.REVIEWER, authority=Authority.objects.get(code="EDU-11")
    )
    walk(report, cast, State.READY)

    transition = _submit(report, cast.approver)

    assert report_route(report) == ["ministry"]
    assert reviewing_authority(report) is None
    assert (transition.from_state, transition.to_state) == (State.READY, State.PASSED)
    assert Report.objects.get(pk=report.pk).state == State.PASSED
    assert workflow.report_available_actions(report, cast.official) == [
        "accept",
        "return",
    ]
    with pytest.raises(TransitionRefused) as refused:
        workflow.report_pass(report=report, user=provincial_reviewer)
    assert refused.value.code == "wrong_scope"
    workflow.report_accept(report=report, user=cast.official)
    assert Report.objects.get(pk=report.pk).state == State.ACCEPTED


def test_a_provincial_university_cannot_reach_the_ministry_without_its_authority():
    cast, report = _setup("EDU-11")
    walk(report, cast, State.READY)

    transition = _submit(report, cast.approver)

    assert report_route(report) == ["authority", "ministry"]
    assert reviewing_authority(report).code == "EDU-11"
    assert transition.to_state == State.SUBMITTED
    assert workflow.report_available_actions(report, cast.official) == []
    before = snapshot(report)
    with pytest.raises(TransitionRefused) as refused:
        workflow.report_accept(report=report, user=cast.official)
    assert refused.value.code == "wrong_state"
    assert snapshot(report) == before
    workflow.report_pass(report=report, user=cast.reviewer)
    assert Report.objects.get(pk=report.pk).state == State.PASSED


def test_an_xpcc_university_goes_to_the_xpcc_education_bureau():
    cast, report = _setup("XPCC")
    xinjiang = person(Role.REVIEWER, authority=Authority.objects.get(code="EDU-65"))
    walk(report, cast, State.SUBMITTED)

    assert reviewing_authority(report).code == "XPCC"
    assert report.university.province.code == "65"
    with pytest.raises(TransitionRefused) as refused:
        workflow.report_pass(report=report, user=xinjiang)
    assert refused.value.code == "wrong_scope"
    transition = workflow.report_pass(report=report, user=cast.reviewer)
    assert transition.actor_role == Role.REVIEWER


def test_a_central_department_set_to_review_goes_through_it():
    cast, report = _setup("C-CAS", reports_direct=False)
    walk(report, cast, State.READY)

    assert _submit(report, cast.approver).to_state == State.SUBMITTED
    assert reviewing_authority(report).code == "C-CAS"
    assert workflow.report_pass(report=report, user=cast.reviewer).to_state == (
        State.PASSED
    )


def test_a_central_department_set_to_direct_is_skipped():
    cast, report = _setup("C-MIIT", reports_direct=True)
    walk(report, cast, State.READY)

    assert _submit(report, cast.approver).to_state == State.PASSED
    assert report_route(report) == ["ministry"]
    with pytest.raises(TransitionRefused) as refused:
        workflow.report_cancel_pass(report=report, user=cast.reviewer)
    assert refused.value.code == "wrong_scope"


def test_a_co_built_university_goes_through_its_province():
    cast, report = _setup("EDU-11")
    university = cast.university
    university.co_built = True
    university.save()
    university.other_authorities.add(Authority.objects.get(code="MOE"))

    assert report_route(report) == ["authority", "ministry"]
    assert reviewing_authority(report).code == "EDU-11"


# --- Withdraw and cancel-pass ---------------------------------------------------------


@pytest.fixture
def cast_report():
    return _setup("EDU-11")


def test_the_reporter_withdraws_until_the_approver_acts(cast_report):
    cast, report = cast_report
    walk(report, cast, State.READY)

    assert "withdraw" in workflow.report_available_actions(report, cast.reporter)
    workflow.report_withdraw(report=report, user=cast.reporter)
    assert Report.objects.get(pk=report.pk).state == State.DRAFT

    walk(report, cast, State.SUBMITTED)
    before = snapshot(report)
    with pytest.raises(TransitionRefused):
        workflow.report_withdraw(report=report, user=cast.reporter)
    assert snapshot(report) == before
    assert "withdraw" not in workflow.report_available_actions(report, cast.reporter)


def test_the_approver_withdraws_until_the_reviewer_acts_even_if_undone(cast_report):
    cast, report = cast_report
    walk(report, cast, State.SUBMITTED)

    assert workflow.report_withdraw(report=report, user=cast.approver).to_state == (
        State.READY
    )
    _submit(report, cast.approver)
    workflow.report_pass(report=report, user=cast.reviewer)
    with pytest.raises(TransitionRefused) as refused:
        workflow.report_withdraw(report=report, user=cast.approver)
    assert refused.value.code == "wrong_state"

    # The reviewer cancels the pass: the report is back in "submitted", but the
    # reviewer has acted, so the approver may no longer take it back.
    workflow.report_cancel_pass(report=report, user=cast.reviewer)
    before = snapshot(report)
    with pytest.raises(TransitionRefused) as refused:
        workflow.report_withdraw(report=report, user=cast.approver)
    assert refused.value.code == "too_late"
    assert snapshot(report) == before
    assert "withdraw" not in workflow.report_available_actions(report, cast.approver)
    annotated = Report.objects.with_last_action().get(pk=report.pk)
    assert annotated.last_action == "cancel_pass"


def test_on_a_direct_route_the_approver_withdraws_until_the_ministry_acts():
    cast, report = _setup("MOE")
    walk(report, cast, State.PASSED)

    assert workflow.report_available_actions(report, cast.approver) == ["withdraw"]
    assert workflow.report_withdraw(report=report, user=cast.approver).to_state == (
        State.READY
    )
    walk(report, cast, State.ACCEPTED)
    with pytest.raises(TransitionRefused):
        workflow.report_withdraw(report=report, user=cast.approver)


def test_the_reviewer_cancels_a_pass_until_the_ministry_acts(cast_report):
    cast, report = cast_report
    walk(report, cast, State.PASSED)

    assert workflow.report_cancel_pass(report=report, user=cast.reviewer).to_state == (
        State.SUBMITTED
    )
    workflow.report_pass(report=report, user=cast.reviewer)
    workflow.report_return(
        report=report, user=cast.official, comment="Wrong year.", field_comments=[]
    )
    before = snapshot(report)
    with pytest.raises(TransitionRefused):
        workflow.report_cancel_pass(report=report, user=cast.reviewer)
    assert snapshot(report) == before

    walk(report, cast, State.ACCEPTED)
    with pytest.raises(TransitionRefused):
        workflow.report_cancel_pass(report=report, user=cast.reviewer)


# --- Both university roles, and all memberships ---------------------------------------


def _both_roles(university):
    user = UserFactory()
    MembershipFactory(user=user, role=Role.REPORTER, university=university)
    MembershipFactory(user=user, role=Role.APPROVER, university=university)
    return user


def test_a_user_with_both_university_roles_submits_a_draft_in_one_call(cast_report):
    cast, report = cast_report
    both = _both_roles(cast.university)
    assert workflow.report_available_actions(report, both) == ["mark_ready", "submit"]

    transition = _submit(report, both)

    steps = list(
        Transition.objects.filter(report=report)
        .order_by("at", "id")
        .values_list("action", "from_state", "to_state", "actor_role")
    )
    assert steps == [
        ("mark_ready", "draft", "ready", "reporter"),
        ("submit", "ready", "submitted", "approver"),
    ]
    assert transition.action == "submit"
    assert Report.objects.get(pk=report.pk).state == State.SUBMITTED
    # Nobody is asked to sign off what is signed off already.
    kinds = set(Notification.objects.values_list("kind", flat=True))
    assert kinds == {"submit"}


def test_both_roles_cannot_skip_the_checks(cast_report):
    from tests.factories import make_open_period_with_report

    cast, _report = cast_report
    empty = make_open_period_with_report(cast.university)
    before = snapshot(empty)

    with pytest.raises(TransitionRefused) as refused:
        _submit(empty, _both_roles(cast.university))

    assert refused.value.code == "not_ready"
    assert snapshot(empty) == before


def test_an_approver_alone_cannot_submit_a_draft(cast_report):
    cast, report = cast_report
    with pytest.raises(TransitionRefused) as refused:
        _submit(report, cast.approver)
    assert refused.value.code == "wrong_state"


def test_every_active_membership_counts_not_only_the_one_in_the_header(cast_report):
    cast, report = cast_report
    walk(report, cast, State.READY)
    user = person(Role.REVIEWER, authority=Authority.objects.get(code="EDU-12"))
    MembershipFactory(user=user, role=Role.APPROVER, university=cast.university)
    act_as(user, user.memberships.get(role=Role.REVIEWER))

    assert _submit(report, user).actor_role == Role.APPROVER


# --- Unclassified confirmation, period, lateness --------------------------------------


def test_submit_requires_the_unclassified_confirmation(cast_report):
    cast, report = cast_report
    walk(report, cast, State.READY)
    before = snapshot(report)

    with pytest.raises(TransitionRefused) as refused:
        _submit(report, cast.approver, confirm_unclassified=False)

    assert refused.value.code == "unclassified_not_confirmed"
    assert snapshot(report) == before


def _period(report, **fields):
    ReportingPeriod.objects.filter(pk=report.period_id).update(**fields)
    report.period.refresh_from_db()


def test_a_submission_after_the_due_time_is_marked_late(cast_report):
    cast, report = cast_report
    walk(report, cast, State.READY)
    _period(report, due_at=timezone.now() - dt.timedelta(hours=1))

    _submit(report, cast.approver)

    assert Report.objects.get(pk=report.pk).is_late is True


def test_a_period_that_refuses_late_submissions_refuses_them(cast_report):
    cast, report = cast_report
    walk(report, cast, State.READY)
    _period(
        report,
        due_at=timezone.now() - dt.timedelta(hours=1),
        late_policy=ReportingPeriod.LatePolicy.REFUSE,
    )
    before = snapshot(report)

    with pytest.raises(TransitionRefused) as refused:
        _submit(report, cast.approver)

    assert refused.value.code == "late_refused"
    assert snapshot(report) == before


@pytest.mark.parametrize(
    "state, action, role",
    [
        (State.DRAFT, "mark_ready", "reporter"),
        (State.READY, "submit", "approver"),
        (State.READY, "withdraw", "reporter"),
        (State.SUBMITTED, "withdraw", "approver"),
    ],
)
def test_the_university_cannot_act_in_a_closed_period(cast_report, state, action, role):
    cast, report = cast_report
    walk(report, cast, state)
    _period(report, state=ReportingPeriod.State.CLOSED)
    before = snapshot(report)
    service = {
        "mark_ready": workflow.report_mark_ready,
        "submit": _submit,
        "withdraw": workflow.report_withdraw,
    }[action]

    with pytest.raises(TransitionRefused) as refused:
        if action == "submit":
            service(report, getattr(cast, role))
        else:
            service(report=report, user=getattr(cast, role))

    assert refused.value.code == "period_closed"
    assert "教育部" in refused.value.message  # who can change it
    assert action not in workflow.report_available_actions(report, getattr(cast, role))
    assert snapshot(report) == before


def test_reviews_go_on_in_a_closed_period_but_not_in_a_locked_one(cast_report):
    cast, report = cast_report
    walk(report, cast, State.SUBMITTED)
    _period(report, state=ReportingPeriod.State.CLOSED)
    workflow.report_pass(report=report, user=cast.reviewer)

    _period(report, state=ReportingPeriod.State.LOCKED)
    before = snapshot(report)
    with pytest.raises(TransitionRefused) as refused:
        workflow.report_accept(report=report, user=cast.official)
    assert refused.value.code == "period_closed"
    assert snapshot(report) == before
    assert workflow.report_available_actions(report, cast.official) == []


def test_the_approver_may_return_in_a_closed_period(cast_report):
    cast, report = cast_report
    walk(report, cast, State.READY)
    _period(report, state=ReportingPeriod.State.CLOSED)

    workflow.report_return(
        report=report, user=cast.approver, comment="Not this way.", field_comments=[]
    )

    assert Report.objects.get(pk=report.pk).state == State.DRAFT


def test_nothing_can_be_marked_ready_before_the_period_opens(cast_report):
    cast, report = cast_report
    _period(report, state=ReportingPeriod.State.UPCOMING)

    with pytest.raises(TransitionRefused) as refused:
        workflow.report_mark_ready(report=report, user=cast.reporter)

    assert refused.value.code == "period_closed"
