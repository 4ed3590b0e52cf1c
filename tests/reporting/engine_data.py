"""Building reports with values for the engine tests (numbers, checks, saves)."""

from __future__ import annotations

from initiatives.models import Indicator
from reporting.models import AcceptedVersion, Report, ReportSection, Transition, Value
from reporting.numbers import parse_value
from reporting.services.accepted import accepted_versions_create
from reporting.services.reports import report_sections_ensure
from reporting.validation import applicable_indicators
from tests.factories import PeriodFactory, ReportFactory, UserFactory


def value_put(report: Report, code: str, raw: str, explanation: str = "") -> Value:
    """Store a value through the ORM as a save would, without the save's checks."""
    indicator = Indicator.objects.get(code=code)
    section = report.sections.get(action=indicator.action)
    parsed = parse_value(indicator, raw)
    value, _ = Value.objects.update_or_create(
        report=report,
        indicator=indicator,
        defaults={
            "section": section,
            "status": Value.Status.ENTERED,
            "raw": raw,
            "number": parsed.number,
            "date_value": parsed.date_value,
            "bool_value": parsed.bool_value,
            "error_code": parsed.error_code,
            "explanation": explanation,
        },
    )
    return value


def value_not_applicable(report: Report, code: str) -> Value:
    """Mark one indicator not applicable through the ORM, as a save would."""
    indicator = Indicator.objects.get(code=code)
    value, _ = Value.objects.update_or_create(
        report=report,
        indicator=indicator,
        defaults={
            "section": report.sections.get(action=indicator.action),
            "status": Value.Status.NOT_APPLICABLE,
        },
    )
    return value


def sections_zero_except(report: Report, *codes: str) -> None:
    """Declare every section but `codes` empty this year, with a note."""
    report.sections.exclude(action__code__in=codes).update(
        is_zero_report=True, zero_note="Nothing this year."
    )


def section_fill(report: Report, code: str, raw: str = "5") -> None:
    """Fill every applicable indicator of one section with a valid value, and its
    narrative."""
    for indicator in applicable_indicators(report.university).filter(action__code=code):
        value_put(report, indicator.code, _valid_raw(indicator, raw))
    ReportSection.objects.filter(report=report, action__code=code).update(
        narrative_done="Courses and projects as planned."
    )


def _valid_raw(indicator: Indicator, raw: str) -> str:
    return {"boolean": "1", "date": "2024-03-01"}.get(indicator.value_type, raw)


def accepted_last_year(report: Report, values: dict[str, str]) -> Report:
    """An accepted report of the same university for the year before, with values."""
    period = PeriodFactory(year=report.period.year - 1, state="closed")
    return accepted_report(period, report.university, values)


def accepted_report(period, university, values: dict[str, str]) -> Report:
    """A report accepted with these values: its accept step, and the accepted version
    it points at, written as report_accept writes them."""
    report = ReportFactory(period=period, university=university)
    report_sections_ensure(report=report)
    for code, raw in values.items():
        value_put(report, code, raw)
    accept_as_is(report)
    return report


def accept_as_is(report: Report) -> AcceptedVersion:
    """Accept the report's current values, skipping the steps before: the transition,
    the accepted version, and the report pointing at it."""
    transition = Transition.objects.create(
        report=report,
        action=Transition.Action.ACCEPT,
        from_state=Report.State.PASSED,
        to_state=Report.State.ACCEPTED,
        actor=UserFactory(),
        actor_role="official",
        revision=report.revision,
    )
    (version,) = accepted_versions_create(transitions=[transition])
    Report.objects.filter(pk=report.pk).update(
        state=Report.State.ACCEPTED, counting_version=version
    )
    report.state, report.counting_version = Report.State.ACCEPTED, version
    return version


def open_report(university, *, year: int = 2024) -> Report:
    """A draft report for `year` in an open period, with its sections."""
    period = PeriodFactory(year=year, current=True, participants=[university])
    report = ReportFactory(period=period, university=university)
    report_sections_ensure(report=report)
    return report
