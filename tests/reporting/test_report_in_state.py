"""The `report_in_state` fixture (tests/reporting/conftest.py) gives what it names:
the state reached through real steps, and the period as asked."""

from __future__ import annotations

import pytest

from reporting.models import Report, ReportingPeriod
from tests.factories import UniversityFactory

State = Report.State


@pytest.mark.parametrize("state", list(State))
def test_the_report_is_in_the_state_through_real_transitions(report_in_state, state):
    report = report_in_state(state)

    fresh = Report.objects.get(pk=report.pk)
    assert fresh.state == report.state == state
    steps = list(fresh.transitions.order_by("at", "id"))
    assert [step.to_state for step in steps[-1:]] == (
        [] if state == "draft" else [state]
    )


def test_period_fields_and_state_are_set(report_in_state, university, cast):
    report = report_in_state(
        State.SUBMITTED,
        period_state=ReportingPeriod.State.CLOSED,
        requires_signoff_scan=True,
    )
    neighbour = UniversityFactory(authority=university.authority)
    other = report_in_state(State.READY, university=neighbour)

    period = ReportingPeriod.objects.get(pk=report.period_id)
    assert period.state == ReportingPeriod.State.CLOSED
    assert period.requires_signoff_scan
    assert report.university == university
    assert report.transitions.filter(actor=cast.approver, action="submit").exists()
    assert other.university != university and other.state == State.READY
    assert not other.transitions.filter(actor=cast.reporter).exists()
