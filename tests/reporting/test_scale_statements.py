"""The list pages' statements at national scale (issue 13): each is served by an
index or reads a small set, so its cost does not grow with the number of reports.

What SQLite can show is pinned everywhere (the order users see, the indexes, which
tables a statement reads, query counts at two sizes); the plans are pinned on
PostgreSQL, with sorting disabled so that a plan without a Sort node proves an index
gives the order.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reporting.figures import period_counts
from reporting.models import Notification, Report
from reporting.services.reports import reports_create_for_period
from tests.factories import (
    AuthorityFactory,
    PeriodFactory,
    ReportFactory,
    UniversityFactory,
    UserFactory,
    province,
)

ROOT = Path(__file__).resolve().parents[2]


def _reports(period, count: int, **university) -> list[Report]:
    return [
        ReportFactory(period=period, university=UniversityFactory(**university))
        for _ in range(count)
    ]


# --- 1. The report list sorts on the report's own columns -------------------------


def test_a_report_copies_its_periods_year_when_the_period_opens(university):
    period = PeriodFactory(year=2026, participants=[university])

    reports_create_for_period(period=period)

    assert list(Report.objects.values_list("year", flat=True)) == [2026]


def test_the_list_shows_newest_year_first_then_the_universities_in_list_order(
    ministry_client,
):
    older, newer = PeriodFactory(year=2023), PeriodFactory(year=2025, current=True)
    first, second = UniversityFactory(), UniversityFactory()
    for period in (older, newer):  # created oldest first, listed newest first
        for university in (second, first):
            ReportFactory(period=period, university=university)

    body = ministry_client.get("/reports/?period=").content.decode()

    rows = [
        body.index(f'data-report="{report.pk}"')
        for report in Report.objects.order_by("-year", "university__code")
    ]
    assert rows == sorted(rows)


@pytest.mark.parametrize("page", ["2", "3", "99"])
def test_the_later_pages_show_what_reading_from_the_start_shows(ministry_client, page):
    """Pages past the middle are read from the end (TailPaginator); 99 is past the
    last page, which the list then shows."""
    period = PeriodFactory(year=2025, current=True)
    _reports(period, 120)  # pages of 50: 50, 50, 20
    start = 50 * (min(int(page), 3) - 1)
    expected = [r.pk for r in Report.objects.all()[start : start + 50]]

    response = ministry_client.get(f"/reports/?page={page}")

    shown = [row.report.pk for row in response.context["page"].object_list]
    assert shown == expected


def test_the_list_index_exists(db):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(
            cursor, Report._meta.db_table
        )
    index = constraints["report_list_order"]
    assert index["columns"] == ["year", "university_id"]
    assert index["orders"] == ["DESC", "ASC"]


# --- 2. The filter's choices come from the universities in scope -------------------


@pytest.mark.parametrize("client_fixture", ["ministry_client", "reviewer_client"])
def test_the_filter_choices_read_no_report(request, client_fixture, authority):
    client = request.getfixturevalue(client_fixture)
    period = PeriodFactory(year=2025, current=True)
    _reports(period, 3, authority=authority, province=province("31"))

    with CaptureQueriesContext(connection) as captured:
        response = client.get("/reports/")
    form = response.context["filter"].form
    provinces = list(form.fields["province"].queryset)
    with CaptureQueriesContext(connection) as choices:
        list(form.fields["province"].queryset)
        list(form.fields["authority"].queryset)

    assert province("31") in provinces
    assert len(captured) > 0
    assert all(Report._meta.db_table not in q["sql"] for q in choices)


def test_a_reviewer_is_offered_its_own_authority_only(reviewer_client, authority):
    period = PeriodFactory(year=2025, current=True)
    co_built = UniversityFactory(authority=AuthorityFactory())
    co_built.other_authorities.add(authority)
    ReportFactory(period=period, university=co_built)

    form = reviewer_client.get("/reports/").context["filter"].form

    assert list(form.fields["authority"].queryset) == [authority]
    outside = reviewer_client.get(f"/reports/?authority={co_built.authority_id}")
    assert outside.context["filter"].form.errors
    assert list(outside.context["page"].object_list) == []


# --- 3. The period list counts in one grouped statement ---------------------------


def test_period_counts_are_one_statement_that_groups(db):
    period, other = PeriodFactory(year=2024), PeriodFactory(year=2025)
    universities = [UniversityFactory() for _ in range(3)]
    period.participants.set(universities)
    for university in universities[:2]:
        ReportFactory(period=period, university=university)

    with CaptureQueriesContext(connection) as captured:
        counts = period_counts()

    assert len(captured) == 1
    sql = captured[0]["sql"].upper()
    assert "GROUP BY" in sql and "UNION ALL" in sql
    assert (counts[period.pk].participants, counts[period.pk].reports) == (3, 2)
    assert other.pk not in counts


def test_the_period_list_costs_the_same_for_3_and_30_universities(ministry_client):
    period = PeriodFactory(year=2025, current=True)
    PeriodFactory(year=2024, state="closed")

    def page_queries(count: int) -> int:
        period.participants.add(*[r.university for r in _reports(period, count)])
        with CaptureQueriesContext(connection) as captured:
            response = ministry_client.get("/reports/periods/")
        total = period.participants.count()
        row = response.content.decode().split('data-testid="period-row-2025"')[1]
        assert f'<td class="num">{total}</td>' in row.split("</tr>")[0]
        return len(captured)

    assert page_queries(3) == page_queries(27)


# --- 5. Notifications: a page read off the (user, newest) index -------------------


def test_the_notification_index_exists(db):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(
            cursor, Notification._meta.db_table
        )
    index = constraints["notification_user_newest"]
    assert index["columns"] == ["user_id", "created_at", "id"]


# --- 1, 4, 5 on PostgreSQL: no sort over the rows ----------------------------------


def _plan(queryset) -> str:
    """The plan with sorting and sequential scans priced out: a Sort node left in
    it means no index can give the order."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("SET LOCAL enable_seqscan = off")
    return queryset.explain()


