"""Every access rule has two forms, a QuerySet that filters and a method that says
why not; for every role and every state they must agree (STYLE.md)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from institutions.models import Membership
from reporting.models import EvidenceFile, Report, ReportingPeriod, Transition, Value
from reporting.models.reports import period_open_to_university_q
from reporting.services.reports import report_sections_ensure
from tests.factories import (
    AuthorityFactory,
    IndicatorFactory,
    MembershipFactory,
    PeriodFactory,
    ReportFactory,
    UniversityFactory,
    UserFactory,
)

Role = Membership.Role
State = Report.State
PeriodState = ReportingPeriod.State

ROLES = ["reporter", "approver", "reviewer", "official", "expert", "outsider", "none"]


def _users(university) -> dict[str, object]:
    """One user per role around `university`; the outsider reports for another
    university, "none" has no membership at all."""
    users = {}
    for name in ROLES:
        user = UserFactory()
        if name in ("reporter", "approver"):
            MembershipFactory(user=user, role=name, university=university)
        elif name == "reviewer":
            MembershipFactory(
                user=user,
                role=Role.REVIEWER,
                university=None,
                authority=university.authority,
            )
        elif name in ("official", "expert"):
            MembershipFactory(user=user, role=name, university=None)
        elif name == "outsider":
            other = UniversityFactory(authority=AuthorityFactory())
            MembershipFactory(user=user, role=Role.REPORTER, university=other)
        users[name] = user
    return users


def _membership(user) -> Membership | None:
    return Membership.objects.filter(user=user, is_active=True).first()


@pytest.mark.parametrize("state", State.values)
def test_content_rule_method_and_queryset_agree_for_every_role(db, state):
    university = UniversityFactory()
    report = ReportFactory(university=university, state=state)
    hidden_from = set()
    for name, user in _users(university).items():
        in_scope = Report.objects.visible_to(user).filter(pk=report.pk).exists()
        readable = Report.objects.content_visible_to(user).filter(pk=report.pk)
        hidden = report.content_hidden_reason(_membership(user))
        assert readable.exists() == (in_scope and hidden is None), (name, state)
        annotated = Report.objects.with_content_visible(user).get(pk=report.pk)
        assert annotated.content_visible == readable.exists(), (name, state)
        if in_scope and hidden:
            hidden_from.add(name)
    # The rule itself, as the design states it (so that agreement is not vacuous).
    expected = {
        State.DRAFT: {"reviewer", "official", "expert"},
        State.READY: {"reviewer", "official", "expert"},
        State.SUBMITTED: {"official", "expert"},
        State.PASSED: set(),
        State.ACCEPTED: set(),
    }[state]
    assert hidden_from == expected


REOPENED = {
    "never": None,
    "ended": -1,
    "until_today": 0,
    "until_later": 10,
}


@pytest.mark.parametrize("reopened", list(REOPENED))
@pytest.mark.parametrize("period_state", PeriodState.values)
@pytest.mark.parametrize("state", State.values)
def test_edit_rule_lock_reason_and_editable_by_agree(db, state, period_state, reopened):
    university = UniversityFactory()
    days = REOPENED[reopened]
    until = None if days is None else timezone.localdate() + dt.timedelta(days=days)
    period = PeriodFactory(state=period_state)
    report = ReportFactory(
        period=period, university=university, state=state, reopened_until=until
    )
    editors = set()
    for name, user in _users(university).items():
        editable = Report.objects.editable_by(user).filter(pk=report.pk).exists()
        reason = report.lock_reason(_membership(user))
        assert (reason is None) == editable, (name, state, period_state, reopened)
        if editable:
            editors.add(name)

    # The same pieces agree on one report and as filters.
    in_force = Report.objects.reopen_in_force().filter(pk=report.pk).exists()
    assert report.reopen_in_force == in_force
    assert report.reopen_in_force == (reopened in ("until_today", "until_later"))
    open_to_university = Report.objects.filter(
        period_open_to_university_q(), pk=report.pk
    ).exists()
    assert report.period_open_to_university == open_to_university
    # And the rule itself: drafts, in an open period or a closed one reopened.
    may_edit = state == State.DRAFT and (
        period_state == PeriodState.OPEN
        or (period_state == PeriodState.CLOSED and report.reopen_in_force)
    )
    assert editors == ({"reporter", "approver"} if may_edit else set())


def _with_value_and_file(report: Report) -> None:
    report_sections_ensure(report=report)
    section = report.sections.first()
    indicator = IndicatorFactory(action=section.action)
    value = Value.objects.create(
        report=report, section=section, indicator=indicator, raw="3"
    )
    EvidenceFile.objects.create(
        report=report,
        value=value,
        file="evidence/test",
        name="a.pdf",
        content_type="application/pdf",
        size=1,
        sha256="0" * 64,
        uploaded_by=UserFactory(),
        confirmed_unclassified=True,
        revision=0,
    )


@pytest.mark.parametrize(
    ("state", "authority_reads"),
    [(State.DRAFT, False), (State.READY, False), (State.SUBMITTED, True)],
)
def test_values_sections_and_files_follow_the_content_rule(db, state, authority_reads):
    university = UniversityFactory()
    period = PeriodFactory(current=True, participants=[university])
    report = ReportFactory(period=period, university=university, state=state)
    _with_value_and_file(report)
    users = _users(university)

    for name, expected in [
        ("reporter", True),
        ("reviewer", authority_reads),
        ("official", False),
        ("outsider", False),
    ]:
        user = users[name]
        assert Value.objects.visible_to(user).exists() == expected, name
        assert EvidenceFile.objects.visible_to(user).exists() == expected, name
        sections = report.sections.model.objects.visible_to(user)
        assert sections.exists() == expected, name
    # The reviewer still sees that the report exists, and its files are in scope.
    reviewer = users["reviewer"]
    assert Report.objects.visible_to(reviewer).filter(pk=report.pk).exists()
    in_scope = EvidenceFile.objects.of_reports_visible_to(reviewer).get()
    assert in_scope.content_visible == authority_reads


Action = Transition.Action

# Histories of steps (action, by role, to state) after which the report is back with
# the university, and whether its authority reads it then (the rule as
# reporting/models/access.py states it: a reviewer's return with no submission after).
HISTORIES = {
    "returned by the authority": (
        [(Action.SUBMIT, Role.APPROVER, State.SUBMITTED)],
        [(Action.RETURN, Role.REVIEWER, State.DRAFT)],
        True,
    ),
    "returned, then marked ready": (
        [(Action.SUBMIT, Role.APPROVER, State.SUBMITTED)],
        [
            (Action.RETURN, Role.REVIEWER, State.DRAFT),
            (Action.MARK_READY, Role.REPORTER, State.READY),
        ],
        True,
    ),
    "returned, then sent back by the approver": (
        [(Action.SUBMIT, Role.APPROVER, State.SUBMITTED)],
        [
            (Action.RETURN, Role.REVIEWER, State.DRAFT),
            (Action.MARK_READY, Role.REPORTER, State.READY),
            (Action.RETURN, Role.APPROVER, State.DRAFT),
        ],
        True,
    ),
    "withdrawn by the approver": (
        [(Action.SUBMIT, Role.APPROVER, State.SUBMITTED)],
        [(Action.WITHDRAW, Role.APPROVER, State.READY)],
        False,
    ),
    "returned once, resubmitted, then withdrawn": (
        [
            (Action.SUBMIT, Role.APPROVER, State.SUBMITTED),
            (Action.RETURN, Role.REVIEWER, State.DRAFT),
        ],
        [
            (Action.MARK_READY, Role.REPORTER, State.READY),
            (Action.SUBMIT, Role.APPROVER, State.SUBMITTED),
            (Action.WITHDRAW, Role.APPROVER, State.READY),
        ],
        False,
    ),
    "returned by the ministry": (
        [
            (Action.SUBMIT, Role.APPROVER, State.SUBMITTED),
            (Action.PASS, Role.REVIEWER, State.PASSED),
        ],
        [(Action.RETURN, Role.OFFICIAL, State.DRAFT)],
        False,
    ),
    "returned once, then accepted and reopened": (
        [
            (Action.SUBMIT, Role.APPROVER, State.SUBMITTED),
            (Action.RETURN, Role.REVIEWER, State.DRAFT),
            (Action.SUBMIT, Role.APPROVER, State.SUBMITTED),
            (Action.PASS, Role.REVIEWER, State.PASSED),
            (Action.ACCEPT, Role.OFFICIAL, State.ACCEPTED),
        ],
        [(Action.REOPEN, Role.OFFICIAL, State.DRAFT)],
        False,
    ),
}


def _steps(report: Report, steps, *, at: dt.datetime) -> dt.datetime:
    """Record the steps as the services would, one second apart from `at`."""
    state = report.state
    for action, role, to in steps:
        at += dt.timedelta(seconds=1)
        step = Transition.objects.create(
            report=report,
            action=action,
            from_state=state,
            to_state=to,
            actor=UserFactory(),
            actor_role=role,
            revision=0,
        )
        Transition.objects.filter(pk=step.pk).update(at=at)
        state = to
    Report.objects.filter(pk=report.pk).update(state=state)
    report.state = state
    return at


@pytest.mark.parametrize("history", list(HISTORIES))
def test_content_rule_agrees_after_a_return_for_every_role(db, history):
    before, after, authority_reads = HISTORIES[history]
    university = UniversityFactory()
    report = ReportFactory(university=university, state=State.DRAFT)
    at = _steps(report, before, at=timezone.now() - dt.timedelta(hours=1))
    _steps(report, after, at=at)
    report = Report.objects.get(pk=report.pk)
    listed = Report.objects.with_authority_return().get(pk=report.pk)

    readers = set()
    for name, user in _users(university).items():
        membership = _membership(user)
        in_scope = Report.objects.visible_to(user).filter(pk=report.pk).exists()
        readable = Report.objects.content_visible_to(user).filter(pk=report.pk)
        hidden = report.content_hidden_reason(membership)
        assert readable.exists() == (in_scope and hidden is None), name
        assert listed.content_hidden_reason(membership) == hidden, name
        annotated = Report.objects.with_content_visible(user).get(pk=report.pk)
        assert annotated.content_visible == readable.exists(), name
        if readable.exists():
            readers.add(name)

    expected = {"reporter", "approver"} | ({"reviewer"} if authority_reads else set())
    assert readers == expected


def test_a_step_at_the_same_instant_counts_in_the_order_recorded(db):
    """A return and a resubmission stamped alike: the later row (by id) wins, as
    `with_last_action` orders them."""
    university = UniversityFactory()
    report = ReportFactory(university=university, state=State.DRAFT)
    at = timezone.now()
    _steps(report, [(Action.RETURN, Role.REVIEWER, State.DRAFT)], at=at)
    reviewer = _users(university)["reviewer"]
    assert Report.objects.content_visible_to(reviewer).filter(pk=report.pk).exists()
    _steps(report, [(Action.SUBMIT, Role.APPROVER, State.SUBMITTED)], at=at)
    _steps(report, [(Action.WITHDRAW, Role.APPROVER, State.READY)], at=at)
    assert Transition.objects.filter(report=report).values("at").distinct().count() == 1
    assert not Report.objects.content_visible_to(reviewer).filter(pk=report.pk).exists()
    assert report.content_hidden_reason(_membership(reviewer))
