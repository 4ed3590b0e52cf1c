"""The China view: 31 squares keyed by GB/T 2260 code, shaded by completeness or by
an indicator's province figure (the figures layer's), a legend, the table beside it
equal to its CSV, and the boundary map only with its approval number."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from django.conf import settings

from institutions.models import Membership, Province
from reporting.dashboards.tiles import COLUMNS, NOT_REPORTING, ROWS, TILES
from reporting.display import number_text
from reporting.figures import indicator_figures
from reporting.models import ScopeKind
from tests.factories import AuthorityFactory, MembershipFactory, UserFactory, province
from tests.html_support import Page
from tests.reporting.dashboard_support import (
    csv_rows,
    period_with_reports,
    plain,
    table_rows,
)

pytestmark = pytest.mark.django_db

URL = "/dashboard/map/"
SHARED = Path(settings.BASE_DIR).parent / "shared" / "data"


def _tiles(html: str) -> dict[str, object]:
    page = Page(html)
    return {tile.attrs["data-code"]: tile for tile in page.all("a", data_testid="tile")}


def test_tile_positions_cover_the_31_provinces_once():
    assert set(TILES) == set(Province.objects.values_list("code", flat=True))
    places = [(r, c) for r, c, _ in TILES.values()]
    places += [(r, c) for r, c, _ in NOT_REPORTING.values()]
    assert len(places) == len(set(places)) == 34
    assert all(0 <= r < ROWS and 0 <= c < COLUMNS for r, c in places)


@pytest.mark.skipif(
    not (SHARED / "provinces_gbt2260.csv").exists(), reason="no ../shared/data"
)
def test_tile_codes_are_those_of_gbt2260():
    with open(SHARED / "provinces_gbt2260.csv", encoding="utf-8") as f:
        codes = {row["code"] for row in csv.DictReader(f)}
    assert set(TILES) == codes


def test_cartogram_has_31_linked_tiles_with_the_right_codes(ministry_client):
    period_with_reports(7)
    html = ministry_client.get(URL).content.decode()
    tiles = _tiles(html)
    assert set(tiles) == set(TILES)
    page = Page(html)
    others = page.all("span", data_testid="tile-not-reporting")
    assert {tile.attrs["data-code"] for tile in others} == {"71", "81", "82"}
    beijing = tiles["11"]
    assert beijing.text.startswith("北京")
    assert f"r{TILES['11'][0]} c{TILES['11'][1]}" in beijing.attrs["class"]
    assert page.all("ul", data_testid="legend")


def test_tiles_are_shaded_by_share_submitted(ministry_client):
    period, _ = period_with_reports(7)
    html = ministry_client.get(URL).content.decode()
    tiles = _tiles(html)
    rows = {row[1]: row for row in table_rows(html, "provinces")}
    for code in ("11", "31"):
        share = float(plain(rows[code][2]))
        assert tiles[code].text.endswith(rows[code][2])
        assert f"shade-{min(int(share // 20), 4)}" in tiles[code].attrs["class"]
    assert "shade-none" in tiles["65"].attrs["class"]  # no participant in Xinjiang
    assert rows["65"][2] == "—"


def test_clicking_a_province_leads_to_its_dashboard_in_the_period(ministry_client):
    period, _ = period_with_reports(7)
    html = ministry_client.get(URL).content.decode()
    href = _tiles(html)["31"].attrs["href"]
    assert href == f"/dashboard/province/31/?year={period.year}"
    page = ministry_client.get(href)
    assert page.status_code == 200
    assert page.context["period"] == period


def test_csv_equals_the_table(ministry_client):
    period, _ = period_with_reports(7)
    html = ministry_client.get(f"{URL}?period={period.pk}").content.decode()
    response = ministry_client.get(f"/dashboard/map/provinces.csv?period={period.pk}")
    header, *rows = csv_rows(response)
    assert len(rows) == 31
    assert rows == [[plain(c) for c in row] for row in table_rows(html, "provinces")]
    assert header[:2] == ["省份", "代码"]


def test_shaded_by_an_indicator_province_figure(ministry_client):
    from tests.reporting.figures_support import accept, country

    reports, casts = country(3)
    for report in reports:
        accept(report, casts[report.pk])
    period = reports[0].period
    figures = indicator_figures(period=period, scope_kind=ScopeKind.PROVINCE)
    figure = next(f for f in figures if f.indicator.code == "IND-A1-01")
    url = f"{URL}?period={period.pk}&indicator=IND-A1-01"
    html = ministry_client.get(url).content.decode()
    rows = {row[1]: row for row in table_rows(html, "provinces")}
    by_code = {f.scope_key: f for f in figures if f.indicator.code == "IND-A1-01"}
    for code, shown in by_code.items():
        assert plain(rows[code][2]) == number_text(shown.value)
        assert rows[code][3:5] == [str(n) for n in shown.coverage]
    assert figure.value is not None
    csv_url = f"/dashboard/map/provinces.csv?period={period.pk}&indicator=IND-A1-01"
    body = csv_rows(ministry_client.get(csv_url))
    assert body[1:] == [[plain(c) for c in row] for row in rows.values()]


def test_authority_cannot_shade_by_indicator_and_sees_its_scope(client):
    mine = AuthorityFactory(province=province("11"))
    period_with_reports(8, authority=mine)
    reviewer = MembershipFactory(
        user=UserFactory(),
        role=Membership.Role.REVIEWER,
        university=None,
        authority=mine,
    )
    client.force_login(reviewer.user)
    html = client.get(f"{URL}?indicator=IND-A1-01").content.decode()
    assert "invalid-feedback" in html
    rows = {row[1]: row for row in table_rows(html, "provinces")}
    mine_count = sum(1 for n in range(8) if n < 4)
    participants = sum(int(plain(row[4]) or 0) for row in rows.values())
    assert participants == mine_count


def test_boundary_map_only_with_its_approval_number(
    ministry_client, settings, tmp_path
):
    period_with_reports(3)
    map_file = tmp_path / "map.json"
    map_file.write_text('{"type": "FeatureCollection", "features": []}', "utf-8")
    settings.CHINA_MAP_FILE = str(map_file)
    settings.CHINA_MAP_APPROVAL = ""
    page = Page(ministry_client.get(f"{URL}?map=boundary").content.decode())
    assert not page.all("div", data_testid="boundary-map")
    settings.CHINA_MAP_APPROVAL = "GS(2024)0650号"
    page = Page(ministry_client.get(f"{URL}?map=boundary").content.decode())
    (note,) = page.all("p", data_testid="map-approval")
    assert "GS(2024)0650号" in note.text


@pytest.mark.skipif(
    not (SHARED / "echarts-4.9.0-china.json").exists(), reason="no ../shared/data"
)
def test_a_boundary_map_joins_the_tiles_on_the_six_digit_code():
    """The development map (never committed) names each province by its adcode, as
    `Province.adcode`; the tiles of the three that do not report are on it too."""
    import json

    with open(SHARED / "echarts-4.9.0-china.json", encoding="utf-8") as f:
        features = json.load(f)["features"]
    on_map = {feature["properties"]["id"] for feature in features}
    provinces = Province.objects.filter(code__in=TILES)
    assert {province.adcode for province in provinces} <= on_map
    assert {f"{code}0000" for code in NOT_REPORTING} <= on_map


def test_a_map_file_without_its_approval_number_is_not_shown(ministry_client, settings):
    period_with_reports(3)
    settings.CHINA_MAP_FILE = "/srv/map.json"
    settings.CHINA_MAP_APPROVAL = ""
    page = Page(ministry_client.get(URL).content.decode())
    assert not page.all("div", data_testid="boundary-map")
    (note,) = page.all("p", data_testid="boundary-map-unapproved")
    assert "审图号" in note.text


def test_the_period_shown_is_the_one_selected(ministry_client):
    from tests.factories import PeriodFactory

    period, _ = period_with_reports(3)
    PeriodFactory(year=period.year + 1)  # upcoming: listed first, not the default
    page = Page(ministry_client.get(f"{URL}?indicator=IND-A1-01").content.decode())
    (select,) = page.all("select", name="period")
    (selected,) = page.all("option", within=select, selected="")
    assert selected.attrs["value"] == str(period.pk)
    assert page.all("option", value="IND-A1-01", selected="")
