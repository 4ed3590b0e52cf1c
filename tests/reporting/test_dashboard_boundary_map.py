"""The China view's boundary map: the ministry's file served only with its approval
number, to signed-in users with a role, revalidated with a 304; the cartogram stays
the default, links switch to the map, the approval number is printed right under it,
and the map is given exactly the table's figures and the cartogram's shades."""

from __future__ import annotations

import json
import os

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reporting.dashboards.boundary import NO_DATA, NOT_REPORTING_SHADE
from tests.factories import UserFactory
from tests.html_support import Page
from tests.reporting.dashboard_support import period_with_reports, table_rows
from tests.reporting.map_support import APPROVAL, configure_boundary_map

pytestmark = pytest.mark.django_db

URL = "/dashboard/map/"
FILE_URL = "/dashboard/map/boundary.json"


@pytest.fixture
def map_file(settings, tmp_path):
    return configure_boundary_map(settings, tmp_path)


def test_the_file_is_served_with_its_approval_number(ministry_client, map_file):
    response = ministry_client.get(FILE_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert b"".join(response.streaming_content) == map_file.read_bytes()
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"].endswith("GMT")
    assert "private" in response["Cache-Control"]
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("map_setting", "approval"),
    [("", ""), ("file", ""), ("", APPROVAL), ("missing", APPROVAL)],
)
def test_no_file_without_both_settings(
    ministry_client, settings, tmp_path, map_setting, approval
):
    path = tmp_path / "map.json"
    path.write_text("{}", "utf-8")
    settings.CHINA_MAP_FILE = {
        "": "",
        "file": str(path),
        "missing": str(tmp_path / "gone.json"),
    }[map_setting]
    settings.CHINA_MAP_APPROVAL = approval
    assert ministry_client.get(FILE_URL).status_code == 404


