"""Saving the section form without JavaScript: input kept, errors beside their field,
zero reports, warnings with explanations, and the refused save of a stale section."""

from __future__ import annotations

import re

import pytest

from reporting.models import PendingInput, ReportSection, Value
from reporting.section_input import SectionInput, ValueInput
from reporting.services.sections import section_save
from tests.factories import MembershipFactory, UserFactory
from tests.reporting.engine_data import accepted_last_year
from tests.reporting.form_support import (
    draft_report,
    error_text,
    field_html,
    form_url,
    input_value,
    post_section,
    version,
)


@pytest.fixture
def report(university):
    return draft_report(university)


def test_saving_keeps_invalid_input_and_marks_only_that_field(reporter_client, report):
    response = post_section(
        reporter_client,
        report,
        {
            "raw-IND-A1-01": "12",
            "raw-IND-A1-03": "abc",
            "raw-IND-A1-04": "１，２３４",
            "narrative_done": "Two new majors.",
        },
    )

    assert response.status_code == 302
    # Without JavaScript too, back at the section, not the top of the page.
    assert response["Location"] == form_url(report, "A1") + "#section-title"
    html = reporter_client.get(response["Location"]).content.decode()
    assert input_value(html, "IND-A1-01") == "12"
    assert input_value(html, "IND-A1-03") == "abc"
    assert input_value(html, "IND-A1-04") == "1234"
    assert error_text(html, "IND-A1-03") == "请填写数字，例如 1234 或 1,234.5。"
    assert error_text(html, "IND-A1-01") == ""
    assert error_text(html, "IND-A1-04") == ""
    assert html.count('class="form-control is-invalid"') == 1
    assert "草稿已保存。" in html
    stored = Value.objects.get(report=report, indicator__code="IND-A1-04")
    assert stored.raw == "１，２３４"
    assert stored.number == 1234


def test_not_applicable_blank_and_zero_are_three_different_things(
    reporter_client, report
):
    post_section(
        reporter_client,
        report,
        {
            "raw-IND-A1-01": "0",
            "raw-IND-A1-02": "",
            "na-IND-A1-02": "on",
            "raw-IND-A1-03": "  ",
        },
    )

    statuses = dict(
        Value.objects.filter(report=report).values_list("indicator__code", "status")
    )
    assert statuses["IND-A1-01"] == Value.Status.ENTERED
    assert statuses["IND-A1-02"] == Value.Status.NOT_APPLICABLE
    assert "IND-A1-03" not in statuses  # blank: nothing stored
    html = reporter_client.get(form_url(report)).content.decode()
    assert re.search(r'name="na-IND-A1-02"[^>]*checked', html)
    assert not re.search(r'name="na-IND-A1-01"[^>]*checked', html)


def test_a_zero_report_needs_a_note(reporter_client, report):
    post_section(reporter_client, report, {"is_zero_report": "on", "zero_note": ""})

    html = reporter_client.get(form_url(report)).content.decode()
    note_error = re.search(r'data-testid="zero-note-error">([^<]*)<', html).group(1)
    assert note_error.strip() == "请说明本年度无可报告内容的原因。"

    post_section(
        reporter_client,
        report,
        {"is_zero_report": "on", "zero_note": "No majors in this field yet."},
    )

    html = reporter_client.get(form_url(report)).content.decode()
    note_error = re.search(r'data-testid="zero-note-error">([^<]*)<', html).group(1)
    assert note_error.strip() == ""
    nav_a1 = html.split('data-section="A1"')[1].split("</a>")[0]
    assert 'data-completeness="A1"' in nav_a1
    assert "width: 100%" in nav_a1


def test_a_warning_asks_for_an_explanation_of_six_characters(reporter_client, report):
    accepted_last_year(report, {"IND-A1-01": "100"})
    quiet = field_html(
        reporter_client.get(form_url(report)).content.decode(), "IND-A1-01"
    )
    assert 'class="d-none" data-explanation-wrap' in quiet  # no warning yet

    post_section(reporter_client, report, {"raw-IND-A1-01": "60"})

    field = field_html(
        reporter_client.get(form_url(report)).content.decode(), "IND-A1-01"
    )
    assert "低于上年数值（100 个），而本项为存量指标。" in field
    assert "data-explanation-wrap" in field
    assert 'class="d-none" data-explanation-wrap' not in field

    post_section(
        reporter_client,
        report,
        {"raw-IND-A1-01": "60", "explanation-IND-A1-01": "Merge"},
    )
    field = field_html(
        reporter_client.get(form_url(report)).content.decode(), "IND-A1-01"
    )
    assert (
        "is-invalid"
        in field.split("data-explanation-input")[0].rsplit("<textarea", 1)[1]
    )

    post_section(
        reporter_client,
        report,
        {"raw-IND-A1-01": "60", "explanation-IND-A1-01": "专业合并调整"},
    )
    field = field_html(
        reporter_client.get(form_url(report)).content.decode(), "IND-A1-01"
    )
    textarea = field.split("data-explanation-input")[0].rsplit("<textarea", 1)[1]
    assert "is-invalid" not in textarea
    assert "专业合并调整" in field


