"""The review workflow's rules as data: the route of a report, the transition table,
and who may take which step (DESIGN.md §5).

Nothing here writes. The services in reporting/services/workflow.py lock the report
and apply these rules; `report_available_actions` applies the same rules to draw
buttons and fill queues, so a button never offers what the service would refuse.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from institutions.models import Authority, Membership

from .models import Report, ReportingPeriod, Transition

Action = Transition.Action
State = Report.State
Role = Membership.Role

AUTHORITY = "authority"
MINISTRY = "ministry"

# Conditions on the route a row needs ("" for any route).
VIA_AUTHORITY = "via_authority"
DIRECT = "direct"


@dataclass(frozen=True)
class Step:
    action: str
    from_state: str
    role: str
    to_state: str
    route: str = ""
    # The step the sender took to produce `from_state`: withdraw and cancel-pass are
    # allowed only while it is still the report's last transition.
    undoes: str = ""


# The transition table: one row per (action, from-state, role).
STEPS: tuple[Step, ...] = (
    Step(Action.MARK_READY, State.DRAFT, Role.REPORTER, State.READY),
    Step(Action.SUBMIT, State.READY, Role.APPROVER, State.SUBMITTED, VIA_AUTHORITY),
    Step(Action.SUBMIT, State.READY, Role.APPROVER, State.PASSED, DIRECT),
    Step(Action.PASS, State.SUBMITTED, Role.REVIEWER, State.PASSED, VIA_AUTHORITY),
    Step(Action.ACCEPT, State.PASSED, Role.OFFICIAL, State.ACCEPTED),
    Step(Action.RETURN, State.READY, Role.APPROVER, State.DRAFT),
    Step(Action.RETURN, State.SUBMITTED, Role.REVIEWER, State.DRAFT, VIA_AUTHORITY),
    Step(Action.RETURN, State.PASSED, Role.OFFICIAL, State.DRAFT),
    Step(
        Action.WITHDRAW,
        State.READY,
        Role.REPORTER,
        State.DRAFT,
        undoes=Action.MARK_READY,
    ),
    Step(
        Action.WITHDRAW,
        State.SUBMITTED,
        Role.APPROVER,
        State.READY,
        VIA_AUTHORITY,
        undoes=Action.SUBMIT,
    ),
    Step(
        Action.WITHDRAW,
        State.PASSED,
        Role.APPROVER,
        State.READY,
        DIRECT,
        undoes=Action.SUBMIT,
    ),
    Step(
        Action.CANCEL_PASS,
        State.PASSED,
        Role.REVIEWER,
        State.SUBMITTED,
        VIA_AUTHORITY,
        undoes=Action.PASS,
    ),
    Step(Action.REOPEN, State.ACCEPTED, Role.OFFICIAL, State.DRAFT),
)

# The state in which a report waits in each role's review queue (reporters and
# experts have no queue).
QUEUE_STATES = {
    Role.APPROVER: State.READY,
    Role.REVIEWER: State.SUBMITTED,
    Role.OFFICIAL: State.PASSED,
}
# The step a role may take on several reports of its queue at once.
BULK_ACTIONS = {Role.REVIEWER: Action.PASS, Role.OFFICIAL: Action.ACCEPT}

# Steps of the university: only while the period is open or the report reopened.
UNIVERSITY_ROLES = (Role.REPORTER, Role.APPROVER)
# Order in which buttons are offered.
ACTION_ORDER = [choice.value for choice in Action]
# What each step is called on a button or in a message (the Action labels are the
# past tense used in the log).
ACTION_LABELS = {
    Action.MARK_READY: _("Mark ready for sign-off"),
    Action.SUBMIT: _("Submit"),
    Action.PASS: _("Pass"),
    Action.ACCEPT: _("Accept"),
    Action.RETURN: _("Return for changes"),
    Action.WITHDRAW: _("Withdraw"),
    Action.CANCEL_PASS: _("Cancel the pass"),
    Action.REOPEN: _("Reopen"),
}


def report_route(report: Report) -> list[str]:
    """The review steps after the university: ["authority", "ministry"] or
    ["ministry"]. The authority step is skipped exactly when the university's
    authority is the ministry itself, or a central department whose reports go
    direct (co-built universities have their province as authority, XPCC universities
    the XPCC education bureau, so both go through it)."""
    authority = report.university.authority
    if authority.reviews_reports:
        return [AUTHORITY, MINISTRY]
    return [MINISTRY]


def reviewing_authority(report: Report) -> Authority | None:
    """The authority whose reviewers check the report, or None when it goes direct."""
    authority = report.university.authority
    return authority if authority.reviews_reports else None


def route_ok(step: Step, report: Report) -> bool:
    if not step.route:
        return True
    via = report.university.authority.reviews_reports
    return via if step.route == VIA_AUTHORITY else not via


def in_scope(membership: Membership, report: Report) -> bool:
    """Whether this membership acts on this report in its role (experts never do)."""
    if not membership.is_active:
        return False
    if membership.role in UNIVERSITY_ROLES:
        return membership.university_id == report.university_id
    if membership.role == Role.REVIEWER:
        authority = reviewing_authority(report)
        return authority is not None and membership.authority_id == authority.pk
    return membership.role == Role.OFFICIAL


def roles_for(report: Report, memberships: Iterable[Membership]) -> set[str]:
    """The roles in which these memberships may act on the report."""
    return {m.role for m in memberships if in_scope(m, report)}


def steps_for(action: str) -> list[Step]:
    return [step for step in STEPS if step.action == action]


def university_period_problem(report: Report) -> str | None:
    """Why the university may not take a step now ("period_closed"), or None: the
    period is not open to the university (`Report.period_open_to_university`, the
    rule `editable_by` applies too)."""
    return None if report.period_open_to_university else "period_closed"


def available_steps(report: Report, memberships: Iterable[Membership]) -> list[Step]:
    """The rows of the table these memberships may take on the report now, judged on
    role, scope, state, route and period (not on the report's checks, nor on whether a
    withdraw comes too late: those need queries and the service checks them)."""
    roles = roles_for(report, memberships)
    if not roles:
        return []
    period_state = report.period.state
    university_problem = None
    if roles & set(UNIVERSITY_ROLES):
        university_problem = university_period_problem(report)
    steps = []
    for step in STEPS:
        if step.role not in roles or step.from_state != report.state:
            continue
        if not route_ok(step, report):
            continue
        if period_state == ReportingPeriod.State.LOCKED:
            continue
        if step.role in UNIVERSITY_ROLES and step.action != Action.RETURN:
            if university_problem:
                continue
        steps.append(step)
    return steps
