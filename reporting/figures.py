"""Every total the portal shows comes from here: the figures layer.

The figure of an indicator for a scope (nation, province, authority, category of
university, university) in a period, with its coverage, read from the rollup that
every accept keeps in step (reporting/rollup.py says how each indicator adds up);
counts of reports by submission status and by state, the per-period numbers of the
ministry's period pages, and the national and per-authority picture of the
universities. Each is aggregated in the database (one query, or a fixed few)
whatever the number of rows, so the pages, the API, the dashboards and the
ministry's reports read the same figures instead of counting on their own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

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

from initiatives.models import Indicator
from institutions.models import Province, University

from .models import AcceptedValue, FigureCell, Report, ReportingPeriod, ScopeKind
from .models.status import SubmissionStatus, submission_status_expression
from .rollup import (
    COUNT,
    SUM,
    TOTAL_PLACES,
    YES_COUNT,
    Cell,
    accepted_source,
    figure_kind,
    figures_live,
    keyed,
    snapshot_source,
    under_review_source,
    valid_answer,
    valid_number,
)

# --- Indicators -------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """One indicator's figure for one scope in one period. `value` is what a chart
    plots (a sum, or the number of yes answers); a distribution shows its median
    and quartiles instead (`cell` holds every number). The coverage is `reported` of `universities` (those
    taking part in the period): a university that has not reported is missing, not
    zero. `under_review` figures are those of reports still under review, apart
    from the accepted ones and only on request."""

    indicator: Indicator
    scope_kind: str
    scope_key: str
    kind: str
    universities: int
    cell: Cell
    under_review: bool = False

    @property
    def value(self) -> Decimal | int | None:
        if not self.cell.answered:
            return None
        if self.kind == SUM:
            return self.cell.total
        if self.kind == YES_COUNT:
            return self.cell.yes_count
        return None

    @property
    def coverage(self) -> tuple[int, int]:
        return self.cell.reported, self.universities


def indicator_figures(
    *,
    period: ReportingPeriod,
    scope_kind: str = ScopeKind.NATION,
    scope_keys: Iterable[str] | None = None,
    indicators: Iterable[Indicator] | None = None,
    under_review: bool = False,
    versions: QuerySet | None = None,
) -> list[Figure]:
    """The figures of the indicators (the active ones by default) for every scope
    of a kind that takes part in the period or has figures (or for `scope_keys`),
    in indicator then scope order: three queries whatever the numbers. Stored
    scopes read the rollup; a university's figures are its accepted values, read
    directly; figures under review are computed on request from the reports
    submitted or passed; with `versions` (AcceptedVersion rows: a report run's
    snapshot) the figures are those versions' own, computed from them, so that a
    past report is made again with the figures it had."""
    if indicators is None:
        indicators = list(Indicator.objects.active())
    else:
        indicators = list(indicators)
    keys = None if scope_keys is None else list(scope_keys)
    if versions is not None:
        source = snapshot_source(period, versions)
        cells = figures_live(source, scope_kind, keys=keys, indicators=indicators)
    elif under_review or scope_kind == ScopeKind.UNIVERSITY:
        source = (under_review_source if under_review else accepted_source)(period)
        cells = figures_live(source, scope_kind, keys=keys, indicators=indicators)
    else:
        cells = _stored_cells(period, scope_kind, keys, indicators)
    taking_part = keyed(
        ReportingPeriod.participants.through.objects.filter(reportingperiod=period),
        "university",
        scope_kind,
    )
    if keys is not None:
        taking_part = taking_part.filter(key__in=keys)
    universities = dict(
        taking_part.values("key").annotate(n=Count("pk")).values_list("key", "n")
    )
    if keys is None:
        keys = sorted(set(universities) | {key for _pk, key in cells})
    coverage = {key: cells.get((None, key), Cell()).reported for key in keys}
    figures = []
    for indicator in indicators:
        kind = figure_kind(indicator)
        for key in keys:
            cell = cells.get((indicator.pk, key)) or Cell()
            cell.reported = coverage[key]
            figures.append(
                Figure(
                    indicator=indicator,
                    scope_kind=scope_kind,
                    scope_key=key,
                    kind=kind,
                    universities=universities.get(key, 0),
                    cell=cell,
                    under_review=under_review,
                )
            )
    return figures


def indicator_figure(
    *,
    period: ReportingPeriod,
    indicator: Indicator,
    scope_kind: str = ScopeKind.NATION,
    scope_key: str = "",
    under_review: bool = False,
) -> Figure:
    """One indicator's figure for one scope (the nation by default)."""
    (figure,) = indicator_figures(
        period=period,
        scope_kind=scope_kind,
        scope_keys=[scope_key],
        indicators=[indicator],
        under_review=under_review,
    )
    return figure


def top_university_figures(
    *,
    period: ReportingPeriod,
    indicator: Indicator,
    universities: Q | None = None,
    limit: int = 10,
) -> list[Figure]:
    """The `limit` universities (of those matching `universities`, a Q over
    University; every one by default) with the highest figure of one indicator in
    the period, highest first, then by code. A university's figure is its accepted
    answer that counts, as `indicator_figures` reads it for the university's own
    scope (a sum is its number, a share its median, a yes/no answer one or none
    yes); an indicator of dates has no figure to rank. One query: the indicator's
    accepted values of the period and a top-N sort, whatever the number of
    universities."""
    kind = figure_kind(indicator)
    if kind == COUNT:
        return []
    # The period named on the report too, so that the planner reads the period's
    # reports by index instead of hashing every report of every period.
    values = AcceptedValue.objects.counting().filter(
        period=period, indicator=indicator, report__period=period
    )
    if universities is not None:
        values = values.filter(
            university__in=University.objects.filter(universities).values("pk")
        )
    if kind == YES_COUNT:
        values = values.filter(valid_answer(), bool_value__isnull=False)
        ranked = "-bool_value"
    else:
        values = values.filter(valid_number())
        ranked = "-number"
    rows = values.order_by(ranked, "university__code").values_list(
        "university__code", "number", "bool_value"
    )[:limit]
    figures = []
    for code, number, answer in rows:
        cell = Cell(reported=1, rows=1, answered=1)
        if kind == SUM:
            cell.total = number.quantize(TOTAL_PLACES)
        elif kind == YES_COUNT:
            cell.yes_count = int(answer)
        else:
            cell.spread_set([number])
        figures.append(
            Figure(
                indicator=indicator,
                scope_kind=ScopeKind.UNIVERSITY,
                scope_key=code,
                kind=kind,
                universities=1,
                cell=cell,
            )
        )
    return figures


def _stored_cells(
    period: ReportingPeriod,
    scope_kind: str,
    keys: list[str] | None,
    indicators: list[Indicator],
) -> dict[tuple[int | None, str], Cell]:
    rows = FigureCell.objects.filter(period=period, scope_kind=scope_kind)
    if keys is not None:
        rows = rows.filter(scope_key__in=keys)
    if len(indicators) < 20:
        rows = rows.filter(Q(indicator__isnull=True) | Q(indicator__in=indicators))
    return {
        (row["indicator_id"], row["scope_key"]): Cell(
            **{name: row[name] for name in Cell.FIELDS}
        )
        for row in rows.values("indicator_id", "scope_key", *Cell.FIELDS)
    }


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
