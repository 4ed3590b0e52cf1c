"""Query parameters answer as the schema documents them (the gaps schemathesis
found, one ordinary test each): a wrong type, a value out of bounds or a choice
that names nothing is a 400 naming the parameter, never ignored and never a 500."""

from __future__ import annotations

import base64

import pytest

from tests.api.accepted import accept_with_values
from tests.factories import IndicatorFactory, make_open_period_with_report

BIG = 2**63  # one past PostgreSQL's bigint


def _fields(response) -> list[str]:
    assert response.status_code == 400, response.content
    return [field["field"] for field in response.json()["error"]["fields"]]


@pytest.mark.parametrize("value", ["0", "-1", "null", "1.5", "501", str(BIG)])
def test_page_size_out_of_its_bounds_is_refused(ministry_client, value):
    response = ministry_client.get(f"/api/v1/universities/?page_size={value}")
    assert _fields(response) == ["page_size"]


@pytest.mark.parametrize("value", ["0", "abc", "last"])
def test_page_must_be_a_positive_whole_number(ministry_client, value):
    assert _fields(ministry_client.get(f"/api/v1/provinces/?page={value}")) == ["page"]


def test_a_page_past_the_last_is_not_found(ministry_client):
    assert ministry_client.get(f"/api/v1/provinces/?page={BIG - 1}").status_code == 404


def test_cursor_page_size_is_bounded_too(ministry_client):
    response = ministry_client.get("/api/v1/values/?page_size=5001")
    assert _fields(response) == ["page_size"]


@pytest.mark.parametrize("position", ["abc", str(BIG)])
def test_a_forged_cursor_is_not_found_not_a_server_error(ministry_client, position):
    cursor = base64.b64encode(f"p={position}".encode()).decode()
    response = ministry_client.get(f"/api/v1/values/?cursor={cursor}")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("values", "2025.5"),
        ("values", "1899"),
        ("values", "10000"),
        ("narratives", "0.5"),
        ("accepted-values", "abc"),
        ("periods", "0.5"),
    ],
)
def test_years_are_whole_numbers_from_1900_to_9999(ministry_client, path, value):
    name = "year" if path == "periods" else "period"
    assert _fields(ministry_client.get(f"/api/v1/{path}/?{name}={value}")) == [name]


@pytest.mark.parametrize("value", ["0", "1.5", str(BIG), "x"])
def test_id_filters_are_bounded_whole_numbers(ministry_client, value):
    for path in ("values", "narratives", "evidence", "field-comments"):
        response = ministry_client.get(f"/api/v1/{path}/?report={value}")
        assert _fields(response) == ["report"], path


def test_an_id_in_the_path_beyond_bigint_is_not_found(ministry_client):
    for path in ("reports", "values", "universities", "sections"):
        response = ministry_client.get(f"/api/v1/{path}/{BIG}/")
        assert response.status_code == 404, path


def test_choice_filter_with_an_unknown_id_names_the_field(ministry_client):
    for path, name in [("reports", "period"), ("universities", "province")]:
        response = ministry_client.get(f"/api/v1/{path}/?{name}={BIG - 1}")
        assert _fields(response) == [name]
        assert response.json()["error"]["fields"][0]["code"] == "invalid_choice"


@pytest.mark.parametrize("value", ["maybe", "1", "null"])
def test_flags_are_true_or_false(ministry_client, value):
    response = ministry_client.get(f"/api/v1/universities/?is_active={value}")
    assert _fields(response) == ["is_active"]
    response = ministry_client.get(f"/api/v1/indicators/?is_active={value}")
    assert _fields(response) == ["is_active"]


def test_flags_filter(ministry_client, university):
    response = ministry_client.get("/api/v1/universities/?is_active=false")
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_a_filter_not_offered_to_the_role_is_refused(reporter_client, university):
    response = reporter_client.get(
        f"/api/v1/universities/?province={university.province_id}"
    )
    assert _fields(response) == ["province"]


def test_ordering_by_an_unknown_field_is_refused(ministry_client, university):
    assert _fields(ministry_client.get("/api/v1/universities/?ordering=pk")) == [
        "ordering"
    ]
    response = ministry_client.get("/api/v1/universities/?ordering=-name_zh,code")
    assert response.status_code == 200


def test_schema_documents_the_bounds(client, db):
    schema = client.get("/api/schema/?format=json").json()
    values = {
        p["name"]: p["schema"]
        for p in schema["paths"]["/api/v1/values/"]["get"]["parameters"]
    }
    assert values["period"] | {} == {
        "type": "integer",
        "minimum": 1900,
        "maximum": 9999,
    }
    assert values["report"]["maximum"] == values["report"]["maximum"] == BIG - 1
    assert values["page_size"]["maximum"] == 5000
    report = schema["paths"]["/api/v1/reports/{id}/"]["get"]["parameters"][0]
    assert (report["schema"]["minimum"], report["schema"]["maximum"]) == (1, BIG - 1)
    ordering = next(
        p
        for p in schema["paths"]["/api/v1/universities/"]["get"]["parameters"]
        if p["name"] == "ordering"
    )
    assert ordering["schema"]["pattern"].startswith("^(")


def test_a_reports_reasons_may_be_null_as_documented(
    client, ministry_client, university
):
    report = make_open_period_with_report(university)
    accept_with_values(report, [IndicatorFactory()])
    schema = client.get("/api/schema/?format=json").json()
    properties = schema["components"]["schemas"]["Report"]["properties"]
    assert properties["lock_reason"]["nullable"] is True
    assert properties["content_hidden_reason"]["nullable"] is True


@pytest.mark.parametrize(
    ("path", "name"),
    [("reports", "state"), ("universities", "is_active"), ("values", "period")],
)
def test_an_empty_id_year_flag_or_choice_is_refused(ministry_client, path, name):
    assert _fields(ministry_client.get(f"/api/v1/{path}/?{name}=")) == [name]


def test_an_empty_report_period_means_every_period(ministry_client, university):
    make_open_period_with_report(university)
    response = ministry_client.get("/api/v1/reports/?period=")
    assert response.status_code == 200
    assert response.json()["count"] == 1
