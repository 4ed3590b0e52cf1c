"""Each role's home page lists its reports, with the list's columns."""

from __future__ import annotations

import pytest
from django.utils import timezone

from reporting.models import Report, ReportingPeriod
from tests.factories import PeriodFactory, ReportFactory, UniversityFactory
from tests.reporting.rows_support import listed_reports, shown_counts


@pytest.fixture
def periods(db):
    return {
        2024: PeriodFactory(year=2024, state=ReportingPeriod.State.CLOSED),
        2025: PeriodFactory(year=2025, current=True),
    }


def home_rows(response) -> list[Report]:
    return listed_reports(response)


@pytest.mark.parametrize("client_fixture", ["reporter_client", "approver_client"])
def test_university_people_see_their_reports_of_every_period(
    request, client_fixture, university, other_university, periods
):
    client = request.getfixturevalue(client_fixture)
    for period in periods.values():
        ReportFactory(period=period, university=university)
        ReportFactory(period=period, university=other_university)

    response = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert [r.period.year for r in home_rows(response)] == [2025, 2024]
    body = response.content.decode()
    assert 'data-testid="home-reports"' in body
    assert other_university.name_zh not in body
    for heading in ("报表名称", "报告期", "填报开始", "截止时间", "状态", "操作"):
        assert heading in body
    assert 'href="/reports/current/"' in body


def test_a_reviewer_sees_the_open_period_of_their_universities(
    reviewer_client, authority, university, other_university, periods
):
    second = UniversityFactory(authority=authority)
    ReportFactory(period=periods[2024], university=university)
    ReportFactory(period=periods[2025], university=university)
    ReportFactory(
        period=periods[2025],
        university=second,
        state=Report.State.SUBMITTED,
        submitted_at=timezone.now(),
    )
    ReportFactory(period=periods[2025], university=other_university)

    response = reviewer_client.get("/")

    rows = home_rows(response)
    assert {r.university for r in rows} == {university, second}
    assert {r.period.year for r in rows} == {2025}
    assert shown_counts(response) == {
        "total": 2,
        "not_submitted": 1,
        "submitted": 1,
        "submitted_late": 0,
        "returned": 0,
        "reopened": 0,
        "accepted": 0,
    }


def test_the_ministry_sees_the_first_twenty_and_a_link_to_the_rest(
    ministry_client, periods
):
    for _ in range(21):
        ReportFactory(period=periods[2025])

    response = ministry_client.get("/")

    assert len(home_rows(response)) == 20
    body = response.content.decode()
    assert body.count('data-testid="report-row"') == 20
    assert f'href="/reports/?period={periods[2025].pk}"' in body
    assert shown_counts(response)["total"] == 21


def test_without_an_open_period_the_latest_one_is_shown(ministry_client, periods):
    ReportingPeriod.objects.filter(pk=periods[2025].pk).update(state="closed")
    ReportFactory(period=periods[2024])
    ReportFactory(period=periods[2025])

    response = ministry_client.get("/")

    assert [r.period.year for r in home_rows(response)] == [2025]


def test_no_report_yet(reporter_client):
    body = reporter_client.get("/").content.decode()

    assert 'data-testid="home-no-reports"' in body