def test_a_stale_save_is_refused_and_keeps_the_input(
    reporter_client, report, university
):
    other = UserFactory(name="Office of Research")
    MembershipFactory(user=other, university=university)
    base = version(report)
    section = ReportSection.objects.get(report=report, action__code="A1")
    section_save(
        section=section,
        user=other,
        section_input=SectionInput(
            action_code="A1",
            base_version=base,
            values={"IND-A1-01": ValueInput(indicator_code="IND-A1-01", raw="7")},
        ),
    )

    response = post_section(
        reporter_client,
        report,
        {
            "raw-IND-A1-01": "9",
            "raw-IND-A1-03": "120",
            "js_changed": "v:IND-A1-01,v:IND-A1-03",
        },
        base=base,
    )

    assert response.status_code == 409
    html = response.content.decode()
    assert 'data-testid="conflict"' in html
    assert "Office of Research" in html
    changes = html.split('data-testid="conflict-changes"')[1].split("</table>")[0]
    assert "IND-A1-01" in changes and ">9<" in changes and ">7<" in changes
    assert input_value(html, "IND-A1-01") == "9"
    assert input_value(html, "IND-A1-03") == "120"
    # The new base lets the next save through once the user has seen the changes.
    assert f'name="base_version" value="{version(report)}"' in html
    assert Value.objects.get(report=report, indicator__code="IND-A1-01").raw == "7"
    assert PendingInput.objects.filter(user=reporter_client.user).exists()

    # Coming back later: the input is there again, with the banner and a discard.
    html = reporter_client.get(form_url(report)).content.decode()
    assert 'data-testid="conflict"' in html
    assert "Office of Research" in html
    assert input_value(html, "IND-A1-01") == "9"
    assert input_value(html, "IND-A1-03") == "120"
    assert 'data-testid="discard"' in html

    # Saving again on the current version keeps the user's input.
    response = post_section(
        reporter_client,
        report,
        {"raw-IND-A1-01": "9", "raw-IND-A1-03": "120"},
    )
    assert response.status_code == 302
    assert Value.objects.get(report=report, indicator__code="IND-A1-01").raw == "9"
    assert not PendingInput.objects.exists()


def test_discarding_the_kept_input_shows_the_stored_section(
    reporter_client, report, university
):
    other = UserFactory()
    MembershipFactory(user=other, university=university)
    base = version(report)
    section = ReportSection.objects.get(report=report, action__code="A1")
    section_save(
        section=section,
        user=other,
        section_input=SectionInput(
            action_code="A1",
            base_version=base,
            values={"IND-A1-01": ValueInput(indicator_code="IND-A1-01", raw="7")},
        ),
    )
    post_section(reporter_client, report, {"raw-IND-A1-01": "9"}, base=base)

    response = reporter_client.post(form_url(report), {"section": "A1", "discard": "1"})

    assert response.status_code == 302
    assert not PendingInput.objects.exists()
    html = reporter_client.get(form_url(report)).content.decode()
    assert 'data-testid="conflict"' not in html
    assert input_value(html, "IND-A1-01") == "7"


def test_with_the_script_only_the_changed_fields_are_saved(
    reporter_client, report, university
):
    other = UserFactory()
    MembershipFactory(user=other, university=university)
    section = ReportSection.objects.get(report=report, action__code="A1")
    section_save(
        section=section,
        user=other,
        section_input=SectionInput(
            action_code="A1",
            base_version=version(report),
            values={"IND-A1-01": ValueInput(indicator_code="IND-A1-01", raw="7")},
        ),
    )

    # The page showed 7 for A1-01; the user changed only A1-03.
    post_section(
        reporter_client,
        report,
        {"raw-IND-A1-01": "7", "raw-IND-A1-03": "40", "js_changed": "v:IND-A1-03"},
    )

    values = dict(
        Value.objects.filter(report=report).values_list("indicator__code", "updated_by")
    )
    assert values == {"IND-A1-01": other.pk, "IND-A1-03": reporter_client.user.pk}


def test_a_post_for_an_unknown_section_is_404(reporter_client, report):
    response = reporter_client.post(
        f"/reports/{report.pk}/form/", {"section": "Z9", "base_version": 0}
    )

    assert response.status_code == 404
