"""What the review workflow shows around a report: the transition log, the comments of
the latest return beside the fields, and the fields a reviewer may comment on.

Read-only; every function runs a fixed number of queries whatever the size of the
report, so that the form and the report page can call them freely.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from institutions.models import Membership

from .display import value_text
from .models import FieldComment, Report, ReportSection, Transition
from .validation import applicable_indicators

# The narrative fields a reviewer may comment on, in the order of the form.
NARRATIVE_FIELDS = ("narrative_done", "narrative_obstacles", "narrative_next")
ZERO_NOTE = "zero_note"
VALUE = "value"


def field_label(comment: FieldComment) -> str:
    """ "IND-A1-01 Name" for a value, "A1 · What was done" for a narrative."""
    if comment.indicator_id:
        indicator = comment.indicator
        return f"{indicator.code} {indicator.display_name}"
    action = comment.section.action
    try:
        name = ReportSection._meta.get_field(comment.field).verbose_name
    except FieldDoesNotExist:
        name = comment.field
    return f"{action.code} · {str(name).capitalize()}"


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


@dataclass
class CommentTarget:
    """One field of the report a reviewer may comment on when returning it."""

    name: str  # the form field's name
    section_code: str
    indicator_code: str | None
    field: str
    label: str
    current: str  # what the report holds there now


@dataclass
class SectionTargets:
    code: str
    title: str
    targets: list[CommentTarget]


def comment_targets(report: Report) -> list[SectionTargets]:
    """Every applicable value and every narrative of the report, by section: three
    queries."""
    sections = list(report.sections.select_related("action").order_by("action__order"))
    values = {value.indicator_id: value for value in report.values.order_by()}
    # Only indicators that apply now: the return service refuses others.
    indicators = list(applicable_indicators(report.university))
    by_action: dict[int, list] = {}
    for indicator in indicators:
        by_action.setdefault(indicator.action_id, []).append(indicator)
    result = []
    for section in sections:
        code = section.action.code
        targets = []
        for indicator in sorted(
            by_action.get(section.action_id, []), key=lambda i: (i.order, i.code)
        ):
            targets.append(
                CommentTarget(
                    name=f"c-{code}-{indicator.code}",
                    section_code=code,
                    indicator_code=indicator.code,
                    field=VALUE,
                    label=f"{indicator.code} {indicator.display_name}",
                    current=value_text(
                        indicator,
                        values.get(indicator.pk),
                        unit=True,
                        grouped=True,
                        padded=True,
                        blank_text=str(_("Not entered")),
                    ),
                )
            )
        fields = ((ZERO_NOTE,) if section.is_zero_report else ()) + NARRATIVE_FIELDS
        for name in fields:
            label = ReportSection._meta.get_field(name).verbose_name
            targets.append(
                CommentTarget(
                    name=f"c-{code}-{name}",
                    section_code=code,
                    indicator_code=None,
                    field=name,
                    label=str(label).capitalize(),
                    current=getattr(section, name),
                )
            )
        result.append(
            SectionTargets(
                code=code, title=section.action.display_name, targets=targets
            )
        )
    return result