def test_the_file_needs_a_signed_in_user_with_a_role(client, map_file):
    response = client.get(FILE_URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    client.force_login(UserFactory())  # no membership: no China view either
    assert client.get(FILE_URL).status_code == 404
    assert client.get(URL).status_code == 404


def test_a_known_copy_is_revalidated_with_a_304(ministry_client, map_file):
    first = ministry_client.get(FILE_URL)
    etag, modified = first["ETag"], first["Last-Modified"]
    again = ministry_client.get(FILE_URL, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again["ETag"] == etag
    assert not again.content
    since = ministry_client.get(FILE_URL, HTTP_IF_MODIFIED_SINCE=modified)
    assert since.status_code == 304
    # A new file from the ministry: a new ETag, the whole file again.
    map_file.write_text('{"type": "FeatureCollection", "features": []}', "utf-8")
    stat = map_file.stat()
    os.utime(map_file, (stat.st_atime + 10, stat.st_mtime + 10))
    changed = ministry_client.get(FILE_URL, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert json.loads(b"".join(changed.streaming_content))["features"] == []


def test_cartogram_is_the_default_and_links_switch_to_the_map(
    ministry_client, map_file
):
    period, _ = period_with_reports(5)
    query = f"period={period.pk}&indicator=IND-A1-01"
    page = Page(ministry_client.get(f"{URL}?{query}").content.decode())
    assert len(page.all("a", data_testid="tile")) == 31
    assert not page.all("div", data_testid="boundary-map")
    assert not page.all("p", data_testid="map-approval")
    (tiles,) = page.all("a", data_testid="map-switch-tiles")
    (boundary,) = page.all("a", data_testid="map-switch-boundary")
    assert tiles.attrs["aria-current"] == "page"
    assert "aria-current" not in boundary.attrs
    assert boundary.attrs["href"] == f"{URL}?{query}&map=boundary"
    assert tiles.text == "方块示意图"
    assert boundary.text == "行政区划地图"


def test_the_map_shows_its_approval_number_right_under_it(ministry_client, map_file):
    period, _ = period_with_reports(5)
    html = ministry_client.get(f"{URL}?period={period.pk}&map=boundary").content
    page = Page(html.decode())
    assert not page.all("a", data_testid="tile")
    (box,) = page.all("div", data_testid="boundary-map")
    children = [e for e in page.elements if e.parent is box]
    chart, approval = children[0], children[1]
    assert chart.attrs["data-testid"] == "boundary-map-chart"
    assert approval.attrs["data-testid"] == "map-approval"
    assert approval.text == f"审图号： {APPROVAL}"
    (needs_js,) = page.all("p", data_testid="map-needs-js", within=box)
    assert "JavaScript" in needs_js.text
    assert page.all("ul", data_testid="legend", within=box)
    (switch,) = page.all("a", data_testid="map-switch-boundary")
    assert switch.attrs["aria-current"] == "page"
    (back,) = page.all("a", data_testid="map-switch-tiles")
    assert back.attrs["href"] == f"{URL}?period={period.pk}&map=tiles"
    # The table is in the page, for print and without JavaScript.
    assert len(table_rows(html.decode(), "provinces")) == 31
    scripts = [e.attrs.get("src", "") for e in page.all("script")]
    assert "/static/js/china_map.js" in scripts
    assert "/static/vendor/echarts-6.1.0/echarts.min.js" in scripts
    # The filter form sends the choice of map again.
    (kept,) = page.all("input", name="map")
    assert (kept.attrs["type"], kept.attrs["value"]) == ("hidden", "boundary")


def test_the_map_is_given_the_tables_figures_and_the_cartograms_shades(
    ministry_client, map_file
):
    period, _ = period_with_reports(7)
    tiles_html = ministry_client.get(f"{URL}?period={period.pk}").content.decode()
    shades = {
        tile.attrs["data-code"]: tile.attrs["class"].split()[-1]
        for tile in Page(tiles_html).all("a", data_testid="tile")
    }
    html = ministry_client.get(f"{URL}?period={period.pk}&map=boundary")
    html = html.content.decode()
    config = json.loads(Page(html).by_id("boundary-map-data").text)
    assert config["url"] == FILE_URL
    assert config["codeProperty"] == "adcode"
    regions = {region["code"]: region for region in config["regions"]}
    links = {
        a.attrs["href"].split("/")[3]: a.attrs["href"]
        for a in Page(html).all("a")
        if a.attrs.get("href", "").startswith("/dashboard/province/")
    }
    for name, code, value, *_ in table_rows(html, "provinces"):
        region = regions.pop(code)
        assert (region["name"], region["text"]) == (name, value)
        shade = region["shade"]
        expected = "shade-none" if shade == NO_DATA else f"shade-{shade}"
        assert shades[code] == expected
        assert region["href"] == links[code]
    assert regions.keys() == {"71", "81", "82"}
    assert {r["shade"] for r in regions.values()} == {NOT_REPORTING_SHADE}
    assert regions["71"]["href"] == ""
    assert shades["11"] != "shade-none" and shades["65"] == "shade-none"


def test_without_its_approval_number_there_is_no_map_to_switch_to(
    ministry_client, map_file, settings
):
    period_with_reports(3)
    settings.CHINA_MAP_APPROVAL = ""
    page = Page(ministry_client.get(f"{URL}?map=boundary").content.decode())
    assert len(page.all("a", data_testid="tile")) == 31
    assert not page.all("div", data_testid="boundary-map")
    assert not page.all("nav", data_testid="map-switch")
    assert page.all("p", data_testid="boundary-map-unapproved")
    assert not [e for e in page.elements if e.attrs.get("id") == "boundary-map-data"]


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        assert response.status_code == 200
    return len(queries)


def test_the_map_reads_nothing_more_than_the_cartogram(ministry_client, map_file):
    """The map's figures are the table's: the same reads as the cartogram, as many
    with 4 universities as with 28; the file's reads do not depend on them."""
    period_with_reports(4)
    _queries(ministry_client, URL)  # the session's first request counts its own
    tiles = _queries(ministry_client, f"{URL}?map=tiles")
    boundary = _queries(ministry_client, f"{URL}?map=boundary")
    served = _queries(ministry_client, FILE_URL)
    assert boundary == tiles
    period_with_reports(28)
    assert _queries(ministry_client, f"{URL}?map=boundary") == boundary
    assert _queries(ministry_client, FILE_URL) == served
