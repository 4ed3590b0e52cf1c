"""The read module every total comes from: counts aggregated in the database."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reporting.figures import period_summary, periods_with_counts, report_counts
from reporting.models import Report, ReportingPeriod
from tests.factories import PeriodFactory, ReportFactory

State = Report.State


@pytest.fixture
def period(db):
    return PeriodFactory(year=2025, current=True)


def submitted(period, *, late: bool) -> Report:
    return ReportFactory(
        period=period,
        state=State.SUBMITTED,
        submitted_at=timezone.now(),
        is_late=late,
    )


def test_report_counts_split_by_submission_status_in_one_query(period):
    submitted(period, late=False)
    submitted(period, late=True)
    submitted(period, late=True)
    ReportFactory(period=period)
    ReportFactory(period=period, submitted_at=timezone.now())  # back with them

    with CaptureQueriesContext(connection) as queries:
        counts = report_counts(Report.objects.all())

    assert counts.total == 5
    assert counts.by_status == {
        "not_submitted": 1,
        "submitted": 1,
        "submitted_late": 2,
        "returned": 1,
        "reopened": 0,
        "accepted": 0,
    }
    assert [(status.value, n) for status, n in counts.cards][:3] == [
        ("not_submitted", 1),
        ("submitted", 1),
        ("submitted_late", 2),
    ]
    assert len(queries) == 1


def test_the_period_summary_counts_reports_by_state(period):
    submitted(period, late=True)
    ReportFactory(period=period)
    ReportFactory(period=PeriodFactory(year=2024))

    summary = period_summary(period)

    assert summary["reports"] == 2
    assert summary["late"] == 1
    by_state = dict(summary["by_state"])
    assert by_state[State.SUBMITTED.label] == 1
    assert by_state[State.DRAFT.label] == 1
    assert by_state[State.ACCEPTED.label] == 0


def test_each_period_carries_its_report_count(period):
    ReportFactory(period=period)
    ReportFactory(period=period)
    empty = PeriodFactory(year=2024)

    counted = {
        p.pk: p.report_count for p in periods_with_counts(ReportingPeriod.objects.all())
    }

    assert counted == {period.pk: 2, empty.pk: 0}
