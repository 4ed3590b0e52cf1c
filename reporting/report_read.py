"""What a report's checks and saves read: its sections, the indicators that apply,
the values stored and last year's accepted numbers (`ReportData`).

`report_check` reads them itself (`report_data`, four queries) or takes what a save
has read already: a save reads them in two queries under the report's lock
(`report_data_locked`), works out the changes in memory and checks the result
without reading anything again.
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

from initiatives.models import Indicator

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
    """A report as its checks see it. `values` by indicator id; `previous`, last
    year's accepted numbers by indicator id; `pending`, the ids of the sections
    where the saving user keeps a refused input (read only by a save)."""

    report: Report
    sections: list[ReportSection]
    indicators: list[Indicator]
    values: dict[int, Value]
    previous: dict[int, Decimal]
    pending: set[int] = field(default_factory=set)


def report_data(report: Report) -> ReportData:
    """What `report_check` reads: four queries."""
    return ReportData(
        report=report,
        sections=list(
            report.sections.select_related("action").order_by("action__order")
        ),
        indicators=list(
            applicable_indicators(report.university).select_related("action")
        ),
        values={
            value.indicator_id: value
            for value in Value.objects.filter(report_id=report.pk).only(
                "indicator_id", "status", "number", "error_code", "explanation"
            )
        },
        previous=previous_values(report),
    )


def report_data_locked(
    reports: QuerySet[Report], pk: int, *, user
) -> ReportData | None:
    """The report `pk` if it is in `reports` (a scoped QuerySet: the caller's rule
    of who may see it), with everything a save and its checks need, in two queries, its row and
    its sections' rows locked until the transaction ends; None when `reports` holds
    it not. Call it inside `transaction.atomic()`.

    Both the report and its sections are locked in the one read: a save that waited
    for the lock then reads the sections' versions as the save before it left them
    (PostgreSQL re-reads the locked rows, not the others of the join). Every save of
    a report locks it here first, as a workflow step does (`report_lock`), so saves
    and steps of one report run one after the other.
    """
    pending = PendingInput.objects.filter(section=OuterRef("pk"), user=user)
    sections = list(
        ReportSection.objects.filter(report__in=reports.filter(pk=pk).values("pk"))
        .select_related("report__period", "report__university", "action")
        .select_for_update(of=("self", "report"))
        .annotate(has_pending=Exists(pending))
        .order_by("action__order", "pk")
    )
    if not sections:
        return None
    report = sections[0].report
    for section in sections:
        section.report = report
    indicators, values, previous = _stored_values(report)
    return ReportData(
        report=report,
        sections=sections,
        indicators=indicators,
        values=values,
        previous=previous,
        pending={section.pk for section in sections if section.has_pending},
    )


def _stored_values(
    report: Report,
) -> tuple[list[Indicator], dict[int, Value], dict[int, Decimal]]:
    """The indicators that apply, each with its stored value of the report and last
    year's accepted number: one query (the value joined, the number a subquery)."""
    previous = _previous_rows(report).filter(indicator_id=OuterRef("pk"))
    rows = (
        applicable_indicators(report.university)
        .select_related("action")
        .annotate(
            stored=FilteredRelation("values", condition=Q(values__report=report.pk)),
            **{f"stored_{name}": F(f"stored__{name}") for name in VALUE_COLUMNS},
            previous_number=Subquery(previous.values("number")[:1]),
        )
    )
    indicators, values, numbers = [], {}, {}
    for indicator in rows:
        indicators.append(indicator)
        if indicator.stored_id is not None:
            value = Value(
                report_id=report.pk,
                indicator_id=indicator.pk,
                **{
                    name: getattr(indicator, f"stored_{name}") for name in VALUE_COLUMNS
                },
            )
            value._state.adding = False
            value._state.db = rows.db
            values[indicator.pk] = value
        if indicator.previous_number is not None:
            numbers[indicator.pk] = indicator.previous_number
    return indicators, values, numbers
