"""Keeping the figures rollup (FigureCell) equal to the live figures (reporting/rollup.py).

Which accepted version counts changes only when a report is accepted: `report_accept`
calls `figures_version_counted` in its own transaction, so the rollup never shows a
state the values do not. A reopen leaves the counting version, hence the figures, as
they were. Every writer of a period's cells first locks that period's national
coverage cell, so that accepts in the same period and a rebuild take turns; readers
never lock anything. Bulk writers that point reports at versions without the service
(the demo seed) rebuild the periods they wrote.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, Max, Q, Sum

from initiatives.models import Indicator
from institutions.models import University

from ..models import AcceptedValue, FigureCell, Report, ReportingPeriod, ScopeKind
from ..rollup import (
    DISTRIBUTION,
    STORED_KINDS,
    SUM,
    Cell,
    accepted_source,
    cell_of_rows,
    figure_kind,
    figures_live,
    keyed,
    spread_numbers,
)

VALUE_COLUMNS = (
    "indicator_id",
    "status",
    "error_code",
    "number",
    "bool_value",
    "date_value",
)


def _period_lock(period_id: int) -> None:
    """Take the period's turn: its national coverage cell, created if need be."""
    FigureCell.objects.bulk_create(
        [FigureCell(period_id=period_id, scope_kind=ScopeKind.NATION, scope_key="")],
        ignore_conflicts=True,
    )
    lock = FigureCell.objects.select_for_update().filter(
        period_id=period_id,
        indicator__isnull=True,
        scope_kind=ScopeKind.NATION,
        scope_key="",
    )
    list(lock.values_list("pk", flat=True))


def university_scopes(university: University) -> list[tuple[str, str]]:
    """The stored scopes a university's figures add to."""
    scopes = [(ScopeKind.NATION, "")]
    keys = {
        ScopeKind.PROVINCE: university.province.code if university.province_id else "",
        ScopeKind.AUTHORITY: university.authority.code
        if university.authority_id
        else "",
        ScopeKind.CATEGORY: university.category,
    }
    scopes += [(kind, key) for kind, key in keys.items() if key]
    return scopes


def _rows_by_indicator(version_id: int | None) -> dict[int, list[dict]]:
    rows: dict[int, list[dict]] = defaultdict(list)
    if version_id is not None:
        found = AcceptedValue.objects.filter(version_id=version_id).order_by()
        for row in found.values(*VALUE_COLUMNS):
            rows[row["indicator_id"]].append(row)
    return rows


@transaction.atomic
def figures_version_counted(
    *, report: Report, previous_version_id: int | None, version_id: int
) -> None:
    """The report now counts with version `version_id` instead of
    `previous_version_id` (None for its first acceptance): take the old version's
    values out of the cells of the university's scopes, add the new ones, and
    recompute the distributions these scopes hold (they do not add up)."""
    period_id = report.period_id
    _period_lock(period_id)
    university = University.objects.select_related("province", "authority").get(
        pk=report.university_id
    )
    scopes = university_scopes(university)
    old = _rows_by_indicator(previous_version_id)
    new = _rows_by_indicator(version_id)
    indicators = Indicator.objects.in_bulk(set(old) | set(new))
    kinds = {pk: figure_kind(indicator) for pk, indicator in indicators.items()}
    deltas = {}
    for pk, kind in kinds.items():
        added, taken = Cell(), Cell()
        cell_of_rows(added, new.get(pk, []), kind)
        cell_of_rows(taken, old.get(pk, []), kind)
        deltas[pk] = (added, taken)

    in_scopes = Q()
    for kind, key in scopes:
        in_scopes |= Q(scope_kind=kind, scope_key=key)
    existing = {
        (cell.indicator_id, cell.scope_kind, cell.scope_key): cell
        for cell in FigureCell.objects.filter(in_scopes, period_id=period_id)
    }
    changed: dict[tuple, FigureCell] = {}
    for kind, key in scopes:
        coverage = existing.get((None, kind, key)) or FigureCell(
            period_id=period_id, scope_kind=kind, scope_key=key
        )
        if previous_version_id is None:
            coverage.reported += 1
        changed[None, kind, key] = coverage
        for pk, (added, taken) in deltas.items():
            cell = existing.get((pk, kind, key)) or FigureCell(
                period_id=period_id, indicator_id=pk, scope_kind=kind, scope_key=key
            )
            _apply(cell, added, taken, kinds[pk])
            changed[pk, kind, key] = cell

    spread = [pk for pk, kind in kinds.items() if kind == DISTRIBUTION]
    if spread:
        values = accepted_source(report.period).values.filter(indicator__in=spread)
        for kind, key in scopes:
            numbers = spread_numbers(keyed(values, "university", kind).filter(key=key))
            for pk in spread:
                spread_cell = Cell()
                spread_cell.spread_set(numbers.get((pk, key), []))
                for name in ("minimum", "q1", "median", "q3", "maximum"):
                    setattr(changed[pk, kind, key], name, getattr(spread_cell, name))
    _write(changed.values())


