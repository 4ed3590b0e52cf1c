"""A small country with accepted figures in two periods, for the dashboards' tests:
`country` (tests/reporting/figures_support.py) in an earlier data year, then the
same universities reporting again in the open period, every report accepted
through the services."""

from __future__ import annotations

from reporting.models import ReportingPeriod
from reporting.services.reports import report_sections_ensure
from tests.factories import PeriodFactory, ReportFactory
from tests.reporting.figures_support import TYPED, accept, country, edit
from tests.reporting.workflow_support import section_open


def two_years(size: int = 3, *, first=None, second=None):
    """`size` universities; in the first year (2022) every report accepted with
    IND-A1-01 = first[i] (5 by default), in the second (2023, open) those whose
    second[i] is not None accepted with that value. Returns (universities, casts,
    (period 2022, period 2023), reports of 2023)."""
    reports, casts = country(size)
    for index, report in enumerate(reports):
        if first is not None:
            edit(report, casts[report.pk], "IND-A1-01", first[index])
        accept(report, casts[report.pk])
    old = reports[0].period
    ReportingPeriod.objects.filter(pk=old.pk).update(
        year=2022, state=ReportingPeriod.State.CLOSED
    )
    universities = [report.university for report in reports]
    period = PeriodFactory(current=True, year=2023, participants=universities)
    new_reports = []
    for index, university in enumerate(universities):
        report = ReportFactory(period=period, university=university)
        report_sections_ensure(report=report)
        for section in report.sections.select_related("action"):
            if section.action.code not in TYPED:
                section.is_zero_report = True
                section.zero_note = "Nothing this year."
                section.save()
        for code, filled in TYPED.items():
            section_open(report, code, filled=filled)
        cast = casts[reports[index].pk]
        casts[report.pk] = cast
        new_reports.append(report)
        if second is not None and second[index] is None:
            continue
        if second is not None:
            edit(report, cast, "IND-A1-01", second[index])
        accept(report, cast)
    return universities, casts, (ReportingPeriod.objects.get(pk=old.pk), period), new_reports
