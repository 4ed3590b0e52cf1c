"""Each demo role logs in with a real browser, sees its home page in Chinese, then English.

Screenshots of every home page, in both languages, land in
test-results/screenshots/<role>-zh.png and <role>-en.png.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-results" / "screenshots"
DEMO_PASSWORD = "Demo-2026-carbon"
# role: (login, the element only that role's home page has)
ROLES = {
    "reporter": ("reporter@example.com", "home-university"),
    "approver": ("approver@example.com", "home-university"),
    "reviewer": ("reviewer@example.com", "home-authority"),
    "official": ("official@example.com", "home-ministry"),
    "expert": ("expert@example.com", "home-ministry"),
}


@pytest.fixture
def demo_data(transactional_db):
    """Seeded before Playwright starts: after that this thread runs in greenlets
    with their own context, where a new database connection would never be closed
    and would block dropping the test database."""
    with override_settings(DEBUG=True):
        call_command("seed_demo", stdout=io.StringIO())


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_demo_role_reaches_its_home_page_in_both_languages(
    demo_data, live_server, chromium
):
    from playwright.sync_api import expect

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    for role, (login, home_element) in ROLES.items():
        context = chromium.new_context(
            locale="zh-CN", viewport={"width": 1280, "height": 900}
        )
        context.set_default_timeout(10_000)
        page = context.new_page()

        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", login)
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.press("input[name=password]", "Enter")
        page.wait_for_url(f"{live_server.url}/")

        expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
        nav = page.locator("nav")
        expect(nav.get_by_text("首页", exact=True)).to_be_visible()
        # "Home" has a translation in Django's own catalogue; this label only in ours.
        expect(nav.get_by_text("The plan", exact=True)).to_have_count(0)
        expect(page.get_by_test_id(home_element)).to_be_visible()
        page.screenshot(path=SCREENSHOTS / f"{role}-zh.png", full_page=True)

        page.get_by_test_id("lang-switch").click()

        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(nav.get_by_text("Home", exact=True)).to_be_visible()
        expect(nav.get_by_text("The plan", exact=True)).to_be_visible()
        expect(page.get_by_test_id(home_element)).to_be_visible()
        assert page.url == f"{live_server.url}/", f"{role} left the home page"
        page.screenshot(path=SCREENSHOTS / f"{role}-en.png", full_page=True)

        context.close()
