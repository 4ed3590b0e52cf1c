"""Every demo role's main pages fit a 1280 px wide window in Chinese and in English:
no page scrolls sideways (the English header once made the official's page 1,682 px
wide, with the language switch and logout off-screen).

One screenshot per role and language lands in
test-results/screenshots/width-<role>-<lang>.png (the report list, the widest table),
and one of every page that overflows in width-fail-<role>-<lang>-<n>.png.
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
ROLES = {
    "reporter": "reporter@example.com",
    "approver": "approver@example.com",
    "reviewer": "reviewer@example.com",
    "official": "official@example.com",
    "expert": "expert@example.com",
}
LANGUAGES = {"zh": ("zh-CN", "zh-hans"), "en": ("en-US", "en")}
WIDTH = 1280

# The elements that reach beyond the window's right edge, named for the failure message.
OVERFLOWING = """() => {
  const width = window.innerWidth;
  const names = [];
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.width && box.right > width + 1) {
      const id = el.id ? '#' + el.id : '';
      const test = el.dataset.testid ? '[' + el.dataset.testid + ']' : '';
      const cls = el.classList.length ? '.' + [...el.classList].join('.') : '';
      names.push(el.tagName.toLowerCase() + id + test + cls + ' ' + Math.round(box.right));
    }
  }
  return names.slice(0, 8);
}"""


# Each table whose responsive wrapper scrolls sideways: its test id, and its width
# against the wrapper's.
CUT_TABLES = """() => [...document.querySelectorAll('.table-responsive')]
  .filter(el => el.scrollWidth > el.clientWidth)
  .map(el => {
    const table = el.querySelector('table');
    return (table && table.dataset.testid || 'table') + ' ' + el.scrollWidth + ' > ' + el.clientWidth;
  })"""


@pytest.fixture
def demo_data(transactional_db):
    """Seeded before Playwright starts: after that this thread runs in greenlets
    where a new database connection would never be closed."""
    with override_settings(DEBUG=True):
        call_command("seed_demo", stdout=io.StringIO())


def _main_pages(page, base: str) -> list[str]:
    """The pages the role reaches from its navigation (notifications included), the
    queue, its first report and that report's form where the role fills it in."""
    paths = ["/", "/reports/", "/reports/queue/", "/plan/"]
    for href in page.locator("nav a.nav-link[href^='/']").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    ):
        if href not in paths:
            paths.append(href)
    page.goto(f"{base}/reports/")
    view = page.get_by_test_id("report-view").first
    if view.count():
        paths.append(view.get_attribute("href"))
    fill = page.get_by_test_id("report-fill").first
    if fill.count():
        paths.append(fill.get_attribute("href"))
    return paths


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_roles_main_pages_fit_1280_px_in_both_languages(
    demo_data, live_server, chromium
):
    from playwright.sync_api import expect

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for stale in SCREENSHOTS.glob("width-fail-*.png"):
        stale.unlink()
    overflowing: list[str] = []
    visited = 0

    for role, login in ROLES.items():
        for lang, (locale, html_lang) in LANGUAGES.items():
            context = chromium.new_context(
                locale=locale, viewport={"width": WIDTH, "height": 800}
            )
            context.set_default_timeout(10_000)
            page = context.new_page()
            page.goto(f"{live_server.url}/accounts/login/")
            page.fill("input[name=username]", login)
            page.fill("input[name=password]", DEMO_PASSWORD)
            page.press("input[name=password]", "Enter")
            page.wait_for_url(f"{live_server.url}/")
            expect(page.locator("html")).to_have_attribute("lang", html_lang)

            for n, path in enumerate(_main_pages(page, live_server.url)):
                response = page.goto(f"{live_server.url}{path}")
                assert response.status < 500, (role, lang, path, response.status)
                expect(page.locator("html")).to_have_attribute("lang", html_lang)
                visited += 1
                scroll, inner = page.evaluate(
                    "[document.documentElement.scrollWidth, window.innerWidth]"
                )
                if scroll > inner:
                    culprits = page.evaluate(OVERFLOWING)
                    overflowing.append(
                        f"{role} {lang} {path}: {scroll} > {inner} px {culprits}"
                    )
                    page.screenshot(
                        path=SCREENSHOTS / f"width-fail-{role}-{lang}-{n}.png",
                        full_page=True,
                    )
                # A table that scrolls inside its wrapper hides its last columns.
                cut = page.evaluate(CUT_TABLES)
                if cut:
                    overflowing.append(f"{role} {lang} {path}: tables scroll {cut}")
                if path == "/reports/":
                    page.screenshot(
                        path=SCREENSHOTS / f"width-{role}-{lang}.png", full_page=True
                    )
            context.close()

    assert visited >= len(ROLES) * len(LANGUAGES) * 6
    assert not overflowing, "\n".join(overflowing)
