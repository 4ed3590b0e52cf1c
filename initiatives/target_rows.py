"""What the target pages show: per action, each indicator's target for every horizon
of the plan, and who changed which target when. A fixed number of queries whatever
the number of indicators, targets and history records.

Nothing is computed here: a target is what an official or a university typed, and an
indicator without one says so. Baselines and the path to a target are the figures
layer's (the dashboards), not this module's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from reporting.display import number_text, value_text
from reporting.history import WRITTEN, written_pairs

from .models import Action, Horizon, Indicator, Target

# Dates have no numeric target; a yes/no indicator has one nationally only (how many
# universities answer yes), a university's own answer is not a target.
NUMERIC_TYPES = (
    Indicator.ValueType.INTEGER,
    Indicator.ValueType.DECIMAL,
    Indicator.ValueType.PERCENTAGE,
)
HISTORY_LIMIT = 50
# The dashboards (reporting/dashboards, branch `dash`) show each indicator's baseline
# (its figure in the first accepted period) and the path to its target, an indicator
# chosen with ?indicator=<code>. Linked once the routes exist (they land at merge).
DASHBOARD_NATIONAL = "dashboards:nation"
DASHBOARD_UNIVERSITY = "dashboards:university"  # kwargs: pk


def targetable(indicator: Indicator, *, national: bool) -> bool:
    """Whether a target can be set for the indicator in this scope."""
    if indicator.value_type in NUMERIC_TYPES:
        return True
    return national and indicator.value_type == Indicator.ValueType.BOOLEAN


def target_text(indicator: Indicator, value: Decimal | None) -> str:
    """A target as the pages write it: grouped, with the indicator's unit; for a
    yes/no indicator, the number of universities answering yes."""
    if value is None:
        return ""
    if indicator.value_type == Indicator.ValueType.BOOLEAN:
        return _("%(count)s universities answering yes") % {
            "count": number_text(value, grouped=True)
        }
    return value_text(indicator, value, grouped=True, unit=True)


def input_text(value: Decimal | None) -> str:
    """A stored target as the form's input shows it: 1234.5, no separators."""
    return number_text(value)


def dashboard_url(university=None) -> str:
    """The dashboard showing the scope's baselines and target paths, or "" while
    the dashboards do not exist."""
    try:
        if university is None:
            return reverse(DASHBOARD_NATIONAL)
        return reverse(DASHBOARD_UNIVERSITY, kwargs={"pk": university.pk})
    except NoReverseMatch:
        return ""


def indicator_dashboard_url(base_url: str, indicator: Indicator) -> str:
    """The scope's dashboard with the indicator chosen, at its trend (baseline and
    target path); "" without a dashboard."""
    if not base_url:
        return ""
    return f"{base_url}?indicator={indicator.code}#trend"


def scope_targets(university) -> QuerySet[Target]:
    """The national targets (university None) or the university's own."""
    if university is None:
        return Target.objects.national()
    return Target.objects.filter(university=university)


@dataclass
class TargetCell:
    horizon: Horizon
    target: Target | None
    text: str  # "" when no target is set


@dataclass
class TargetRow:
    indicator: Indicator
    cells: list[TargetCell]
    targetable: bool
    dashboard_url: str  # "" while the dashboards do not exist
    url: str = ""  # the indicator's target page in this scope (the view's)


@dataclass
class ActionTargets:
    action: Action
    rows: list[TargetRow]


def target_table(
    *, university, indicators: QuerySet[Indicator], horizons: list[Horizon]
) -> list[ActionTargets]:
    """Each action with its indicators (in plan order) and their targets in scope,
    one cell per horizon. Two queries."""
    indicators = list(
        indicators.select_related("action").order_by("action__order", "order", "code")
    )
    targets = {
        (target.indicator_id, target.horizon_id): target
        for target in scope_targets(university).filter(
            indicator__in=[indicator.pk for indicator in indicators]
        )
    }
    base_url = dashboard_url(university)
    national = university is None
    grouped: dict[int, ActionTargets] = {}
    for indicator in indicators:
        cells = []
        for horizon in horizons:
            target = targets.get((indicator.pk, horizon.pk))
            text = target_text(indicator, target.value) if target else ""
            cells.append(TargetCell(horizon, target, text))
        group = grouped.setdefault(
            indicator.action_id, ActionTargets(indicator.action, [])
        )
        group.rows.append(
            TargetRow(
                indicator=indicator,
                cells=cells,
                targetable=targetable(indicator, national=national),
                dashboard_url=indicator_dashboard_url(base_url, indicator),
            )
        )
    return list(grouped.values())


@dataclass
class HistoryRow:
    """One save of one target: who, when (shown in Beijing time), from what to what."""

    at: datetime
    user: str
    indicator: Indicator
    horizon: Horizon | None
    kind: str  # "+", "~" or "-", as simple-history writes them
    old: str
    new: str
    note: str

    @property
    def kind_label(self) -> str:
        return {"+": _("Set"), "~": _("Changed"), "-": _("Removed")}[self.kind]


def target_history(
    *, university, indicator: Indicator | None = None, limit: int = HISTORY_LIMIT
) -> list[HistoryRow]:
    """The latest saves of the scope's targets (of one indicator, if given), newest
    first, each with the value before it. Two queries."""

    records = Target.history.all()
    if university is None:
        records = records.filter(university__isnull=True)
    else:
        records = records.filter(university_id=university.pk)
    if indicator is not None:
        records = records.filter(indicator_id=indicator.pk)
    latest = list(
        records.select_related("history_user", "indicator__action", "horizon").order_by(
            "-history_id"
        )[:limit]
    )
    if not latest:
        return []
    before: dict[int, dict | None] = {}
    ids = {record.id for record in latest}
    wanted = {record.history_id for record in latest}
    written = (
        records.filter(id__in=ids)
        .order_by(*WRITTEN)
        .values("id", "history_id", "value", "history_type")
    )
    for previous, record in written_pairs(written):
        if record["history_id"] in wanted:
            before[record["history_id"]] = previous
    rows = []
    for record in latest:
        previous = before.get(record.history_id)
        old = ""
        if previous is not None and previous["history_type"] != "-":
            old = target_text(record.indicator, previous["value"])
        new = (
            ""
            if record.history_type == "-"
            else target_text(record.indicator, record.value)
        )
        rows.append(
            HistoryRow(
                at=record.history_date,
                user=str(record.history_user) if record.history_user else "",
                indicator=record.indicator,
                horizon=record.horizon,
                kind=record.history_type,
                old=old,
                new=new,
                note=record.note,
            )
        )
    return rows
