"""A small country with accepted figures in two periods, for the dashboards' tests:
`country` (tests/reporting/figures_support.py) in an earlier data year, then the
same universities reporting again in the open period, every report accepted
through the services; and an XLSX read back without a reader library."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from xml.etree import ElementTree

from reporting.models import ReportingPeriod
from tests.factories import PeriodFactory
from tests.reporting.figures_support import accept, country, edit, typed_draft
from tests.reporting.workflow_support import Cast, university_under


def report_in(period, universities, casts, values=None) -> list:
    """Each university reports in `period`; those whose value (IND-A1-01) is not
    None are accepted. `casts` maps a university's pk to its people."""
    reports = []
    for index, university in enumerate(universities):
        cast = casts.setdefault(university.pk, Cast(university))
        report = typed_draft(period, university)
        reports.append(report)
        value = values[index] if values is not None else "5"
        if value is None:
            continue
        edit(report, cast, "IND-A1-01", value)
        accept(report, cast)
    return reports


def two_years(size: int = 3, *, first=None, second=None):
    """`size` universities (two in Beijing under EDU-11, the others in Shanghai
    under the ministry); in 2022 every report accepted with IND-A1-01 = first[i],
    in 2023 (open) those whose second[i] is not None accepted with that value.
    Returns (universities, casts by university pk, (period 2022, period 2023))."""
    reports, by_report = country(size)
    for index, report in enumerate(reports):
        if first is not None:
            edit(report, by_report[report.pk], "IND-A1-01", first[index])
        accept(report, by_report[report.pk])
    old = reports[0].period
    ReportingPeriod.objects.filter(pk=old.pk).update(
        year=2022, state=ReportingPeriod.State.CLOSED
    )
    universities = [report.university for report in reports]
    casts = {report.university.pk: by_report[report.pk] for report in reports}
    period = PeriodFactory(current=True, year=2023, participants=universities)
    report_in(period, universities, casts, second or ["5"] * size)
    return universities, casts, (ReportingPeriod.objects.get(pk=old.pk), period)


def more_universities(period, n: int, casts) -> list:
    """`n` more Shanghai universities under the ministry taking part in the period,
    each with an accepted report."""
    from institutions.models import University
    from tests.factories import province

    universities = [
        university_under(
            "MOE", province=province("31"), category=University.Category.MOE
        )
        for _ in range(n)
    ]
    period.participants.add(*universities)
    report_in(period, universities, casts)
    return universities


def csv_rows(response) -> list[list[str]]:
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def xlsx_rows(response) -> list[list]:
    """The first sheet's cells: numbers as floats, strings as text."""
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    book = zipfile.ZipFile(io.BytesIO(response.content))
    shared = [
        "".join(t.text or "" for t in si.iter(f"{{{ns['m']}}}t"))
        for si in ElementTree.fromstring(book.read("xl/sharedStrings.xml")).findall(
            "m:si", ns
        )
    ]
    sheet = ElementTree.fromstring(book.read("xl/worksheets/sheet1.xml"))
    rows = []
    for row in sheet.iter(f"{{{ns['m']}}}row"):
        cells = {}
        for cell in row.findall("m:c", ns):
            column = re.match(r"[A-Z]+", cell.get("r")).group()
            index = 0
            for char in column:
                index = index * 26 + ord(char) - 64
            value = cell.find("m:v", ns)
            if value is None:
                continue
            if cell.get("t") == "s":
                cells[index - 1] = shared[int(value.text)]
            else:
                cells[index - 1] = float(value.text)
        rows.append([cells.get(i) for i in range(max(cells) + 1)] if cells else [])
    return rows
