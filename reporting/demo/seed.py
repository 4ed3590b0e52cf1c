"""The demo periods and reports (see reporting/demo/__init__.py)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import F
from django.db.models.expressions import Combinable
from django.utils import timezone

from initiatives.models import Indicator
from institutions.models import Membership, University

from ..models import (
    AcceptedVersion,
    PeriodEvent,
    Report,
    ReportingPeriod,
    ReportSection,
    Transition,
    Value,
)
from ..section_input import SectionInput
from ..services.accepted import accepted_versions_create
from ..services.figures import figures_rebuild
from ..services.periods import period_create, period_open
from ..services.reports import reports_sections_ensure
from ..services.sections import report_counters_store, section_save
from ..validation import applicable_indicators
from .history_rows import creation_redate, history_copy
from .series import (
    DEMO_YEARS,
    OPEN_YEAR,
    narratives_fill,
    raw_text,
    stock_slip,
    texts,
    university_series,
    value_row,
)
from .workflow import FILLED_DAYS, official_user, workflow_seed
from .workflow import PLAN as WORKFLOW_PLAN

BEIJING = ZoneInfo("Asia/Shanghai")
NARRATIVES = ("narrative_done", "narrative_obstacles", "narrative_next")


@dataclass
class ReportsSeedResult:
    periods_created: int = 0
    reports_created: int = 0
    values_created: int = 0


def _at(year: int, month: int, day: int, hour: int = 0, minute: int = 0):
    return dt.datetime(year, month, day, hour, minute, tzinfo=BEIJING)


# --- Periods ---------------------------------------------------------------------


def _closed_period(year: int, participants: list[University]) -> ReportingPeriod:
    period = ReportingPeriod.objects.create(
        year=year,
        opens_at=_at(year + 1, 3, 1, 9),
        due_at=_at(year + 1, 3, 31, 17),
        closes_at=_at(year + 1, 4, 30, 23, 59),
        state=ReportingPeriod.State.CLOSED,
        is_demo=True,
    )
    period.participants.set(participants)
    log = [
        (PeriodEvent.Kind.CREATED, period.opens_at - dt.timedelta(days=30)),
        (PeriodEvent.Kind.OPENED, period.opens_at),
        (PeriodEvent.Kind.CLOSED, period.closes_at),
    ]
    for kind, at in log:
        event = PeriodEvent.objects.create(period=period, kind=kind, actor=None)
        PeriodEvent.objects.filter(pk=event.pk).update(at=at)  # at is auto_now_add
    return period


def _accepted_reports(period: ReportingPeriod, participants, result) -> None:
    """Accepted reports with every value entered, written in bulk."""
    reports = []
    for university in participants:
        rng = random.Random(f"report/{university.code}/{period.year}")
        late = rng.random() < 0.12
        submitted = period.due_at + dt.timedelta(
            days=rng.randint(1, 5) if late else -rng.randint(1, 20)
        )
        reports.append(
            Report(
                period=period,
                year=period.year,
                university=university,
                state=Report.State.ACCEPTED,
                revision=rng.randint(3, 12),
                submission_count=1,
                is_late=late,
                submitted_at=submitted,
                last_submitted_at=submitted,
                completeness=100,
                is_demo=True,
            )
        )
    Report.objects.bulk_create(reports)
    # Their history: created as a draft when the period opened, accepted later.
    accepted = {
        r.pk: (r.state, r.submitted_at + dt.timedelta(days=20)) for r in reports
    }
    for report in reports:
        report.state, report._history_date = Report.State.DRAFT, period.opens_at
    Report.history.bulk_history_create(reports)
    for report in reports:
        report.state, report._history_date = accepted[report.pk]
    Report.history.bulk_history_create(reports, update=True)
    result.reports_created += len(reports)
    # Their values as they were submitted.
    _fill(reports, result, every_section=True, at=F("report__submitted_at"))
    creation_redate(reports, period.opens_at)
    _accepted_versions(reports, {pk: at for pk, (_state, at) in accepted.items()})


def _accepted_versions(reports: list[Report], accepted_at: dict) -> None:
    """The accept step of each report, by the demo official, and the accepted version
    it points at, so that last year's values and totals count them."""
    official = official_user()
    transitions = Transition.objects.bulk_create(
        [
            Transition(
                report=report,
                action=Transition.Action.ACCEPT,
                from_state=Report.State.PASSED,
                to_state=Report.State.ACCEPTED,
                actor=official,
                actor_role=Membership.Role.OFFICIAL,
                revision=report.revision,
                submission_count=report.submission_count,
            )
            for report in reports
        ]
    )
    for transition in transitions:
        transition.at = accepted_at[transition.report_id]
    Transition.objects.bulk_update(transitions, ["at"])
    versions = accepted_versions_create(transitions=transitions)
    for version in versions:
        version.accepted_at = accepted_at[version.report_id]
    AcceptedVersion.objects.bulk_update(versions, ["accepted_at"])
    by_report = {version.report_id: version for version in versions}
    for report in reports:
        report.counting_version = by_report[report.pk]
    Report.objects.bulk_update(reports, ["counting_version"])
    # written without report_accept: the figures of these periods are rebuilt
    figures_rebuild(
        periods=ReportingPeriod.objects.filter(reports__in=reports).distinct()
    )


