"""A period with reports in every submission status, spread over two provinces and
three authorities (one university co-built by two), and readers of the dashboards'
tables and downloads."""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.utils import timezone

from institutions.models import University
from reporting.models import Report
from tests.factories import (
    AuthorityFactory,
    PeriodFactory,
    ReportFactory,
    UniversityFactory,
    province,
)
from tests.html_support import Page

State = Report.State

# (state, is_late, submitted, reopened): one of each submission status, and an
# accepted report that was late.
KINDS = [
    (State.DRAFT, False, False, False),  # not submitted
    (State.SUBMITTED, False, True, False),  # submitted
    (State.PASSED, True, True, False),  # submitted late
    (State.DRAFT, False, True, False),  # returned
    (State.DRAFT, False, True, True),  # reopened
    (State.ACCEPTED, False, True, False),  # accepted on time
    (State.ACCEPTED, True, True, False),  # accepted, late
]


def period_with_reports(size: int, *, authority=None, co_built=None):
    """An open period with `size` participating universities in Beijing (11) and
    Shanghai (31), under `authority` (the first half) and another authority, their
    reports cycling through KINDS; the first university also co-built by
    `co_built` when given. One extra participant has no report yet."""
    authority = authority or AuthorityFactory(province=province("11"))
    other = AuthorityFactory(province=province("31"))
    universities = [
        UniversityFactory(
            authority=authority if n < (size + 1) // 2 else other,
            province=province("11") if n % 2 == 0 else province("31"),
        )
        for n in range(size)
    ]
    if co_built is not None:
        universities[0].other_authorities.add(co_built)
    no_report = UniversityFactory(authority=other, province=province("31"))
    period = PeriodFactory(current=True, participants=[*universities, no_report])
    now = timezone.now()
    for n, university in enumerate(universities):
        state, late, submitted, reopened = KINDS[n % len(KINDS)]
        ReportFactory(
            period=period,
            university=university,
            state=state,
            is_late=late,
            submitted_at=now if submitted else None,
            reopened_until=(now + dt.timedelta(days=5)).date() if reopened else None,
        )
    return period, universities


def table_rows(html: str, key: str) -> list[list[str]]:
    """The table's body and footer rows as the page shows them (cell texts)."""
    page = Page(html)
    (table,) = page.all("table", data_testid=f"table-{key}")
    rows = []
    for tr in page.all("tr", within=table):
        if tr.attrs.get("data-testid") not in ("row", "total"):
            continue
        rows.append([c.text for c in page.elements if c.parent is tr])
    return rows


def table_links(html: str, key: str) -> list[tuple[str, str]]:
    """Every (count shown, link) of the table."""
    page = Page(html)
    (table,) = page.all("table", data_testid=f"table-{key}")
    return [(a.text, a.attrs["href"]) for a in page.all("a", within=table)]


def csv_rows(response) -> list[list[str]]:
    body = response.content
    assert body.startswith("\ufeff".encode()), "CSV for Excel starts with a BOM"
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def plain(text: str) -> str:
    """A shown figure as the CSV writes it: no grouping, no "%", no dash."""
    return text.replace(",", "").removesuffix("%").replace("—", "")


def university_count() -> int:
    return University.objects.count()


def xlsx_rows(content: bytes) -> list[list]:
    """The first sheet's cells (strings, and numbers as floats), read from the file's
    XML: no spreadsheet reader is installed."""
    import re
    import zipfile
    from xml.etree import ElementTree

    ns = {"x": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    book = zipfile.ZipFile(io.BytesIO(content))
    strings = [
        "".join(t.text or "" for t in si.iterfind(".//x:t", ns))
        for si in ElementTree.fromstring(book.read("xl/sharedStrings.xml")).iterfind(
            "x:si", ns
        )
    ]
    sheet = ElementTree.fromstring(book.read("xl/worksheets/sheet1.xml"))
    rows = []
    for row in sheet.iterfind(".//x:row", ns):
        cells = []
        for cell in row.iterfind("x:c", ns):
            column = re.match(r"[A-Z]+", cell.attrib["r"]).group()
            while len(cells) < ord(column) - ord("A"):
                cells.append(None)
            value = cell.findtext("x:v", None, ns)
            if cell.attrib.get("t") == "s":
                cells.append(strings[int(value)])
            else:
                cells.append(float(value) if value is not None else None)
        rows.append(cells)
    return rows
