"""A dashboard table: the one set of rows that the page's table, its chart, its CSV
and its XLSX all read, so that each shows exactly the same figures.

A cell has the text the page shows and the values a download holds (numbers as
numbers); a column whose cell reads as one phrase on the page ("2,980 / 3,167
universities") may hold several values in a download (reported, taking part).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal
from html import escape

from django.http import HttpResponse
from django.utils.safestring import mark_safe
from django.utils.text import slugify

Number = Decimal | int


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    numeric: bool = False
    # The download's headings for this column's values (default: its label).
    parts: tuple[str, ...] = ()

    @property
    def export_labels(self) -> tuple[str, ...]:
        return self.parts or (self.label,)


@dataclass(frozen=True)
class TableCell:
    text: str
    values: tuple = ()  # what the download holds; default: the text
    href: str = ""
    title: str = ""  # shown on hover: how the figure was computed
    css: str = ""

    @property
    def export(self) -> tuple:
        return self.values if self.values else (self.text,)

    def html(self, *, header: bool, numeric: bool) -> str:
        """The cell as <td> (or <th scope="row">), every text escaped."""
        classes = []
        if header:
            classes.append("fw-normal")
        if self.css == "nowrap":
            classes.append("text-nowrap")
        elif self.css:
            classes += [f"text-{self.css}-emphasis", "fw-semibold"]
        if numeric:
            classes.append("num")
        tag = "th" if header else "td"
        attrs = ' scope="row"' if header else ""
        if self.title:
            attrs += f' title="{escape(self.title)}"'
        if classes:
            attrs += f' class="{" ".join(classes)}"'
        content = escape(self.text)
        if self.href:
            content = f'<a href="{escape(self.href)}">{content}</a>'
        return f"<{tag}{attrs}>{content}</{tag}>"

    @property
    def value(self):
        """The first value, as a chart plots it (None when there is no number)."""
        first = self.export[0] if self.export else None
        return first if isinstance(first, (int, Decimal)) else None


@dataclass
class Table:
    slug: str
    title: str
    columns: list[Column]
    rows: list[list[TableCell]] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)  # one per row when grouped
    group_label: str = ""
    empty: str = ""
    row_header: int = 0  # the column naming each row (a <th scope="row">)
    # The chart's reading of the table: the column of its labels and of its series.
    chart_kind: str = ""
    chart_x: str = ""
    chart_series: tuple[str, ...] = ()

    def add(self, cells: list[TableCell], *, group: str = "") -> None:
        assert len(cells) == len(self.columns), (self.slug, len(cells))
        self.rows.append(cells)
        if self.group_label:
            self.groups.append(group)

    @property
    def numeric_indexes(self) -> set[int]:
        return {n for n, column in enumerate(self.columns) if column.numeric}

    def grouped(self) -> list[tuple[str, list[list[TableCell]]]]:
        """The rows under their group headings, in order (one untitled group for
        an ungrouped table)."""
        if not self.group_label:
            return [("", self.rows)]
        out: list[tuple[str, list[list[TableCell]]]] = []
        for group, row in zip(self.groups, self.rows, strict=True):
            if not out or out[-1][0] != group:
                out.append((group, []))
            out[-1][1].append(row)
        return out

    def body_html(self) -> str:
        """The table's <tbody> elements (a heading row per group, the row's naming
        cell a row header, a status's arithmetic on hover), written here rather than
        in a template loop: a national overview has thousands of cells, and
        the template engine took 100 ms over them."""
        numeric = self.numeric_indexes
        parts = []
        for group, rows in self.grouped():
            parts.append("<tbody>")
            if group:
                parts.append(
                    f'<tr class="table-light"><th scope="row" '
                    f'colspan="{len(self.columns)}">{escape(group)}</th></tr>'
                )
            for row in rows:
                parts.append("<tr>")
                for n, cell in enumerate(row):
                    parts.append(
                        cell.html(header=n == self.row_header, numeric=n in numeric)
                    )
                parts.append("</tr>")
            parts.append("</tbody>")
        return mark_safe("".join(parts))  # every text in it escaped

    def header(self) -> list[str]:
        labels = [self.group_label] if self.group_label else []
        for column in self.columns:
            labels.extend(column.export_labels)
        return labels

    def records(self) -> list[list]:
        """The download's rows: every cell's values, numbers as numbers."""
        records = []
        for index, row in enumerate(self.rows):
            record = [self.groups[index]] if self.group_label else []
            for column, cell in zip(self.columns, row, strict=True):
                values = list(cell.export)
                values += [None] * (len(column.export_labels) - len(values))
                record.extend(values)
            records.append(record)
        return records

    def chart(self) -> dict:
        """Exactly the table's figures that the chart draws (json_script'ed)."""
        if not self.chart_kind:
            return {}
        index = {column.key: n for n, column in enumerate(self.columns)}
        labels = [row[index[self.chart_x]].text for row in self.rows]
        series = []
        for key in self.chart_series:
            data = [row[index[key]].value for row in self.rows]
            series.append(
                {
                    "name": self.columns[index[key]].label,
                    "data": [None if v is None else float(v) for v in data],
                    "dashed": key == "expected",  # a path, not a figure
                }
            )
        return {"kind": self.chart_kind, "labels": labels, "series": series}


def _plain(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def csv_response(table: Table, filename: str) -> HttpResponse:
    """The table as CSV, UTF-8 with a BOM (Excel opens it as UTF-8)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(table.header())
    for record in table.records():
        writer.writerow([_plain(value) for value in record])
    response = HttpResponse(
        ("\ufeff" + buffer.getvalue()).encode("utf-8"),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(table: Table, filename: str) -> HttpResponse:
    """The table as one XLSX sheet; numbers are written as numbers."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet((slugify(table.slug) or "table")[:31])
    bold = book.add_format({"bold": True})
    sheet.write_row(0, 0, table.header(), bold)
    for n, record in enumerate(table.records(), start=1):
        for m, value in enumerate(record):
            if value is None:
                continue
            if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
                sheet.write_number(n, m, float(value))
            else:
                sheet.write_string(n, m, str(value))
    sheet.set_column(0, len(table.header()) - 1, 16)
    book.close()
    response = HttpResponse(
        buffer.getvalue(),
        content_type=(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        ),
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
