"""The official switches the China view to the ministry's boundary map, sees it
drawn by ECharts in the page's language with its approval number right under it,
reads a province's figure in its tooltip and clicks the province to reach its
dashboard. Without JavaScript the page says the map needs it and keeps the table.
Screenshots at 1366 px in Chinese and English land in
test-results/screenshots/china-boundary-map-<lang>.png."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from institutions.models import Membership
from tests.browser.test_accessibility import AXE
from tests.browser.test_china_view import _axe
from tests.factories import MembershipFactory, UserFactory
from tests.reporting.dashboard_support import period_with_reports
from tests.reporting.map_support import APPROVAL, centre, configure_boundary_map

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-results" / "screenshots"
PASSWORD = "Passw0rd!2026"
LANGUAGES = {"zh": "zh-CN", "en": "en-US"}
SHANGHAI = {"zh": "上海市", "en": "Shanghai"}
# What ECharts' locale names the first month: its Chinese locale in a zh-hans page.
FIRST_MONTH = {"zh": "一月", "en": "January"}
DEV_MAP = Path(django_settings.BASE_DIR).parent / "shared" / "data"
DEV_MAP = DEV_MAP / "echarts-4.9.0-china.json"

CHART = "echarts.getInstanceByDom(document.getElementById('boundary-map'))"
TO_PIXEL = f"([x, y]) => {CHART}.convertToPixel({{seriesIndex: 0}}, [x, y])"


def _official():
    return MembershipFactory(
        user=UserFactory(), role=Membership.Role.OFFICIAL, university=None
    ).user


def _sign_in(page, url: str, username: str) -> None:
    page.goto(f"{url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_url(f"{url}/")


def _point(page, lon_lat) -> tuple[float, float]:
    """Where a longitude and latitude lie on the screen, the map scrolled into view."""
    chart = page.locator("#boundary-map")
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    x, y = page.evaluate(TO_PIXEL, list(lon_lat))
    return box["x"] + x, box["y"] + y


def _shanghai_row(page) -> str:
    row = page.get_by_test_id("table-provinces").locator("tr", has_text="31")
    return row.locator("td").nth(1).inner_text()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_official_clicks_a_province_on_the_boundary_map(
    live_server, chromium, settings, tmp_path
):
    configure_boundary_map(settings, tmp_path)
    period, _ = period_with_reports(8)
    official = _official()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    failing: list[str] = []
    errors: list[str] = []  # the pages' uncaught script errors
    for lang, locale in LANGUAGES.items():
        context = chromium.new_context(
            locale=locale, viewport={"width": 1366, "height": 900}
        )
        context.set_default_timeout(15_000)
        context.on("weberror", lambda error: errors.append(str(error.error)))
        context.add_init_script(path=AXE)
        page = context.new_page()
        _sign_in(page, live_server.url, official.username)

        page.goto(f"{live_server.url}/dashboard/map/?period={period.pk}")
        assert page.get_by_test_id("tile").count() == 31  # the cartogram first
        page.get_by_test_id("map-switch-boundary").click()
        page.wait_for_selector("#boundary-map[data-drawn=true] svg path")
        assert "map=boundary" in page.url and f"period={period.pk}" in page.url
        assert page.get_by_test_id("tile").count() == 0

        # The approval number right under the drawn map; no "needs JavaScript".
        chart = page.locator("#boundary-map").bounding_box()
        approval = page.get_by_test_id("map-approval")
        assert approval.is_visible()
        assert APPROVAL in approval.inner_text()
        below = approval.bounding_box()
        assert chart["height"] > 300
        assert 0 <= below["y"] - (chart["y"] + chart["height"]) < 20
        assert page.get_by_test_id("map-needs-js").is_hidden()
        locale_month = page.evaluate(f"{CHART}._locale.time.month[0]")
        assert locale_month == FIRST_MONTH[lang]

        # Shanghai's rectangle is a path of the SVG; its tooltip is the table's.
        x, y = _point(page, centre("31"))
        assert (
            page.evaluate("([x, y]) => document.elementFromPoint(x, y).tagName", [x, y])
            == "path"
        )
        page.mouse.move(x, y)
        tooltip = page.get_by_text(f"{SHANGHAI[lang]}: {_shanghai_row(page)}")
        tooltip.wait_for()
        page.screenshot(
            path=SCREENSHOTS / f"china-boundary-map-{lang}.png", full_page=True
        )
        failing += _axe(page, lang)
        # Printed: the map, its approval number and the table; not the switch.
        page.emulate_media(media="print")
        assert page.locator("#boundary-map svg").is_visible()
        assert page.get_by_test_id("map-approval").is_visible()
        assert page.get_by_test_id("table-provinces").is_visible()
        assert page.get_by_test_id("map-switch").is_hidden()
        page.emulate_media(media="screen")

        x, y = _point(page, centre("31"))
        page.mouse.click(x, y)
        page.wait_for_url(re.compile(r"/dashboard/province/31/\?year="))
        assert f"year={period.year}" in page.url
        assert not errors, errors
        context.close()
    assert not failing, "\n".join(failing)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_without_javascript_the_page_says_so_and_keeps_the_table(
    live_server, chromium, settings, tmp_path
):
    configure_boundary_map(settings, tmp_path)
    period_with_reports(4)
    official = _official()
    context = chromium.new_context(
        locale="zh-CN",
        viewport={"width": 1366, "height": 900},
        java_script_enabled=False,
    )
    page = context.new_page()
    _sign_in(page, live_server.url, official.username)
    page.goto(f"{live_server.url}/dashboard/map/?map=boundary")
    assert "JavaScript" in page.get_by_test_id("map-needs-js").inner_text()
    assert page.get_by_test_id("map-needs-js").is_visible()
    assert APPROVAL in page.get_by_test_id("map-approval").inner_text()
    rows = page.get_by_test_id("table-provinces").locator("tbody tr")
    assert rows.count() == 31
    assert page.locator("#boundary-map svg").count() == 0
    context.close()


@pytest.mark.browser
@pytest.mark.skipif(not DEV_MAP.exists(), reason="no ../shared/data (development map)")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_echarts_6_draws_an_echarts_4_compressed_map(live_server, chromium, settings):
    """ECharts 4's "UTF8Encoding" map JSON (the development file, never committed,
    its codes in `id`) is still decoded by the vendored ECharts 6."""
    settings.CHINA_MAP_FILE = str(DEV_MAP)
    settings.CHINA_MAP_APPROVAL = APPROVAL
    settings.CHINA_MAP_CODE_PROPERTY = "id"
    period_with_reports(4)
    official = _official()
    context = chromium.new_context(
        locale="zh-CN", viewport={"width": 1366, "height": 900}
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    _sign_in(page, live_server.url, official.username)
    page.goto(f"{live_server.url}/dashboard/map/?map=boundary")
    page.wait_for_selector("#boundary-map[data-drawn=true] svg path")
    assert page.locator("#boundary-map svg path").count() >= 34  # one a region
    x, y = _point(page, (121.47, 31.23))  # Shanghai
    page.mouse.click(x, y)
    page.wait_for_url(re.compile(r"/dashboard/province/31/\?year="))
    context.close()