def _fill(
    reports: list[Report], result, *, every_section: bool, at: dt.datetime | Combinable
) -> list[Report]:
    """Create the reports' sections and, in bulk, their values and narratives.

    With every_section, every section is filled in; otherwise a random share of them,
    as in a draft in progress, with now and then a stock typed below last year.
    Their history records are dated `at` (a date, or an expression over the row).
    Returns the reports that got anything.
    """
    reports_sections_ensure(reports=reports)
    sections_by_report: dict[int, list[ReportSection]] = {}
    for section in (
        ReportSection.objects.filter(report__in=reports)
        .select_related("action")
        .order_by("action__order")
    ):
        sections_by_report.setdefault(section.report_id, []).append(section)
    by_level: dict[str, list[Indicator]] = {}
    values: list[Value] = []
    touched_sections: list[ReportSection] = []
    touched: list[Report] = []
    for report in reports:
        university = report.university
        if university.level not in by_level:
            by_level[university.level] = list(applicable_indicators(university))
        indicators = by_level[university.level]
        numbers = university_series(indicators, university)
        year = report.period.year
        rng = random.Random(f"fill/{university.code}/{year}")
        sections = sections_by_report.get(report.pk, [])
        if not every_section:
            sections = rng.sample(sections, rng.randint(0, len(sections)))
        mine: list[Value] = []
        for section in sections:
            for indicator in indicators:
                if indicator.action_id != section.action_id:
                    continue
                status, value = numbers[indicator.pk][year]
                mine.append(value_row(report, section.pk, indicator, status, value))
            narratives_fill(section, rng)
            touched_sections.append(section)
        if not every_section and rng.random() < 0.4:
            stock_slip(mine, rng)
        values += mine
        if sections:
            touched.append(report)
    # Every write leaves its history record, as the services' do: the history page
    # compares each record with the one before, so a write without one would show
    # later as a change of the next save ("(blank) -> text").
    Value.objects.bulk_create(values, batch_size=1000)
    history_copy(Value.objects.filter(report__in=reports), at=at)
    # A few dozen distinct narratives: one UPDATE each is much cheaper than
    # bulk_update's CASE over thousands of rows.
    by_text: dict[tuple, list[int]] = {}
    for section in touched_sections:
        section.version = 1
        key = tuple(getattr(section, name) for name in NARRATIVES)
        by_text.setdefault(key, []).append(section.pk)
    for texts_, pks in by_text.items():
        ReportSection.objects.filter(pk__in=pks).update(
            version=1, **dict(zip(NARRATIVES, texts_, strict=True))
        )
    filled = ReportSection.objects.filter(report__in=touched, version=1)
    history_copy(filled, at=at, history_type="~")
    result.values_created += len(values)
    return touched


def _open_period(
    participants: list[University], reporter, now: dt.datetime, result
) -> None:
    """The open period: drafts for everyone, some partly filled in."""
    period = period_create(
        actor=None,
        year=OPEN_YEAR,
        opens_at=now - dt.timedelta(days=12),
        due_at=now + dt.timedelta(days=20),
        closes_at=now + dt.timedelta(days=50),
        is_demo=True,
    )
    period.participants.set(participants)
    result.reports_created += period_open(period=period, now=now)
    reports = list(
        Report.objects.filter(period=period).select_related("period", "university")
    )
    creation_redate(reports, period.opens_at)
    own = None
    if reporter is not None:
        membership = reporter.memberships.filter(university__isnull=False).first()
        own = next(
            (
                r
                for r in reports
                if membership and r.university_id == membership.university_id
            ),
            None,
        )
    others = [report for report in reports if report is not own]
    for report in others:
        report.revision = 1
    # Those the review workflow takes further are filled in completely.
    routed = [report for report in others if report.university.code in WORKFLOW_PLAN]
    filled_at = now - dt.timedelta(days=FILLED_DAYS)
    _fill(routed, result, every_section=True, at=filled_at)
    drafts = [report for report in others if report not in routed]
    for report in _fill(drafts, result, every_section=False, at=filled_at):
        report_counters_store(report=report)
    workflow_seed(reports=routed, own=own, reporter=reporter, now=now)
    if own is not None:
        _reporter_draft(own, reporter, result)


