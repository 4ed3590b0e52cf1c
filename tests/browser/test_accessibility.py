"""No serious or critical WCAG 2.1 A/AA violation, as axe-core finds them, on any
demo role's main pages in Chinese and in English (axe once found serious violations on
every page tried: the navbar links' colour, grey buttons, the language button).

axe-core is vendored for this test only (tests/browser/vendor/README.md); minor and
moderate findings are printed, not failed on.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.demo_pages import LANGUAGES, ROLES, every_main_page

AXE = Path(__file__).parent / "vendor" / "axe-core-4.14.1" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING = {"serious", "critical"}

# One line per violating node: what a reader needs to find it in the template.
RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return result.violations.flatMap(v => v.nodes.map(node => ({
    id: v.id, impact: v.impact, target: node.target.join(' '),
    summary: (node.failureSummary || '').split('\\n').slice(1, 2).join('').trim(),
  })));
}"""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_no_serious_axe_violation_on_any_roles_main_pages_in_both_languages(
    demo_data, live_server, chromium
):
    failing: list[str] = []
    minor: list[str] = []
    visited = 0

    for visit in every_main_page(chromium, live_server.url, init_script=AXE):
        visited += 1
        for found in visit.page.evaluate(RUN_AXE, WCAG_21_AA):
            line = (
                f"{found['id']} ({found['impact']}) {found['target']} "
                f"on {visit.path} [{visit.lang}, {visit.role}]: {found['summary']}"
            )
            (failing if found["impact"] in FAILING else minor).append(line)

    if minor:
        print("axe, minor and moderate:", *sorted(set(minor)), sep="\n")
    assert visited >= len(ROLES) * len(LANGUAGES) * 6
    assert not failing, f"{len(failing)} serious or critical:\n" + "\n".join(failing)


FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  let back = el;
  while (back && getComputedStyle(back).backgroundColor === 'rgba(0, 0, 0, 0)') {
    back = back.parentElement;
  }
  const box = el.getBoundingClientRect();
  return {
    testid: el.dataset.testid || el.id || el.tagName.toLowerCase(),
    outline: style.outlineStyle, width: parseFloat(style.outlineWidth),
    color: style.outlineColor,
    background: back ? getComputedStyle(back).backgroundColor : 'rgb(255, 255, 255)',
    visible: box.width > 0 && box.top >= 0 && box.left >= 0,
  };
}"""


def _contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two opaque CSS rgb()/rgba() colours."""

    def luminance(css: str) -> float:
        channels = [float(c) / 255 for c in css[css.index("(") + 1 : -1].split(",")[:3]]
        linear = [
            c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
            for c in channels
        ]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_first_tab_skips_to_the_content_and_focus_is_visible_on_the_navbar(
    live_server, chromium
):
    context = chromium.new_context(
        locale="zh-CN", viewport={"width": 1280, "height": 800}
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(f"{live_server.url}/plan/")

    page.keyboard.press("Tab")
    skip = page.evaluate(FOCUSED)
    assert skip["testid"] == "skip-link" and skip["visible"], skip
    assert page.get_by_test_id("skip-link").inner_text() == "跳到主要内容"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    # From the top of the page again: the next stop is the navbar's first link.
    page.goto(f"{live_server.url}/plan/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    brand = page.evaluate(FOCUSED)
    assert brand["testid"] == "a", brand
    assert brand["outline"] == "solid" and brand["width"] >= 2, brand
    assert _contrast(brand["color"], brand["background"]) >= 3, brand

    page.goto(f"{live_server.url}/accounts/login/")
    page.keyboard.press(
        "Tab"
    )  # from the username, which has the focus, to the password
    page.keyboard.press("Tab")
    button = page.evaluate(FOCUSED)
    assert button["testid"] == "button", button
    assert button["outline"] == "solid" and button["width"] >= 2, button
    context.close()


@pytest.fixture
def form_page(transactional_db):
    """A reporter and the first section of a draft report, seeded before Playwright."""
    from institutions.models import Membership
    from tests.factories import MembershipFactory, UniversityFactory, UserFactory
    from tests.reporting.engine_data import open_report

    university = UniversityFactory()
    user = UserFactory(username="a11y-reporter@example.edu.cn", password="A11y-2026-x")
    MembershipFactory(user=user, university=university, role=Membership.Role.REPORTER)
    report = open_report(university, year=2024)
    return f"/reports/{report.pk}/form/?section=A1", user.username


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_value_autosave_refuses_is_invalid_until_corrected(
    form_page, live_server, chromium
):
    from playwright.sync_api import expect

    path, login = form_page
    context = chromium.new_context(
        locale="zh-CN", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/?next={path}")
    page.fill("input[name=username]", login)
    page.fill("input[name=password]", "A11y-2026-x")
    page.press("input[name=password]", "Enter")
    value = page.locator("#raw-IND-A1-03")

    value.fill("abc")
    value.press("Tab")  # leaving the field saves it

    expect(value).to_have_attribute("aria-invalid", "true")
    message = page.locator("#error-IND-A1-03")
    expect(message).to_have_text("请填写数字，例如 1234 或 1,234.5。")
    expect(message).to_have_attribute("aria-live", "polite")
    assert "error-IND-A1-03" in value.get_attribute("aria-describedby").split()

    value.fill("12")
    value.press("Tab")

    expect(message).to_have_text("")
    expect(value).not_to_have_attribute("aria-invalid", "true")
    context.close()
