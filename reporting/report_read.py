"""What a report's checks, saves and form read: its sections, the indicators that
apply (the process's copy of the catalogue, initiatives/rules.py), and, for the
sections asked for, the values stored, last year's accepted numbers and the targets
(`ReportData`).

The sections come first, in one query (`report_data`, or `report_data_locked`
under the report's lock for a save); `ReportData.load` then reads the values of the
sections a caller needs, in one query: a save, the sections it changes; a full
check, all of them. A save works out its changes in memory and checks the result
without reading anything again, and its answer shows what it read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Exists,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.expressions import ExpressionWrapper

from initiatives.models import Indicator, Target
from initiatives.rules import LevelCatalogue, horizon_for_year, level_catalogue

from .models import (
    AcceptedValue,
    PendingInput,
    Report,
    ReportingPeriod,
    ReportSection,
    Value,
)

# What a value holds, as typed and as understood.
VALUE_FIELDS = (
    "status",
    "raw",
    "number",
    "date_value",
    "bool_value",
    "error_code",
    "explanation",
)
# The stored columns of a value, read along with its indicator (`_stored_values`).
VALUE_COLUMNS = (
    *("id", "section_id", *VALUE_FIELDS),
    *("revision", "updated_by_id", "updated_at"),
)


def applicable_indicators(university) -> QuerySet[Indicator]:
    """Active indicators that apply to the university's level, in form order."""
    return Indicator.objects.active().for_level(university.level)


def _previous_rows(report: Report) -> QuerySet[AcceptedValue]:
    """Last year's accepted valid numbers of the same university: the version that
    counts, so a reopened report's figures stay until a new version is accepted."""
    if Report.period.is_cached(report):
        year = report.period.year - 1
    else:
        year = ExpressionWrapper(
            Subquery(
                ReportingPeriod.objects.filter(pk=report.period_id).values("year")[:1]
            )
            - 1,
            output_field=IntegerField(),
        )
    return (
        AcceptedValue.objects.counting()
        .valid_numbers()
        .filter(university_id=report.university_id, period__year=year)
        .order_by()
    )


def previous_values(report: Report) -> dict[int, Decimal]:
    """Last year's accepted numbers of the same university, by indicator id (one
    query)."""
    return dict(_previous_rows(report).values_list("indicator_id", "number"))


@dataclass
class ReportData:
    """A report as its checks and its form see it. `values` by indicator id;
    `previous`, last year's accepted numbers by indicator id: both for the
    indicators of the `loaded` actions only (`load`); `targets`, the horizon's
    targets by (indicator id, is the university's own), of the `targets_loaded`
    ones (the form's). `pending`: the ids of the sections where the saving user
    keeps a refused input (read only by a save)."""

    report: Report
    sections: list[ReportSection]
    catalogue: LevelCatalogue
    values: dict[int, Value] = field(default_factory=dict)
    previous: dict[int, Decimal] = field(default_factory=dict)
    targets: dict[tuple[int, bool], Decimal] = field(default_factory=dict)
    pending: set[int] = field(default_factory=set)
    loaded: set[int] = field(default_factory=set)
    targets_loaded: set[int] = field(default_factory=set)

    @property
    def indicators(self) -> list[Indicator]:
        """Every indicator that applies to the report, in form order."""
        return list(self.catalogue.indicators)

    def load(self, action_ids, *, targets: bool = False) -> None:
        """Read the values and last year's numbers of the indicators of these
        actions (one query), and with `targets` their targets (one more), where
        not read yet."""
        wanted = set(action_ids)
        missing = self.catalogue.of_actions(sorted(wanted - self.loaded))
        if missing:
            _stored_values(self, [indicator.pk for indicator in missing])
        self.loaded |= wanted
        if targets:
            missing = self.catalogue.of_actions(sorted(wanted - self.targets_loaded))
            if missing:
                _targets(self, [indicator.pk for indicator in missing])
            self.targets_loaded |= wanted


def report_data(
    report: Report, sections: list[ReportSection] | None = None
) -> ReportData:
    """The report's sections (one query, none when the caller has them, with their
    actions) and the catalogue; `load` reads the values."""
    if sections is None:
        sections = list(
            report.sections.select_related("action").order_by("action__order", "pk")
        )
    return ReportData(
        report=report,
        sections=sections,
        catalogue=level_catalogue(report.university.level),
    )


def report_data_locked(
    reports: QuerySet[Report], pk: int, *, user
) -> ReportData | None:
    """The report `pk` if it is in `reports` (a scoped QuerySet: the caller's rule
    of who may see it), with its sections, in one query, its row and its sections'
    rows locked until the transaction ends; None when `reports` holds it not. Call
    it inside `transaction.atomic()`; `load` reads the values under the lock.

    Both the report and its sections are locked in the one read: a save that waited
    for the lock then reads the sections' versions as the save before it left them
    (PostgreSQL re-reads the locked rows, not the others of the join). Every save of
    a report locks it here first, as a workflow step does (`report_lock`), so saves
    and steps of one report run one after the other.
    """
    pending = PendingInput.objects.filter(section=OuterRef("pk"), user=user)
    sections = list(
        ReportSection.objects.filter(report__in=reports.filter(pk=pk).values("pk"))
        .select_related("report__period", "report__university__authority", "action")
        .select_for_update(of=("self", "report"))
        .annotate(has_pending=Exists(pending))
        .order_by("action__order", "pk")
    )
    if not sections:
        return None
    report = sections[0].report
    for section in sections:
        section.report = report
    return ReportData(
        report=report,
        sections=sections,
        catalogue=level_catalogue(report.university.level),
        pending={section.pk for section in sections if section.has_pending},
    )


def _stored_values(data: ReportData, indicator_ids: list[int]) -> None:
    """The indicators' stored values of the report and last year's accepted
    numbers, into `data`: one query (the value joined, the number a subquery),
    rows as tuples."""
    report = data.report
    previous = _previous_rows(report).filter(indicator_id=OuterRef("pk"))
    rows = (
        Indicator.objects.filter(pk__in=indicator_ids)
        .annotate(
            stored=FilteredRelation("values", condition=Q(values__report=report.pk)),
            **{f"stored_{name}": F(f"stored__{name}") for name in VALUE_COLUMNS},
            previous_number=Subquery(previous.values("number")[:1]),
        )
        .order_by()
        .values_list(
            "pk", *(f"stored_{name}" for name in VALUE_COLUMNS), "previous_number"
        )
    )
    for pk, *stored, number in rows:
        if stored[0] is not None:
            value = Value(
                report_id=report.pk,
                indicator_id=pk,
                **dict(zip(VALUE_COLUMNS, stored, strict=True)),
            )
            value._state.adding = False
            value._state.db = rows.db
            data.values[pk] = value
        if number is not None:
            data.previous[pk] = number


def _targets(data: ReportData, indicator_ids: list[int]) -> None:
    """The targets of the horizon in force for the report's data year, national
    and the university's own, into `data`: one query (none without a horizon)."""
    report = data.report
    horizon = horizon_for_year(report.period.year)
    if horizon is None:
        return
    targets = Target.objects.filter(
        Q(university__isnull=True) | Q(university_id=report.university_id),
        horizon=horizon,
        indicator_id__in=indicator_ids,
    )
    for indicator_id, university_id, number in targets.order_by().values_list(
        "indicator_id", "university_id", "value"
    ):
        data.targets[indicator_id, university_id is not None] = number
