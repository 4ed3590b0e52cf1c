"""A small country for the figures tests: universities in two provinces and two
authorities reporting in one open period, their reports moved through the services,
and the check that the rollup equals the live computation."""

from __future__ import annotations

from django.utils import timezone

from institutions.models import University
from reporting.models import FigureCell, Report
from reporting.rollup import STORED_KINDS, Cell, accepted_source, figures_live
from reporting.section_input import SectionInput
from reporting.services import workflow
from reporting.services.reports import report_sections_ensure
from reporting.services.sections import section_save
from reporting.services.workflow_guards import TransitionRefused
from tests.factories import PeriodFactory, ReportFactory, province
from tests.reporting.workflow_support import Cast, section_open, university_under

State = Report.State

# The indicators the tests type: a count summed, a yes/no, an amount summed and a
# share (a distribution), in three sections; every other section is declared empty.
TYPED = {
    "A1": {"IND-A1-01": "5"},
    "O1": {"IND-O1-01": "1"},
    "O3": {"IND-O3-01": "120.5", "IND-O3-07": "20"},
}
SECTION_OF = {code: section for section, codes in TYPED.items() for code in codes}


def country(size: int = 3) -> tuple[list[Report], dict[int, Cast]]:
    """`size` universities (the first two in Beijing under EDU-11, the others in
    Shanghai under the ministry) taking part in one open period, each with a draft
    that its checks let through, holding the values of TYPED."""
    universities = []
    for n in range(size):
        if n < 2:
            universities.append(university_under("EDU-11"))
        else:
            universities.append(
                university_under(
                    "MOE", province=province("31"), category=University.Category.MOE
                )
            )
    period = PeriodFactory(current=True, participants=universities)
    reports, casts = [], {}
    for university in universities:
        report = typed_draft(period, university)
        reports.append(report)
        casts[report.pk] = Cast(university)
    return reports, casts


def typed_draft(period, university) -> Report:
    """The university's draft in the period that its checks let through, holding
    the values of TYPED (every other section declared empty)."""
    report = ReportFactory(period=period, university=university)
    report_sections_ensure(report=report)
    for section in report.sections.select_related("action"):
        if section.action.code not in TYPED:
            section.is_zero_report = True
            section.zero_note = "Nothing this year."
            section.save()
    for code, filled in TYPED.items():
        section_open(report, code, filled=filled)
    return report


def fresh(report: Report) -> Report:
    return Report.objects.get(pk=report.pk)


def edit(report: Report, cast: Cast, code: str, raw: str) -> bool:
    """Type a value through the form's service; False when the report is not a draft."""
    report = fresh(report)
    if report.state != State.DRAFT:
        return False
    section = report.sections.get(action__code=SECTION_OF[code])
    section_save(
        section=section,
        user=cast.reporter,
        section_input=SectionInput.from_data(
            {"values": {code: {"raw": raw}}},
            action_code=SECTION_OF[code],
            base_version=section.version,
        ),
    )
    return True


def advance(report: Report, cast: Cast) -> bool:
    """One step up the report's route, by whoever takes it; False when refused."""
    report = fresh(report)
    steps = {
        State.DRAFT: lambda: workflow.report_mark_ready(
            report=report, user=cast.reporter
        ),
        State.READY: lambda: workflow.report_submit(
            report=report, user=cast.approver, confirm_unclassified=True
        ),
        State.SUBMITTED: lambda: workflow.report_pass(
            report=report, user=cast.reviewer
        ),
        State.PASSED: lambda: workflow.report_accept(report=report, user=cast.official),
    }
    if report.state not in steps:
        return False
    try:
        steps[report.state]()
    except TransitionRefused:
        return False
    return True


def accept(report: Report, cast: Cast) -> None:
    """Up the whole route to accepted."""
    while fresh(report).state != State.ACCEPTED:
        assert advance(report, cast), fresh(report).state


def send_back(report: Report, cast: Cast) -> bool:
    """Returned by whoever holds it (approver, reviewer or official)."""
    report = fresh(report)
    by = {
        State.READY: cast.approver,
        State.SUBMITTED: cast.reviewer,
        State.PASSED: cast.official,
    }.get(report.state)
    if by is None:
        return False
    workflow.report_return(report=report, user=by, comment="Please check the figures.")
    return True


def reopen(report: Report, cast: Cast) -> bool:
    report = fresh(report)
    if report.state != State.ACCEPTED:
        return False
    workflow.report_reopen(
        report=report,
        user=cast.official,
        reason="IND-A1-01 is wrong.",
        until=timezone.localdate(),
    )
    return True


def stored_cells(period) -> dict[tuple, tuple]:
    """The rollup of the period (the period's lock cell while nobody reported is
    not a figure)."""
    return {
        (cell.indicator_id, cell.scope_kind, cell.scope_key): tuple(
            getattr(cell, name) for name in Cell.FIELDS
        )
        for cell in FigureCell.objects.filter(period=period)
        if cell.indicator_id is not None or cell.reported
    }


def live_cells(period) -> dict[tuple, tuple]:
    source = accepted_source(period)
    return {
        (indicator_id, kind, key): tuple(getattr(cell, name) for name in Cell.FIELDS)
        for kind in STORED_KINDS
        for (indicator_id, key), cell in figures_live(source, kind).items()
    }
