"""Each transition succeeds for the right role in the right scope and state; called
with a wrong role, a wrong scope or in a wrong state it raises and changes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from institutions.models import Membership
from reporting.models import AcceptedVersion, FieldComment, Report, Transition, Value
from reporting.services import workflow
from reporting.services.workflow_guards import TransitionRefused
from reporting.validation import report_check
from tests.reporting.workflow_support import (
    Cast,
    person,
    snapshot,
    university_under,
    walk,
)

pytestmark = pytest.mark.django_db

Role = Membership.Role
State = Report.State
ALL_STATES = [State.DRAFT, State.READY, State.SUBMITTED, State.PASSED, State.ACCEPTED]


def _until() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=7)


CALLS = {
    "mark_ready": lambda r, u: workflow.report_mark_ready(report=r, user=u),
    "submit": lambda r, u: workflow.report_submit(
        report=r, user=u, confirm_unclassified=True
    ),
    "pass": lambda r, u: workflow.report_pass(report=r, user=u),
    "accept": lambda r, u: workflow.report_accept(report=r, user=u),
    "return": lambda r, u: workflow.report_return(
        report=r,
        user=u,
        comment="Check the first-class majors.",
        field_comments=[
            {
                "section": "A1",
                "indicator": "IND-A1-01",
                "field": "value",
                "text": "Count again.",
            }
        ],
    ),
    "withdraw": lambda r, u: workflow.report_withdraw(report=r, user=u),
    "cancel_pass": lambda r, u: workflow.report_cancel_pass(report=r, user=u),
    "reopen": lambda r, u: workflow.report_reopen(
        report=r, user=u, reason="A1 needs correcting.", until=_until()
    ),
}
# (state it starts from, who takes it, state it leads to) on a provincial route.
RIGHT = {
    "mark_ready": (State.DRAFT, "reporter", State.READY),
    "submit": (State.READY, "approver", State.SUBMITTED),
    "pass": (State.SUBMITTED, "reviewer", State.PASSED),
    "accept": (State.PASSED, "official", State.ACCEPTED),
    "return": (State.SUBMITTED, "reviewer", State.DRAFT),
    "withdraw": (State.READY, "reporter", State.DRAFT),
    "cancel_pass": (State.PASSED, "reviewer", State.SUBMITTED),
    "reopen": (State.ACCEPTED, "official", State.DRAFT),
}
# Roles that take the action in some other state: for them the state is what's wrong.
ALSO_TAKEN_BY = {
    "return": {"approver", "official"},
    "withdraw": {"approver"},
}
CAST_ROLES = ["reporter", "approver", "reviewer", "official", "expert"]


@pytest.fixture
def university(db):
    """On the provincial route: under the authority EDU-11 (loaded by migration)."""
    return university_under("EDU-11")


@pytest.mark.parametrize("action", list(RIGHT))
def test_the_right_role_in_scope_and_state_takes_the_step(action, cast, report):
    start, role, to = RIGHT[action]
    walk(report, cast, start)
    revision = Report.objects.get(pk=report.pk).revision
    actor = getattr(cast, role)
    before = timezone.now()

    transition = CALLS[action](report, actor)

    fresh = Report.objects.get(pk=report.pk)
    assert fresh.state == to
    assert report.state == to  # the caller's instance follows
    assert fresh.state_changed_at >= before
    last = Transition.objects.filter(report=report).order_by("-at", "-id").first()
    assert last == transition
    assert (last.action, last.from_state, last.to_state) == (action, start, to)
    assert (last.actor, last.actor_role, last.revision) == (actor, role, revision)
    assert Report.history.filter(id=report.pk).latest("history_date").state == to


def test_mark_ready_is_refused_while_the_checks_find_errors(cast):
    from tests.factories import make_open_period_with_report

    report = make_open_period_with_report(cast.university)  # nothing filled in
    before = snapshot(report)

    with pytest.raises(TransitionRefused) as refused:
        workflow.report_mark_ready(report=report, user=cast.reporter)

    assert refused.value.code == "not_ready"
    errors = len(report_check(report, for_submission=True).errors)
    assert errors and f" {errors} " in refused.value.message  # counted for the user
    assert snapshot(report) == before


def test_submit_records_the_confirmation_and_the_first_submission_time(cast, report):
    walk(report, cast, State.READY)

    transition = workflow.report_submit(
        report=report, user=cast.approver, confirm_unclassified=True, comment="OK"
    )

    fresh = Report.objects.get(pk=report.pk)
    assert transition.confirmed_unclassified is True
    assert transition.comment == "OK"
    assert fresh.submitted_at is not None and fresh.is_late is False


def test_a_return_keeps_the_comment_and_the_field_comments(cast, report):
    walk(report, cast, State.SUBMITTED)

    transition = workflow.report_return(
        report=report,
        user=cast.reviewer,
        comment="  Please check A1.  ",
        field_comments=[
            {"section": "A1", "indicator": "IND-A1-01", "field": "value", "text": "?"},
            {
                "section": "A2",
                "indicator": None,
                "field": "narrative_done",
                "text": "!",
            },
        ],
    )

    assert transition.comment == "Please check A1."
    rows = list(FieldComment.objects.filter(transition=transition).order_by("id"))
    assert [
        (c.section.action.code, c.indicator and c.indicator.code) for c in rows
    ] == [
        ("A1", "IND-A1-01"),
        ("A2", None),
    ]
    assert [(c.field, c.text) for c in rows] == [
        ("value", "?"),
        ("narrative_done", "!"),
    ]


@pytest.mark.parametrize("comment", ["", "   "])
def test_a_return_needs_a_comment(cast, report, comment):
    walk(report, cast, State.SUBMITTED)
    before = snapshot(report)

    with pytest.raises(TransitionRefused) as refused:
        workflow.report_return(
            report=report, user=cast.reviewer, comment=comment, field_comments=[]
        )

    assert refused.value.code == "comment_required"
    assert snapshot(report) == before


@pytest.mark.parametrize(
    "item, names",
    [
        ({"section": "A9", "field": "narrative_done", "text": "x"}, "A9"),
        (
            {"section": "A2", "indicator": "IND-A1-01", "field": "value", "text": "x"},
            "IND-A1-01",
        ),
        ({"section": "A1", "indicator": "IND-NOPE", "text": "x"}, "IND-NOPE"),
        ({"section": "A1", "field": "password", "text": "x"}, "password"),
    ],
)
def test_a_field_comment_on_something_the_report_lacks_is_refused(
    cast, report, item, names
):
    walk(report, cast, State.SUBMITTED)
    before = snapshot(report)

    with pytest.raises(TransitionRefused) as refused:
        workflow.report_return(
            report=report,
            user=cast.reviewer,
            comment="See below.",
            field_comments=[item],
        )

    assert names in refused.value.message
    assert snapshot(report) == before


def test_accept_keeps_a_snapshot_of_every_value(cast, report):
    walk(report, cast, State.PASSED)

    transition = workflow.report_accept(report=report, user=cast.official)

    version = AcceptedVersion.objects.get(report=report)
    assert version.transition == transition
    assert version.revision == Report.objects.get(pk=report.pk).revision
    fields = ("indicator__code", "status", "raw", "number")
    kept = list(
        version.accepted_values.order_by("indicator__code").values_list(*fields)
    )
    assert kept == list(
        Value.objects.filter(report=report)
        .order_by("indicator__code")
        .values_list(*fields)
    )
    assert ("IND-A1-01", "entered", "5", Decimal(5)) in kept


WRONG_ROLES = [
    (action, role)
    for action, (_start, right_role, _to) in RIGHT.items()
    for role in CAST_ROLES
    if role != right_role
]


@pytest.mark.parametrize("action, role", WRONG_ROLES)
def test_a_wrong_role_is_refused_and_nothing_changes(action, role, cast, report):
    start, _right_role, _to = RIGHT[action]
    walk(report, cast, start)
    before = snapshot(report)

    with pytest.raises(TransitionRefused) as refused:
        CALLS[action](report, getattr(cast, role))

    expected = "wrong_state" if role in ALSO_TAKEN_BY.get(action, ()) else "wrong_role"
    assert refused.value.code == expected
    assert refused.value.message
    assert snapshot(report) == before


def _outsider(role: str, cast: Cast):
    """The right role for another scope: another university under the same
    authority, or the reviewer of another authority."""
    if role in ("reporter", "approver"):
        other = university_under("EDU-11")
        return person(role, university=other)
    if role == "reviewer":
        return person(role, authority=university_under("EDU-12").authority)
    raise AssertionError(role)


@pytest.mark.parametrize("action", [a for a in RIGHT if RIGHT[a][1] != "official"])
def test_the_right_role_in_a_wrong_scope_is_refused_and_nothing_changes(
    action, cast, report
):
    start, role, _to = RIGHT[action]
    walk(report, cast, start)
    before = snapshot(report)

    with pytest.raises(TransitionRefused) as refused:
        CALLS[action](report, _outsider(role, cast))

    assert refused.value.code == "wrong_scope"
    assert snapshot(report) == before


@pytest.mark.parametrize("action", ["accept", "reopen", "return"])
def test_an_official_whose_membership_was_ended_is_refused(action, cast, report):
    start = {"accept": State.PASSED, "reopen": State.ACCEPTED, "return": State.PASSED}
    walk(report, cast, start[action])
    Membership.objects.filter(user=cast.official).update(is_active=False)
    before = snapshot(report)

    with pytest.raises(TransitionRefused) as refused:
        CALLS[action](report, cast.official)

    assert refused.value.code == "wrong_role"
    assert snapshot(report) == before


WRONG_STATES = [
    (action, state)
    for action, (start, _role, _to) in RIGHT.items()
    for state in ALL_STATES
    if state != start
    and not (action == "return" and state in (State.READY, State.PASSED))
]


@pytest.mark.parametrize("action, state", WRONG_STATES)
def test_a_wrong_state_is_refused_and_nothing_changes(action, state, cast, report):
    _start, role, _to = RIGHT[action]
    walk(report, cast, state)
    before = snapshot(report)

    with pytest.raises(TransitionRefused) as refused:
        CALLS[action](report, getattr(cast, role))

    assert refused.value.code == "wrong_state"
    assert snapshot(report) == before


@pytest.mark.parametrize(
    "state, role",
    [(State.READY, "approver"), (State.PASSED, "official")],
)
def test_each_level_returns_in_its_own_state(state, role, cast, report):
    walk(report, cast, state)

    transition = CALLS["return"](report, getattr(cast, role))

    assert (transition.from_state, transition.to_state) == (state, State.DRAFT)
    assert transition.actor_role == role
    assert Report.objects.get(pk=report.pk).state == State.DRAFT


def test_a_refusal_is_a_permission_denied_with_the_message_as_text(cast, report):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied) as refused:
        workflow.report_pass(report=report, user=cast.expert)

    assert str(refused.value) == refused.value.message
