"""Accepted versions: the values of a report as the ministry accepted them, kept as
rows (`AcceptedValue`) that "last year's value" and every total read through
`AcceptedValue.objects.counting()` (DESIGN.md §5)."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from ..models import AcceptedValue, AcceptedVersion, Report, Transition, Value


@transaction.atomic
def accepted_versions_create(
    *, transitions: Sequence[Transition]
) -> list[AcceptedVersion]:
    """Keep the current values of each accept transition's report as an accepted
    version, written in bulk (a few queries however many reports: the demo accepts
    hundreds at once). The caller points the reports at their new version
    (`Report.counting_version`), saving them its own way."""
    versions = AcceptedVersion.objects.bulk_create(
        [
            AcceptedVersion(
                report_id=transition.report_id,
                revision=transition.revision,
                transition=transition,
            )
            for transition in transitions
        ]
    )
    by_report = {version.report_id: version for version in versions}
    reports = {
        report.pk: report
        for report in Report.objects.filter(pk__in=by_report).only(
            "university_id", "period_id"
        )
    }
    copied = (
        "report_id",
        "indicator_id",
        "status",
        "raw",
        "number",
        "date_value",
        "bool_value",
        "error_code",
        "explanation",
    )
    # Plain rows, not Value instances: the demo copies thousands at once.
    rows = [
        AcceptedValue(
            version=by_report[row["report_id"]],
            university_id=reports[row["report_id"]].university_id,
            period_id=reports[row["report_id"]].period_id,
            **row,
        )
        for row in Value.objects.filter(report_id__in=by_report)
        .order_by()
        .values(*copied)
    ]
    AcceptedValue.objects.bulk_create(rows, batch_size=2000)
    return versions
