"""The China view (`/dashboard/map/`): a tile-grid cartogram of the 31 provinces
(reporting/dashboards/tiles.py), shaded by the period's completeness (default) or,
for the ministry, by an indicator's province figure, with its legend and its table
beside it (the same `Table` as the CSV and XLSX downloads). Pure HTML and CSS: it
works and prints without JavaScript.

A boundary map supplied by the ministry may be configured (`CHINA_MAP_FILE` with its
map approval number `CHINA_MAP_APPROVAL`, shentu hao): links then switch the page to
it (`?map=boundary`, reporting/dashboards/boundary.py), drawn by ECharts from the
same figures, the number printed under it. Without both, only the cartogram is
shown: a boundary map of China may be published only with its approval number.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from carbonplan.db_router import reads_from_replica
from initiatives.models import Indicator
from institutions.models import Province, University

from ..figures import indicator_figures
from ..figures_completeness import completeness
from ..models import ReportingPeriod, ScopeKind
from ..rollup import DISTRIBUTION
from .boundary import BOUNDARY_VIEW, chosen_view, map_config, view_links
from .download import COUNT, FORMATS, NUMBER, PERCENT, Cell, Table, table_download
from .periods import PeriodForm, chosen_period, dashboard_membership, province_hrefs
from .tiles import NOT_REPORTING, TILES

SHADES = 5


class MapForm(PeriodForm):
    """The period and what shades the provinces: completeness, or an indicator
    (officials and experts only: a province's figure covers every university in
    it, beyond an authority's scope)."""

    # The cartogram or the boundary map (boundary.chosen_view), kept as the form
    # is sent again.
    map = forms.CharField(required=False, widget=forms.HiddenInput)
    indicator = forms.ModelChoiceField(
        queryset=Indicator.objects.none(),
        to_field_name="code",
        label=gettext_lazy("Shade by"),
        required=False,
        empty_label=gettext_lazy("Completeness of the period"),
    )

    def __init__(self, *args, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators


@dataclass(frozen=True)
class Tile:
    code: str
    name: str
    row: int
    column: int
    cell: Cell | None = None
    shade: int | None = None
    href: str = ""

    @property
    def reporting(self) -> bool:
        return self.cell is not None


@dataclass(frozen=True)
class Measure:
    """What the tiles show: a label, each province's cell (by code), the coverage
    cells of the table."""

    label: str
    kind: str
    values: dict[str, Cell]
    coverage: dict[str, tuple[Cell, Cell]]
    coverage_header: tuple[str, str]


def completeness_measure(period: ReportingPeriod, universities) -> Measure:
    figures = completeness(period=period, universities=universities, by_authority=False)
    rows = {row.scope.code: row for row in figures.provinces}
    return Measure(
        label=_("Share submitted (%)"),
        kind=PERCENT,
        values={code: Cell(row.share_submitted, PERCENT) for code, row in rows.items()},
        coverage={
            code: (Cell(row.submitted, COUNT), Cell(row.participants, COUNT))
            for code, row in rows.items()
        },
        coverage_header=(_("Submitted"), _("Participants")),
    )


def indicator_measure(period: ReportingPeriod, indicator: Indicator) -> Measure:
    """The indicator's figure per province: its sum or number of yes answers, or
    the median of a distribution, with the coverage."""
    figures = indicator_figures(
        period=period, scope_kind=ScopeKind.PROVINCE, indicators=[indicator]
    )
    label = str(indicator)
    if figures and figures[0].kind == DISTRIBUTION:
        label = _("%(indicator)s, median") % {"indicator": label}
    values, coverage = {}, {}
    for figure in figures:
        value = figure.value
        if figure.kind == DISTRIBUTION:
            value = figure.cell.median if figure.cell.answered else None
        values[figure.scope_key] = Cell(value, NUMBER)
        reported, universities = figure.coverage
        coverage[figure.scope_key] = (Cell(reported, COUNT), Cell(universities, COUNT))
    return Measure(
        label=label,
        kind=NUMBER,
        values=values,
        coverage=coverage,
        coverage_header=(_("Universities reported"), _("Participants")),
    )


def _shade(value, bounds: tuple[Decimal, Decimal]) -> int | None:
    if value is None:
        return None
    low, high = bounds
    if high == low:
        return SHADES - 1
    return min(int((Decimal(value) - low) / (high - low) * SHADES), SHADES - 1)


def _bounds(measure: Measure) -> tuple[Decimal, Decimal]:
    """Shares shade on fixed fifths of 100 %; figures between their extremes."""
    if measure.kind == PERCENT:
        return Decimal(0), Decimal(100)
    numbers = [Decimal(c.value) for c in measure.values.values() if c.value is not None]
    return (min(numbers), max(numbers)) if numbers else (Decimal(0), Decimal(0))


def legend(measure: Measure) -> list[tuple[int, str]]:
    """Each shade with the range of values it stands for."""
    low, high = _bounds(measure)
    step = (high - low) / SHADES
    kind = measure.kind
    return [
        (
            shade,
            f"{Cell(low + step * shade, kind).text} – "
            f"{Cell(low + step * (shade + 1), kind).text}",
        )
        for shade in range(SHADES)
    ]


def province_names(provinces: dict[str, Province]) -> dict[str, str]:
    return {code: province.display_name for code, province in provinces.items()}


def cartogram(
    measure: Measure, provinces: dict[str, Province], period: ReportingPeriod
) -> list[Tile]:
    """The 31 provinces' tiles (and the three that do not report), in grid order,
    each with its short name."""
    bounds = _bounds(measure)
    hrefs = province_hrefs(provinces.values(), period)
    tiles = []
    for code, (row, column, short) in TILES.items():
        cell = measure.values.get(code) or Cell(None, measure.kind)
        tiles.append(
            Tile(
                code=code,
                name=str(short),
                row=row,
                column=column,
                cell=cell,
                shade=_shade(cell.value, bounds),
                href=hrefs.get(code, ""),
            )
        )
    for code, (row, column, name) in NOT_REPORTING.items():
        tiles.append(Tile(code=code, name=str(name), row=row, column=column))
    return sorted(tiles, key=lambda tile: (tile.row, tile.column))


def map_table(
    measure: Measure, provinces: dict[str, Province], period: ReportingPeriod
) -> Table:
    """The provinces with the measure and its coverage, in code order; a province
    leads where its square does."""
    names = province_names(provinces)
    hrefs = province_hrefs(provinces.values(), period)
    rows = []
    for code in sorted(TILES):
        reported, whole = measure.coverage.get(
            code, (Cell(None, COUNT), Cell(None, COUNT))
        )
        rows.append(
            [
                Cell(names.get(code, code), href=hrefs.get(code, "")),
                Cell(code),
                measure.values.get(code) or Cell(None, measure.kind),
                reported,
                whole,
            ]
        )
    return Table(
        key="provinces",
        title=_("Provinces"),
        header=[
            _("Province"),
            _("Code"),
            measure.label,
            *measure.coverage_header,
        ],
        rows=rows,
    )


def _view(request: HttpRequest):
    membership = dashboard_membership(request)
    indicators = (
        Indicator.objects.active()
        if membership.is_ministry
        else Indicator.objects.none()
    )
    form, period = chosen_period(request, MapForm, indicators=indicators)
    indicator = None
    if form.is_bound and form.is_valid():
        indicator = form.cleaned_data.get("indicator")
    if period is None:
        return form, None, None, None, None
    provinces = {p.code: p for p in Province.objects.all()}
    if indicator is not None:
        measure = indicator_measure(period, indicator)
    else:
        universities = University.objects.visible_to(request.user)
        measure = completeness_measure(period, universities)
    return form, period, indicator, measure, provinces


def _download_url(fmt: str, query: str) -> str:
    url = reverse("reporting:dashboard-map-download", kwargs={"fmt": fmt})
    return f"{url}?{query}" if query else url


@login_required
@reads_from_replica
def map_page(request: HttpRequest) -> HttpResponse:
    form, period, indicator, measure, provinces = _view(request)
    view = chosen_view(request)
    context: dict = {
        "filter": {"form": form},
        "period": period,
        "view": view,
        "view_links": view_links(request, view),
    }
    if period is not None:
        table = map_table(measure, provinces, period)
        tiles = cartogram(measure, provinces, period)
        query = request.GET.urlencode()
        context.update(
            measure=measure,
            tiles=tiles,
            legend=legend(measure),
            table=table,
            csv_url=_download_url("csv", query),
            xlsx_url=_download_url("xlsx", query),
            # What a chart would plot: exactly the table's figures.
            chart_data=[
                {"code": row[1].value, "name": row[0].value, "value": row[2].plain}
                for row in table.rows
            ],
        )
        if view == BOUNDARY_VIEW:
            shades = {tile.code: tile.shade for tile in tiles if tile.reporting}
            context["boundary"] = map_config(table, shades)
    approval = settings.CHINA_MAP_APPROVAL
    context["boundary_unapproved"] = bool(settings.CHINA_MAP_FILE and not approval)
    context["map_approval"] = approval if settings.CHINA_MAP_FILE else ""
    return render(request, "reporting/dashboards/map.html", context)


@login_required
@reads_from_replica
def map_download(request: HttpRequest, fmt: str) -> HttpResponse:
    """The page's table as CSV or XLSX."""
    if fmt not in FORMATS:
        raise Http404(_("No such download."))
    _form, period, indicator, measure, provinces = _view(request)
    if period is None:
        raise Http404(_("No reporting period yet."))
    name = f"china-{period.year}-{indicator.code if indicator else 'completeness'}"
    return table_download(map_table(measure, provinces, period), fmt, name)
