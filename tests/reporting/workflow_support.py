"""People, universities on each route, and reports in each state, for the workflow
tests. States are reached through the services themselves, so every report carries
the transitions a real one would."""

from __future__ import annotations

from institutions.models import Authority, Membership, University
from reporting.models import (
    AcceptedVersion,
    FieldComment,
    Notification,
    Report,
    Transition,
    Value,
)
from reporting.services import workflow
from reporting.validation import applicable_indicators
from tests.factories import (
    MembershipFactory,
    UniversityFactory,
    UserFactory,
    make_open_period_with_report,
    province,
)
from tests.reporting.engine_data import value_not_applicable, value_put

Role = Membership.Role
State = Report.State


def person(role: str, *, university=None, authority=None, **user):
    """A user holding one membership (university and authority as the role needs)."""
    member = UserFactory(**user)
    MembershipFactory(
        user=member,
        role=role,
        university=university if role in Membership.UNIVERSITY_ROLES else None,
        authority=authority if role == Role.REVIEWER else None,
    )
    return member


def university_under(code: str, **fields) -> University:
    """A university under the authority loaded by migration with this code."""
    authority = Authority.objects.get(code=code)
    if authority.province_id:
        fields.setdefault("province", authority.province)
    else:
        fields.setdefault("province", province("11"))
    return UniversityFactory(authority=authority, **fields)


class Cast:
    """The people around one university: reporter, approver, the reviewer of its
    authority, an official, and an expert."""

    def __init__(self, university: University):
        self.university = university
        self.reporter = person(Role.REPORTER, university=university)
        self.approver = person(Role.APPROVER, university=university)
        self.reviewer = person(Role.REVIEWER, authority=university.authority)
        self.official = person(Role.OFFICIAL)
        self.expert = person(Role.EXPERT)


def ready_to_mark(university: University) -> Report:
    """A draft in an open period whose checks let it through: every section but A1
    declared empty this year (such a section may hold no value); in A1 the one value
    IND-A1-01 typed as 5, the other indicators not applicable, and the narrative."""
    report = make_open_period_with_report(university)
    for section in report.sections.select_related("action"):
        if section.action.code == "A1":
            section.narrative_done = "Courses and projects as planned."
        else:
            section.is_zero_report = True
            section.zero_note = "Nothing this year."
        section.save()  # with a history record, as every real save has
    value_put(report, "IND-A1-01", "5")
    for indicator in applicable_indicators(university).filter(action__code="A1"):
        if indicator.code != "IND-A1-01":
            value_not_applicable(report, indicator.code)
    return report


def section_open(report: Report, code: str, *, filled: dict[str, str]) -> None:
    """Undo `ready_to_mark`'s "nothing to report" for section `code`: these values
    typed, its other indicators not applicable, and a narrative, so that the report
    still passes its checks (a declared-empty section may hold no value)."""
    section = report.sections.get(action__code=code)
    section.is_zero_report = False
    section.zero_note = ""
    section.narrative_done = "Done as planned."
    section.save()
    for indicator in applicable_indicators(report.university).filter(action__code=code):
        if indicator.code in filled:
            value_put(report, indicator.code, filled[indicator.code])
        else:
            value_not_applicable(report, indicator.code)


def walk(report: Report, cast: Cast, to: str) -> Report:
    """Move the report along its route through the services up to state `to`."""
    order = [State.DRAFT, State.READY, State.SUBMITTED, State.PASSED, State.ACCEPTED]
    while report.state != to:
        if order.index(report.state) > order.index(to):
            raise ValueError(f"cannot walk back from {report.state} to {to}")
        if report.state == State.DRAFT:
            workflow.report_mark_ready(report=report, user=cast.reporter)
        elif report.state == State.READY:
            workflow.report_submit(
                report=report, user=cast.approver, confirm_unclassified=True
            )
        elif report.state == State.SUBMITTED:
            workflow.report_pass(report=report, user=cast.reviewer)
        elif report.state == State.PASSED:
            workflow.report_accept(report=report, user=cast.official)
    return report


def snapshot(report: Report) -> dict:
    """Everything a refused step must leave as it was."""
    fresh = Report.objects.get(pk=report.pk)
    return {
        "report": (
            fresh.state,
            fresh.revision,
            fresh.state_changed_at,
            fresh.submitted_at,
            fresh.is_late,
            fresh.reopened_until,
        ),
        "history": Report.history.filter(id=report.pk).count(),
        "transitions": Transition.objects.filter(report=report).count(),
        "values": list(
            Value.objects.filter(report=report)
            .order_by("pk")
            .values_list("pk", "status", "raw", "revision")
        ),
        "notifications": Notification.objects.count(),
        "field_comments": FieldComment.objects.count(),
        "accepted": AcceptedVersion.objects.count(),
    }