@pytest.fixture
def national(db):
    """Two periods of 40 universities, and notifications for two users."""
    periods = [PeriodFactory(year=2024), PeriodFactory(year=2025, current=True)]
    universities = [UniversityFactory() for _ in range(40)]
    for period in periods:
        for university in universities:
            ReportFactory(period=period, university=university)
    users = [UserFactory(), UserFactory()]
    Notification.objects.bulk_create(
        Notification(user=user, report=report, kind="pass")
        for user in users
        for report in Report.objects.all()
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return periods, users


@pytest.mark.postgres
def test_the_report_list_pages_sort_nothing(national):
    periods, _ = national
    listed = Report.objects.all()
    for queryset in (
        listed[:50],  # every period, first page
        listed.reverse()[:20],  # every period, last page (TailPaginator)
        listed.in_period(periods[0])[:50],  # one period: the list, the home page
        listed.in_period(periods[0]).reverse()[:20],
    ):
        plan = _plan(queryset)
        assert "Sort" not in plan, plan


@pytest.mark.postgres
def test_a_page_of_notifications_sorts_nothing(national):
    _, users = national

    plan = _plan(Notification.objects.of_user(users[0])[:20])

    assert "Sort" not in plan, plan
    assert "notification_user_newest" in plan


# --- 6. Connections are kept on PostgreSQL -----------------------------------------


_CONNECTION_VARIABLES = {
    "CONN_MAX_AGE",
    "CONN_HEALTH_CHECKS",
    "DISABLE_SERVER_SIDE_CURSORS",
    "DJANGO_SETTINGS_MODULE",
}


def _database_settings(url: str, **variables: str) -> str:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in _CONNECTION_VARIABLES
    }
    environment.update(DATABASE_URL=url, DJANGO_SETTINGS_MODULE="carbonplan.settings")
    environment.update(variables)
    code = (
        "from django.conf import settings as s; d = s.DATABASES['default'];"
        "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'],"
        " d['DISABLE_SERVER_SIDE_CURSORS'])"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout.strip()


def test_postgresql_connections_are_kept_a_minute_and_checked():
    assert _database_settings("postgres://u@127.0.0.1:5432/x") == "60 True False"


def test_sqlite_connections_stay_per_request():
    assert _database_settings("sqlite:///:memory:") == "0 False False"


def test_behind_pgbouncer_in_transaction_mode_the_deployer_sets_three_variables():
    """The README's pooler settings: a connection per request (the pooler keeps
    the real ones), no check, no server-side cursor (a transaction-mode pooler
    may hand the next statement another server connection)."""
    pooled = _database_settings(
        "postgres://u@127.0.0.1:6432/x",
        CONN_MAX_AGE="0",
        CONN_HEALTH_CHECKS="false",
        DISABLE_SERVER_SIDE_CURSORS="true",
    )

    assert pooled == "0 False True"
