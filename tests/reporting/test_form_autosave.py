"""Autosave (JSON), the keepalive, and how both answer when the session has ended."""

from __future__ import annotations

import json
import time

import pytest
from django.test import override_settings

from accounts.middleware import LAST_ACTIVITY_KEY
from reporting.models import PendingInput, Report, ReportSection, Value
from reporting.section_input import SectionInput, ValueInput
from reporting.services.sections import section_save
from tests.factories import MembershipFactory, UserFactory
from tests.reporting.form_support import (
    autosave_url,
    draft_report,
    form_url,
    input_value,
    version,
)


@pytest.fixture
def report(university):
    return draft_report(university)


def autosave(client, report, data: dict, *, base=None, section: str = "A1"):
    body = {
        "base_version": version(report, section) if base is None else base,
        "data": data,
    }
    return client.post(
        autosave_url(report, section),
        json.dumps(body),
        content_type="application/json",
        headers={"X-Requested-With": "XMLHttpRequest"},
    )


def test_autosave_stores_the_input_and_answers_each_field(reporter_client, report):
    response = autosave(
        reporter_client,
        report,
        {
            "values": {
                "IND-A1-01": {"raw": "12", "status": "entered"},
                "IND-A1-03": {"raw": "abc", "status": "entered"},
                "IND-A1-04": {"raw": "１，２３４", "status": "entered"},
            },
            "narrative_done": "Two majors opened.",
        },
        base=0,
    )

    assert response.status_code == 200
    answer = response.json()
    assert answer["saved"] is True
    assert answer["version"] == 1 == version(report)
    fields = answer["fields"]
    assert fields["IND-A1-04"]["value"] == "1234"
    assert fields["IND-A1-04"]["raw"] == "１，２３４"
    assert fields["IND-A1-04"]["error"] is None
    assert fields["IND-A1-03"]["value"] == "abc"
    assert fields["IND-A1-03"]["error"] == "请填写数字，例如 1234 或 1,234.5。"
    assert fields["IND-A1-01"]["error"] is None
    # The comparison with last year of each field sent (another's does not change).
    assert "上年数" in fields["IND-A1-04"]["comparison_html"]
    assert fields["IND-A1-05"] == {
        "error": None,
        "warnings": [],
        "value": "",
        "raw": "",
        "status": "blank",
        "explanation": "",
        "explanation_error": None,
    }
    assert answer["completeness"]["sections"]["A1"] > 0
    assert answer["completeness"]["section"] == answer["completeness"]["sections"]["A1"]
    assert 0 < answer["completeness"]["report"] < 100
    assert ReportSection.objects.get(
        report=report, action__code="A1"
    ).narrative_done == ("Two majors opened.")
    # The next page load shows what autosave stored.
    html = reporter_client.get(form_url(report)).content.decode()
    assert input_value(html, "IND-A1-04") == "1234"
    assert input_value(html, "IND-A1-03") == "abc"


def test_autosave_on_a_stale_version_is_refused_with_what_changed(
    reporter_client, report, university
):
    other = UserFactory(name="International Office")
    MembershipFactory(user=other, university=university)
    section = ReportSection.objects.get(report=report, action__code="A1")
    section_save(
        section=section,
        user=other,
        section_input=SectionInput(
            action_code="A1",
            base_version=0,
            values={"IND-A1-01": ValueInput(indicator_code="IND-A1-01", raw="7")},
        ),
    )

    response = autosave(
        reporter_client, report, {"values": {"IND-A1-01": {"raw": "9"}}}, base=0
    )

    assert response.status_code == 409
    conflict = response.json()["conflict"]
    assert conflict["current_version"] == 1
    assert conflict["changed_by"] == "International Office"
    assert conflict["changes"][0][1:] == ["9", "7"]
    assert Value.objects.get(report=report, indicator__code="IND-A1-01").raw == "7"
    pending = PendingInput.objects.get(user=reporter_client.user)
    assert pending.data["values"]["IND-A1-01"]["raw"] == "9"

    html = reporter_client.get(form_url(report)).content.decode()
    assert 'data-testid="conflict"' in html
    assert input_value(html, "IND-A1-01") == "9"


def test_autosave_ignores_indicators_of_other_sections(reporter_client, report):
    response = autosave(
        reporter_client,
        report,
        {"values": {"IND-A2-01": {"raw": "5"}, "IND-A1-01": {"raw": "5"}}},
    )

    assert response.status_code == 200
    assert list(
        Value.objects.filter(report=report).values_list("indicator__code", flat=True)
    ) == ["IND-A1-01"]


def test_autosave_refuses_a_body_that_is_not_the_agreed_json(reporter_client, report):
    url = autosave_url(report)
    bad = [
        "not json",
        json.dumps({"data": {}}),
        json.dumps({"base_version": "x", "data": {}}),
        json.dumps({"base_version": 0, "data": []}),
        json.dumps(
            {"base_version": 0, "data": {"values": {"IND-A1-01": {"status": "maybe"}}}}
        ),
    ]
    for body in bad:
        response = reporter_client.post(url, body, content_type="application/json")
        assert response.status_code == 400, body
        assert response.json()["saved"] is False
    assert not Value.objects.exists()


def test_autosave_of_a_locked_report_answers_403_with_the_reason(
    reporter_client, report
):
    Report.objects.filter(pk=report.pk).update(state=Report.State.READY)

    response = autosave(
        reporter_client, report, {"values": {"IND-A1-01": {"raw": "5"}}}
    )

    assert response.status_code == 403
    assert response.json()["error"] == "locked"
    assert response.json()["message"]
    assert not Value.objects.exists()


def test_autosave_of_an_unknown_section_is_404(reporter_client, report):
    response = autosave(reporter_client, report, {}, base=0, section="Z9")

    assert response.status_code == 404


def test_autosave_by_the_anonymous_user_answers_401_json(client, report):
    response = autosave(client, report, {"values": {"IND-A1-01": {"raw": "5"}}})

    assert response.status_code == 401
    assert response.json()["error"] == "login"


def test_after_the_idle_timeout_autosave_is_sent_to_the_login_page(
    reporter_client, report
):
    """What report-form.js sees when the session timed out: a redirect to login
    (it keeps the input in localStorage until the user has logged in again)."""
    session = reporter_client.session
    session[LAST_ACTIVITY_KEY] = time.time() - 3600
    session.save()

    with override_settings(SESSION_IDLE_TIMEOUT=600):
        response = autosave(
            reporter_client, report, {"values": {"IND-A1-01": {"raw": "5"}}}, base=0
        )

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not Value.objects.exists()


def test_autosave_and_keepalive_count_as_activity(reporter_client, report):
    for send in (
        lambda: autosave(reporter_client, report, {"narrative_next": "More."}),
        lambda: reporter_client.post("/reports/keepalive/"),
    ):
        session = reporter_client.session
        session[LAST_ACTIVITY_KEY] = time.time() - 100
        session.save()

        response = send()

        assert response.status_code in (200, 204)
        assert reporter_client.session[LAST_ACTIVITY_KEY] > time.time() - 5


def test_keepalive_answers_204_and_401_when_signed_out(reporter_client, client):
    assert reporter_client.post("/reports/keepalive/").status_code == 204
    reporter_client.logout()

    response = reporter_client.post("/reports/keepalive/")

    assert response.status_code == 401
    assert reporter_client.get("/reports/keepalive/").status_code == 405
