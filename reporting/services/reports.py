"""Creating a period's reports: one per participating university, with its sections."""

from __future__ import annotations

from django.db import transaction

from ..models import Report, ReportingPeriod
from .sections import reports_sections_ensure


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
            Report(period_id=period.pk, university_id=pk, is_demo=period.is_demo)
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
