"""What changed in a report since the user's level last reviewed it, for the
reviewer the report waits for (the report page's "changed since your review")."""

from __future__ import annotations

from dataclasses import dataclass

from .models import Report, Transition
from .services.review import ACTS_IN, REVIEW_ACTIONS, ReviewChange, report_changes_since


@dataclass(frozen=True)
class SinceReview:
    """The level's last review step on the report, and what differs since then."""

    reviewed: Transition
    changes: list[ReviewChange]


def changes_since_review(report: Report, user, membership) -> SinceReview | None:
    """None unless the report waits for this membership's role and that level has
    reviewed it before (no query when it does not wait for them)."""
    if membership is None or ACTS_IN.get(report.state) != membership.role:
        return None
    reviewed = (
        report.transitions.filter(
            actor_role=membership.role, action__in=REVIEW_ACTIONS[membership.role]
        )
        .order_by("-at", "-id")
        .first()
    )
    if reviewed is None:
        return None
    return SinceReview(reviewed=reviewed, changes=report_changes_since(report, user))
