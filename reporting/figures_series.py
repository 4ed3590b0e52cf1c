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

from django.db.models import Count, Q

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
from .rollup import DISTRIBUTION, TOTAL_PLACES, Cell, cell_of_rows, figure_kind, keyed


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
