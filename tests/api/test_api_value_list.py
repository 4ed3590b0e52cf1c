"""The values list's answers, whole: every column of every row, the cursor's pages,
each filter and the scope. Pinned before the list was made faster (rows read as
plain dicts, reporting/api/views.py), so that it answers exactly as it did."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from initiatives.models import Action
from institutions.models import Membership
from reporting.models import Report, Value
from reporting.services.reports import report_sections_ensure
from tests.factories import (
    IndicatorFactory,
    MembershipFactory,
    PeriodFactory,
    ReportFactory,
    UserFactory,
    make_open_period_with_report,
)


@pytest.fixture
def report(university):
    return make_open_period_with_report(university)


@pytest.fixture
def values(report):
    """Five values of every kind: a number with an explanation, a date, a yes/no,
    not applicable, and one not understood; the last of another action."""
    a2 = Action.objects.get(code="A2")
    kinds = [
        ("integer", "A1", {"raw": "12.5", "number": Decimal("12.5")}),
        ("date", "A1", {"raw": "2025-03-01", "date_value": dt.date(2025, 3, 1)}),
        ("boolean", "A1", {"raw": "是", "bool_value": True}),
        ("integer", "A1", {"raw": "", "status": Value.Status.NOT_APPLICABLE}),
        ("integer", "A2", {"raw": "十二", "error_code": "not_a_number"}),
    ]
    rows = []
    for value_type, action, fields in kinds:
        indicator = IndicatorFactory(
            value_type=value_type,
            action=a2 if action == "A2" else Action.objects.get(code="A1"),
        )
        fields.setdefault("status", Value.Status.ENTERED)
        rows.append(
            Value.objects.create(
                report=report,
                section=report.sections.get(action=indicator.action),
                indicator=indicator,
                explanation="Two new buildings." if not rows else "",
                revision=len(rows),
                **fields,
            )
        )
    return rows


def _row(value: Value) -> dict:
    value.refresh_from_db()
    return {
        "id": value.pk,
        "report": value.report_id,
        "university": value.report.university.code,
        "period": value.report.period.year,
        "indicator": value.indicator.code,
        "status": value.status,
        "raw": value.raw,
        "number": None if value.number is None else f"{value.number:.4f}",
        "date_value": value.date_value.isoformat() if value.date_value else None,
        "bool_value": value.bool_value,
        "error_code": value.error_code,
        "explanation": value.explanation,
        "revision": value.revision,
        "updated_at": timezone.localtime(value.updated_at).isoformat(),
    }


def test_list_answers_every_column_of_every_row(reporter_client, values):
    response = reporter_client.get("/api/v1/values/")
    assert response.status_code == 200
    assert response.json() == {
        "next": None,
        "previous": None,
        "results": [_row(value) for value in values],
    }
    assert response.json()["results"][0]["number"] == "12.5000"
    assert response.json()["results"][1]["date_value"] == "2025-03-01"


def test_detail_answers_as_the_list_row(reporter_client, values):
    response = reporter_client.get(f"/api/v1/values/{values[2].pk}/")
    assert response.status_code == 200
    assert response.json() == _row(values[2])


def test_cursor_walks_every_row_once_both_ways(reporter_client, values):
    seen, pages = [], []
    url = "/api/v1/values/?page_size=2"
    while url:
        page = reporter_client.get(url).json()
        pages.append(page)
        seen += [row["id"] for row in page["results"]]
        url = page["next"]
    assert seen == [value.pk for value in values]
    assert [len(page["results"]) for page in pages] == [2, 2, 1]
    assert pages[0]["previous"] is None
    back = reporter_client.get(pages[2]["previous"]).json()
    assert [row["id"] for row in back["results"]] == [values[2].pk, values[3].pk]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (lambda values: f"period={values[0].report.period.year}", [0, 1, 2, 3, 4]),
        (lambda values: "period=1999", []),
        (
            lambda values: f"university={values[0].report.university.code}",
            [0, 1, 2, 3, 4],
        ),
        (lambda values: "university=00000", []),
        (lambda values: f"indicator={values[1].indicator.code}", [1]),
        (lambda values: "action=A2", [4]),
        (lambda values: f"report={values[0].report_id}", [0, 1, 2, 3, 4]),
        (lambda values: "status=na", [3]),
        (lambda values: "status=entered&action=A1", [0, 1, 2]),
    ],
)
def test_filters(reporter_client, values, query, expected):
    response = reporter_client.get(f"/api/v1/values/?{query(values)}")
    assert [row["id"] for row in response.json()["results"]] == [
        values[index].pk for index in expected
    ]


def test_a_bad_filter_answers_400_in_the_one_shape(reporter_client, values):
    response = reporter_client.get("/api/v1/values/?status=maybe")
    assert response.status_code == 400
    assert set(response.json()["error"]) == {"code", "message", "fields"}


def test_the_authority_reads_the_values_from_submission_on(
    client, authority, report, values
):
    reviewer = MembershipFactory(
        user=UserFactory(),
        role=Membership.Role.REVIEWER,
        university=None,
        authority=authority,
    )
    client.force_login(reviewer.user)
    assert client.get("/api/v1/values/").json()["results"] == []
    assert client.get(f"/api/v1/values/{values[0].pk}/").status_code == 404
    Report.objects.filter(pk=report.pk).update(state=Report.State.SUBMITTED)
    rows = client.get("/api/v1/values/").json()["results"]
    assert rows == [_row(value) for value in values]


def test_data_year_filter_with_the_years_values_interleaved(reporter_client, values):
    """The year filter's lower bound (the year's first value id) never drops a
    value of the year, however the years' ids interleave."""
    first = values[0].report
    other = ReportFactory(
        period=PeriodFactory(
            year=first.period.year + 1, participants=[first.university]
        ),
        university=first.university,
    )
    report_sections_ensure(report=other)
    mixed = []
    for value in values:  # another year's values, after this year's
        mixed.append(
            Value.objects.create(
                report=other,
                section=other.sections.get(action=value.indicator.action),
                indicator=value.indicator,
                raw="1",
                number=1,
                status=Value.Status.ENTERED,
            )
        )
    for year, expected in ((first.period.year, values), (other.period.year, mixed)):
        rows = reporter_client.get(f"/api/v1/values/?period={year}").json()["results"]
        assert [row["id"] for row in rows] == [value.pk for value in expected]
