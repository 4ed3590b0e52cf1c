"""Completeness and timeliness of a period, by province and by competent authority:
part of the figures layer (reporting/figures.py), read by the completeness dashboard,
the China view and their downloads.

A row counts the universities taking part in the period and their reports by
submission status (reporting/models/status.py, the same expression as
`report_counts` and the report list's status filter), plus the reports sent up on
time. Each dimension is one statement whatever the number of universities: the
participants and the reports each grouped once and joined by UNION ALL, as
`period_counts` does. An authority's row holds the universities it reviews or
co-builds (`University.objects.of_authority`, the report list's authority filter),
so a co-built university appears under both of its authorities and the authority
rows do not add up to the total; the province rows do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import BooleanField, CharField, Count, F, QuerySet, Value

from institutions.models import Authority, Province, University

from .models import Report, ReportingPeriod
from .models.status import SubmissionStatus, submission_status_expression

_PARTICIPANT = "participant"  # the marker of participant rows in the union


@dataclass
class CompletenessRow:
    """One province's or authority's participants and reports (`scope` is the
    Province or Authority, None for the total)."""

    scope: Province | Authority | None
    participants: int = 0
    by_status: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(SubmissionStatus.values, 0)
    )
    on_time: int = 0

    @property
    def reports(self) -> int:
        return sum(self.by_status.values())

    @property
    def submitted(self) -> int:
        """Reports with the authorities above the university or accepted."""
        return sum(n for status, n in self.by_status.items() if _sent_up(status))

    @property
    def share_submitted(self) -> Decimal | None:
        """Submitted reports per participating university (None without any)."""
        return _share(self.submitted, self.participants)

    @property
    def share_on_time(self) -> Decimal | None:
        """Reports sent up before the due time per participating university."""
        return _share(self.on_time, self.participants)

    def add(self, other: CompletenessRow) -> None:
        self.participants += other.participants
        self.on_time += other.on_time
        for status, n in other.by_status.items():
            self.by_status[status] += n


@dataclass
class Completeness:
    """A period's rows by province and by authority, each in the scopes' order, and
    their total (the universities in the user's scope, each once: the sum of the
    province rows)."""

    period: ReportingPeriod
    provinces: list[CompletenessRow]
    authorities: list[CompletenessRow]
    total: CompletenessRow


def _sent_up(status: str) -> bool:
    return SubmissionStatus(status).sent_up


def _share(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _grouped(reports: QuerySet, participants: QuerySet, key: str) -> list[QuerySet]:
    """Participants and reports grouped by the university's `key`, as
    (key, status, late, n) rows."""
    status = CharField()
    return [
        participants.order_by()
        .values(key_id=F(f"university__{key}"))
        .annotate(
            status=Value(_PARTICIPANT, output_field=status),
            late=Value(False, output_field=BooleanField()),
            n=Count("pk"),
        )
        .values_list("key_id", "status", "late", "n"),
        reports.order_by()
        .values(
            key_id=F(f"university__{key}"),
            status=submission_status_expression(),
            late=F("is_late"),
        )
        .annotate(n=Count("pk"))
        .values_list("key_id", "status", "late", "n"),
    ]


def completeness(
    *,
    period: ReportingPeriod,
    universities: QuerySet[University],
    by_authority: bool = True,
) -> Completeness:
    """The period's completeness and timeliness for `universities` (the user's
    scope) by province and by authority: one statement per dimension for the
    counts, one per dimension for the scopes' names, whatever the numbers (without
    `by_authority`, the provinces only: two queries). Scopes with no participant and
    no report are left out."""
    through = ReportingPeriod.participants.through
    participants = through.objects.filter(
        reportingperiod=period, university__in=universities
    )
    reports = Report.objects.in_period(period).filter(university__in=universities)
    by_province = _rows(_grouped(reports, participants, "province_id"))
    authorities: list[CompletenessRow] = []
    if by_authority:
        further = "other_authorities"
        rows = _rows(
            _grouped(reports, participants, "authority_id")
            + _grouped(
                reports.filter(university__other_authorities__isnull=False),
                participants.filter(university__other_authorities__isnull=False),
                further,
            )
        )
        authorities = _named(rows, Authority.objects.all())
    total = CompletenessRow(scope=None)
    for row in by_province.values():
        total.add(row)
    return Completeness(
        period=period,
        provinces=_named(by_province, Province.objects.all()),
        authorities=authorities,
        total=total,
    )


def _rows(parts: list[QuerySet]) -> dict[int, CompletenessRow]:
    first, *rest = parts
    rows: dict[int, CompletenessRow] = {}
    for key, status, late, n in first.union(*rest, all=True):
        row = rows.setdefault(key, CompletenessRow(scope=None))
        if status == _PARTICIPANT:
            row.participants += n
            continue
        row.by_status[status] += n
        if _sent_up(status) and not late:
            row.on_time += n
    return rows


def _named(rows: dict[int, CompletenessRow], scopes: QuerySet) -> list[CompletenessRow]:
    """The rows with their province or authority, in the model's order."""
    ordered = []
    for scope in scopes.filter(pk__in=list(rows)):
        rows[scope.pk].scope = scope
        ordered.append(rows[scope.pk])
    return ordered
