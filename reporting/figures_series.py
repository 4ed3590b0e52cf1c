"""Every period's figure of the indicators for one scope: the trends of the
dashboards, and the baseline of a target path (the first period with an accepted
figure). Part of the figures layer (reporting/figures.py): the same cells, read
over all periods at once in a fixed number of queries whatever the number of
periods, universities or values.

A stored scope (nation, province, authority, category) reads the rollup; a
university's figures are its own accepted values of the versions that count, added
up by the rollup's own rule (`cell_of_rows`), as `indicator_figures` reads them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Min, Q, Window

from initiatives.models import Indicator

from .figures import Figure
from .models import (
    AcceptedValue,
    FigureCell,
    Report,
    ReportingPeriod,
    ScopeKind,
    Value,
)
from .rollup import (
    DISTRIBUTION,
    TOTAL_PLACES,
    Cell,
    cell_of_rows,
    figure_kind,
    keyed,
    valid_answer,
)


@dataclass(frozen=True)
class Point:
    """One period of a series and the scope's figure in it."""

    period: ReportingPeriod
    figure: Figure


def indicator_series(
    *,
    indicators: Iterable[Indicator],
    scope_kind: str = ScopeKind.NATION,
    scope_key: str = "",
    periods: Iterable[ReportingPeriod] | None = None,
) -> dict[int, list[Point]]:
    """{indicator id: every period's figure, oldest first} for one scope: four
    queries (three when `periods` is given), whatever the number of periods."""
    indicators = list(indicators)
    if periods is None:
        periods = ReportingPeriod.objects.order_by("year", "pk")
    periods = list(periods)
    if scope_kind == ScopeKind.UNIVERSITY:
        cells = _university_cells(scope_key, indicators)
    else:
        cells = _stored_cells(scope_kind, scope_key, indicators, periods)
    through = ReportingPeriod.participants.through
    taking_part = keyed(through.objects.all(), "university", scope_kind)
    if scope_kind != ScopeKind.NATION:
        taking_part = taking_part.filter(key=scope_key)
    universities = dict(
        taking_part.values("reportingperiod_id")
        .annotate(n=Count("pk"))
        .values_list("reportingperiod_id", "n")
    )
    series: dict[int, list[Point]] = {}
    for indicator in indicators:
        kind = figure_kind(indicator)
        points = []
        for period in periods:
            cell = cells.get((period.pk, indicator.pk)) or Cell()
            cell.reported = cells.get((period.pk, None), Cell()).reported
            figure = Figure(
                indicator=indicator,
                scope_kind=scope_kind,
                scope_key=scope_key,
                kind=kind,
                universities=universities.get(period.pk, 0),
                cell=cell,
            )
            points.append(Point(period=period, figure=figure))
        series[indicator.pk] = points
    return series


def first_answered(points: list[Point]) -> Point | None:
    """The first period whose figure has an accepted answer: a target path's
    baseline."""
    return next((point for point in points if point.figure.cell.answered), None)


def first_points(
    *,
    indicators: Iterable[Indicator],
    scope_kind: str = ScopeKind.NATION,
    scope_key: str = "",
    periods: Iterable[ReportingPeriod],
) -> dict[int, Point]:
    """{indicator id: the figure of the first of `periods` with an accepted answer}
    for one scope: the baseline of each target path, as `first_answered` finds it
    in `indicator_series`. The first period is found in the database (the least
    year over the scope's answered figures of each indicator), so only those
    figures are read, not every period's: three queries, whatever the numbers of
    periods and universities."""
    indicators = list(indicators)
    periods = list(periods)
    if not periods or not indicators:
        return {}
    if scope_kind == ScopeKind.UNIVERSITY:
        cells, reported = _university_first_cells(scope_key, indicators, periods)
    else:
        cells, reported = _stored_first_cells(
            scope_kind, scope_key, indicators, periods
        )
    firsts = {period_id for period_id, _cell in cells.values()}
    through = ReportingPeriod.participants.through
    taking_part = keyed(
        through.objects.filter(reportingperiod_id__in=firsts), "university", scope_kind
    )
    if scope_kind != ScopeKind.NATION:
        taking_part = taking_part.filter(key=scope_key)
    universities = dict(
        taking_part.values("reportingperiod_id")
        .annotate(n=Count("pk"))
        .values_list("reportingperiod_id", "n")
    )
    by_pk = {period.pk: period for period in periods}
    points = {}
    for indicator in indicators:
        if indicator.pk not in cells:
            continue
        period_id, cell = cells[indicator.pk]
        cell.reported = reported.get(period_id, 0)
        figure = Figure(
            indicator=indicator,
            scope_kind=scope_kind,
            scope_key=scope_key,
            kind=figure_kind(indicator),
            universities=universities.get(period_id, 0),
            cell=cell,
        )
        points[indicator.pk] = Point(period=by_pk[period_id], figure=figure)
    return points


