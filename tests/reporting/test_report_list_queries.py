"""The report list and the home page's report table cost the same number of queries
whatever the number of reports (the issue's rule: equal at two data sizes)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reporting.models import Report
from tests.factories import (
    AuthorityFactory,
    PeriodFactory,
    ReportFactory,
    UniversityFactory,
    province,
)

PROVINCES = ("11", "12", "31", "44", "65")


def add_reports(period, authority, count: int) -> None:
    """Reports of every state and lateness, across provinces and authorities."""
    states = list(Report.State)
    for number in range(count):
        university = UniversityFactory(
            authority=authority if number % 2 else AuthorityFactory(),
            province=province(PROVINCES[number % len(PROVINCES)]),
        )
        state = states[number % len(states)]
        ReportFactory(
            period=period,
            university=university,
            state=state,
            is_late=number % 3 == 0,
            submitted_at=(
                None
                if state in (Report.State.DRAFT, Report.State.READY)
                else timezone.now()
            ),
        )


def queries(client, url: str, expected_rows: int) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('data-testid="report-row"') == expected_rows
    return len(captured)


@pytest.mark.parametrize("client_fixture", ["ministry_client", "reviewer_client"])
@pytest.mark.parametrize("url", ["/reports/", "/reports/?period=&state=&late="])
def test_the_list_costs_the_same_for_3_and_30_reports(
    request, client_fixture, url, authority
):
    client = request.getfixturevalue(client_fixture)
    period = PeriodFactory(year=2025, current=True)
    PeriodFactory(year=2024, state="closed")
    reviewer = client_fixture == "reviewer_client"

    add_reports(period, authority, 3)
    small = queries(client, url, 1 if reviewer else 3)
    add_reports(period, authority, 27)
    large = queries(client, url, 1 + 13 if reviewer else 30)

    assert large == small


def test_the_list_with_filters_costs_no_more(ministry_client, authority):
    period = PeriodFactory(year=2025, current=True)
    url = f"/reports/?province={province('11').pk}&authority={authority.pk}&q=U"

    add_reports(period, authority, 10)
    with CaptureQueriesContext(connection) as first:
        assert ministry_client.get(url).status_code == 200
    add_reports(period, authority, 40)
    with CaptureQueriesContext(connection) as second:
        assert ministry_client.get(url).status_code == 200

    assert len(second) == len(first)


@pytest.mark.parametrize(
    "client_fixture", ["ministry_client", "reviewer_client", "reporter_client"]
)
def test_the_home_page_costs_the_same_for_3_and_30_reports(
    request, client_fixture, authority, university
):
    client = request.getfixturevalue(client_fixture)
    period = PeriodFactory(year=2025, current=True)

    ReportFactory(period=period, university=university)
    add_reports(period, authority, 3)
    with CaptureQueriesContext(connection) as small:
        assert client.get("/").status_code == 200
    for year in (2021, 2022, 2023):
        ReportFactory(
            period=PeriodFactory(year=year, state="closed"),
            university=university,
            state=Report.State.ACCEPTED,
        )
    add_reports(period, authority, 27)
    with CaptureQueriesContext(connection) as large:
        assert client.get("/").status_code == 200

    assert len(large) == len(small)
