"""What changed since a level's last review, and the actions offered to each user,
both in a fixed number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from institutions.models import Membership
from reporting.models import Report
from reporting.section_input import SectionInput
from reporting.services import workflow
from reporting.services.review import report_changes_since
from reporting.services.sections import section_save
from reporting.validation import applicable_indicators
from tests.reporting.workflow_support import (
    section_open,
    university_under,
    walk,
)

pytestmark = pytest.mark.django_db

Role = Membership.Role
State = Report.State


@pytest.fixture
def university(db):
    """On the provincial route: under the authority EDU-11 (loaded by migration)."""
    return university_under("EDU-11")


def _save(report, user, action_code: str, data: dict):
    section = report.sections.get(action__code=action_code)
    section_input = SectionInput.from_data(
        data, action_code=action_code, base_version=section.version
    )
    return section_save(section=section, user=user, section_input=section_input)


def _returned(report, cast, by: str = "reviewer"):
    state = {"approver": State.READY, "reviewer": State.SUBMITTED}[by]
    walk(report, cast, state)
    workflow.report_return(
        report=report,
        user=getattr(cast, by),
        comment="Check A1.",
        field_comments=[],
    )
    return Report.objects.get(pk=report.pk)


def test_the_reviewer_sees_what_changed_since_their_return(cast, report):
    report = _returned(report, cast)
    _save(report, cast.reporter, "A1", {"values": {"IND-A1-01": {"raw": "7"}}})
    _save(report, cast.reporter, "A1", {"narrative_done": "Two new majors."})
    _save(report, cast.reporter, "A2", {"values": {"IND-A2-01": {"raw": "3"}}})
    _save(report, cast.reporter, "A2", {"values": {"IND-A2-01": {"raw": ""}}})
    walk(report, cast, State.SUBMITTED)

    with translation.override("en"):
        changes = report_changes_since(report, cast.reviewer)

    rows = [(c.section_code, c.indicator_code, c.field, c.old, c.new) for c in changes]
    # A2's value was typed and cleared again: nothing to review there.
    assert rows == [
        (
            "A1",
            None,
            "narrative_done",
            "Courses and projects as planned.",
            "Two new majors.",
        ),
        ("A1", "IND-A1-01", "value", "5", "7"),
    ]
    assert changes[0].label.startswith("A1 ")
    assert changes[0].label.endswith("what was done")
    assert changes[1].label.startswith("IND-A1-01 ")


def test_the_reviewer_reads_answers_and_not_how_they_were_typed(cast, report):
    section_open(report, "O1", filled={"IND-O1-01": "Y", "IND-O1-05": "2050"})
    report = _returned(report, cast)
    _save(report, cast.reporter, "A1", {"values": {"IND-A1-01": {"raw": "１２３４"}}})
    walk(report, cast, State.SUBMITTED)
    workflow.report_return(
        report=report, user=cast.reviewer, comment="Again.", field_comments=[]
    )
    _save(report, cast.reporter, "O1", {"values": {"IND-O1-01": {"raw": "是"}}})
    _save(report, cast.reporter, "A1", {"values": {"IND-A1-01": {"raw": "1,235"}}})
    walk(report, cast, State.SUBMITTED)

    with translation.override("zh-hans"):
        changes = report_changes_since(report, cast.reviewer)

    # Y retyped as 是 is the same answer; the number shows grouped, as on the page.
    assert [(c.indicator_code, c.old, c.new) for c in changes] == [
        ("IND-A1-01", "1,234", "1,235")
    ]


def test_explanations_and_not_applicable_are_changes_too(cast, report):
    report = _returned(report, cast)
    _save(
        report,
        cast.reporter,
        "A1",
        {"values": {"IND-A1-01": {"status": "na", "explanation": "Merged majors."}}},
    )

    with translation.override("en"):
        changes = report_changes_since(report, cast.reviewer)

    assert [(c.field, c.old, c.new) for c in changes] == [
        ("value", "5", "Not applicable"),
        ("explanation", "", "Merged majors."),
    ]


def test_each_level_compares_with_its_own_last_review(cast, report):
    report = _returned(report, cast, by="approver")
    _save(report, cast.reporter, "A1", {"values": {"IND-A1-01": {"raw": "6"}}})
    walk(report, cast, State.SUBMITTED)  # the approver submits: their new review
    workflow.report_return(
        report=report, user=cast.reviewer, comment="Again.", field_comments=[]
    )
    _save(report, cast.reporter, "A1", {"values": {"IND-A1-01": {"raw": "9"}}})
    walk(report, cast, State.READY)

    approver = report_changes_since(report, cast.approver)
    reviewer = report_changes_since(report, cast.reviewer)
    official = report_changes_since(report, cast.official)

    assert [(c.old, c.new) for c in approver] == [("6", "9")]
    assert [(c.old, c.new) for c in reviewer] == [("6", "9")]
    assert official == []  # the ministry has not reviewed this report yet


def test_nothing_changed_since_a_review_gives_no_rows(cast, report):
    walk(report, cast, State.PASSED)

    assert report_changes_since(report, cast.reviewer) == []


def _fill_many(report, user, count: int) -> None:
    codes = list(
        applicable_indicators(report.university)
        .filter(action__code="A1", value_type="integer")
        .values_list("code", flat=True)[:count]
    )
    assert len(codes) == count
    _save(report, user, "A1", {"values": {code: {"raw": "4"} for code in codes}})
    _save(report, user, "A1", {"narrative_obstacles": "None."})


def test_changes_since_runs_a_fixed_number_of_queries(cast, report, report_in_state):
    other = report_in_state()
    counts = []
    for subject, size in ((report, 1), (other, 3)):
        subject = _returned(subject, cast)
        _fill_many(subject, cast.reporter, size)
        subject = Report.objects.select_related("university__authority").get(
            pk=subject.pk
        )
        memberships = list(cast.reviewer.memberships.all())
        with CaptureQueriesContext(connection) as captured:
            changes = report_changes_since(
                subject, cast.reviewer, memberships=memberships
            )
        assert len(changes) >= size
        counts.append(len(captured))

    assert counts[0] == counts[1]


# --- Actions offered ------------------------------------------------------------------

OFFERED = {
    State.DRAFT: {"reporter": ["mark_ready"]},
    State.READY: {"reporter": ["withdraw"], "approver": ["submit", "return"]},
    State.SUBMITTED: {"approver": ["withdraw"], "reviewer": ["pass", "return"]},
    State.PASSED: {"reviewer": ["cancel_pass"], "official": ["accept", "return"]},
    State.ACCEPTED: {"official": ["reopen"]},
}


@pytest.mark.parametrize("state", list(OFFERED))
def test_each_user_is_offered_exactly_what_the_services_allow(cast, report, state):
    walk(report, cast, state)

    offered = {
        role: workflow.report_available_actions(report, getattr(cast, role))
        for role in ("reporter", "approver", "reviewer", "official", "expert")
    }

    expected = {role: [] for role in offered} | OFFERED[state]
    assert offered == expected


def test_actions_for_many_reports_need_no_query_per_report(cast, report_in_state):
    reports = []
    for state in (State.READY, State.SUBMITTED, State.PASSED, State.SUBMITTED):
        reports.append(report_in_state(state).pk)
    both = Membership.objects.filter(user__in=[cast.reporter, cast.approver])
    both.filter(user=cast.approver).update(user=cast.reporter)
    user = cast.reporter
    memberships = list(Membership.objects.filter(user=user, is_active=True))
    listed = list(
        Report.objects.filter(pk__in=reports)
        .with_last_action()
        .select_related("period", "university__authority")
    )

    with CaptureQueriesContext(connection) as captured:
        actions = [
            workflow.report_available_actions(r, user, memberships=memberships)
            for r in listed
        ]

    assert len(captured) == 0
    assert ["withdraw", "submit", "return"] in [
        sorted(a, key=["withdraw", "submit", "return"].index) for a in actions
    ]
    assert actions.count(["withdraw"]) == 2  # the approver's, on the two submitted
