"""The home page's report table for reviewers and the ministry: the period's latest
reports, by their last step, read off an index (issue 13: no top-N sort over the
period's reports)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from reporting.models import Report
from tests.factories import PeriodFactory, ReportFactory, UniversityFactory
from tests.reporting.rows_support import listed_reports


@pytest.fixture
def period(db):
    return PeriodFactory(year=2025, current=True)


def test_the_ministry_sees_the_latest_steps_first_a_report_never_moved_by_its_creation(
    ministry_client, period
):
    now = timezone.now()
    untouched = ReportFactory(period=period, university=UniversityFactory())
    Report.objects.filter(pk=untouched.pk).update(  # made when the period opened
        created_at=now - dt.timedelta(days=10)
    )
    older = ReportFactory(
        period=period,
        university=UniversityFactory(),
        state=Report.State.SUBMITTED,
        state_changed_at=now - dt.timedelta(days=3),
    )
    newest = ReportFactory(
        period=period,
        university=UniversityFactory(),
        state=Report.State.PASSED,
        state_changed_at=now - dt.timedelta(hours=1),
    )

    response = ministry_client.get("/")

    assert listed_reports(response) == [newest, older, untouched]


@pytest.mark.postgres
def test_the_latest_reports_of_a_period_are_read_off_an_index(period):
    for university in [UniversityFactory() for _ in range(30)]:
        ReportFactory(period=period, university=university)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE reporting_report")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("SET LOCAL enable_seqscan = off")

    plan = Report.objects.in_period(period).latest_first()[:21].explain()

    assert "Sort" not in plan, plan
    assert "report_period_latest" in plan, plan
