"""Every demo role's main pages fit a 1280 px wide window in Chinese and in English:
no page scrolls sideways (the English header once made the official's page 1,682 px
wide, with the language switch and logout off-screen).

One screenshot per role and language lands in
test-results/screenshots/width-<role>-<lang>.png (the report list, the widest table),
and one of every page that overflows in width-fail-<role>-<lang>-<n>.png.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.demo_pages import LANGUAGES, ROLES, every_main_page

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-results" / "screenshots"
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


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_roles_main_pages_fit_1280_px_in_both_languages(
    demo_data, live_server, chromium
):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for stale in SCREENSHOTS.glob("width-fail-*.png"):
        stale.unlink()
    overflowing: list[str] = []
    visited = 0

    for visit in every_main_page(chromium, live_server.url, width=WIDTH):
        page, role, lang, path = visit.page, visit.role, visit.lang, visit.path
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
                path=SCREENSHOTS / f"width-fail-{role}-{lang}-{visit.n}.png",
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

    assert visited >= len(ROLES) * len(LANGUAGES) * 6
    assert not overflowing, "\n".join(overflowing)
