"""The return page in a real browser: the authority reads the report with last year's
value, the warning and the university's explanation beside the field, comments on a
value and on a section (the page fits 1280 px in both languages), sends it without the overall comment, sees the error beside
that box (the comments kept), types the comment, the error goes, and the return
completes.

Screenshots land in test-results/screenshots/return-NN-<step>.png.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-results" / "screenshots"
PASSWORD = "Return-2026-carbon"
EXPLANATION = "两个专业今年合并为一个。"


@pytest.fixture
def seeded(transactional_db):
    """A submitted report whose IND-A1-01 fell to a tenth of last year's accepted
    value, explained; created before Playwright starts (see conftest.py)."""
    from tests.factories import UniversityFactory
    from tests.reporting.engine_data import (
        accepted_last_year,
        open_report,
        section_fill,
        sections_zero_except,
        value_put,
    )
    from tests.reporting.workflow_support import Cast, walk

    university = UniversityFactory(name_zh="退回测试大学")
    cast = Cast(university)
    for user in (cast.reporter, cast.approver, cast.reviewer):
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    report = open_report(university, year=2030)
    sections_zero_except(report, "A1")
    section_fill(report, "A1", raw="5")
    accepted_last_year(report, {"IND-A1-01": "50"})
    value_put(report, "IND-A1-01", "5", explanation=EXPLANATION)
    walk(report, cast, "submitted")
    return {
        "report": f"/reports/{report.pk}/",
        "return": f"/reports/{report.pk}/transition/return/",
        "reviewer": cast.reviewer.username,
    }


def fits(page) -> bool:
    width, inner = page.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth]"
    )
    return width <= inner


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_comment_error_goes_once_the_comment_is_typed(seeded, live_server, chromium):
    from playwright.sync_api import expect

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    errors: list[str] = []
    context = chromium.new_context(
        locale="zh-CN", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(10_000)
    context.on("weberror", lambda error: errors.append(str(error.error)))
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/?next={seeded['report']}")
    page.fill("input[name=username]", seeded["reviewer"])
    page.fill("input[name=password]", PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_url(re.compile(re.escape(seeded["report"]) + "$"))

    # The reviewer reads the report on the return page: nothing to unfold.
    page.get_by_test_id("action-return").click()
    page.wait_for_url(re.compile(re.escape(seeded["return"]) + "$"))
    row = page.get_by_test_id("return-row-IND-A1-01")
    expect(row.get_by_test_id("value")).to_contain_text("5")
    expect(row.get_by_test_id("previous")).to_contain_text("50")
    expect(row.get_by_test_id("warning")).to_be_visible()
    expect(row.get_by_test_id("explanation")).to_contain_text(EXPLANATION)
    # The page fits 1280 px in both languages, its tables and boxes included.
    assert fits(page)
    page.get_by_test_id("lang-switch").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(row.get_by_test_id("warning")).to_contain_text("A tenth of last year")
    assert fits(page)
    page.screenshot(path=SCREENSHOTS / "return-00-english.png")
    page.get_by_test_id("lang-switch").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    box = page.locator("#id_c-A1-IND-A1-01")
    expect(box).to_be_visible()
    box.fill("哪两个专业合并了？")
    section_box = page.locator("#id_c-A1-section")
    section_box.fill("A1 其余部分清楚。")
    page.screenshot(path=SCREENSHOTS / "return-01-reading.png")

    # Sent without the overall comment: refused, the error beside its box.
    page.get_by_test_id("step-submit").click()
    overall = page.locator("#id_comment")
    expect(overall).to_have_attribute("aria-invalid", "true")
    error = page.get_by_test_id("error-comment")
    expect(error).to_be_visible()
    expect(overall).to_have_attribute("aria-describedby", "id_comment_error")
    expect(page.get_by_test_id("form-errors")).to_be_visible()
    expect(box).to_have_value("哪两个专业合并了？")
    expect(section_box).to_have_value("A1 其余部分清楚。")
    overall.scroll_into_view_if_needed()
    page.screenshot(path=SCREENSHOTS / "return-02-error.png")

    # Spaces do not mend it; a comment does, and the error goes at once.
    overall.press_sequentially("  ")
    expect(error).to_be_visible()
    overall.press_sequentially("A1 的专业数需核实。")
    expect(error).to_have_count(0)
    expect(overall).not_to_have_attribute("aria-invalid", "true")
    expect(page.get_by_test_id("form-errors")).to_have_count(0)
    page.screenshot(path=SCREENSHOTS / "return-03-mended.png")

    # The return completes; the reviewer reads the returned report and its comments.
    page.get_by_test_id("step-submit").click()
    page.wait_for_url(re.compile(re.escape(seeded["report"]) + "$"))
    expect(page.get_by_test_id("field-comment-IND-A1-01")).to_contain_text(
        "哪两个专业合并了？"
    )
    expect(page.get_by_test_id("field-comment-A1-section")).to_contain_text(
        "A1 其余部分清楚。"
    )
    page.screenshot(path=SCREENSHOTS / "return-04-returned.png")
    context.close()

    assert not errors, errors
