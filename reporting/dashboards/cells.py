"""How a figure reads in a dashboard cell: the one formatter of the tables, so the
page, the chart, the CSV and the XLSX show the same number (reporting/display.py
writes the numbers)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from reporting.display import decimal_places, is_year, number_text, with_unit
from reporting.rollup import COUNT, DISTRIBUTION, SUM, YES_COUNT

from .paths import headline
from .tables import Column, TableCell

KIND_LABELS = {
    SUM: lambda: _("Sum"),
    YES_COUNT: lambda: _("Universities answering yes"),
    DISTRIBUTION: lambda: _("Median and quartiles"),
    COUNT: lambda: _("Universities answering"),
}


def number(value, indicator=None, *, unit: bool = False) -> str:
    """A number as the dashboards write it: grouped (1,234.5), a year never."""
    if value is None:
        return ""
    places = decimal_places(indicator) if indicator is not None else None
    text = number_text(Decimal(value), places=places, grouped=not is_year(indicator))
    return with_unit(text, indicator) if unit else text


def kind_cell(figure) -> TableCell:
    return TableCell(str(KIND_LABELS[figure.kind]()))


def figure_cell(figure, href: str = "") -> TableCell:
    """The figure: a sum with its unit, the number answering yes, a share's
    median; a dash when nobody answered."""
    if not figure.cell.answered:
        return TableCell("—", values=(None,), href=href)
    indicator = figure.indicator
    if figure.kind == YES_COUNT:
        text = _("%(count)s answering yes") % {"count": number(figure.value)}
        return TableCell(text, values=(figure.value,), href=href)
    if figure.kind == COUNT:
        text = _("%(count)s answered") % {"count": number(figure.cell.answered)}
        return TableCell(text, values=(figure.cell.answered,), href=href)
    value = headline(figure)
    text = number(value, indicator, unit=True)
    if figure.kind == DISTRIBUTION:
        text = _("median %(value)s") % {"value": text}
    return TableCell(text, values=(value,), href=href)


def quartiles_cell(figure) -> TableCell:
    cell = figure.cell
    if figure.kind != DISTRIBUTION or not cell.answered:
        return TableCell("", values=(None, None))
    indicator = figure.indicator
    text = f"{number(cell.q1, indicator)} – {number(cell.q3, indicator)}"
    return TableCell(text, values=(cell.q1, cell.q3))


def coverage_cell(figure) -> TableCell:
    reported, universities = figure.coverage
    text = _("%(reported)s / %(universities)s universities") % {
        "reported": number(reported),
        "universities": number(universities),
    }
    return TableCell(text, values=(reported, universities))


def empty_pair() -> TableCell:
    return TableCell("", values=(None, None))


def figure_columns() -> list[Column]:
    """The figure, its quartiles and its coverage: every figure table's columns."""
    return [
        Column("figure", _("Figure"), numeric=True),
        Column("quartiles", _("Quartiles (Q1 – Q3)"), parts=(_("Q1"), _("Q3"))),
        Column(
            "coverage",
            _("Coverage"),
            parts=(_("Universities reported"), _("Universities taking part")),
        ),
    ]


def figure_cells(figure) -> list[TableCell]:
    """The cells of `figure_columns`."""
    return [figure_cell(figure), quartiles_cell(figure), coverage_cell(figure)]
