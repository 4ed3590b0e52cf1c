"""An empty required field in a real browser: marking the report ready is refused
with an error that names the indicator and links to it; the link opens the form at
the field, "Next problem" leads there too, and once it is filled the report goes
through.

Screenshots land in test-results/screenshots/required-*.png.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-results" / "screenshots"
PASSWORD = "Required-2026-carbon"


@pytest.fixture
def seeded(transactional_db):
    """A report whose only gap is IND-A1-01 (A1 filled otherwise, every other
    section declared empty), created before Playwright starts (after that this
    thread runs in greenlets where a new database connection is never closed)."""
    from reporting.models import Value
    from reporting.validation import report_check
    from tests.factories import UniversityFactory
    from tests.reporting.engine_data import (
        open_report,
        section_fill,
        sections_zero_except,
    )
    from tests.reporting.workflow_support import Cast

    university = UniversityFactory()
    cast = Cast(university)
    cast.reporter.set_password(PASSWORD)
    cast.reporter.save(update_fields=["password"])
    report = open_report(university, year=2024)
    sections_zero_except(report, "A1")
    section_fill(report, "A1", raw="5")
    Value.objects.filter(report=report, indicator__code="IND-A1-01").delete()
    for section in report.sections.all():  # recorded in the history, as a save is
        section.save()
    assert [i.code for i in report_check(report, for_submission=True).errors] == [
        "section_incomplete"
    ]
    return {"report": f"/reports/{report.pk}/", "reporter": cast.reporter.username}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_refused_mark_ready_leads_to_the_empty_field_and_then_goes_through(
    seeded, live_server, chromium
):
    from playwright.sync_api import expect

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    errors: list[str] = []
    context = chromium.new_context(
        locale="zh-CN", viewport={"width": 1366, "height": 768}
    )
    context.set_default_timeout(10_000)
    context.on("weberror", lambda error: errors.append(str(error.error)))
    page = context.new_page()
    report = seeded["report"]
    page.goto(f"{live_server.url}/accounts/login/?next={report}")
    page.fill("input[name=username]", seeded["reporter"])
    page.fill("input[name=password]", PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_url(re.compile(re.escape(report) + "$"))
    state = "[data-testid=report-header] [data-testid=report-state]"
    draft = page.locator(state).inner_text()

    # Refused: the message names the indicator and links to its field.
    page.get_by_test_id("action-mark_ready").click()
    page.get_by_test_id("confirm-mark_ready-yes").click()
    refusal = page.locator(".alert", has=page.get_by_test_id("not-ready"))
    expect(refusal).to_be_visible()
    link = refusal.get_by_test_id("issue-link")
    expect(link).to_have_count(1)
    expect(link).to_contain_text("IND-A1-01")
    expect(page.locator(state)).to_have_text(draft)
    page.screenshot(path=SCREENSHOTS / "required-1-refused.png")

    # The link opens the form at the field, marked as required.
    link.click()
    page.wait_for_url(re.compile(r"/form/\?section=A1#raw-IND-A1-01$"))
    field = page.locator("#raw-IND-A1-01")
    expect(field).to_have_attribute("aria-required", "true")
    expect(field).to_be_in_viewport()
    page.screenshot(path=SCREENSHOTS / "required-2-field.png")

    # "Next problem" leads to the same field; filled in, nothing is left.
    page.get_by_test_id("next-problem").click()
    expect(field).to_be_focused()
    field.fill("5")
    page.get_by_test_id("save-draft").click()
    expect(page.locator("#raw-IND-A1-01")).to_have_value("5")
    expect(page.get_by_test_id("form-checks")).to_have_count(0)
    page.get_by_test_id("next-problem").click()
    expect(page.get_by_test_id("save-status")).not_to_be_empty()

    # Marked ready again, it goes through.
    page.get_by_test_id("action-mark_ready").click()
    page.get_by_test_id("confirm-mark_ready-yes").click()
    expect(page.locator(state)).not_to_have_text(draft)
    expect(page.get_by_test_id("not-ready")).to_have_count(0)
    page.screenshot(path=SCREENSHOTS / "required-3-ready.png")
    context.close()
    assert not errors, errors
