"""The official's drill-down in a real browser: the national dashboard (its
ECharts charts drawn over the tables), a province from its cartogram, a university
from the province's ranking, and its report. Screenshots at 1366 px in Chinese and
in English land in the test's tmp dir (dashboard-<lang>-<step>.png)."""

from __future__ import annotations

import re

import pytest

PASSWORD = "Dashboard-2026-carbon"


@pytest.fixture
def seeded(transactional_db):
    """Three universities' accepted reports (two in Beijing, one in Shanghai) and an
    official, created before Playwright starts."""
    from tests.reporting.figures_support import accept, country

    reports, casts = country(3)
    for report in reports:
        accept(report, casts[report.pk])
    official = casts[reports[0].pk].official
    official.set_password(PASSWORD)
    official.save(update_fields=["password"])
    return {
        "official": official.username,
        "report": reports[1].pk,
        "university": reports[1].university.pk,
    }


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize(
    ("lang", "locale", "words"),
    [
        ("zh-hans", "zh-CN", ("看板", "省份前", "各行动指标")),
        ("en", "en-US", ("Dashboard", "Provinces, top", "Indicators by action")),
    ],
)
def test_the_official_drills_from_the_nation_to_a_report(
    seeded, live_server, chromium, tmp_path, lang, locale, words
):
    context = chromium.new_context(
        locale=locale, viewport={"width": 1366, "height": 900}
    )
    context.set_default_timeout(15_000)
    errors: list[str] = []
    context.on("weberror", lambda error: errors.append(str(error.error)))
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/?next=/dashboard/")
    page.fill("input[name=username]", seeded["official"])
    page.fill("input[name=password]", PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_url(re.compile(r"/dashboard/$"))

    def shot(step: str) -> None:
        page.screenshot(path=tmp_path / f"dashboard-{lang}-{step}.png", full_page=True)

    title, ranking, overview = words
    assert title in page.get_by_test_id("dash-title").inner_text()
    assert overview in page.get_by_test_id("dash-overview").inner_text()
    assert ranking in page.get_by_test_id("dash-provinces").inner_text()
    # ECharts drew the trend and the ranking over their tables.
    page.wait_for_selector("[data-chart=chart-trend] svg")
    page.wait_for_selector("[data-chart=chart-provinces] svg")
    shot("1-nation")

    # Beijing's square on the cartogram leads to its dashboard.
    page.get_by_test_id("dash-china").locator("a[data-code='11']").click()
    page.wait_for_url(re.compile(r"/dashboard/province/11/"))
    shot("2-province")

    ranked = page.get_by_test_id("dash-universities-table")
    ranked.get_by_role("link").first.click()
    page.wait_for_url(re.compile(r"/dashboard/university/\d+/"))
    page.wait_for_selector("[data-chart=chart-trend] svg")
    shot("3-university")

    page.get_by_test_id("dash-report").click()
    page.wait_for_url(re.compile(r"/reports/\d+/$"))
    shot("4-report")
    assert not errors, errors
    assert len(list(tmp_path.glob(f"dashboard-{lang}-*.png"))) == 4
    context.close()
