"""Creating a period's reports: one per participating university, with its sections."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from simple_history.utils import bulk_create_with_history

from initiatives.models import Action

from ..models import Report, ReportingPeriod, ReportSection


def _section_action_ids() -> list[int]:
    """Every action and every organisational measure gets a section: a measure
    without indicators (O2) still owes its narrative."""
    return list(Action.objects.order_by("order").values_list("pk", flat=True))


@transaction.atomic
def reports_sections_ensure(*, reports: Iterable[Report]) -> int:
    """Create the missing sections of many reports at once; returns how many.

    Idempotent: existing sections are left alone, and a concurrent creation of the
    same sections is tolerated (the unique constraint decides).
    """
    report_ids = [report.pk for report in reports]
    if not report_ids:
        return 0
    existing = set(
        ReportSection.objects.filter(report_id__in=report_ids).values_list(
            "report_id", "action_id"
        )
    )
    action_ids = _section_action_ids()
    missing = [
        ReportSection(report_id=report_id, action_id=action_id)
        for report_id in report_ids
        for action_id in action_ids
        if (report_id, action_id) not in existing
    ]
    if not missing:
        return 0
    try:
        with transaction.atomic():
            bulk_create_with_history(missing, ReportSection)
    except IntegrityError:
        # Someone created some of them meanwhile: keep theirs, add the rest.
        ReportSection.objects.bulk_create(missing, ignore_conflicts=True)
        total = ReportSection.objects.filter(report_id__in=report_ids).count()
        return total - len(existing)
    return len(missing)


def report_sections_ensure(*, report: Report) -> None:
    """Create the report's sections, one per action and organisational measure.
    Safe to call again."""
    reports_sections_ensure(reports=[report])


@transaction.atomic
def reports_create_for_period(*, period: ReportingPeriod) -> int:
    """One draft report per participant that has none yet, with its sections.

    Idempotent: universities that already have a report are skipped, and the period
    row is locked so that two runs at once cannot both create. Reports are inserted in
    bulk with one history row each, and their sections in bulk too, so the query
    count does not grow with the number of universities.
    Returns the number of reports created.
    """
    list(ReportingPeriod.objects.select_for_update().filter(pk=period.pk).values("pk"))
    missing = list(
        period.participants.exclude(reports__period=period).values_list("pk", flat=True)
    )
    if not missing:
        return 0
    Report.objects.bulk_create(
        [
            Report(
                period_id=period.pk,
                year=period.year,
                university_id=pk,
                is_demo=period.is_demo,
            )
            for pk in missing
        ],
        batch_size=500,
        ignore_conflicts=True,
    )
    created = list(
        Report.objects.filter(period=period, university_id__in=missing).select_related(
            "period", "university"
        )
    )
    Report.history.bulk_history_create(created, batch_size=500)
    reports_sections_ensure(reports=created)
    return len(created)
