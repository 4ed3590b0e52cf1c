"""The completeness and timeliness dashboard: its counts are the figures layer's
(`report_counts` over the same reports), each count leads to a report list of that
length, the CSV is the table, and every user sees their own scope only."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from institutions.models import Membership, University
from reporting.figures import report_counts
from reporting.figures_completeness import completeness
from reporting.models import Report
from reporting.models.status import SubmissionStatus
from tests.factories import AuthorityFactory, MembershipFactory, UserFactory, province
from tests.html_support import Page
from tests.reporting.dashboard_support import (
    csv_rows,
    period_with_reports,
    plain,
    table_links,
    table_rows,
    xlsx_rows,
)

pytestmark = pytest.mark.django_db

URL = "/dashboard/completeness/"


def test_counts_equal_report_counts_of_the_same_reports():
    co_builder = AuthorityFactory()
    period, universities = period_with_reports(14, co_built=co_builder)
    figures = completeness(period=period, universities=University.objects.all())
    reports = Report.objects.in_period(period)
    assert {row.scope.code for row in figures.provinces} == {"11", "31"}
    for row in figures.provinces:
        counts = report_counts(reports.filter(university__province=row.scope))
        assert row.by_status == counts.by_status
        assert row.reports == counts.total
    for row in figures.authorities:
        theirs = University.objects.of_authority(row.scope)
        counts = report_counts(reports.filter(university__in=theirs))
        assert row.by_status == counts.by_status
        assert row.participants == period.participants.filter(pk__in=theirs).count()
    co_row = next(r for r in figures.authorities if r.scope == co_builder)
    assert co_row.reports == 1  # the co-built university, under both authorities
    everything = report_counts(reports)
    assert figures.total.by_status == everything.by_status
    assert figures.total.participants == 15  # the one without a report included


def test_shares_submitted_and_on_time():
    period, _ = period_with_reports(7)
    total = completeness(period=period, universities=University.objects.all()).total
    # Submitted, submitted late, accepted, accepted late: 4 of 8 participants;
    # on time: submitted and the accepted one that was not late.
    assert total.submitted == 4
    assert str(total.share_submitted) == "50.0"
    assert total.on_time == 2
    assert str(total.share_on_time) == "25.0"


def test_page_shows_the_figures_and_every_status(ministry_client):
    period, _ = period_with_reports(7)
    response = ministry_client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    figures = completeness(period=period, universities=University.objects.all())
    rows = table_rows(html, "province")
    assert [r[0] for r in rows] == [str(r.scope) for r in figures.provinces] + ["合计"]
    for shown, row in zip(rows, [*figures.provinces, figures.total], strict=True):
        counts = [row.participants, row.reports]
        counts += [row.by_status[s] for s in SubmissionStatus]
        assert [plain(text) for text in shown[1:9]] == [str(n) for n in counts]
    page = Page(html)
    headers = [th.text for th in page.all("th", scope="col")]
    for status in ("未上报", "已上报", "逾期上报", "退回修改中", "已通过"):
        assert status in headers


@pytest.mark.parametrize("key", ["province", "authority"])
def test_each_count_leads_to_a_list_of_that_length(ministry_client, key):
    """Every link of a row (the first province; the authority co-building one
    university) and of the total: each status's list and all the row's reports."""
    co_builder = AuthorityFactory()
    period_with_reports(7, co_built=co_builder)
    html = ministry_client.get(URL).content.decode()
    links = table_links(html, key)
    assert len(links) == 7 * (3 if key == "province" else 4)
    scope = "province=" if key == "province" else f"authority={co_builder.pk}(&|$)"
    chosen = [(shown, href) for shown, href in links if re.search(scope, href)][:7]
    chosen += [
        (shown, href)
        for shown, href in links
        if "province" not in href and "authority" not in href
    ]
    assert len(chosen) == 14
    for shown, href in chosen:
        listed = ministry_client.get(href)
        assert listed.status_code == 200
        page = Page(listed.content.decode())
        (total,) = page.all("div", data_testid="count-total")
        assert total.text == shown, href
        assert len(page.all("tr", data_testid="report-row")) == int(plain(shown))


@pytest.mark.parametrize("key", ["province", "authority"])
def test_csv_equals_the_table(ministry_client, key):
    period, _ = period_with_reports(7, co_built=AuthorityFactory())
    html = ministry_client.get(URL).content.decode()
    response = ministry_client.get(f"/dashboard/completeness/{key}.csv")
    assert response["Content-Type"] == "text/csv"
    assert f"completeness-{period.year}-{key}.csv" in response["Content-Disposition"]
    header, *rows = csv_rows(response)
    page = Page(html)
    (table,) = page.all("table", data_testid=f"table-{key}")
    assert header == [th.text for th in page.all("th", within=table, scope="col")]
    assert rows == [[plain(c) for c in row] for row in table_rows(html, key)]


def test_xlsx_holds_the_table_as_numbers(ministry_client):
    pytest.importorskip("xlsxwriter")
    period_with_reports(7)
    html = ministry_client.get(URL).content.decode()
    response = ministry_client.get("/dashboard/completeness/province.xlsx")
    assert response.status_code == 200
    header, *values = xlsx_rows(response.content)
    shown = table_rows(html, "province")
    assert [row[0] for row in values] == [row[0] for row in shown]
    for row, seen in zip(values, shown, strict=True):
        assert row[1:9] == [float(plain(text)) for text in seen[1:9]]
        assert round(row[9] * 100, 1) == float(plain(seen[9]))


def test_unknown_download_is_404(ministry_client):
    period_with_reports(3)
    assert (
        ministry_client.get("/dashboard/completeness/province.pdf").status_code == 404
    )
    assert ministry_client.get("/dashboard/completeness/city.csv").status_code == 404


def test_authority_sees_its_universities_only(client):
    mine = AuthorityFactory(province=province("11"))
    period, universities = period_with_reports(8, authority=mine)
    reviewer = MembershipFactory(
        user=UserFactory(),
        role=Membership.Role.REVIEWER,
        university=None,
        authority=mine,
    )
    client.force_login(reviewer.user)
    html = client.get(URL).content.decode()
    theirs = [u for u in universities if u.authority == mine]
    total = table_rows(html, "province")[-1]
    assert plain(total[1]) == str(len(theirs))
    assert [row[0] for row in table_rows(html, "authority")[:-1]] == [str(mine)]
    rows = csv_rows(client.get("/dashboard/completeness/authority.csv"))
    assert [row[0] for row in rows[1:-1]] == [str(mine)]
    assert rows[-1][1] == str(len(theirs))
    for shown, href in table_links(html, "province"):
        listed = Page(client.get(href).content.decode())
        assert listed.all("div", data_testid="count-total")[0].text == shown


def test_university_sees_its_own_status(reporter_client, university):
    from tests.factories import PeriodFactory, ReportFactory

    period = PeriodFactory(current=True, participants=[university])
    report = ReportFactory(period=period, university=university)
    period_with_reports(5)  # others' reports: not counted for this user
    html = reporter_client.get(f"{URL}?period={period.pk}").content.decode()
    page = Page(html)
    (own,) = page.all("p", data_testid="own-status")
    assert "未上报" in own.text
    assert page.all("a", href=reverse("reporting:report-detail", args=[report.pk]))
    assert plain(table_rows(html, "province")[-1][1]) == "1"


def test_period_is_chosen_and_bad_input_is_a_field_error(ministry_client):
    period, _ = period_with_reports(3)
    assert (
        f"{period}" in ministry_client.get(f"{URL}?period={period.pk}").content.decode()
    )
    response = ministry_client.get(f"{URL}?period=nonsense")
    assert response.status_code == 200
    assert "invalid-feedback" in response.content.decode()
    assert table_rows(response.content.decode(), "province")  # the open period


def test_no_period_yet(ministry_client):
    response = ministry_client.get(URL)
    assert Page(response.content.decode()).all("p", data_testid="no-period")


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        assert response.status_code == 200
        assert b"invalid-feedback" not in response.content
    return len(queries)


@pytest.mark.parametrize(
    "url",
    [
        URL,
        "/dashboard/completeness/authority.csv",
        "/dashboard/map/",
        "/dashboard/map/?indicator=IND-A1-01",
        "/dashboard/map/provinces.xlsx",
    ],
)
def test_query_count_does_not_grow_with_universities(ministry_client, url):
    period_with_reports(4, co_built=AuthorityFactory())
    small = _queries(ministry_client, url)
    period_with_reports(28, co_built=AuthorityFactory())
    assert _queries(ministry_client, url) == small