def _reporter_draft(report: Report, user, result) -> None:
    """The demo university's draft, saved section by section as its reporter would:
    A1 twice (a typo, then the correction with an explained drop), A2 with a tenfold
    jump not yet explained, A3 half done, A7 declared empty."""
    words = texts()
    sections = {s.action.code: s for s in report.sections.select_related("action")}
    indicators = list(applicable_indicators(report.university).select_related("action"))
    numbers = university_series(indicators, report.university)
    by_action: dict[str, list[Indicator]] = {}
    for indicator in indicators:
        by_action.setdefault(indicator.action.code, []).append(indicator)

    def entries(code: str, share: float = 1.0) -> dict:
        indicators = by_action.get(code, [])
        shown = indicators[: max(1, round(len(indicators) * share))]
        out = {}
        for indicator in shown:
            status, value = numbers[indicator.pk][OPEN_YEAR]
            out[indicator.code] = {
                "raw": raw_text(indicator, status, value),
                "status": status,
            }
        return out

    def save(code: str, data: dict) -> None:
        section = sections.get(code)
        if section is None:
            return
        section.refresh_from_db(fields=["version"])
        section_input = SectionInput.from_data(
            data, action_code=code, base_version=section.version
        )
        saved = section_save(section=section, user=user, section_input=section_input)
        result.values_created += len(data.get("values", {})) if saved.changed else 0

    rng = random.Random(f"fill/{report.university.code}/{OPEN_YEAR}")
    narrative = {}
    for code in ("A1", "A2"):
        section = sections.get(code)
        if section is not None:
            narratives_fill(section, rng)
            narrative[code] = {name: getattr(section, name) for name in NARRATIVES}

    a1 = entries("A1")
    stock = next(
        (
            i
            for i in by_action.get("A1", [])
            if i.measure == Indicator.Measure.STOCK and i.value_type == "integer"
        ),
        None,
    )
    if stock is not None:
        a1[stock.code] = {"raw": "abc", "status": "entered"}
    save("A1", {"values": a1, **narrative.get("A1", {})})
    if stock is not None:
        last = numbers[stock.pk][OPEN_YEAR - 1][1]
        fixed = {
            "raw": str(max(last - 2, Decimal(0))),
            "status": "entered",
            "explanation": words["explanation_stock_below"],
        }
        save("A1", {"values": {stock.code: fixed}})

    a2 = entries("A2")
    money = next((i for i in by_action.get("A2", []) if i.unit_en == "10k CNY"), None)
    if money is not None:
        value = numbers[money.pk][OPEN_YEAR][1] * 10
        a2[money.code] = {"raw": f"{value:,}", "status": "entered"}
    save("A2", {"values": a2, **narrative.get("A2", {})})
    save("A3", {"values": entries("A3", share=0.5)})
    save("A7", {"is_zero_report": True, "zero_note": words["zero_note"]})


@transaction.atomic
def reports_seed(
    *,
    universities: Iterable[University],
    reporter=None,
    now: dt.datetime | None = None,
) -> ReportsSeedResult:
    """Periods 2021-2025 for the demo universities that report (active bachelor ones).

    2021-2024 are closed with accepted reports; 2025 is open, with reports in every
    state of the review workflow (see workflow.py), most of them drafts. `reporter`
    (a university reporter) writes their university's 2025 draft through the form's
    service. A year whose period exists already is skipped.
    """
    now = now or timezone.now()
    result = ReportsSeedResult()
    participants = [
        u for u in universities if u.is_active and u.level == University.Level.BACHELOR
    ]
    existing = set(
        ReportingPeriod.objects.filter(year__in=DEMO_YEARS).values_list(
            "year", flat=True
        )
    )
    for year in DEMO_YEARS:
        if year in existing:
            continue
        result.periods_created += 1
        if year == OPEN_YEAR:
            _open_period(participants, reporter, now, result)
        else:
            period = _closed_period(year, participants)
            _accepted_reports(period, participants, result)
    return result
