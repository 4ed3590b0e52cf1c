"""The report form in a real browser: autosave on leaving a field, and input typed
after the session timed out restored once the reporter has logged in again.

Screenshots land in test-results/screenshots/report-form-*.png.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import override_settings

from institutions.models import Membership
from tests.factories import MembershipFactory, UniversityFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-results" / "screenshots"
PASSWORD = "Form-2026-carbon"
SAVED = re.compile(r"已于 \d\d:\d\d 保存")


@pytest.fixture
def seeded(transactional_db):
    """A reporter and a draft report, created before Playwright starts (after that
    this thread runs in greenlets where a new database connection is never closed)."""
    from tests.reporting.engine_data import open_report

    university = UniversityFactory()
    user = UserFactory(username="form-reporter@example.edu.cn", password=PASSWORD)
    MembershipFactory(user=user, university=university, role=Membership.Role.REPORTER)
    other = UserFactory(username="form-office@example.edu.cn", password=PASSWORD)
    MembershipFactory(user=other, university=university, role=Membership.Role.REPORTER)
    report = open_report(university, year=2024)
    return {
        "form": f"/reports/{report.pk}/form/?section=A1",
        "login": user.username,
        "other": other.username,
    }


JS_ERRORS: list = []


@pytest.fixture(autouse=True)
def _no_script_errors():
    """Every uncaught exception in the pages' scripts fails the test."""
    JS_ERRORS.clear()
    yield
    assert not JS_ERRORS, JS_ERRORS


def _context(chromium):
    context = chromium.new_context(
        locale="zh-CN", viewport={"width": 1280, "height": 1000}
    )
    context.set_default_timeout(10_000)
    context.on("weberror", lambda error: JS_ERRORS.append(str(error.error)))
    return context