def _first(rows):
    """The rows of each indicator's least year (rows annotated with `year`)."""
    least = Window(Min("year"), partition_by=[F("indicator_id")])
    return rows.annotate(first_year=least).filter(year=F("first_year"))


def _stored_first_cells(
    scope_kind: str,
    scope_key: str,
    indicators: list[Indicator],
    periods: list[ReportingPeriod],
) -> tuple[dict[int, tuple[int, Cell]], dict[int, int]]:
    rows = FigureCell.objects.filter(
        period__in=[period.pk for period in periods],
        scope_kind=scope_kind,
        scope_key=scope_key,
    )
    answered = rows.filter(indicator__in=indicators, answered__gt=0).annotate(
        year=F("period__year")
    )
    cells = {
        row["indicator_id"]: (
            row["period_id"],
            Cell(**{name: row[name] for name in Cell.FIELDS}),
        )
        for row in _first(answered).values("period_id", "indicator_id", *Cell.FIELDS)
    }
    firsts = {period_id for period_id, _cell in cells.values()}
    reported = dict(
        rows.filter(indicator__isnull=True, period__in=firsts).values_list(
            "period_id", "reported"
        )
    )
    return cells, reported


def _university_first_cells(
    code: str, indicators: list[Indicator], periods: list[ReportingPeriod]
) -> tuple[dict[int, tuple[int, Cell]], dict[int, int]]:
    by_pk = {indicator.pk: indicator for indicator in indicators}
    values = (
        AcceptedValue.objects.counting()
        .filter(
            university__code=code,
            indicator__in=indicators,
            period__in=[period.pk for period in periods],
        )
        .filter(valid_answer())
        .annotate(year=F("period__year"))
    )
    cells: dict[int, tuple[int, Cell]] = {}
    for row in _first(values).values(
        "period_id",
        "indicator_id",
        "status",
        "error_code",
        "number",
        "bool_value",
        "date_value",
    ):
        kind = figure_kind(by_pk[row["indicator_id"]])
        cell = Cell()
        cell_of_rows(cell, [row], kind)
        if cell.total is not None:
            cell.total = cell.total.quantize(TOTAL_PLACES)
        if kind == DISTRIBUTION:
            cell.spread_set([row["number"]] if _valid_number(row) else [])
        cells[row["indicator_id"]] = (row["period_id"], cell)
    firsts = {period_id for period_id, _cell in cells.values()}
    reported = dict(
        Report.objects.filter(
            university__code=code, counting_version__isnull=False, period__in=firsts
        )
        .values("period_id")
        .annotate(n=Count("pk"))
        .values_list("period_id", "n")
    )
    return cells, reported


def _stored_cells(
    scope_kind: str,
    scope_key: str,
    indicators: list[Indicator],
    periods: list[ReportingPeriod],
) -> dict[tuple[int, int | None], Cell]:
    # The periods named, so that the rollup's (period, scope) index serves.
    rows = FigureCell.objects.filter(
        period__in=[period.pk for period in periods],
        scope_kind=scope_kind,
        scope_key=scope_key,
    )
    if len(indicators) < 20:
        rows = rows.filter(Q(indicator__isnull=True) | Q(indicator__in=indicators))
    return {
        (row["period_id"], row["indicator_id"]): Cell(
            **{name: row[name] for name in Cell.FIELDS}
        )
        for row in rows.values("period_id", "indicator_id", *Cell.FIELDS)
    }


def _university_cells(
    code: str, indicators: list[Indicator]
) -> dict[tuple[int, int | None], Cell]:
    by_pk = {indicator.pk: indicator for indicator in indicators}
    values = (
        AcceptedValue.objects.counting()
        .filter(university__code=code, indicator__in=indicators)
        .order_by()
        .values(
            "period_id",
            "indicator_id",
            "status",
            "error_code",
            "number",
            "bool_value",
            "date_value",
        )
    )
    grouped: dict[tuple[int, int], list[dict]] = defaultdict(list)
    for row in values:
        grouped[row["period_id"], row["indicator_id"]].append(row)
    cells: dict[tuple[int, int | None], Cell] = {}
    for (period_id, indicator_id), rows in grouped.items():
        kind = figure_kind(by_pk[indicator_id])
        cell = Cell()
        cell_of_rows(cell, rows, kind)
        if cell.total is not None:
            cell.total = cell.total.quantize(TOTAL_PLACES)
        if kind == DISTRIBUTION:
            cell.spread_set([row["number"] for row in rows if _valid_number(row)])
        cells[period_id, indicator_id] = cell
    reported = (
        Report.objects.filter(university__code=code, counting_version__isnull=False)
        .values("period_id")
        .annotate(n=Count("pk"))
        .values_list("period_id", "n")
    )
    for period_id, n in reported:
        cells[period_id, None] = Cell(reported=n)
    return cells


def _valid_number(row: dict) -> bool:
    return (
        row["status"] == Value.Status.ENTERED
        and not row["error_code"]
        and isinstance(row["number"], Decimal)
    )
