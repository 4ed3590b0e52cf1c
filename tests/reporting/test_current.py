"""The university's page for the open period: where the report stands."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from reporting.models import Report, ReportingPeriod
from tests.factories import PeriodFactory, ReportFactory
from tests.reporting.engine_data import (
    accepted_last_year,
    open_report,
    section_fill,
    sections_zero_except,
    value_put,
)

URL = "/reports/current/"


@pytest.fixture
def report(university):
    return open_report(university, year=2025)


def get(client):
    response = client.get(URL, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    return response, response.content.decode()


@pytest.mark.parametrize("client_fixture", ["reporter_client", "approver_client"])
def test_status_deadline_and_what_is_missing(request, client_fixture, report):
    client = request.getfixturevalue(client_fixture)
    accepted_last_year(report, {"IND-A1-01": "20"})
    sections_zero_except(report, "A1", "A2")
    section_fill(report, "A1")
    value_put(report, "IND-A1-01", "15")  # below last year, not explained
    value_put(report, "IND-A2-01", "abc")

    response, body = get(client)

    assert f'href="/reports/{report.pk}/form/"' in body
    assert "填报中" in body
    due = timezone.localtime(report.period.due_at).strftime("%Y-%m-%d %H:%M")
    assert due in body and "剩余" in body
    missing = [action.code for action, _ in response.context["incomplete"]]
    assert missing == ["A2"]
    assert "IND-A1-01" in body[body.index('data-testid="missing-explanations"') :]
    assert "IND-A2-01" in body[body.index('data-testid="missing-errors"') :]
    assert f'href="/reports/{report.pk}/form/?section=A2"' in body
    assert 'data-testid="lock-reason"' not in body
    assert 'data-testid="nothing-missing"' not in body


def test_a_complete_report_misses_nothing(reporter_client, report):
    sections_zero_except(report, "A1")
    section_fill(report, "A1")

    _, body = get(reporter_client)

    assert 'data-testid="nothing-missing"' in body


def test_the_lock_reason_replaces_the_form_button(approver_client, report):
    _, draft = get(approver_client)
    assert 'data-testid="report-fill"' in draft
    report.state = Report.State.READY
    report.save()

    _, body = get(approver_client)

    assert "报告待本校审核签发" in body[body.index('data-testid="lock-reason"') :]
    assert 'data-testid="report-fill"' not in body


def test_a_late_draft_says_the_deadline_has_passed(reporter_client, report):
    ReportingPeriod.objects.filter(pk=report.period_id).update(
        opens_at=timezone.now() - dt.timedelta(days=9),
        due_at=timezone.now() - dt.timedelta(days=2),
    )
    Report.objects.filter(pk=report.pk).update(is_late=True)

    _, body = get(reporter_client)

    assert "已逾期 2 天" in body and "逾期" in body


def test_without_an_open_period_the_next_opening_is_given(reporter_client, university):
    PeriodFactory(year=2024, state=ReportingPeriod.State.CLOSED)
    upcoming = PeriodFactory(
        year=2025,
        opens_at=timezone.now() + dt.timedelta(days=40),
        due_at=timezone.now() + dt.timedelta(days=70),
        closes_at=timezone.now() + dt.timedelta(days=90),
    )

    _, body = get(reporter_client)

    assert "当前没有开放的填报周期" in body
    opens = timezone.localtime(upcoming.opens_at).strftime("%Y-%m-%d %H:%M")
    assert opens in body[body.index('data-testid="next-period"') :]


def test_without_any_period_it_says_so(reporter_client):
    _, body = get(reporter_client)

    assert "当前没有开放的填报周期" in body
    assert 'data-testid="next-period"' not in body


def test_a_university_outside_the_period(reporter_client, other_university):
    ReportFactory(
        period=PeriodFactory(year=2025, current=True), university=other_university
    )

    response, body = get(reporter_client)

    assert 'data-testid="no-current-report"' in body
    assert other_university.name_zh not in body


def test_reviewers_are_sent_to_the_list(reviewer_client, report):
    _, body = get(reviewer_client)

    assert 'data-testid="current-not-university"' in body
    assert 'href="/reports/"' in body