def _log_in(page, live_server, seeded, who: str = "login") -> None:
    """Fill in the login page the browser is on, or go there first."""
    if "/accounts/login/" not in page.url:
        page.goto(f"{live_server.url}/accounts/login/?next={seeded['form']}")
    page.fill("input[name=username]", seeded[who])
    page.fill("input[name=password]", PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_url(re.compile(r"/reports/\d+/form/"))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_typed_values_survive_leaving_the_page_without_saving(
    seeded, live_server, chromium
):
    from playwright.sync_api import expect

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = _context(chromium)
    page = context.new_page()
    _log_in(page, live_server, seeded)

    page.fill("#raw-IND-A1-01", "12")
    page.fill("#raw-IND-A1-03", "abc")
    page.fill("#raw-IND-A1-04", "１，２３４")
    page.click("#narrative_done")  # leaving the field is what saves it

    expect(page.get_by_test_id("save-status")).to_have_text(SAVED)
    expect(page.get_by_test_id("error-IND-A1-03")).to_be_visible()
    assert page.evaluate("window.localStorage.length") == 0
    page.screenshot(path=SCREENSHOTS / "report-form-autosaved.png", full_page=True)
    context.close()  # no "save" pressed

    context = _context(chromium)
    page = context.new_page()
    _log_in(page, live_server, seeded)

    expect(page.locator("#raw-IND-A1-01")).to_have_value("12")
    expect(page.locator("#raw-IND-A1-04")).to_have_value("1234")
    expect(page.locator("#raw-IND-A1-03")).to_have_value("abc")
    expect(page.get_by_test_id("error-IND-A1-03")).to_be_visible()
    expect(page.get_by_test_id("error-IND-A1-03")).to_have_text(
        "请填写数字，例如 1234 或 1,234.5。"
    )
    expect(page.locator("input.is-invalid")).to_have_count(1)
    expect(page.get_by_test_id("error-IND-A1-01")).to_be_hidden()
    expect(page.get_by_test_id("error-IND-A1-04")).to_be_hidden()
    page.screenshot(path=SCREENSHOTS / "report-form-fresh-context.png", full_page=True)
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_input_typed_after_the_session_timed_out_is_there_after_logging_in(
    seeded, live_server, chromium
):
    from playwright.sync_api import expect

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = _context(chromium)
    page = context.new_page()
    _log_in(page, live_server, seeded)

    with override_settings(SESSION_IDLE_TIMEOUT=1):
        page.wait_for_timeout(1500)  # the reporter thinks for longer than allowed
        page.fill("#raw-IND-A1-01", "42")
        page.fill("#narrative_done", "Typed after the timeout.")
        page.click("#raw-IND-A1-05")
        banner = page.get_by_test_id("form-banner")
        expect(banner).to_be_visible()
        expect(banner).to_contain_text("您的登录已失效")
    page.screenshot(path=SCREENSHOTS / "report-form-session-ended.png")

    page.get_by_test_id("banner-link").click()
    _log_in(page, live_server, seeded)

    expect(page.locator("#raw-IND-A1-01")).to_have_value("42")
    expect(page.locator("#narrative_done")).to_have_value("Typed after the timeout.")
    expect(page.get_by_test_id("save-status")).to_have_text(SAVED)
    assert page.evaluate("window.localStorage.length") == 0
    page.screenshot(path=SCREENSHOTS / "report-form-restored.png")

    # Saved on the server, not only put back into the page.
    fresh = _context(chromium)
    page = fresh.new_page()
    _log_in(page, live_server, seeded)
    expect(page.locator("#raw-IND-A1-01")).to_have_value("42")
    expect(page.locator("#narrative_done")).to_have_value("Typed after the timeout.")
    fresh.close()
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_before_the_idle_timeout_the_reporter_is_offered_more_time(
    seeded, live_server, chromium
):
    """With a 6-second timeout the warning comes after 3 seconds (half the timeout
    when that is shorter than five minutes); staying signed in asks the server."""
    from playwright.sync_api import expect

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = _context(chromium)
    page = context.new_page()
    with override_settings(SESSION_IDLE_TIMEOUT=6):
        _log_in(page, live_server, seeded)
        modal = page.get_by_test_id("idle-modal")
        expect(modal).to_be_visible()
        expect(modal).to_contain_text("如无操作，您将于")
        page.screenshot(path=SCREENSHOTS / "report-form-idle-warning.png")

        with page.expect_response(re.compile(r"/reports/keepalive/$")) as answer:
            page.get_by_test_id("stay-signed-in").click()
        assert answer.value.status == 204
        expect(modal).to_be_hidden()

        page.fill("#raw-IND-A1-01", "3")
        page.click("#narrative_done")
        expect(page.get_by_test_id("save-status")).to_have_text(SAVED)
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_save_refused_because_another_office_saved_first_keeps_the_input(
    seeded, live_server, chromium
):
    from playwright.sync_api import expect

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    mine = _context(chromium)
    page = mine.new_page()
    _log_in(page, live_server, seeded)

    theirs = _context(chromium)
    other = theirs.new_page()
    _log_in(other, live_server, seeded, "other")
    other.fill("#raw-IND-A1-01", "7")
    other.click("#narrative_done")
    expect(other.get_by_test_id("save-status")).to_have_text(SAVED)
    theirs.close()

    page.fill("#raw-IND-A1-01", "9")
    page.click("#narrative_done")
    banner = page.get_by_test_id("form-banner")
    expect(banner).to_contain_text("未保存：User")
    expect(banner).to_contain_text("修改了本部分")
    page.screenshot(path=SCREENSHOTS / "report-form-conflict.png")

    page.get_by_test_id("banner-link").click()  # reload the section
    expect(page.get_by_test_id("conflict")).to_contain_text("已恢复您于")
    expect(page.get_by_test_id("conflict-changes")).to_contain_text("9")
    expect(page.get_by_test_id("conflict-changes")).to_contain_text("7")
    expect(page.locator("#raw-IND-A1-01")).to_have_value("9")

    page.get_by_test_id("save-draft").click()
    expect(page.get_by_test_id("save-status")).to_contain_text("草稿已保存")
    expect(page.get_by_test_id("conflict")).to_have_count(0)
    expect(page.locator("#raw-IND-A1-01")).to_have_value("9")
    assert page.evaluate("window.localStorage.length") == 0
    mine.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_refused_autosave_names_the_field_and_keeps_the_text(
    seeded, live_server, chromium
):
    from playwright.sync_api import expect

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = _context(chromium)
    page = context.new_page()
    _log_in(page, live_server, seeded)

    narrative = page.locator("#narrative_done")
    narrative.fill("Pasted from a PDF\u0007 with a bell in it.")
    page.click("#raw-IND-A1-01")  # leaving the field is what saves it

    expect(page.get_by_test_id("save-status")).to_contain_text("控制字符")
    expect(narrative).to_have_attribute("aria-invalid", "true")
    expect(narrative).to_have_value("Pasted from a PDF\u0007 with a bell in it.")
    page.screenshot(path=SCREENSHOTS / "report-form-refused.png", full_page=True)

    narrative.fill("Pasted from a PDF with the bell removed.")
    page.click("#raw-IND-A1-01")

    expect(page.get_by_test_id("save-status")).to_have_text(SAVED)
    expect(narrative).not_to_have_attribute("aria-invalid", "true")
    context.close()
