"""Reopening an accepted report, the accepted version that keeps counting, and the
lock reasons that refuse every edit of a report that cannot be edited now."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation

from institutions.access import active_membership
from institutions.models import Membership
from reporting.models import AcceptedVersion, Report, ReportingPeriod, Value
from reporting.section_input import SectionInput
from reporting.services import workflow
from reporting.services.sections import section_save
from reporting.services.workflow_guards import TransitionRefused
from tests.reporting.workflow_support import (
    snapshot,
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


def _days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def _close(report, **fields):
    ReportingPeriod.objects.filter(pk=report.period_id).update(
        state=ReportingPeriod.State.CLOSED, **fields
    )
    report.refresh_from_db()
    report.period.refresh_from_db()


def _save_a1(report, user, raw: str):
    section = report.sections.get(action__code="A1")
    return section_save(
        section=section,
        user=user,
        section_input=SectionInput.from_data(
            {"values": {"IND-A1-01": {"raw": raw}}},
            action_code="A1",
            base_version=section.version,
        ),
    )


def _reopened(report, cast, until: dt.date):
    walk(report, cast, State.ACCEPTED)
    _close(report)
    return workflow.report_reopen(
        report=report, user=cast.official, reason="IND-A1-01 is wrong.", until=until
    )


def test_reopening_makes_the_report_editable_until_the_date(cast, report):
    transition = _reopened(report, cast, _days(5))

    fresh = Report.objects.select_related("period").get(pk=report.pk)
    assert (fresh.state, fresh.reopened_until) == (State.DRAFT, _days(5))
    assert (transition.reopen_until, transition.comment) == (
        _days(5),
        "IND-A1-01 is wrong.",
    )
    assert fresh.period.state == ReportingPeriod.State.CLOSED
    membership = active_membership(cast.reporter)
    assert fresh.lock_reason(membership) is None
    assert fresh.reopen_info()  # shown as information, not as a lock
    assert Report.objects.editable_by(cast.reporter).filter(pk=report.pk).exists()
    assert _save_a1(fresh, cast.reporter, "8").changed
    assert Value.objects.get(report=report, indicator__code="IND-A1-01").raw == "8"


def test_the_last_accepted_version_counts_until_a_new_one_is_accepted(cast, report):
    _reopened(report, cast, _days(5))
    fresh = Report.objects.get(pk=report.pk)
    _save_a1(fresh, cast.reporter, "8")

    version = AcceptedVersion.objects.filter(report=report).latest()
    assert version.accepted_values.get(indicator__code="IND-A1-01").raw == "5"

    walk(fresh, cast, State.ACCEPTED)

    newest = AcceptedVersion.objects.filter(report=report).latest()
    assert AcceptedVersion.objects.filter(report=report).count() == 2
    assert newest.accepted_values.get(indicator__code="IND-A1-01").raw == "8"
    assert newest.revision > version.revision
    assert Report.objects.get(pk=report.pk).reopened_until is None


def test_a_reopened_report_is_resubmitted_after_the_due_time_without_refusal(
    cast, report
):
    _reopened(report, cast, _days(2))
    ReportingPeriod.objects.filter(pk=report.period_id).update(
        due_at=timezone.now() - dt.timedelta(days=1),
        late_policy=ReportingPeriod.LatePolicy.REFUSE,
    )
    fresh = Report.objects.get(pk=report.pk)

    walk(fresh, cast, State.SUBMITTED)

    assert Report.objects.get(pk=report.pk).state == State.SUBMITTED


def test_after_the_date_the_reopening_is_over(cast, report):
    _reopened(report, cast, _days(0))
    Report.objects.filter(pk=report.pk).update(reopened_until=_days(-1))
    fresh = Report.objects.select_related("period").get(pk=report.pk)
    before = snapshot(fresh)

    with pytest.raises(PermissionDenied) as refused:
        _save_a1(fresh, cast.reporter, "9")
    assert "教育部" in str(refused.value)
    with pytest.raises(TransitionRefused) as refused:
        workflow.report_mark_ready(report=fresh, user=cast.reporter)
    assert refused.value.code == "period_closed"
    assert snapshot(fresh) == before
    assert not Report.objects.editable_by(cast.reporter).filter(pk=report.pk).exists()


@pytest.mark.parametrize("until", [-1, None])
def test_the_until_date_must_be_today_or_later(cast, report, until):
    walk(report, cast, State.ACCEPTED)
    before = snapshot(report)

    with pytest.raises(TransitionRefused) as refused:
        workflow.report_reopen(
            report=report,
            user=cast.official,
            reason="Why",
            until=None if until is None else _days(until),
        )

    assert refused.value.code == "bad_until"
    assert snapshot(report) == before


def test_a_reopening_needs_a_reason(cast, report):
    walk(report, cast, State.ACCEPTED)

    with pytest.raises(TransitionRefused) as refused:
        workflow.report_reopen(
            report=report, user=cast.official, reason=" ", until=_days(3)
        )

    assert refused.value.code == "comment_required"


# --- Lock reasons: every edit of a report that cannot be edited is refused ------------

LOCKED_CASES = {
    "ready": (State.READY, None, "approver"),
    "submitted": (State.SUBMITTED, None, "reviewers"),
    "passed": (State.PASSED, None, "ministry official"),
    "accepted": (State.ACCEPTED, None, "ministry"),
    "closed": (State.DRAFT, ReportingPeriod.State.CLOSED, "ministry"),
    "locked": (State.SUBMITTED, ReportingPeriod.State.LOCKED, "ministry"),
    "upcoming": (State.DRAFT, ReportingPeriod.State.UPCOMING, "opens on"),
}


@pytest.mark.parametrize("case", list(LOCKED_CASES))
@pytest.mark.parametrize("role", ["reporter", "approver"])
def test_an_edit_of_a_report_that_cannot_be_edited_is_refused_with_its_reason(
    cast, report, case, role
):
    state, period_state, who = LOCKED_CASES[case]
    walk(report, cast, state)
    if period_state:
        ReportingPeriod.objects.filter(pk=report.period_id).update(state=period_state)
    fresh = Report.objects.select_related("period").get(pk=report.pk)
    user = getattr(cast, role)
    before = snapshot(fresh)

    with translation.override("en"):
        reason = fresh.lock_reason(active_membership(user))
        with pytest.raises(PermissionDenied) as refused:
            _save_a1(fresh, user, "99")

    assert reason and str(refused.value) == reason
    assert who in reason  # says who can change it
    assert snapshot(fresh) == before
    assert not Report.objects.editable_by(user).filter(pk=report.pk).exists()


def test_the_lock_reasons_are_translated(cast, report):
    walk(report, cast, State.SUBMITTED)
    fresh = Report.objects.select_related("period").get(pk=report.pk)

    with translation.override("zh-hans"):
        reason = fresh.lock_reason(active_membership(cast.reporter))

    assert "主管部门" in reason


def test_a_draft_in_an_open_period_is_editable(cast, report):
    assert report.lock_reason(active_membership(cast.reporter)) is None
    assert _save_a1(report, cast.reporter, "6").changed
