"""Bad input in a URL or a field outside the section form gets a 404 or a refusal,
never a 500: a code with a control character, a NUL byte that would reach a
PostgreSQL query, a ticked value that is no report id, a `next` that is no path."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import Resolver404, resolve

from reporting.models import Report
from tests.reporting.bad_input_support import nul_refused
from tests.reporting.form_support import draft_report, form_url


@pytest.fixture
def report(university):
    return draft_report(university)


# --- The plan's indicator pages -------------------------------------------------


@pytest.mark.parametrize("path", ["/plan/indicators/%00/", "/plan/indicators/A%01/"])
def test_a_code_with_a_control_character_is_not_found(client, db, path):
    response = client.get(path)

    assert response.status_code == 404
    assert "未找到页面" in response.content.decode()


def test_a_code_with_a_control_character_reaches_no_view():
    with pytest.raises(Resolver404):
        resolve("/plan/indicators/\x00/")
    with pytest.raises(Resolver404):
        resolve("/plan/indicators/" + "A" * 13 + "/")
    assert resolve("/plan/indicators/IND-A1-01/").kwargs == {"code": "IND-A1-01"}


# --- Fields of the queue and the uploads -------------------------------------


@pytest.mark.parametrize("ticked", ["\u00b2", "1" * 23, "99999999999999999999"])
def test_the_queue_takes_a_tick_that_is_no_report_id_as_no_report(
    cast, report_in_state, ticked
):
    submitted = report_in_state(Report.State.SUBMITTED)
    client = Client()
    client.force_login(cast.reviewer)

    response = client.post("/reports/queue/", {"report": [ticked], "action": "pass"})

    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.state == Report.State.SUBMITTED


def test_an_upload_goes_back_to_the_form_when_next_is_no_path_of_the_site(
    reporter_client, report
):
    response = reporter_client.post(
        f"/reports/{report.pk}/evidence/upload/",
        {"files": [], "next": "form"},
    )

    assert response.status_code == 302
    assert response["Location"] == form_url(report).split("?")[0]


# --- A NUL byte never reaches a query (PostgreSQL answers it with an error) -------


def test_an_autosave_to_a_section_code_with_a_nul_byte_is_not_found(
    reporter_client, report
):
    with nul_refused():
        response = reporter_client.post(
            f"/reports/{report.pk}/sections/%00/autosave/",
            "{}",
            content_type="application/json",
        )

    assert response.status_code == 404


def test_an_evidence_list_named_with_a_nul_byte_is_the_reports_list(
    reporter_client, report
):
    with nul_refused():
        response = reporter_client.post(
            f"/reports/{report.pk}/evidence/upload/?panel=%00",
            {"files": [], "confirm_unclassified": "on"},
            headers={"HX-Request": "true"},
        )

    assert response.status_code == 422
    assert "请选择要上传的文件。" in response.content.decode()


def test_a_plan_page_for_a_code_with_a_nul_byte_asks_no_query(client, db):
    with nul_refused():
        response = client.get("/plan/indicators/A%00/")

    assert response.status_code == 404
