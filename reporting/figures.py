"""Every total the portal shows comes from here: the seed of the figures layer.

Counts of reports by submission status and by state, the per-period numbers of the
ministry's period pages, and the national and per-authority picture of the
universities. Each is aggregated in the database (one query, or a fixed few)
whatever the number of rows, so the pages, and later the API, the dashboards and
the ministry's reports, read the same figures instead of counting on their own.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from institutions.models import Province, University

from .models import Report, ReportingPeriod
from .models.status import SubmissionStatus, submission_status_expression

# --- Reports ----------------------------------------------------------------------


@dataclass(frozen=True)
class ReportCounts:
    """How many reports there are in total and in each submission status (every
    status present, zeros included)."""

    total: int
    by_status: dict[str, int]

    @property
    def cards(self) -> list[tuple[SubmissionStatus, int]]:
        """Each submission status with its count, in the statuses' order."""
        return [(status, self.by_status[status]) for status in SubmissionStatus]


def report_counts(reports: QuerySet) -> ReportCounts:
    """The reports counted by submission status (models/status.py), grouped in
    the database: one query, whatever the number of reports."""
    by_status = dict.fromkeys(SubmissionStatus.values, 0)
    rows = (
        reports.order_by()
        .values(counted_status=submission_status_expression())
        .annotate(n=Count("pk"))
        .values_list("counted_status", "n")
    )
    for status, n in rows:
        by_status[status] = n
    return ReportCounts(total=sum(by_status.values()), by_status=by_status)


# --- Periods ----------------------------------------------------------------------


def _count(model, fk: str) -> Coalesce:
    rows = (
        model.objects.filter(**{fk: OuterRef("pk")})
        .order_by()
        .values(fk)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


@dataclass(frozen=True)
class PeriodCounts:
    """A period's participating universities and its reports."""

    participants: int = 0
    reports: int = 0


def period_counts() -> dict[int, PeriodCounts]:
    """Every period's participants and reports by period id, in one statement: the
    two tables each counted once, grouped by period, and the two joined by UNION ALL
    (not a count per period, which reads each period's rows again)."""
    through = ReportingPeriod.participants.through
    participants = (
        through.objects.order_by()
        .values("reportingperiod_id")
        .annotate(kind=Value(0), n=Count("pk"))
        .values_list("reportingperiod_id", "kind", "n")
    )
    reports = (
        Report.objects.order_by()
        .values("period_id")
        .annotate(kind=Value(1), n=Count("pk"))
        .values_list("period_id", "kind", "n")
    )
    counts: dict[int, list[int]] = {}
    for period_id, kind, n in participants.union(reports, all=True):
        counts.setdefault(period_id, [0, 0])[kind] = n
    return {pk: PeriodCounts(*pair) for pk, pair in counts.items()}


def periods_with_counts(periods: QuerySet) -> QuerySet:
    """Each period with `participant_count` and `report_count`, in the same query
    (the admin's changelist, a queryset; the period list reads `period_counts`)."""
    through = ReportingPeriod.participants.through
    return periods.annotate(
        participant_count=_count(through, "reportingperiod_id"),
        report_count=_count(Report, "period_id"),
    )


def period_summary(period: ReportingPeriod) -> dict:
    """The period's participants, its reports in total, late and per state (labelled,
    in the workflow's order): two queries."""
    counts = Report.objects.filter(period=period).aggregate(
        total=Count("pk"),
        late=Count("pk", filter=Q(is_late=True)),
        **{state: Count("pk", filter=Q(state=state)) for state in Report.State.values},
    )
    return {
        "participants": period.participants.count(),
        "reports": counts["total"],
        "late": counts["late"],
        "by_state": [(label, counts[value]) for value, label in Report.State.choices],
    }


def default_participant_count() -> int:
    """How many universities take part in a period that names none when it opens:
    every active undergraduate university."""
    return University.objects.filter(
        is_active=True, level=University.Level.BACHELOR
    ).count()


# --- Universities -----------------------------------------------------------------


def level_counts(universities: QuerySet) -> dict[str, int]:
    """Counts per level and in total, in one aggregate query."""
    return universities.aggregate(
        total=Count("pk"),
        **{
            level: Count("pk", filter=Q(level=level))
            for level in University.Level.values
        },
    )


def labelled_levels(counts: dict[str, int]) -> list[tuple[str, int]]:
    """The per-level counts of `level_counts` with their labels, in level order."""
    return [(label, counts[value]) for value, label in University.Level.choices]


def national_picture() -> dict:
    """The active universities by level, by category and per province (with the
    Double First-Class ones): three aggregate queries."""
    active = University.objects.filter(is_active=True)
    counts = level_counts(active)
    by_category = dict(
        active.values_list("category").annotate(n=Count("pk")).order_by()
    )
    in_province = Q(universities__is_active=True)
    provinces = Province.objects.annotate(
        total=Count("universities", filter=in_province),
        **{
            level: Count(
                "universities", filter=in_province & Q(universities__level=level)
            )
            for level in University.Level.values
        },
        double_first_class=Count(
            "universities",
            filter=in_province & Q(universities__double_first_class=True),
        ),
    ).order_by("code")
    return {
        "total": counts["total"],
        "level_counts": labelled_levels(counts),
        "category_counts": [
            (value, label, by_category.get(value, 0))
            for value, label in University.Category.choices
        ],
        "provinces": provinces,
    }
