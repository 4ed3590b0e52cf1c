"""Fixtures and helpers of the report-form tests (test_form_*.py)."""

from __future__ import annotations

import re

from django.urls import reverse

from reporting.models import ReportSection
from tests.reporting.engine_data import open_report


def draft_report(university):
    """A draft report of the university for 2024, in an open period."""
    return open_report(university, year=2024)


def form_url(report, section: str = "A1") -> str:
    return f"{reverse('reporting:report-form', args=[report.pk])}?section={section}"


def autosave_url(report, section: str = "A1") -> str:
    return reverse("reporting:section-autosave", args=[report.pk, section])


def version(report, section: str = "A1") -> int:
    return ReportSection.objects.get(report=report, action__code=section).version


def post_section(client, report, fields: dict, *, section: str = "A1", base=None):
    """Submit the section form as the browser does without JavaScript."""
    data = {
        "section": section,
        "base_version": version(report, section) if base is None else base,
        **fields,
    }
    return client.post(form_url(report, section), data)


def field_html(html: str, code: str) -> str:
    """The markup of one field row of the form."""
    match = re.search(
        rf'<div class="report-field[^"]*" data-field="{code}".*?(?=<div class="report-field|</fieldset>)',
        html,
        re.S,
    )
    assert match, f"no field {code} on the page"
    return match.group(0)


def input_value(html: str, code: str) -> str:
    match = re.search(rf'name="raw-{code}"[^>]*value="([^"]*)"', html)
    assert match, f"no input for {code}"
    return match.group(1)


def error_text(html: str, code: str) -> str:
    match = re.search(rf'data-testid="error-{code}">([^<]*)<', html)
    assert match, f"no error slot for {code}"
    return match.group(1).strip()
