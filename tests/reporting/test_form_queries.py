"""The form page and autosave run as many queries with 60 indicators as with 10, and
with 30 reports in the database as with 3."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from initiatives.models import Horizon, Indicator, Target
from tests.factories import IndicatorFactory, ReportFactory, UniversityFactory
from tests.reporting.engine_data import accepted_last_year, value_put
from tests.reporting.form_support import (
    autosave_url,
    draft_report,
    form_url,
    version,
)


@pytest.fixture
def report(university):
    return draft_report(university)


def _grow(report, *, indicators: int, reports: int) -> None:
    """Add A1 indicators with values this year and last, targets, and reports of
    other universities in the same period."""
    horizon = Horizon.for_year(report.period.year)
    previous = report.university.reports.get(period__year=report.period.year - 1)
    for _ in range(indicators):
        indicator = IndicatorFactory()
        value_put(report, indicator.code, "12")
        value_put(previous, indicator.code, "10")
        Target.objects.create(
            indicator=indicator,
            horizon=horizon,
            value=Decimal(40),
        )
        Target.objects.create(
            indicator=indicator,
            horizon=horizon,
            university=report.university,
            value=Decimal(20),
        )
    for _ in range(reports):
        ReportFactory(period=report.period, university=UniversityFactory())


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_form_page_runs_the_same_queries_at_two_sizes(reporter_client, report):
    # Only the test indicators in A1: 10 first, then 60.
    Indicator.objects.filter(action__code="A1").update(is_active=False)
    accepted_last_year(report, {})
    _grow(report, indicators=10, reports=1)  # 3 reports: this, last year's, one more
    url = form_url(report, "A1")
    reporter_client.get(url)  # warm the session and content types

    small = _queries(reporter_client, url)
    _grow(report, indicators=50, reports=27)
    reporter_client.get(url)  # the catalogue changed: read once more (rules.py)
    large = _queries(reporter_client, url)

    html = reporter_client.get(url).content.decode()
    assert html.count('class="report-field') == 60
    assert small == large, (small, large)


def test_autosave_runs_the_same_queries_at_two_sizes(reporter_client, report):
    Indicator.objects.filter(action__code="A1").update(is_active=False)
    accepted_last_year(report, {})
    _grow(report, indicators=10, reports=1)

    def save(raw: str) -> int:
        codes = list(
            Indicator.objects.filter(action__code="A1", is_active=True).values_list(
                "code", flat=True
            )
        )
        body = {
            "base_version": version(report),
            "data": {"values": {codes[0]: {"raw": raw}}},
        }
        with CaptureQueriesContext(connection) as queries:
            response = reporter_client.post(
                autosave_url(report), json.dumps(body), content_type="application/json"
            )
        assert response.status_code == 200
        assert len(response.json()["fields"]) == len(codes)
        return len(queries)

    small = save("13")
    _grow(report, indicators=50, reports=27)
    large = save("14")

    assert small == large, (small, large)
