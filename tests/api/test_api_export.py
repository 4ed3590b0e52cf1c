"""The values export: a whole period as CSV (UTF-8 with BOM), JSON lines or a JSON
array, streamed from one query at constant memory, only the caller's scope, with
stable English column codes."""

from __future__ import annotations

import csv
import io
import json
import tracemalloc

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from initiatives.models import Indicator
from institutions.models import Membership
from reporting.api import export
from reporting.models import Report, Value
from tests.factories import (
    MembershipFactory,
    PeriodFactory,
    ReportFactory,
    UniversityFactory,
    UserFactory,
)


def _reports_with_values(period, universities, per_report: int) -> list[Report]:
    """Reports passed to the ministry of `universities` in `period`, each with `per_report` values."""
    from reporting.services.reports import report_sections_ensure

    indicators = list(Indicator.objects.order_by("order", "pk")[:per_report])
    assert len(indicators) == per_report
    reports = []
    for university in universities:
        report = ReportFactory(
            period=period, university=university, state=Report.State.PASSED
        )
        report_sections_ensure(report=report)
        sections = {s.action_id: s for s in report.sections.all()}
        fallback = next(iter(sections.values()))
        Value.objects.bulk_create(
            Value(
                report=report,
                section=sections.get(indicator.action_id, fallback),
                indicator=indicator,
                raw=f"{n},5",
                number=f"{n}.5",
                status=Value.Status.ENTERED,
                explanation="说明, with a comma" if n == 0 else "",
            )
            for n, indicator in enumerate(indicators)
        )
        reports.append(report)
    return reports


@pytest.fixture
def official(client, db):
    membership = MembershipFactory(
        user=UserFactory(), role=Membership.Role.OFFICIAL, university=None
    )
    client.force_login(membership.user)
    return client


def _body(response) -> str:
    assert response.status_code == 200, response.content[:300]
    assert response.streaming
    return b"".join(response.streaming_content).decode("utf-8")


