"""What the review workflow shows around a report: the transition log, and the comments
of the latest return beside the fields (the fields a reviewer may comment on are in
reporting/review_rows.py).

Read-only; every function runs a fixed number of queries whatever the size of the
report, so that the form and the report page can call them freely.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Prefetch

from institutions.models import Membership

from .models import FieldComment, Report, Transition
from .review_rows import comment_field_name


def field_label(comment: FieldComment) -> str:
    """ "IND-A1-01 Name" for a value, "A1 · What was done" for a narrative, "A1 · The
    section as a whole" for the section."""
    if comment.indicator_id:
        indicator = comment.indicator
        return f"{indicator.code} {indicator.display_name}"
    action = comment.section.action
    try:
        name = comment_field_name(comment.field)
    except FieldDoesNotExist:
        name = comment.field
    return f"{action.code} · {name}"


def role_label(role: str) -> str:
    try:
        return str(Membership.Role(role).label)
    except ValueError:
        return role


def transition_log(report: Report) -> list[Transition]:
    """The report's transitions, newest first, each with its field comments labelled
    (`comment_rows`: (label, text)) and its actor's role as a label. Two queries."""
    comments = FieldComment.objects.select_related("section__action", "indicator")
    transitions = list(
        report.transitions.select_related("actor").prefetch_related(
            Prefetch("field_comments", queryset=comments)
        )
    )
    for transition in transitions:
        transition.role_label = role_label(transition.actor_role)
        transition.comment_rows = [
            (field_label(comment), comment.text)
            for comment in transition.field_comments.all()
        ]
    return transitions


@dataclass
class Review:
    """The latest return (or reopening) of a draft: its overall comment, and the
    field comments keyed by indicator code and by (section code, field)."""

    transition: Transition
    values: dict[str, list[str]] = field(default_factory=dict)
    narratives: dict[str, dict[str, list[str]]] = field(default_factory=dict)

    @property
    def is_reopen(self) -> bool:
        return self.transition.action == Transition.Action.REOPEN

    @property
    def count(self) -> int:
        return sum(map(len, self.values.values())) + sum(
            len(texts)
            for fields in self.narratives.values()
            for texts in fields.values()
        )


def latest_review(report: Report) -> Review | None:
    """The return (or reopening) the university is answering now: the report is in
    draft and that is its latest transition. None otherwise. One or two queries."""
    if report.state != Report.State.DRAFT:
        return None
    latest = report.transitions.select_related("actor").order_by("-at", "-id").first()
    if latest is None or latest.action not in (
        Transition.Action.RETURN,
        Transition.Action.REOPEN,
    ):
        return None
    review = Review(transition=latest)
    latest.role_label = role_label(latest.actor_role)
    rows = latest.field_comments.select_related("section__action", "indicator")
    for comment in rows:
        if comment.indicator_id:
            review.values.setdefault(comment.indicator.code, []).append(comment.text)
        else:
            by_field = review.narratives.setdefault(comment.section.action.code, {})
            by_field.setdefault(comment.field, []).append(comment.text)
    return review
