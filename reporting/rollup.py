"""What a figure is, computed live from the values: the one definition that the rollup
(FigureCell, kept by reporting/services/figures.py) stores and that the tests and
`make bench` compare it with.

How an indicator adds up follows the catalogue (initiatives.models.Indicator):
- yes/no: the number of universities answering yes (`yes_count`);
- counts and amounts whose aggregation is "sum": the sum of the valid answers;
- percentages and every value not summed (aggregation none, mean or max): a
  distribution (minimum, quartiles, median, maximum), never a mean of shares. The
  catalogue gives no parts of its two percentages to recompute them from; a
  percentage would be recomputed here from such parts once the catalogue had them;
- dates: only how many answered.
A period is one data year: a stock is the value at the year's end (or its reference
date), a flow the amount within the year, so each period's figure is the sum or
distribution of that year's answers; no figure adds up several years. A university
that has not reported is missing, not zero: it lowers the coverage (`reported` of the
universities taking part) and never the total. Only valid answers count: entered,
without error; blank and not applicable ones are missing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import CharField, Count, F, Q, QuerySet, Sum
from django.db.models import Value as Literal

from initiatives.models import Indicator

from .models import (
    AcceptedValue,
    AcceptedVersion,
    Report,
    ReportingPeriod,
    ScopeKind,
    Value,
)

SUM = "sum"
YES_COUNT = "yes_count"
DISTRIBUTION = "distribution"
COUNT = "count"

TOTAL_PLACES = Decimal("0.0001")
SPREAD_PLACES = Decimal("0.000001")

# How a scope's key is read from a university (a path below it).
SCOPE_PATHS = {
    ScopeKind.PROVINCE: "province__code",
    ScopeKind.AUTHORITY: "authority__code",
    ScopeKind.CATEGORY: "category",
    ScopeKind.UNIVERSITY: "code",
}
# The scopes stored in the rollup; a university's figures are its values.
STORED_KINDS = (
    ScopeKind.NATION,
    ScopeKind.PROVINCE,
    ScopeKind.AUTHORITY,
    ScopeKind.CATEGORY,
)


def figure_kind(indicator: Indicator) -> str:
    """How the indicator's answers add up (see the module's docstring)."""
    if indicator.value_type == Indicator.ValueType.BOOLEAN:
        return YES_COUNT
    if indicator.value_type == Indicator.ValueType.DATE:
        return COUNT
    if (
        indicator.value_type != Indicator.ValueType.PERCENTAGE
        and indicator.aggregation == Indicator.Aggregation.SUM
    ):
        return SUM
    return DISTRIBUTION


@dataclass
class Cell:
    """The numbers of one figure (FigureCell's, without its keys)."""

    reported: int = 0
    rows: int = 0
    answered: int = 0
    total: Decimal | None = None
    yes_count: int = 0
    minimum: Decimal | None = None
    q1: Decimal | None = None
    median: Decimal | None = None
    q3: Decimal | None = None
    maximum: Decimal | None = None

    FIELDS = (
        "reported",
        "rows",
        "answered",
        "total",
        "yes_count",
        "minimum",
        "q1",
        "median",
        "q3",
        "maximum",
    )

    def spread_set(self, numbers: list[Decimal]) -> None:
        """Minimum, quartiles, median and maximum of the answers (linear
        interpolation between the nearest ranks, as spreadsheets' QUARTILE.INC)."""
        ordered = sorted(numbers)
        if not ordered:
            self.minimum = self.q1 = self.median = self.q3 = self.maximum = None
            return
        self.minimum, self.q1, self.median, self.q3, self.maximum = (
            _quantile(ordered, share) for share in (0, 1, 2, 3, 4)
        )


def _quantile(ordered: list[Decimal], quarters: int) -> Decimal:
    position = Decimal(len(ordered) - 1) * quarters / 4
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    value = ordered[low] + (ordered[high] - ordered[low]) * (position - low)
    return value.quantize(SPREAD_PLACES)


def valid_answer() -> Q:
    """An answer that counts: entered, without error, with its parsed value."""
    return Q(status=Value.Status.ENTERED, error_code="") & (
        Q(number__isnull=False)
        | Q(bool_value__isnull=False)
        | Q(date_value__isnull=False)
    )


def valid_number() -> Q:
    return Q(status=Value.Status.ENTERED, error_code="", number__isnull=False)


def cell_of_rows(cell: Cell, rows: Iterable[dict], kind: str) -> None:
    """Add value rows (status, error_code, number, bool_value, date_value) to a
    cell's additive numbers: what an accept adds or takes away."""
    for row in rows:
        cell.rows += 1
        entered = row["status"] == Value.Status.ENTERED and not row["error_code"]
        parsed = (row["number"], row["bool_value"], row["date_value"])
        if not entered or all(part is None for part in parsed):
            continue
        cell.answered += 1
        if kind == YES_COUNT and row["bool_value"]:
            cell.yes_count += 1
        if kind == SUM and row["number"] is not None:
            cell.total = (cell.total or Decimal(0)) + row["number"]


# --- Live: the same figures aggregated over the values ----------------------------


@dataclass(frozen=True)
class Source:
    """Where live figures come from: the accepted versions that count, or, on
    request, the reports under review (submitted or passed, not yet accepted)."""

    values: QuerySet
    reports: QuerySet
    university: str  # the path from a value row to its university


def accepted_source(period: ReportingPeriod) -> Source:
    return Source(
        values=AcceptedValue.objects.counting().filter(period=period),
        reports=Report.objects.filter(period=period, counting_version__isnull=False),
        university="university",
    )


def counting_versions(period: ReportingPeriod) -> QuerySet:
    """The accepted versions that count now in the period (one per report that has
    one): what a ministry report snapshots, to be read by `snapshot_source`."""
    return AcceptedVersion.objects.filter(
        pk__in=Report.objects.filter(
            period=period, counting_version__isnull=False
        ).values("counting_version_id")
    )


def snapshot_source(period: ReportingPeriod, versions: QuerySet) -> Source:
    """The period's figures as these accepted versions make them (a report run's
    snapshot), whatever counts today: equal to `accepted_source` while `versions`
    are the ones counting now (`counting_versions`)."""
    return Source(
        values=AcceptedValue.objects.filter(
            period=period, version__in=versions.values("pk")
        ),
        reports=Report.objects.filter(
            period=period, pk__in=versions.values("report_id")
        ),
        university="university",
    )


def under_review_source(period: ReportingPeriod) -> Source:
    states = Report.SENT_UP_STATES
    return Source(
        values=Value.objects.filter(report__period=period, report__state__in=states),
        reports=Report.objects.filter(period=period, state__in=states),
        university="report__university",
    )


def keyed(queryset: QuerySet, university: str, kind: str) -> QuerySet:
    if kind == ScopeKind.NATION:
        return queryset.order_by().annotate(key=Literal("", output_field=CharField()))
    path = f"{university}__{SCOPE_PATHS[kind]}"
    return (
        queryset.order_by().filter(**{f"{path}__isnull": False}).annotate(key=F(path))
    )


def figures_live(
    source: Source,
    kind: str,
    *,
    keys: Iterable[str] | None = None,
    indicators: Iterable[Indicator] | None = None,
) -> dict[tuple[int | None, str], Cell]:
    """Every figure of one scope kind (or of the given scopes), aggregated from the
    values now: {(indicator id, scope key): Cell}, and {(None, key): Cell} for the
    coverage. A scope or indicator with no value row has no entry."""
    values, reports = source.values, source.reports
    if indicators is not None:
        indicators = list(indicators)
        values = values.filter(indicator__in=indicators)
    values = keyed(values, source.university, kind)
    reports = keyed(reports, "university", kind)
    if keys is not None:
        values, reports = values.filter(key__in=keys), reports.filter(key__in=keys)
    cells: dict[tuple[int | None, str], Cell] = {}
    for row in reports.values("key").annotate(n=Count("pk")):
        if row["n"]:  # the nation's count is one row even over no report
            cells[None, row["key"]] = Cell(reported=row["n"])
    by_pk = {i.pk: i for i in (indicators or Indicator.objects.all())}
    totals = values.values("indicator_id", "key").annotate(
        n=Count("pk"),
        answered=Count("pk", filter=valid_answer()),
        total=Sum("number", filter=valid_number()),
        yes=Count("pk", filter=valid_answer() & Q(bool_value=True)),
    )
    spread = []
    for row in totals:
        kind_of = figure_kind(by_pk[row["indicator_id"]])
        cell = Cell(rows=row["n"], answered=row["answered"])
        if kind_of == SUM and row["answered"]:
            cell.total = (row["total"] or Decimal(0)).quantize(TOTAL_PLACES)
        if kind_of == YES_COUNT:
            cell.yes_count = row["yes"]
        if kind_of == DISTRIBUTION:
            spread.append(row["indicator_id"])
        cells[row["indicator_id"], row["key"]] = cell
    if spread:
        numbers = spread_numbers(values.filter(indicator__in=spread))
        for key, found in numbers.items():
            cells[key].spread_set(found)
    return cells


def spread_numbers(values: QuerySet) -> dict[tuple[int, str], list[Decimal]]:
    """The valid numbers of keyed value rows, per (indicator id, scope key)."""
    numbers: dict[tuple[int, str], list[Decimal]] = defaultdict(list)
    rows = values.filter(valid_number()).values_list("indicator_id", "key", "number")
    for indicator_id, key, number in rows:
        numbers[indicator_id, key].append(number)
    return numbers
