"""A dashboard's tables as the page shows them, and as CSV (UTF-8 with BOM, for
Excel) and XLSX downloads of exactly those tables: one `Table` that the template,
the CSV and the XLSX all read, so the three never disagree.

Numbers are shown through reporting/display.py's `number_text` (thousands
separated on the page); the CSV writes them plain (1234, 83.3) under the same
headers, the XLSX as numbers (a share as a percentage cell).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _

from ..display import number_text

TEXT = "text"
COUNT = "count"
PERCENT = "percent"
NUMBER = "number"

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Cell:
    """One cell: its value, how it is written, and where it leads on the page."""

    value: int | Decimal | str | None
    kind: str = TEXT
    href: str = ""

    @property
    def text(self) -> str:
        """As the page shows it: 1,234; 83.3%; — when there is no value."""
        if self.value is None or self.value == "":
            return "—" if self.kind != TEXT else ""
        if self.kind == COUNT:
            return number_text(Decimal(self.value), grouped=True)
        if self.kind == PERCENT:
            return f"{number_text(self.value, places=1)}%"
        if self.kind == NUMBER:
            return number_text(self.value, grouped=True)
        return str(self.value)

    @property
    def plain(self) -> str:
        """As the CSV writes it: the same figure without grouping or "%"."""
        if self.value is None:
            return ""
        if self.kind == COUNT:
            return str(int(self.value))
        if self.kind == PERCENT:
            return number_text(self.value, places=1)
        if self.kind == NUMBER:
            return number_text(self.value)
        return str(self.value)

    @property
    def numeric(self) -> bool:
        return self.kind != TEXT


@dataclass
class Table:
    """A table of a dashboard: `key` names it in the download's address."""

    key: str
    title: str
    header: list[str]
    rows: list[list[Cell]]
    footer: list[list[Cell]] = field(default_factory=list)

    @property
    def columns(self) -> list[tuple[str, bool]]:
        """Each heading and whether its column holds numbers (aligned right)."""
        first = self.rows[0] if self.rows else []
        return [
            (label, x < len(first) and first[x].numeric)
            for x, label in enumerate(self.header)
        ]

    def all_rows(self) -> list[list[Cell]]:
        return [*self.rows, *self.footer]


def table_download(table: Table, fmt: str, filename: str) -> HttpResponse:
    """The table as a CSV or XLSX attachment named `filename` (without suffix)."""
    if fmt == "csv":
        return _csv(table, filename)
    if fmt == "xlsx":
        return _xlsx(table, filename)
    raise Http404(_("No such download."))


def _attachment(response: HttpResponse, name: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _csv(table: Table, filename: str) -> HttpResponse:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.header)
    for row in table.all_rows():
        writer.writerow([cell.plain for cell in row])
    body = "\ufeff" + out.getvalue()
    response = HttpResponse(body.encode("utf-8"), content_type="text/csv")
    return _attachment(response, f"{filename}.csv")


def _xlsx(table: Table, filename: str) -> HttpResponse:
    try:
        import xlsxwriter
    except ImportError as exc:  # the dependency arrives with the dashboards
        raise Http404(_("XLSX downloads are not available.")) from exc
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet(table.title[:31])
    bold = book.add_format({"bold": True})
    formats = {
        COUNT: book.add_format({"num_format": "#,##0"}),
        PERCENT: book.add_format({"num_format": "0.0%"}),
        NUMBER: book.add_format({"num_format": "#,##0.####"}),
    }
    sheet.write_row(0, 0, table.header, bold)
    for y, row in enumerate(table.all_rows(), start=1):
        for x, cell in enumerate(row):
            if not cell.numeric or cell.value is None:
                sheet.write_string(y, x, cell.plain)
            elif cell.kind == PERCENT:
                sheet.write_number(y, x, float(cell.value) / 100, formats[PERCENT])
            else:
                sheet.write_number(y, x, float(cell.value), formats[cell.kind])
    sheet.set_column(0, 0, 24)
    book.close()
    response = HttpResponse(out.getvalue(), content_type=XLSX_TYPE)
    return _attachment(response, f"{filename}.xlsx")