def _apply(cell: FigureCell, added: Cell, taken: Cell, kind: str) -> None:
    cell.rows += added.rows - taken.rows
    cell.answered += added.answered - taken.answered
    cell.yes_count += added.yes_count - taken.yes_count
    if kind == SUM:
        total = (cell.total or 0) + (added.total or 0) - (taken.total or 0)
        cell.total = total if cell.answered else None


def _write(cells: Iterable[FigureCell]) -> None:
    fields = list(Cell.FIELDS)
    creates, updates, deletes = [], [], []
    for cell in cells:
        if cell.indicator_id is not None and cell.rows == 0:
            if cell.pk:
                deletes.append(cell.pk)
        elif cell.pk:
            updates.append(cell)
        else:
            creates.append(cell)
    FigureCell.objects.filter(pk__in=deletes).delete()
    FigureCell.objects.bulk_update(updates, fields, batch_size=500)
    FigureCell.objects.bulk_create(creates, batch_size=500)


# --- Rebuilding -------------------------------------------------------------------


def _watermark(period: ReportingPeriod) -> dict:
    """What changes whenever a report of the period counts another version: every
    accept makes a version with a higher id."""
    return Report.objects.filter(period=period).aggregate(
        n=Count("counting_version"),
        top=Max("counting_version"),
        ids=Sum("counting_version"),
    )


def _live_cells(period: ReportingPeriod) -> list[FigureCell]:
    source = accepted_source(period)
    cells = []
    for kind in STORED_KINDS:
        for (indicator_id, key), cell in figures_live(source, kind).items():
            cells.append(
                FigureCell(
                    period=period,
                    indicator_id=indicator_id,
                    scope_kind=kind,
                    scope_key=key,
                    **{name: getattr(cell, name) for name in Cell.FIELDS},
                )
            )
    return cells


def figures_rebuild(*, periods: Iterable[ReportingPeriod] | None = None) -> int:
    """Rebuild the rollup of these periods (all by default) from the values: each
    period's cells are computed first, then swapped in by one short transaction,
    in which readers go on reading the old cells until it commits. An accept that
    slipped in between is seen by the watermark and the period is computed again
    under the lock. Returns the number of cells written."""
    written = 0
    for period in periods if periods is not None else ReportingPeriod.objects.all():
        mark = _watermark(period)
        cells = _live_cells(period)
        with transaction.atomic():
            _period_lock(period.pk)
            if _watermark(period) != mark:
                cells = _live_cells(period)
            stale = FigureCell.objects.filter(period=period)
            stale.exclude(
                indicator__isnull=True, scope_kind=ScopeKind.NATION, scope_key=""
            ).delete()
            nation = next(
                (
                    c
                    for c in cells
                    if c.indicator_id is None and c.scope_kind == "nation"
                ),
                None,
            )
            stale.filter(indicator__isnull=True, scope_kind=ScopeKind.NATION).update(
                **{name: getattr(nation or Cell(), name) for name in Cell.FIELDS}
            )
            rest = [cell for cell in cells if cell is not nation]
            FigureCell.objects.bulk_create(rest, batch_size=2000)
        written += len(cells)
    return written
