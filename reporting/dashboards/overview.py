"""The overview table: per action of the plan, each active indicator's figure for
the scope in the period, its coverage and, for the nation and for a university, its
target path and on-track status with the arithmetic behind it."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .cells import (
    coverage_cell,
    empty_pair,
    figure_cell,
    figure_cells,
    figure_columns,
    kind_cell,
    number,
)
from .data import DashboardData
from .paths import STATUS_CSS
from .tables import Column, Table, TableCell


def _columns(data: DashboardData) -> list[Column]:
    columns = [
        Column("indicator", _("Indicator"), parts=(_("Code"), _("Indicator"))),
        Column("kind", _("How it adds up")),
        *figure_columns(),
    ]
    if data.scope.is_university:
        columns.append(
            Column(
                "national",
                _("National figure"),
                numeric=True,
                parts=(
                    _("National figure"),
                    _("Universities reported nationally"),
                    _("Universities taking part nationally"),
                ),
            )
        )
    if data.scope.has_targets:
        columns += [
            Column(
                "baseline",
                _("Baseline"),
                parts=(_("Baseline year"), _("Baseline")),
            ),
            Column("target", _("Target"), parts=(_("Target year"), _("Target"))),
            Column("expected", _("Expected now"), numeric=True),
            Column("status", _("Status")),
            Column("arithmetic", _("How the status is computed")),
        ]
    return columns


def _national_cell(figure) -> TableCell:
    """The nation's figure and coverage in one cell (a university's table is wide
    enough), three values in a download."""
    shown, coverage = figure_cell(figure), coverage_cell(figure)
    return TableCell(
        f"{shown.text} ({coverage.text})", values=(shown.value, *coverage.values)
    )


def _target_cells(data: DashboardData, indicator) -> list[TableCell]:
    target = data.target_of(indicator)
    path = data.path(indicator)
    if target is None:
        no_target = _("No target set")
        return [
            empty_pair(),
            TableCell(no_target, values=(None, None)),
            TableCell("", values=(None,)),
            TableCell("—"),
            TableCell(""),
        ]
    target_text = f"{target.horizon.end_year}: {number(target.value, indicator)}"
    target_cell = TableCell(target_text, values=(target.horizon.end_year, target.value))
    if path is None:
        no_baseline = _("No accepted figure yet to start the path from")
        return [
            empty_pair(),
            target_cell,
            TableCell("", values=(None,)),
            TableCell("—"),
            TableCell(no_baseline),
        ]
    arithmetic = path.arithmetic(lambda value: number(value, indicator))
    return [
        TableCell(
            f"{path.baseline_year}: {number(path.baseline, indicator)}",
            values=(path.baseline_year, path.baseline),
        ),
        target_cell,
        TableCell(number(path.expected, indicator), values=(path.expected,)),
        TableCell(
            path.status_label or "—",
            title=arithmetic,
            css=STATUS_CSS.get(path.status, ""),
        ),
        TableCell(arithmetic),
    ]


def overview_table(data: DashboardData, trend_href) -> Table:
    """`trend_href(indicator)` links an indicator to its trend and ranking."""
    table = Table(
        slug="overview",
        title=_("Indicators by action"),
        columns=_columns(data),
        group_label=_("Action"),
        empty=_("No active indicator."),
    )
    for indicator in data.indicators:
        figure = data.figures[indicator.pk]
        cells = [
            TableCell(
                f"{indicator.code} {indicator.display_name}",
                values=(indicator.code, indicator.display_name),
                href=trend_href(indicator),
            ),
            kind_cell(figure),
            *figure_cells(figure),
        ]
        if data.scope.is_university:
            cells.append(_national_cell(data.national[indicator.pk]))
        if data.scope.has_targets:
            cells += _target_cells(data, indicator)
        table.add(cells, group=indicator.action.heading)
    return table
