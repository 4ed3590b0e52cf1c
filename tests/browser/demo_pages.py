"""Every demo role's main pages in both languages, for the browser tests that check
each of them (page width, accessibility): who logs in, which pages they reach, and a
walk over them that asserts each page answered in the expected language."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

DEMO_PASSWORD = "Demo-2026-carbon"
ROLES = {
    "reporter": "reporter@example.com",
    "approver": "approver@example.com",
    "reviewer": "reviewer@example.com",
    "official": "official@example.com",
    "expert": "expert@example.com",
}
# lang: (the browser's locale, the page's html lang)
LANGUAGES = {"zh": ("zh-CN", "zh-hans"), "en": ("en-US", "en")}


@dataclass
class Visit:
    role: str
    lang: str
    path: str
    n: int
    page: object  # playwright.sync_api.Page


def log_in(page, base: str, login: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", login)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_url(f"{base}/")


def main_pages(page, base: str) -> list[str]:
    """The pages the role reaches from its navigation (notifications included), the
    queue, its first report, that report's sign-off copy where the role sees it, and
    its form where the role fills it in."""
    paths = ["/", "/reports/", "/reports/queue/", "/plan/"]
    for href in page.locator("nav a.nav-link[href^='/']").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    ):
        if href not in paths:
            paths.append(href)
    page.goto(f"{base}/reports/")
    view = page.get_by_test_id("report-view").first
    fill = page.get_by_test_id("report-fill").first
    fill_href = fill.get_attribute("href") if fill.count() else None
    if view.count():
        paths.append(view.get_attribute("href"))
        page.goto(f"{base}{paths[-1]}")
        signoff = page.get_by_test_id("report-print").first
        if signoff.count():
            paths.append(signoff.get_attribute("href"))
    if fill_href:
        paths.append(fill_href)
    return paths


def every_main_page(
    chromium, base: str, *, width: int = 1280, height: int = 800, init_script=None
) -> Iterator[Visit]:
    """Opens the login page, then logs each role in, once per language, and opens
    each of its main pages in turn; `init_script` (a path) runs in every page before
    the page's own scripts."""
    from playwright.sync_api import expect

    for role, login in ROLES.items():
        for lang, (locale, html_lang) in LANGUAGES.items():
            context = chromium.new_context(
                locale=locale, viewport={"width": width, "height": height}
            )
            context.set_default_timeout(10_000)
            if init_script:
                context.add_init_script(path=init_script)
            page = context.new_page()
            page.goto(f"{base}/accounts/login/")
            expect(page.locator("html")).to_have_attribute("lang", html_lang)
            yield Visit(role=role, lang=lang, path="/accounts/login/", n=0, page=page)
            log_in(page, base, login)
            for n, path in enumerate(main_pages(page, base), start=1):
                response = page.goto(f"{base}{path}")
                assert response.status < 500, (role, lang, path, response.status)
                expect(page.locator("html")).to_have_attribute("lang", html_lang)
                yield Visit(role=role, lang=lang, path=path, n=n, page=page)
            context.close()