def test_csv_has_bom_stable_header_and_one_row_per_value(official, university):
    period = PeriodFactory(year=2025)
    (report,) = _reports_with_values(period, [university], per_report=3)
    response = official.get(
        "/api/v1/values/export/?period=2025&format=csv", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="values-2025.csv"'
    text = _body(response)
    assert text.startswith("\ufeffperiod,university,action,indicator,")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert list(rows[0]) == list(export.EXPORT_COLUMNS)
    first = Value.objects.filter(report=report).order_by("indicator__order").first()
    assert rows[0] == {
        "period": "2025",
        "university": university.code,
        "action": first.section.action.code,
        "indicator": first.indicator.code,
        "status": "entered",
        "raw": "0,5",
        "number": "0.5000",
        "date_value": "",
        "bool_value": "",
        "error_code": "",
        "explanation": "说明, with a comma",
        "revision": "0",
        "report": str(report.pk),
        "id": str(first.pk),
        "updated_at": first.updated_at.isoformat(),
    }
    assert len(rows) == 3


def test_json_lines_and_json_array_carry_the_same_rows(official, university):
    period = PeriodFactory(year=2025)
    _reports_with_values(period, [university], per_report=4)
    lines = _body(official.get("/api/v1/values/export/?period=2025&format=jsonl"))
    from_lines = [json.loads(line) for line in lines.splitlines()]
    array = official.get("/api/v1/values/export/?period=2025&format=json")
    assert array["Content-Type"] == "application/json"
    from_array = json.loads(_body(array))
    assert from_lines == from_array and len(from_array) == 4
    assert set(from_array[0]) == set(export.EXPORT_COLUMNS)
    assert from_array[0]["number"] == "0.5000" and from_array[0]["bool_value"] is None


def test_only_the_period_and_the_scope_asked(client, university, other_university):
    period = PeriodFactory(year=2025)
    _reports_with_values(period, [university, other_university], per_report=2)
    _reports_with_values(PeriodFactory(year=2024), [university], per_report=2)
    reporter = MembershipFactory(user=UserFactory(), university=university)
    client.force_login(reporter.user)
    rows = json.loads(
        _body(client.get("/api/v1/values/export/?period=2025&format=json"))
    )
    assert {(r["university"], r["period"]) for r in rows} == {(university.code, 2025)}
    assert len(rows) == 2
    one = _body(
        client.get(
            "/api/v1/values/export/?period=2025&format=jsonl"
            f"&indicator={rows[1]['indicator']}"
        )
    )
    assert [json.loads(line)["id"] for line in one.splitlines()] == [rows[1]["id"]]


def test_a_draft_is_not_exported_to_its_authority(client, university):
    """The content rule of the values list: the reviewer reads a draft's figures only
    after returning it."""
    period = PeriodFactory(year=2025)
    (report,) = _reports_with_values(period, [university], per_report=2)
    Report.objects.filter(pk=report.pk).update(state=Report.State.DRAFT)
    reviewer = MembershipFactory(
        user=UserFactory(),
        role=Membership.Role.REVIEWER,
        university=None,
        authority=university.authority,
    )
    client.force_login(reviewer.user)
    text = _body(client.get("/api/v1/values/export/?period=2025"))
    assert text.splitlines() == ["\ufeff" + ",".join(export.EXPORT_COLUMNS)]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("", "period"),
        ("period=2025&format=xlsx", "format"),
        ("period=2025&format=", "format"),
        ("period=x", "period"),
    ],
)
def test_bad_parameters_are_400_in_the_one_shape(official, query, field):
    response = official.get(f"/api/v1/values/export/?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert field in {row["field"] for row in error["fields"]}


def test_anonymous_gets_401_in_json(client, db):
    response = client.get("/api/v1/values/export/?period=2025&format=csv")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_query_count_does_not_grow_with_rows(official, django_assert_num_queries):
    period = PeriodFactory(year=2025)
    universities = [UniversityFactory() for _ in range(4)]
    _reports_with_values(period, universities[:1], per_report=5)
    url = "/api/v1/values/export/?period=2025&format=csv"
    _body(official.get(url))  # warm caches (content types, session)
    with CaptureQueriesContext(connection) as small:
        assert _body(official.get(url)).count("\n") == 1 + 5
    _reports_with_values(period, universities[1:], per_report=30)
    with django_assert_num_queries(len(small.captured_queries)):
        assert _body(official.get(url)).count("\n") == 1 + 5 + 3 * 30


def _peak_while_streaming(client, url: str) -> tuple[int, int]:
    response = client.get(url)
    assert response.status_code == 200 and response.streaming
    tracemalloc.start()
    try:
        lines = sum(chunk.count(b"\n") for chunk in response.streaming_content)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return lines, peak


def test_memory_does_not_grow_with_rows(official, monkeypatch):
    """The server holds one chunk of rows: with chunks of 100, streaming 2,000 rows
    peaks about where 200 do, where holding them all would take ten times more."""
    monkeypatch.setattr(export, "CHUNK_SIZE", 100)
    indicators = Indicator.objects.count()
    per_report = min(indicators, 100)
    small_period, large_period = PeriodFactory(year=2024), PeriodFactory(year=2025)
    universities = [UniversityFactory() for _ in range(2000 // per_report + 1)]
    _reports_with_values(small_period, universities[:2], per_report=100)
    _reports_with_values(large_period, universities, per_report=per_report)
    small_lines, small_peak = _peak_while_streaming(
        official, "/api/v1/values/export/?period=2024&format=jsonl"
    )
    large_lines, large_peak = _peak_while_streaming(
        official, "/api/v1/values/export/?period=2025&format=jsonl"
    )
    assert small_lines == 200 and large_lines >= 2000
    assert large_peak < small_peak * 1.5, (small_peak, large_peak)
