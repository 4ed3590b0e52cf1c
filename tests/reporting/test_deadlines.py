"""The deadline in whole days (Beijing dates), "剩余 19 天" rather than "剩余 2 周，5 日",
and one deadline per report: a reopened report shows the reopening's until-date
instead of the period's passed deadline, on every page that shows it."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone, translation

from reporting.display import days_left_text
from reporting.models import Report, ReportingPeriod
from tests.reporting.engine_data import open_report

pytestmark = pytest.mark.django_db

BEIJING = timezone.get_fixed_timezone(8 * 60)


def beijing(day: dt.date, hour: int = 12, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=BEIJING)


@pytest.mark.parametrize(
    ("due", "today", "zh", "en"),
    [
        (
            beijing(dt.date(2025, 4, 19)),
            dt.date(2025, 3, 31),
            "剩余 19 天",
            "19 days left",
        ),
        (beijing(dt.date(2025, 4, 1)), dt.date(2025, 3, 31), "剩余 1 天", "1 day left"),
        (
            beijing(dt.date(2025, 3, 31), 23, 59),
            dt.date(2025, 3, 31),
            "今天截止",
            "Due today",
        ),
        (
            beijing(dt.date(2025, 3, 28)),
            dt.date(2025, 3, 31),
            "已逾期 3 天",
            "3 days overdue",
        ),
        (dt.date(2025, 4, 5), dt.date(2025, 3, 31), "剩余 5 天", "5 days left"),
    ],
)
def test_days_left_in_whole_beijing_days(due, today, zh, en):
    now = beijing(today, 9)
    with translation.override("zh-hans"):
        assert days_left_text(due, now=now) == zh
    with translation.override("en"):
        assert days_left_text(due, now=now) == en


def test_a_deadline_passed_earlier_today_is_not_due_today():
    due = beijing(dt.date(2025, 3, 31), 12)
    with translation.override("zh-hans"):
        assert days_left_text(due, now=beijing(dt.date(2025, 3, 31), 15)) == (
            "今天已截止"
        )


def test_the_day_is_beijings_not_utcs():
    # 00:30 on 1 April in Beijing is still 31 March in UTC.
    due = beijing(dt.date(2025, 4, 1), 0, 30).astimezone(dt.UTC)
    with translation.override("en"):
        now = beijing(dt.date(2025, 3, 31), 9)
        assert days_left_text(due, now=now) == "1 day left"


@pytest.fixture
def report(university) -> Report:
    return open_report(university, year=2025)


def due_in(report: Report, days: int) -> None:
    """The period's deadline `days` Beijing days from today, at 23:59."""
    period = report.period
    period.due_at = beijing(timezone.localdate() + dt.timedelta(days=days), 23, 59)
    period.opens_at = min(period.opens_at, period.due_at - dt.timedelta(days=1))
    period.closes_at = max(period.closes_at, period.due_at + dt.timedelta(days=30))
    period.save()


def deadline_of(body: str, testid: str = "deadline") -> list[str]:
    return re.findall(rf'data-testid="{testid}">([^<]*)<', body)


def test_the_current_report_card_counts_whole_days(reporter_client, report):
    due_in(report, 19)

    body = reporter_client.get(
        "/reports/current/", HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()

    card = body[body.index('data-testid="current-due"') :]
    assert deadline_of(card, "deadline-left")[0] == "（剩余 19 天）"
    assert "周" not in card[: card.index("</dd>")]


@pytest.mark.parametrize(
    ("days", "shown"), [(0, "（今天截止）"), (-4, "（已逾期 4 天）")]
)
def test_today_and_overdue(reporter_client, report, days, shown):
    due_in(report, days)

    body = reporter_client.get(
        f"/reports/{report.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()

    assert deadline_of(body, "deadline-left") == [shown]


def test_a_report_under_review_shows_its_deadline_without_counting_days(
    reviewer_client, report
):
    due_in(report, 19)
    Report.objects.filter(pk=report.pk).update(state=Report.State.SUBMITTED)

    body = reviewer_client.get(
        f"/reports/{report.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()

    assert len(deadline_of(body)) == 1
    assert not deadline_of(body, "deadline-left")


def reopen(report: Report, days: int) -> dt.date:
    """The period's deadline passed ten days ago; the ministry reopened the report
    until `days` from today."""
    due_in(report, -10)
    until = timezone.localdate() + dt.timedelta(days=days)
    Report.objects.filter(pk=report.pk).update(
        state=Report.State.DRAFT, reopened_until=until
    )
    return until


PAGES = {
    "report page": lambda report: f"/reports/{report.pk}/",
    "form header": lambda report: f"/reports/{report.pk}/form/?section=A1",
    "current-report card": lambda report: "/reports/current/",
    "report list": lambda report: "/reports/",
}


@pytest.mark.parametrize("page", PAGES)
def test_a_reopened_report_shows_the_reopenings_day_as_its_one_deadline(
    reporter_client, report, page
):
    until = reopen(report, 6)
    passed = timezone.localtime(report.period.due_at).strftime("%Y-%m-%d %H:%M")

    body = reporter_client.get(
        PAGES[page](report), HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()

    assert deadline_of(body) == [until.isoformat()]
    assert deadline_of(body, "deadline-left") == ["（剩余 6 天）"]
    assert 'data-testid="deadline-reopened"' in body
    assert passed not in body
    assert "已逾期" not in body


def test_an_open_period_says_how_many_days_are_left(ministry_client, report):
    due_in(report, 19)
    report.period.state = ReportingPeriod.State.OPEN
    report.period.save()

    for url in ("/reports/periods/", f"/reports/periods/{report.period.pk}/"):
        body = ministry_client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
        assert "（剩余 19 天）" in deadline_of(body, "period-days-left"), url
