"""The indicator dashboards: the figures they show are the figures layer's, each
table's CSV and XLSX hold exactly its rows, a target path and its status are
computed as the page says, and nothing is invented where no target is set."""

from __future__ import annotations

from decimal import Decimal

import pytest

from initiatives.models import Horizon, Indicator, Target
from reporting.dashboards.paths import headline
from reporting.figures import indicator_figure
from reporting.figures_series import first_answered, first_points, indicator_series
from reporting.models import ScopeKind
from tests.reporting.dashboards_support import (
    csv_rows,
    more_universities,
    two_years,
    xlsx_rows,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def country2():
    """Three universities (two in Beijing under EDU-11, one in Shanghai under the
    ministry): IND-A1-01 is 10, 20, 30 in 2022; 12 and 24 in 2023, where the third
    has not reported."""
    return two_years(3, first=["10", "20", "30"], second=["12", "24", None])


def _row(table, code: str) -> list:
    for row in table.rows:
        if row[0].values and row[0].values[0] == code:
            return row
    raise AssertionError(f"{code} not in {table.slug}")


def _column(table, key: str) -> int:
    return [column.key for column in table.columns].index(key)


def test_the_national_dashboard_shows_the_figures_layer(ministry_client, country2):
    _universities, _casts, (_old, period) = country2
    response = ministry_client.get("/dashboard/")
    assert response.status_code == 200
    overview = response.context["tables"]["overview"]
    for code in ("IND-A1-01", "IND-O1-01", "IND-O3-01", "IND-O3-07"):
        indicator = Indicator.objects.get(code=code)
        figure = indicator_figure(period=period, indicator=indicator)
        row = _row(overview, code)
        shown = row[_column(overview, "figure")].value
        expected = figure.value if figure.value is not None else figure.cell.median
        assert shown == expected, code
        assert row[_column(overview, "coverage")].values == figure.coverage
    # A non-reporting university lowers the coverage, not the total: 12 + 24.
    a101 = _row(overview, "IND-A1-01")
    assert a101[_column(overview, "figure")].value == Decimal(36)
    assert a101[_column(overview, "coverage")].values == (2, 3)
    html = response.content.decode()
    assert "2 / 3 所高校" in html
    # A yes/no indicator totals the universities answering yes.
    o101 = _row(overview, "IND-O1-01")
    assert o101[_column(overview, "figure")].value == 2
    assert "2 所回答“是”" in o101[_column(overview, "figure")].text


def test_trend_and_target_path_with_its_arithmetic(ministry_client, country2):
    _universities, _casts, (old, period) = country2
    indicator = Indicator.objects.get(code="IND-A1-01")
    Target.objects.create(
        indicator=indicator,
        horizon=Horizon.objects.get(code="H1"),
        baseline_year=2000,  # never read: the baseline comes from the figures
        baseline_value=Decimal(1),
        value=Decimal(100),
    )
    response = ministry_client.get("/dashboard/?indicator=IND-A1-01")
    tables = response.context["tables"]
    trend = tables["trend"]
    series = indicator_series(indicators=[indicator])[indicator.pk]
    assert [row[1].value for row in trend.rows] == [
        point.figure.value for point in series
    ]
    assert [row[1].value for row in trend.rows] == [Decimal(60), Decimal(36)]
    # Baseline 60 (2022), target 100 in 2025: expected in 2023 60 + 40 × 1/3.
    row = _row(tables["overview"], "IND-A1-01")
    overview = tables["overview"]
    assert row[_column(overview, "baseline")].values == (2022, Decimal(60))
    assert row[_column(overview, "target")].values == (2025, Decimal(100))
    assert row[_column(overview, "expected")].value == Decimal("73.3333")
    status = row[_column(overview, "status")]
    assert status.text == "偏离轨道"
    assert "60 + (100 − 60) × (2023 − 2022) / (2025 − 2022) = 73.3333" in status.title
    assert status.title == row[_column(overview, "arithmetic")].text
    assert status.title in response.content.decode()
    # An indicator without a target says so, with nothing invented.
    other = _row(overview, "IND-A1-02")
    assert other[_column(overview, "target")].text == "未设定目标"
    assert other[_column(overview, "expected")].value is None
    # The trend's chart reads exactly the table's figures.
    chart = trend.chart()
    assert chart["labels"] == ["2022", "2023"]
    assert chart["series"][0]["data"] == [60.0, 36.0]
    assert chart["series"][1]["data"] == [60.0, 73.3333]


@pytest.mark.parametrize("slug", ["overview", "trend", "provinces", "universities"])
def test_each_download_holds_exactly_its_table(ministry_client, country2, slug):
    page = ministry_client.get("/dashboard/?indicator=IND-A1-01")
    table = page.context["tables"][slug]
    assert table.rows, slug

    rows = csv_rows(
        ministry_client.get(f"/dashboard/?indicator=IND-A1-01&table={slug}&format=csv")
    )
    assert rows[0] == table.header()
    plain = [
        [
            ""
            if v is None
            else format(v.normalize(), "f")
            if isinstance(v, Decimal)
            else str(v)
            for v in record
        ]
        for record in table.records()
    ]
    assert rows[1:] == plain

    sheet = xlsx_rows(
        ministry_client.get(f"/dashboard/?indicator=IND-A1-01&table={slug}&format=xlsx")
    )
    assert sheet[0] == table.header()
    for record, cells in zip(table.records(), sheet[1:], strict=True):
        expected = [float(v) if isinstance(v, (int, Decimal)) else v for v in record]
        assert cells + [None] * (len(expected) - len(cells)) == expected


def test_unknown_downloads_are_not_found(ministry_client, country2):
    assert ministry_client.get("/dashboard/?table=nope&format=csv").status_code == 404
    assert ministry_client.get("/dashboard/?table=trend&format=pdf").status_code == 404


def test_rankings_link_down_to_province_university_and_report(
    ministry_client, country2
):
    universities, _casts, (_old, period) = country2
    page = ministry_client.get("/dashboard/?indicator=IND-A1-01")
    provinces = page.context["tables"]["provinces"]
    assert [(row[1].values[0], row[2].value) for row in provinces.rows] == [
        ("11", Decimal(36))
    ]
    beijing = ministry_client.get(provinces.rows[0][1].href + "?indicator=IND-A1-01")
    assert beijing.status_code == 200
    ranked = beijing.context["tables"]["universities"]
    assert [row[2].value for row in ranked.rows] == [Decimal(24), Decimal(12)]
    assert ranked.rows[0][1].values[0] == universities[1].code
    university = ministry_client.get(ranked.rows[0][1].href)
    report = university.context["report"]
    assert report.university == universities[1] and report.period == period
    assert f'/reports/{report.pk}/"' in university.content.decode()
    authorities = page.context["tables"]["authorities"]
    assert [row[1].values[0] for row in authorities.rows] == ["EDU-11"]


def test_a_university_sees_its_progress_against_its_own_target_and_the_nation(
    client, country2
):
    universities, casts, _periods = country2
    university = universities[1]
    Target.objects.create(
        indicator=Indicator.objects.get(code="IND-A1-01"),
        horizon=Horizon.objects.get(code="H1"),
        university=university,
        baseline_year=2022,
        baseline_value=Decimal(20),
        value=Decimal(26),
    )
    client.force_login(casts[university.pk].reporter)
    page = client.get(f"/dashboard/university/{university.pk}/")
    overview = page.context["tables"]["overview"]
    row = _row(overview, "IND-A1-01")
    assert row[_column(overview, "figure")].value == Decimal(24)
    assert row[_column(overview, "national")].value == Decimal(36)
    # 20 in 2022 towards 26 in 2025: expected 22 in 2023, reached.
    assert row[_column(overview, "expected")].value == Decimal(22)
    assert row[_column(overview, "status")].text == "进展正常"
    assert "universities" not in page.context["tables"]
    assert "provinces" not in page.context["tables"]
    # The home page carries the same dashboard, the very same rendering.
    home = client.get("/")
    assert home.context["dashboard"] == page.context["dashboard"]
    assert "IND-A1-01" in home.context["dashboard"]


def test_a_scope_kind_series_matches_each_period_s_figures(country2):
    _universities, _casts, periods = country2
    indicator = Indicator.objects.get(code="IND-A1-01")
    for kind, key in (
        (ScopeKind.NATION, ""),
        (ScopeKind.PROVINCE, "11"),
        (ScopeKind.AUTHORITY, "EDU-11"),
    ):
        series = indicator_series(
            indicators=[indicator], scope_kind=kind, scope_key=key
        )[indicator.pk]
        for point, period in zip(series, periods, strict=True):
            figure = indicator_figure(
                period=period, indicator=indicator, scope_kind=kind, scope_key=key
            )
            assert (point.figure.value, point.figure.coverage) == (
                figure.value,
                figure.coverage,
            )


def test_the_dashboard_bench_times_every_endpoint(ministry_client, country2, capsys):
    from scripts.bench_dashboards import bench_dashboards

    rows = bench_dashboards(ministry_client, runs=1)
    labels = {row[0] for row in rows}
    assert {"nation", "province", "authority", "university"} <= labels
    assert "dashboard endpoint" in capsys.readouterr().out


def test_the_dashboard_leads_to_completeness_and_the_china_view_of_its_period(
    ministry_client, country2
):
    _universities, _casts, (old, _period) = country2
    html = ministry_client.get(f"/dashboard/?year={old.year}").content.decode()

    for testid, path in [
        ("dash-completeness", "/dashboard/completeness/"),
        ("dash-china-view", "/dashboard/map/"),
    ]:
        href = html.split(f'data-testid="{testid}"')[0].rsplit('href="', 1)[1]
        href = href.split('"')[0].replace("&amp;", "&")
        assert href == f"{path}?period={old.pk}"
        page = ministry_client.get(href).content.decode()
        assert str(old.year) in page.split("</h1>")[0]


def test_each_baseline_is_the_first_answered_period_of_the_series(db):
    """The dashboards read each baseline alone (the first period with an accepted
    answer, found in the database): it is the series' first answered point, for
    every scope kind, a university whose first answer came a year later included."""
    universities, casts, periods = two_years(
        3, first=["10", "20", "30"], second=["12", "24", None]
    )
    universities += more_universities(periods[1], 1, casts)  # from 2023 on
    indicators = list(Indicator.objects.active())
    scopes = [
        (ScopeKind.NATION, ""),
        (ScopeKind.PROVINCE, "11"),
        (ScopeKind.AUTHORITY, "EDU-11"),
        *((ScopeKind.UNIVERSITY, university.code) for university in universities),
    ]
    seen = set()
    for kind, key in scopes:
        firsts = first_points(
            indicators=indicators, scope_kind=kind, scope_key=key, periods=periods
        )
        series = indicator_series(
            indicators=indicators, scope_kind=kind, scope_key=key, periods=periods
        )
        for indicator in indicators:
            expected = first_answered(series[indicator.pk])
            found = firsts.get(indicator.pk)
            assert (found is None) == (expected is None), (kind, key, indicator)
            if expected is None:
                continue
            assert found.period == expected.period, (kind, key, indicator)
            assert headline(found.figure) == headline(expected.figure)
            assert found.figure.coverage == expected.figure.coverage
            seen.add((kind, key, found.period.year))
    # The late starter's baseline is 2023; the others' 2022.
    assert (ScopeKind.UNIVERSITY, universities[3].code, 2023) in seen
    assert (ScopeKind.UNIVERSITY, universities[0].code, 2022) in seen
