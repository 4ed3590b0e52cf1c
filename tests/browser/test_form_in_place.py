"""The report form stays where the user is and stays current (issue 11): "Save draft"
saves in place (no reload, same scroll position and focus), and an autosave
refreshes last year's comparison, the checks panel and the required marks.

Screenshots land in test-results/screenshots/form-in-place-*.png.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from institutions.models import Membership
from tests.factories import MembershipFactory, UniversityFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-results" / "screenshots"
PASSWORD = "Form-2026-carbon"
SAVED = re.compile(r"已于 \d\d:\d\d 保存")
JS_ERRORS: list = []


@pytest.fixture
def seeded(transactional_db):
    """A reporter, a draft report and last year's accepted figure of IND-A1-03,
    created before Playwright starts."""
    from tests.reporting.engine_data import accepted_last_year, open_report

    university = UniversityFactory()
    user = UserFactory(username="in-place@example.edu.cn", password=PASSWORD)
    MembershipFactory(user=user, university=university, role=Membership.Role.REPORTER)
    report = open_report(university, year=2024)
    accepted_last_year(report, {"IND-A1-03": "100"})
    return {"form": f"/reports/{report.pk}/form/?section=A1", "login": user.username}


@pytest.fixture(autouse=True)
def _no_script_errors():
    JS_ERRORS.clear()
    yield
    assert not JS_ERRORS, JS_ERRORS


def _page(chromium, live_server, seeded):
    context = chromium.new_context(
        locale="zh-CN", viewport={"width": 1280, "height": 700}
    )
    context.set_default_timeout(10_000)
    context.on("weberror", lambda error: JS_ERRORS.append(str(error.error)))
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/?next={seeded['form']}")
    page.fill("input[name=username]", seeded["login"])
    page.fill("input[name=password]", PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_url(re.compile(r"/reports/\d+/form/"))
    return context, page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_save_draft_saves_in_place(seeded, live_server, chromium):
    from playwright.sync_api import expect

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context, page = _page(chromium, live_server, seeded)
    page.evaluate("window.notReloaded = true")

    page.fill("#narrative_next", "More courses next year.")
    page.evaluate("window.scrollTo(0, 1000)")  # the sticky button stays in view
    page.get_by_test_id("save-draft").focus()
    page.wait_for_timeout(200)
    scrolled = page.evaluate("window.scrollY")
    assert scrolled > 0
    page.keyboard.press("Enter")

    expect(page.get_by_test_id("save-status")).to_have_text(
        re.compile(r"草稿已保存（\d\d:\d\d）。")
    )
    assert page.evaluate("window.notReloaded") is True
    assert page.evaluate("window.scrollY") == scrolled
    assert page.evaluate("document.activeElement.dataset.testid") == "save-draft"
    page.screenshot(path=SCREENSHOTS / "form-in-place-saved.png")

    page.reload()
    expect(page.locator("#narrative_next")).to_have_value("More courses next year.")
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_autosave_refreshes_comparison_checks_and_required_marks(
    seeded, live_server, chromium
):
    from playwright.sync_api import expect

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context, page = _page(chromium, live_server, seeded)

    page.fill("#raw-IND-A1-03", "112")
    page.click("#narrative_next")  # leaving the field saves it
    expect(page.get_by_test_id("save-status")).to_have_text(SAVED)
    expect(page.get_by_test_id("change-IND-A1-03")).to_have_text("(+12.0%)")

    checks = page.get_by_test_id("form-checks")
    before = int(checks.locator(".badge").inner_text())
    page.fill("#raw-IND-A1-01", "abc")
    page.click("#narrative_next")
    expect(checks.locator(".badge")).to_have_text(str(before + 1))
    expect(checks).to_contain_text("请填写数字")
    nav_a1 = page.locator("[data-testid=section-nav] [data-section=A1]")
    expect(nav_a1.locator(".badge")).to_have_text("1")
    page.screenshot(path=SCREENSHOTS / "form-in-place-checks.png", full_page=True)

    required = page.locator("[data-testid=field-IND-A1-05] [data-required-mark]")
    expect(required).to_have_count(1)
    page.fill("#raw-IND-A1-01", "")
    page.check("#is_zero_report")
    page.fill("#zero_note", "No programmes this year.")
    page.click("#narrative_next")
    expect(page.get_by_test_id("save-status")).to_have_text(SAVED)
    expect(required).to_have_count(0)
    expect(
        page.locator("label[for=narrative_done] [data-required-mark]")
    ).to_have_count(0)
    expect(page.locator("#raw-IND-A1-05")).not_to_have_attribute(
        "aria-required", "true"
    )
    page.uncheck("#is_zero_report")
    page.click("#narrative_next")
    expect(required).to_have_count(1)
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_autosave_refreshes_the_action_bars_not_ready_notice(
    seeded, live_server, chromium
):
    """Why "mark ready" cannot go through yet (the errors, the unexplained
    warnings) is rendered by the server again with each autosave, not left as
    the page was loaded."""
    from playwright.sync_api import expect

    context, page = _page(chromium, live_server, seeded)
    page.evaluate("window.notReloaded = true")
    notice = page.get_by_test_id("workflow-notices").get_by_test_id("not-ready-errors")
    expect(notice).to_be_visible()
    before = int(re.search(r"\d+", notice.inner_text()).group())

    page.fill("#raw-IND-A1-01", "abc")
    page.locator("#raw-IND-A1-01").blur()
    expect(page.get_by_test_id("save-status")).to_have_text(SAVED)
    expect(notice).to_contain_text(f"{before + 1} ")
    warnings = page.get_by_test_id("workflow-notices").get_by_test_id(
        "not-ready-warnings"
    )
    expect(warnings).to_have_count(0)

    page.fill("#raw-IND-A1-01", "")
    page.locator("#raw-IND-A1-01").blur()
    expect(notice).to_contain_text(f"{before} ")
    assert page.evaluate("window.notReloaded") is True
    context.close()
