"""A report run's XLSX: one sheet per part, frozen header rows, number formats,
and every text cell written as text that no spreadsheet takes for a formula.

Deterministic: the workbook's creation date is the run's own (not the time of
writing) and XlsxWriter stamps its zip members with a fixed date, so a run made
again from its snapshot gives the same bytes."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import xlsxwriter

from .parts import COUNT, DAYS, NUMBER, SHARE, TEXT, Part

# What a spreadsheet may read as the start of a formula or a command, in ASCII and
# in the full-width forms a Chinese input method types (U+FF1D, U+FF0B, U+FF0D,
# U+FF20), and the control characters that smuggle one in after a line break.
FORMULA_STARTS = (
    "=",
    "+",
    "-",
    "@",
    "\uff1d",
    "\uff0b",
    "\uff0d",
    "\uff20",
    "\t",
    "\r",
    "\n",
)

NUMBER_FORMATS = {
    COUNT: "#,##0",
    NUMBER: "#,##0.00##",
    SHARE: "0.0",
    DAYS: "0",
}
SHEET_NAME_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", "_"))


def formula_risky(text: str) -> bool:
    """Whether a text cell could be taken for a formula (see FORMULA_STARTS)."""
    return text.startswith(FORMULA_STARTS)


class SafeSheet:
    """A worksheet that writes text only through `text`: as a string cell, with
    the quote prefix (Excel's and LibreOffice's "this is text" mark, not shown)
    where the text starts like a formula, so it stays text also once edited."""

    def __init__(self, book: xlsxwriter.Workbook, sheet, formats: dict):
        self.book, self.sheet, self.formats = book, sheet, formats

    def text(self, row: int, col: int, value: str, bold: bool = False) -> None:
        value = str(value)
        if formula_risky(value):
            fmt = self.formats["quoted_bold" if bold else "quoted"]
        else:
            fmt = self.formats["bold"] if bold else None
        self.sheet.write_string(row, col, value, fmt)

    def cell(self, row: int, col: int, value, kind: str) -> None:
        if value is None or value == "":
            self.sheet.write_blank(row, col, None)
        elif kind == TEXT or not isinstance(value, (int, float, Decimal)):
            self.text(row, col, _plain(value))
        else:
            self.sheet.write_number(row, col, float(value), self.formats[kind])


def _plain(value) -> str:
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def sheet_name(title: str, used: set[str]) -> str:
    """A valid, unique sheet name (31 characters, none of []:*?/\\)."""
    name = title.translate(SHEET_NAME_FORBIDDEN)[:31].strip("'") or "Sheet"
    base, n = name, 2
    while name.lower() in used:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name.lower())
    return name


def workbook_bytes(parts: list[Part], *, title: str, created: dt.datetime) -> bytes:
    """The parts as an XLSX, one sheet each, created at `created`."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False})
    book.set_properties(
        {
            "title": title,
            "author": "carbonplan",
            "created": created.replace(tzinfo=None),
        }
    )
    formats = {
        "bold": book.add_format({"bold": True}),
        "quoted": book.add_format({"quote_prefix": True}),
        "quoted_bold": book.add_format({"quote_prefix": True, "bold": True}),
        "header": book.add_format(
            {"bold": True, "bg_color": "#E8EEF5", "border": 1, "text_wrap": True}
        ),
        **{
            kind: book.add_format({"num_format": f})
            for kind, f in NUMBER_FORMATS.items()
        },
    }
    used: set[str] = set()
    for part in parts:
        sheet = book.add_worksheet(sheet_name(part.title, used))
        safe = SafeSheet(book, sheet, formats)
        safe.text(0, 0, part.title, bold=True)
        for y, note in enumerate(part.notes, start=1):
            safe.text(y, 0, note)
        header_row = len(part.notes) + 1
        for x, (label, kind) in enumerate(part.columns):
            sheet.write_string(header_row, x, label, formats["header"])
            sheet.set_column(x, x, 28 if kind == TEXT else 14)
        sheet.freeze_panes(header_row + 1, 0)
        for y, row in enumerate(part.rows, start=header_row + 1):
            for x, value in enumerate(row):
                safe.cell(y, x, value, part.columns[x][1])
    book.close()
    return out.getvalue()
