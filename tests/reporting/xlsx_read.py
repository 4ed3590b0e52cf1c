"""Reading an XLSX back with the standard library (zipfile and ElementTree; no
openpyxl in the project): each sheet's cells as values, and which cells carry
the quote prefix (text that must never become a formula)."""

from __future__ import annotations

import io
import re
import zipfile
from xml.etree import ElementTree

NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _col(ref: str) -> tuple[int, int]:
    letters, digits = re.match(r"([A-Z]+)(\d+)", ref).groups()
    col = 0
    for letter in letters:
        col = col * 26 + ord(letter) - 64
    return int(digits) - 1, col - 1


class Book:
    def __init__(self, content: bytes):
        self.zip = zipfile.ZipFile(io.BytesIO(content))
        root = ElementTree.fromstring(self.zip.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(self.zip.read("xl/_rels/workbook.xml.rels"))
        targets = {rel.get("Id"): rel.get("Target") for rel in rels}
        self.sheets = {
            sheet.get("name"): "xl/" + targets[sheet.get(REL)]
            for sheet in root.find("m:sheets", NS)
        }
        strings = []
        if "xl/sharedStrings.xml" in self.zip.namelist():
            shared = ElementTree.fromstring(self.zip.read("xl/sharedStrings.xml"))
            for item in shared.findall("m:si", NS):
                strings.append(
                    "".join(t.text or "" for t in item.iter(f"{{{NS['m']}}}t"))
                )
        self.strings = strings
        styles = ElementTree.fromstring(self.zip.read("xl/styles.xml"))
        xfs = styles.find("m:cellXfs", NS)
        self.quoted_styles = {
            str(i) for i, xf in enumerate(xfs) if xf.get("quotePrefix") == "1"
        }
        self.formats = {
            fmt.get("numFmtId"): fmt.get("formatCode")
            for fmt in styles.iter(f"{{{NS['m']}}}numFmt")
        }

    def cells(self, name: str) -> dict[tuple[int, int], tuple[str, object, str]]:
        """{(row, col): (type, value, style)}, zero-based."""
        root = ElementTree.fromstring(self.zip.read(self.sheets[name]))
        found = {}
        for cell in root.iter(f"{{{NS['m']}}}c"):
            kind = cell.get("t", "n")
            value = cell.find("m:v", NS)
            formula = cell.find("m:f", NS)
            if formula is not None:
                found[_col(cell.get("r"))] = ("formula", formula.text, cell.get("s"))
                continue
            if value is None:
                continue
            text = value.text
            if kind == "s":
                found[_col(cell.get("r"))] = (
                    "text",
                    self.strings[int(text)],
                    cell.get("s"),
                )
            else:
                found[_col(cell.get("r"))] = ("number", float(text), cell.get("s"))
        return found

    def rows(self, name: str) -> list[list]:
        cells = self.cells(name)
        if not cells:
            return []
        height = max(r for r, _c in cells) + 1
        width = max(c for _r, c in cells) + 1
        return [
            [cells.get((r, c), (None, None, None))[1] for c in range(width)]
            for r in range(height)
        ]

    def frozen(self, name: str) -> str | None:
        root = ElementTree.fromstring(self.zip.read(self.sheets[name]))
        pane = root.find(".//m:pane", NS)
        return None if pane is None else pane.get("topLeftCell")

    def data(self) -> dict[str, bytes]:
        """Every part of the package but the document properties."""
        return {
            name: self.zip.read(name)
            for name in self.zip.namelist()
            if not name.startswith("docProps/")
        }
