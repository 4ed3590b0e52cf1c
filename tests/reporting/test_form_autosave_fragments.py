"""After an autosave the page must not stay stale: the answer carries last year's
comparison, the checks panel, the section list and whether fields are required,
rendered by the server's own templates and validation (issue 11)."""

from __future__ import annotations

import json
import re

import pytest

from tests.reporting.engine_data import accepted_last_year
from tests.reporting.form_support import autosave_url, draft_report, form_url, version


@pytest.fixture
def report(university):
    return draft_report(university)


def autosave(client, report, data: dict, *, section: str = "A1") -> dict:
    response = client.post(
        autosave_url(report, section),
        json.dumps({"base_version": version(report, section), "data": data}),
        content_type="application/json",
    )
    assert response.status_code == 200
    return response.json()


def _entered(raw: str) -> dict:
    return {"raw": raw, "status": "entered"}


def test_the_comparison_with_last_year_follows_the_saved_value(reporter_client, report):
    accepted_last_year(report, {"IND-A1-03": "100"})

    answer = autosave(
        reporter_client, report, {"values": {"IND-A1-03": _entered("112")}}
    )

    context = answer["fields"]["IND-A1-03"]["comparison_html"]
    assert 'data-testid="change-IND-A1-03">(+12.0%)</span>' in context
    # the same markup as the page shows after a reload
    page = reporter_client.get(form_url(report)).content.decode()
    assert 'data-testid="change-IND-A1-03">(+12.0%)</span>' in page

    answer = autosave(reporter_client, report, {"values": {"IND-A1-03": _entered("")}})
    assert "change-IND-A1-03" not in answer["fields"]["IND-A1-03"]["comparison_html"]


def test_the_checks_panel_counts_and_lists_what_the_save_changed(
    reporter_client, report
):
    before = autosave(reporter_client, report, {"narrative_next": "Later."})
    count_before = _count(before["checks_html"])
    assert 'data-issue="not_a_number"' not in before["checks_html"]

    answer = autosave(
        reporter_client, report, {"values": {"IND-A1-03": _entered("abc")}}
    )

    assert _count(answer["checks_html"]) == count_before + 1
    assert 'data-issue="not_a_number"' in answer["checks_html"]
    assert "raw-IND-A1-03" in answer["checks_html"]  # the link to the field


def test_the_section_list_shows_the_new_error_count(reporter_client, report):
    answer = autosave(
        reporter_client, report, {"values": {"IND-A1-03": _entered("abc")}}
    )

    nav = answer["nav_html"]
    assert nav.lstrip().startswith("<nav")
    a1 = nav.split('data-section="A1"')[1].split("</a>")[0]
    assert 'class="badge text-bg-danger"' in a1 and ">1<" in a1


def test_a_zero_report_makes_the_fields_no_longer_required(reporter_client, report):
    answer = autosave(reporter_client, report, {"narrative_next": "Later."})
    assert answer["required"] is True

    answer = autosave(
        reporter_client,
        report,
        {"is_zero_report": True, "zero_note": "No such programmes this year."},
    )

    assert answer["required"] is False
    page = reporter_client.get(form_url(report)).content.decode()
    assert not re.search(r'data-field="IND-A1-01"[^>]*data-required', page)


def _count(checks_html: str) -> int:
    match = re.search(r'<span class="badge text-bg-danger">(\d+)</span>', checks_html)
    return int(match.group(1)) if match else 0
