"""An empty required field is marked on the form, and every error of the report names
its indicator and leads to its field: on the form's checks panel, and in the refusal
of a report that is not ready for sign-off."""

from __future__ import annotations

import html as html_lib

import pytest

from initiatives.models import Indicator
from reporting.models import Report, ReportSection, Transition, Value
from reporting.services import workflow
from reporting.services.workflow_guards import TransitionRefused
from reporting.validation import report_check
from tests.reporting.engine_data import (
    open_report,
    section_fill,
    sections_zero_except,
    value_put,
)
from tests.reporting.form_support import field_html, form_url
from tests.reporting.workflow_views_support import (
    client_for,
    messages_of,
    report_url,
    step_url,
)

pytestmark = pytest.mark.django_db


def _field_link(report, code: str, section: str = "A1") -> str:
    return f"/reports/{report.pk}/form/?section={section}#{code}"


def _almost_ready(university) -> Report:
    """Every section declared empty but A1, which is filled but for IND-A1-01."""
    report = open_report(university)
    sections_zero_except(report, "A1")
    section_fill(report, "A1")
    Value.objects.filter(report=report, indicator__code="IND-A1-01").delete()
    return report


def test_the_incomplete_section_names_each_missing_indicator_with_its_link(
    university,
):
    report = _almost_ready(university)
    name = Indicator.objects.get(code="IND-A1-01").display_name

    check = report_check(report, for_submission=True)

    (issue,) = check.errors
    assert issue.code == "section_incomplete"
    assert [(link.label, link.url) for link in issue.links] == [
        (f"IND-A1-01 {name}", _field_link(report, "raw-IND-A1-01"))
    ]
    assert report_check(report).errors == []  # still only at submission


def test_a_value_error_and_a_missing_narrative_link_to_their_fields(university):
    report = _almost_ready(university)
    value_put(report, "IND-A1-01", "many")
    ReportSection.objects.filter(report=report, action__code="A1").update(
        narrative_done=""
    )

    check = report_check(report, for_submission=True)

    links = {issue.code: [link.url for link in issue.links] for issue in check.errors}
    value_error = next(i for i in check.errors if i.indicator_code == "IND-A1-01")
    assert links[value_error.code] == [_field_link(report, "raw-IND-A1-01")]
    assert links["narrative_missing"] == [_field_link(report, "narrative_done")]
    assert len(check.errors) == 2  # one error each: the counts stay errors


def test_mark_ready_refused_names_the_missing_indicator(cast, university):
    report = _almost_ready(university)
    name = Indicator.objects.get(code="IND-A1-01").display_name

    with pytest.raises(TransitionRefused) as refused:
        workflow.report_mark_ready(report=report, user=cast.reporter)

    assert refused.value.code == "not_ready"
    assert f"IND-A1-01 {name}" in refused.value.message
    assert [issue.code for issue in refused.value.issues] == ["section_incomplete"]


def test_a_blank_section_names_a_few_fields_in_the_plain_message(cast, university):
    report = open_report(university)
    sections_zero_except(report, "A1")

    with pytest.raises(TransitionRefused) as refused:
        workflow.report_mark_ready(report=report, user=cast.reporter)

    message = refused.value.message
    assert "IND-A1-01" in message and "IND-A1-05" in message
    assert "IND-A1-06" not in message and "…" in message


def test_the_refusal_on_the_report_page_links_to_the_empty_field(cast, university):
    report = _almost_ready(university)
    reporter = client_for(cast.reporter)

    response = reporter.post(step_url(report, "mark_ready"), follow=True)

    assert response.redirect_chain == [(report_url(report), 302)]
    (message,) = [text for text in messages_of(response) if "sign-off" in text]
    assert _field_link(report, "raw-IND-A1-01") in message
    page = response.content.decode()
    assert f'href="{_field_link(report, "raw-IND-A1-01")}"' in page
    assert not Transition.objects.filter(report=report).exists()


def test_the_form_marks_required_fields_and_lists_what_blocks_sign_off(
    cast, university
):
    report = _almost_ready(university)
    page = client_for(cast.reporter).get(form_url(report)).content.decode()

    field = field_html(page, "IND-A1-01")
    assert 'aria-required="true"' in field and "(required)" in field
    narrative = page[page.index('id="narrative_done"') - 400 :]
    assert 'aria-required="true"' in narrative.split("</textarea>")[0]
    checks = page[page.index('data-testid="form-checks"') :]
    checks = checks[: checks.index("</details>")]
    assert f'href="{_field_link(report, "raw-IND-A1-01")}"' in checks
    assert "IND-A1-01" in html_lib.unescape(checks)
    assert 'data-testid="next-problem"' in page


def test_a_zero_report_section_marks_only_its_note_required(cast, university):
    report = _almost_ready(university)
    page = client_for(cast.reporter).get(form_url(report, "A2")).content.decode()

    assert 'data-testid="section-A2"' in page
    # Only the note saying why is required; no indicator, no narrative.
    assert page.count('aria-required="true"') == page.count("(required)") == 1
    note = page[page.index('id="zero_note"') :].split("</textarea>")[0]
    assert 'aria-required="true"' in note


def test_a_ready_report_has_no_checks_panel(cast, university):
    report = _almost_ready(university)
    value_put(report, "IND-A1-01", "5")

    page = client_for(cast.reporter).get(form_url(report)).content.decode()

    assert 'data-testid="form-checks"' not in page
