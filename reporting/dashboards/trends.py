"""The trend table: every period's figure of one indicator for the scope, beside
the nation's for a university, and the target path's expected value from the
baseline year on."""

from __future__ import annotations

from dataclasses import replace

from django.utils.translation import gettext as _

from .cells import figure_cell, figure_cells, figure_columns, number
from .data import DashboardData
from .tables import Column, Table, TableCell


def trend_table(data: DashboardData, indicator) -> Table:
    points = data.trend(indicator)
    national = {point.period.pk: point for point in data.national_trend(indicator)}
    path = data.path(indicator)
    columns = [
        Column("year", _("Year")),
        *figure_columns(),
    ]
    series = ["figure"]
    if data.scope.is_university:
        columns.append(Column("national", _("National figure"), numeric=True))
        series.append("national")
    if path is not None:
        columns.append(Column("expected", _("Expected on the path"), numeric=True))
        series.append("expected")
    table = Table(
        slug="trend",
        title=_("Trend: %(indicator)s")
        % {"indicator": f"{indicator.code} {indicator.display_name}"},
        columns=columns,
        empty=_("No reporting period yet."),
        chart_kind="line",
        chart_x="year",
        chart_series=tuple(series),
    )
    for point in points:
        year = point.period.year
        cells = [
            TableCell(str(year), values=(year,)),
            *figure_cells(point.figure),
        ]
        if data.scope.is_university:
            other = national.get(point.period.pk)
            cells.append(
                figure_cell(other.figure) if other else TableCell("—", values=(None,))
            )
        if path is not None:
            if year < path.baseline_year:
                cells.append(TableCell("", values=(None,)))
            else:
                expected = replace(path, year=year, actual=None).expected
                cells.append(TableCell(number(expected, indicator), values=(expected,)))
        table.add(cells)
    return table
