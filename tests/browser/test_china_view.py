"""The official opens the China view, reads the cartogram, clicks a province and
reaches its reports; the completeness dashboard fits the window. Screenshots at
1366 px in Chinese and English land in test-results/screenshots/china-view-<lang>.png
and completeness-<lang>.png."""

from __future__ import annotations

from pathlib import Path

import pytest

from institutions.models import Membership
from reporting.models import Report
from tests.browser.test_accessibility import AXE, FAILING, RUN_AXE, WCAG_21_AA
from tests.browser.test_page_width import CUT_TABLES
from tests.factories import MembershipFactory, UserFactory
from tests.reporting.dashboard_support import period_with_reports

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-results" / "screenshots"
PASSWORD = "Passw0rd!2026"
LANGUAGES = {"zh": "zh-CN", "en": "en-US"}  # the browser's; the page follows it
HTML_LANG = {"zh": "zh-hans", "en": "en"}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_official_clicks_a_province_on_the_cartogram(live_server, chromium):
    period, _ = period_with_reports(14)
    # Every shade on the map: one participant in each of five more provinces, its
    # report submitted or not, so that their shares are 0 % and 100 %.
    _shade_more(period)
    official = MembershipFactory(
        user=UserFactory(), role=Membership.Role.OFFICIAL, university=None
    ).user
    in_shanghai = (
        Report.objects.in_period(period).filter(university__province__code="31").count()
    )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    failing: list[str] = []
    for lang, locale in LANGUAGES.items():
        context = chromium.new_context(
            locale=locale, viewport={"width": 1366, "height": 900}
        )
        context.add_init_script(path=AXE)
        page = context.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", official.username)
        page.fill("input[name=password]", PASSWORD)
        page.press("input[name=password]", "Enter")
        page.wait_for_url(f"{live_server.url}/")
        assert page.locator("html").get_attribute("lang") == HTML_LANG[lang]

        page.goto(f"{live_server.url}/dashboard/completeness/")
        page.screenshot(path=SCREENSHOTS / f"completeness-{lang}.png", full_page=True)
        failing += _axe(page, lang)
        assert not page.evaluate(CUT_TABLES), lang
        width = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
        assert width[0] <= width[1], width

        page.goto(f"{live_server.url}/dashboard/map/")
        tiles = page.get_by_test_id("tile")
        assert tiles.count() == 31
        box = page.locator(".tile[data-code='11']").bounding_box()
        assert box["width"] == pytest.approx(box["height"], abs=1)  # squares
        page.screenshot(path=SCREENSHOTS / f"china-view-{lang}.png", full_page=True)
        assert not page.evaluate(CUT_TABLES), lang  # every column in sight
        failing += _axe(page, lang)
        page.locator(".tile[data-code='31']").click()
        page.wait_for_load_state()
        if "/dashboard/province/" in page.url:  # helper dash's page, once merged
            assert "/dashboard/province/31/?year=" in page.url
        else:
            total = page.get_by_test_id("count-total").inner_text()
            assert int(total.replace(",", "")) == in_shanghai
        context.close()
    assert not failing, "\n".join(failing)


def _axe(page, lang: str) -> list[str]:
    """Serious or critical WCAG 2.1 AA violations on the page (axe-core)."""
    return [
        f"{found['id']} {found['target']} [{lang}]: {found['summary']}"
        for found in page.evaluate(RUN_AXE, WCAG_21_AA)
        if found["impact"] in FAILING
    ]


def _shade_more(period) -> None:
    from django.utils import timezone

    from tests.factories import ReportFactory, UniversityFactory, province

    for code, state in [("13", "submitted"), ("44", "draft"), ("51", "accepted")]:
        university = UniversityFactory(province=province(code))
        period.participants.add(university)
        ReportFactory(
            period=period,
            university=university,
            state=state,
            submitted_at=timezone.now() if state != "draft" else None,
        )
