"""The report list: scope, filters, the three counts, pagination, links by right."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from institutions.models import University
from reporting.models import Report, ReportingPeriod
from tests.factories import (
    AuthorityFactory,
    PeriodFactory,
    ReportFactory,
    UniversityFactory,
    province,
)
from tests.reporting.rows_support import listed_reports, shown_counts

URL = "/reports/"


def rows(response) -> list[Report]:
    return listed_reports(response)


def names(response) -> set[str]:
    return {report.university.name_zh for report in rows(response)}


@pytest.fixture
def open_period(db):
    return PeriodFactory(year=2025, current=True)


@pytest.fixture
def closed_period(db):
    return PeriodFactory(year=2024, state=ReportingPeriod.State.CLOSED)


def test_a_reporter_lists_only_their_university(
    reporter_client, university, other_university, open_period
):
    ReportFactory(period=open_period, university=university)
    ReportFactory(period=open_period, university=other_university)

    response = reporter_client.get(URL)

    assert response.status_code == 200
    assert names(response) == {university.name_zh}
    assert university.name_zh in response.content.decode()
    assert other_university.name_zh not in response.content.decode()


def test_a_reviewer_sees_the_state_of_drafts_but_no_content_link(
    reviewer_client, university, other_university, open_period
):
    draft = ReportFactory(period=open_period, university=university, error_count=3)
    ReportFactory(period=open_period, university=other_university)

    response = reviewer_client.get(URL)

    body = response.content.decode()
    assert names(response) == {university.name_zh}
    row = body[body.index(f'data-report="{draft.pk}"') :]
    row = row[: row.index("</tr>")]
    assert 'data-testid="report-state"' in row
    assert f"/reports/{draft.pk}/" not in row  # neither view nor history
    assert 'data-testid="report-fill"' not in row
    assert ">3<" not in row  # the error count is content too


def test_a_reviewer_gets_the_view_link_once_submitted(
    reviewer_client, university, open_period
):
    report = ReportFactory(
        period=open_period,
        university=university,
        state=Report.State.SUBMITTED,
        submitted_at=timezone.now(),
    )

    body = reviewer_client.get(URL).content.decode()

    assert f'href="/reports/{report.pk}/"' in body
    assert f'href="/reports/{report.pk}/history/"' in body
    assert 'data-testid="report-fill"' not in body


def test_the_reporter_gets_fill_view_and_history_links(
    reporter_client, university, open_period
):
    report = ReportFactory(period=open_period, university=university)

    body = reporter_client.get(URL).content.decode()

    assert f'href="/reports/{report.pk}/form/"' in body
    assert 'data-testid="report-fill"' in body
    assert f'href="/reports/{report.pk}/"' in body
    assert f'href="/reports/{report.pk}/history/"' in body


def test_no_fill_link_once_the_period_is_closed(
    reporter_client, university, closed_period
):
    report = ReportFactory(period=closed_period, university=university)

    body = reporter_client.get(URL, {"period": ""}).content.decode()

    assert f'href="/reports/{report.pk}/"' in body
    assert f'href="/reports/{report.pk}/form/"' not in body


def test_the_columns_the_issue_asks_for(reporter_client, university, open_period):
    ReportFactory(
        period=open_period,
        university=university,
        error_count=2,
        warning_count=5,
        completeness=40,
    )

    body = reporter_client.get(URL, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    for heading in ("报表名称", "报告期", "填报开始", "截止时间", "状态", "操作"):
        assert heading in body
    assert "2025 年度碳中和科技创新行动进展报告" in body
    opens = timezone.localtime(open_period.opens_at).strftime("%Y-%m-%d %H:%M")
    due = timezone.localtime(open_period.due_at).strftime("%Y-%m-%d %H:%M")
    assert opens in body and due in body
    assert ">2<" in body and ">5<" in body and "40%" in body


def test_the_period_filter_defaults_to_the_open_period(
    ministry_client, university, open_period, closed_period
):
    ReportFactory(period=open_period, university=university)
    old = ReportFactory(period=closed_period, university=university)

    default = ministry_client.get(URL)
    every = ministry_client.get(URL, {"period": ""})
    chosen = ministry_client.get(URL, {"period": closed_period.pk})

    assert [r.period.year for r in rows(default)] == [2025]
    assert sorted(r.period.year for r in rows(every)) == [2024, 2025]
    assert rows(chosen) == [old]


def test_without_an_open_period_every_period_is_listed(
    ministry_client, university, closed_period
):
    ReportFactory(period=closed_period, university=university)

    assert len(rows(ministry_client.get(URL))) == 1


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"state": "submitted"}, {"submitted"}),
        ({"late": "true"}, {"late"}),
        ({"late": "false"}, {"draft", "submitted", "shanghai", "central"}),
        ({"category": University.Category.CENTRAL}, {"central"}),
        ({"province": "31"}, {"shanghai"}),
        ({"q": "Submitted"}, {"submitted"}),
        ({"q": "code:late"}, {"late"}),
    ],
)
def test_filters(ministry_client, open_period, params, expected):
    codes: dict[str, str] = {}

    def make(name, **kwargs):
        report_kwargs = {
            key: kwargs.pop(key) for key in ("state", "is_late") if key in kwargs
        }
        university = UniversityFactory(name_zh=name, name_en=name.title(), **kwargs)
        codes[name] = university.code
        return ReportFactory(period=open_period, university=university, **report_kwargs)

    make("draft")
    make("submitted", state=Report.State.SUBMITTED)
    make("late", is_late=True)
    make("shanghai", province=province("31"))
    make("central", category=University.Category.CENTRAL)
    if "province" in params:
        params = {"province": province(params["province"]).pk}
    if params.get("q", "").startswith("code:"):
        params = {"q": codes[params["q"][5:]]}

    response = ministry_client.get(URL, params)

    assert names(response) == expected


def test_the_authority_filter_includes_further_authorities(
    ministry_client, university, open_period
):
    second = AuthorityFactory()
    co_built = UniversityFactory()
    co_built.other_authorities.add(second)
    ReportFactory(period=open_period, university=university)
    ReportFactory(period=open_period, university=co_built)

    own = ministry_client.get(URL, {"authority": university.authority.pk})
    further = ministry_client.get(URL, {"authority": second.pk})

    assert names(own) == {university.name_zh}
    assert names(further) == {co_built.name_zh}


def test_filter_choices_name_nothing_outside_the_scope(
    reviewer_client, university, other_university, open_period
):
    ReportFactory(period=open_period, university=university)
    ReportFactory(period=open_period, university=other_university)

    form = reviewer_client.get(URL).context["filter"].form

    authorities = list(form.fields["authority"].queryset)
    assert authorities == [university.authority]


def test_the_counts_by_submission_status(ministry_client, open_period):
    due = open_period.due_at
    kinds = [
        # (state, submitted_at, is_late, reopened_until)
        (Report.State.SUBMITTED, due - dt.timedelta(days=2), False, None),
        (Report.State.SUBMITTED, None, False, None),  # in review, date unknown
        (Report.State.ACCEPTED, due - dt.timedelta(days=9), False, None),
        (Report.State.PASSED, due + dt.timedelta(days=1), True, None),
        (Report.State.DRAFT, None, False, None),
        (Report.State.READY, None, False, None),
        (Report.State.DRAFT, None, True, None),  # overdue, still not submitted
        (Report.State.DRAFT, due, False, None),  # returned
        (Report.State.DRAFT, due, False, due.date()),  # reopened
    ]
    for state, submitted_at, is_late, reopened_until in kinds:
        ReportFactory(
            period=open_period,
            state=state,
            submitted_at=submitted_at,
            is_late=is_late,
            reopened_until=reopened_until,
        )

    response = ministry_client.get(URL, HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert shown_counts(response) == {
        "total": 9,
        "not_submitted": 3,
        "submitted": 2,
        "submitted_late": 1,
        "returned": 1,
        "reopened": 1,
        "accepted": 1,
    }
    body = response.content.decode()
    for label in ("已上报", "逾期上报", "未上报", "退回修改中", "已重新开放", "已通过"):
        assert label in body
    assert 'data-testid="count-submitted">2<' in body
    assert 'data-testid="count-submitted_late">1<' in body
    assert 'data-testid="count-not_submitted">3<' in body


def test_the_counts_follow_the_filters(ministry_client, open_period):
    ReportFactory(
        period=open_period, state=Report.State.SUBMITTED, submitted_at=timezone.now()
    )
    ReportFactory(period=open_period)

    response = ministry_client.get(URL, {"state": "draft"})

    assert shown_counts(response)["total"] == 1
    assert shown_counts(response)["not_submitted"] == 1
    assert shown_counts(response)["submitted"] == 0


def test_fifty_reports_a_page(ministry_client, open_period):
    for _ in range(51):
        ReportFactory(period=open_period)

    first = ministry_client.get(URL)
    second = ministry_client.get(URL, {"page": 2})

    assert len(rows(first)) == 50
    assert len(rows(second)) == 1
    assert shown_counts(first)["total"] == 51
    assert 'data-testid="next-page"' in first.content.decode()
    assert not {r.pk for r in rows(first)} & {r.pk for r in rows(second)}


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_navbar_links_to_the_list(reporter_client, university):
    body = reporter_client.get("/").content.decode()

    assert 'data-testid="nav-reports"' in body and f'href="{URL}"' in body
