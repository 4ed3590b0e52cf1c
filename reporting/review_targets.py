"""The university's own targets, reviewed with its report: the report page lists
them, each saying whether it changed since the last review step, so the reviewer
sees a commitment raised or lowered as they see a changed value.

The reference is the one "changed since your review" uses when the report waits
for the reader's level and that level reviewed it before; otherwise the report's
last review step by anyone (a submit, return, pass or accept). Changes are read from
the targets' history records. A fixed number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass

from initiatives.models import Horizon, Indicator, Target
from initiatives.target_rows import target_text

from .models import Report, Transition
from .services.review import REVIEW_ACTIONS, SinceReview

REVIEW_STEPS = sorted({action for steps in REVIEW_ACTIONS.values() for action in steps})


@dataclass(frozen=True)
class ReviewTarget:
    indicator: Indicator
    horizon: Horizon
    text: str  # the target as the pages write it; "" once removed
    changed: bool | None  # None: the report has not been reviewed yet
    removed: bool = False


@dataclass(frozen=True)
class ReviewTargets:
    rows: list[ReviewTarget]
    reviewed: Transition | None  # the step "changed" is measured from


def review_targets(report: Report, since_review: SinceReview | None) -> ReviewTargets:
    """The report's university's own targets (all horizons, plan order), with those
    removed since the reference review step, each marked changed or not."""
    university_id = report.university_id
    reviewed = (
        since_review.reviewed
        if since_review is not None
        else report.transitions.filter(action__in=REVIEW_STEPS)
        .order_by("-at", "-id")
        .first()
    )
    targets = list(
        Target.objects.filter(university_id=university_id)
        .select_related("indicator__action", "horizon")
        .order_by("indicator__action__order", "indicator__order", "horizon__start_year")
    )
    if reviewed is None:
        rows = [
            ReviewTarget(
                t.indicator, t.horizon, target_text(t.indicator, t.value), None
            )
            for t in targets
        ]
        return ReviewTargets(rows, None)
    since = Target.history.filter(
        university_id=university_id, history_date__gt=reviewed.at
    )
    changed = set(since.values_list("id", flat=True).distinct())
    current = {(t.indicator_id, t.horizon_id) for t in targets}
    rows = [
        ReviewTarget(
            t.indicator, t.horizon, target_text(t.indicator, t.value), t.pk in changed
        )
        for t in targets
    ]
    removed = {}
    gone = (
        since.filter(history_type="-")
        .select_related("indicator__action", "horizon")
        .order_by("history_id")
    )
    for record in gone:
        key = (record.indicator_id, record.horizon_id)
        if key not in current:
            removed[key] = record
    rows += [
        ReviewTarget(record.indicator, record.horizon, "", True, removed=True)
        for record in removed.values()
        if record.indicator is not None and record.horizon is not None
    ]
    rows.sort(
        key=lambda row: (
            row.indicator.action.order,
            row.indicator.order,
            row.horizon.start_year,
        )
    )
    return ReviewTargets(rows, reviewed)
