"""What reviewers write and read beside the workflow steps: field comments made with a
return, and what changed since a level's last review (from the history records)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _

from initiatives.models import Action as PlanAction
from initiatives.models import Indicator
from institutions.models import Membership

from ..display import ValueParts, value_text
from ..history import WRITTEN, written_pairs
from ..models import FieldComment, Report, ReportSection, Transition, Value
from ..review_rows import SECTION, SECTION_LABEL
from ..routing import QUEUE_STATES, roles_for
from ..validation import applicable_indicators

Action = Transition.Action
Role = Membership.Role

VALUE_COMMENT_FIELDS = ("value", "explanation")
SECTION_COMMENT_FIELDS = (
    "narrative_done",
    "narrative_obstacles",
    "narrative_next",
    "zero_note",
    SECTION,  # the section as a whole
)
SECTION_CHANGE_FIELDS = (
    "is_zero_report",
    *(name for name in SECTION_COMMENT_FIELDS if name != SECTION),
)

# The review steps of each level, and the state in which the level acts.
REVIEW_ACTIONS = {
    Role.APPROVER: (Action.SUBMIT, Action.RETURN),
    Role.REVIEWER: (Action.PASS, Action.RETURN),
    Role.OFFICIAL: (Action.ACCEPT, Action.RETURN),
}
# The level a report waits for in each state: the queues turned around.
ACTS_IN = {state: role for role, state in QUEUE_STATES.items()}


def field_comments_create(*, transition: Transition, items: list[dict]) -> None:
    """Store the per-field comments of a return; ValueError names a bad reference.

    Each item: {"section": action code, "indicator": code or None, "field": "value"
    or "explanation" (with an indicator), or a narrative field or "section" (the
    section as a whole; without), "text"}.
    """
    if not isinstance(items, list | tuple):
        raise ValueError(_("The field comments could not be read."))
    report = transition.report
    sections = {
        section.action.code: section
        for section in report.sections.select_related("action")
    }
    indicators = {
        indicator.code: indicator
        for indicator in applicable_indicators(report.university)
    }
    rows = []
    for item in items:
        if not isinstance(item, dict):
            raise ValueError(_("The field comments could not be read."))
        text = str(item.get("text") or "").strip()
        if not text:
            continue
        code = str(item.get("section") or "")
        section = sections.get(code)
        if section is None:
            raise ValueError(
                _("The report has no section %(section)s.") % {"section": code}
            )
        indicator = None
        field = str(item.get("field") or "")
        if item.get("indicator"):
            indicator = indicators.get(str(item["indicator"]))
            if indicator is None or indicator.action_id != section.action_id:
                raise ValueError(
                    _("Section %(section)s of the report has no indicator %(code)s.")
                    % {"section": code, "code": item["indicator"]}
                )
            field = field or "value"
            allowed = VALUE_COMMENT_FIELDS
        else:
            allowed = SECTION_COMMENT_FIELDS
        if field not in allowed:
            raise ValueError(
                _("No field named %(field)s can be commented on there.")
                % {"field": field}
            )
        rows.append(
            FieldComment(
                transition=transition,
                report=report,
                section=section,
                indicator=indicator,
                field=field,
                text=text,
            )
        )
    FieldComment.objects.bulk_create(rows)


def field_comment_label(comment: FieldComment) -> str:
    """What a field comment is about, as a reader sees it: the indicator, its
    explanation, or a section's narrative field (needs section__action and
    indicator loaded to stay without queries)."""
    if comment.indicator_id:
        label = f"{comment.indicator.code} {comment.indicator.display_name}"
        if comment.field == "explanation":
            return _("%(indicator)s (explanation)") % {"indicator": label}
        return label
    action = comment.section.action
    if comment.field == SECTION:
        verbose = SECTION_LABEL
    else:
        try:
            verbose = ReportSection._meta.get_field(comment.field).verbose_name
        except FieldDoesNotExist:
            verbose = comment.field
    return f"{action.heading} \u00b7 {verbose}"


@dataclass
class ReviewChange:
    """One field that differs now from what the reviewer's level last saw."""

    section_code: str
    indicator_code: str | None
    field: str  # "value", "explanation" or a section field
    label: str
    old: str
    new: str


def _level_transition(report: Report, roles: set[str]) -> Transition | None:
    """The last review step on the report by the user's level."""
    levels = [role for role in REVIEW_ACTIONS if role in roles]
    if not levels:
        return None
    acting = ACTS_IN.get(report.state)
    role = acting if acting in levels else levels[-1]
    return (
        report.transitions.filter(actor_role=role, action__in=REVIEW_ACTIONS[role])
        .order_by("-at", "-id")
        .first()
    )


def _as_of(history, report: Report, since) -> tuple[list[int], dict[int, dict]]:
    """Ids of the objects changed after `since`, and each one's record as of then.

    Changed: a record dated after `since`. As of then: the record written before
    the first such record, in the order the records were written, as the history
    page pairs them (the demo dates saves back, so dates alone mislead)."""
    changed = sorted(
        set(
            history.filter(report_id=report.pk, history_date__gt=since)
            .order_by()
            .values_list("id", flat=True)
            .distinct()
        )
    )
    old: dict[int, dict] = {}
    seen: set[int] = set()
    records = (
        history.filter(report_id=report.pk, id__in=changed).order_by(*WRITTEN).values()
    )
    for before, record in written_pairs(records):
        if record["id"] in seen or record["history_date"] <= since:
            continue
        seen.add(record["id"])
        if before is not None and before["history_type"] != "-":
            old[record["id"]] = before
    return changed, old


# A value as the report page shows it: an answer retyped in another form (Y as yes,
# 1234 as 1,234) is no change to review.
ANSWER = {"grouped": True, "padded": True}


def _value_changes(report: Report, since) -> list[tuple[tuple, ReviewChange]]:
    changed, old = _as_of(Value.history, report, since)
    if not changed:
        return []
    current = {value.pk: value for value in Value.objects.filter(pk__in=changed)}
    indicator_ids = {r["indicator_id"] for r in old.values()} | {
        v.indicator_id for v in current.values()
    }
    indicators = Indicator.objects.select_related("action").in_bulk(indicator_ids)
    result = []
    for pk in changed:
        before, now = old.get(pk), current.get(pk)
        indicator = indicators.get(now.indicator_id if now else before["indicator_id"])
        if indicator is None:
            continue
        label = f"{indicator.code} {indicator.display_name}"
        pairs = [
            (
                "value",
                label,
                value_text(indicator, ValueParts.of(before), **ANSWER)
                if before
                else "",
                value_text(indicator, now, **ANSWER) if now else "",
            ),
            (
                "explanation",
                _("%(indicator)s (explanation)") % {"indicator": label},
                before["explanation"] if before else "",
                now.explanation if now else "",
            ),
        ]
        order = (indicator.action.order, indicator.order, indicator.code)
        for rank, (field, text, was, is_) in enumerate(pairs):
            if was != is_:
                change = ReviewChange(
                    indicator.action.code, indicator.code, field, text, was, is_
                )
                result.append(((*order, rank), change))
    return result


def _section_text(field: str, value) -> str:
    if field == "is_zero_report":
        return str(_("Yes") if value else _("No"))
    return value or ""


def _section_changes(report: Report, since) -> list[tuple[tuple, ReviewChange]]:
    changed, old = _as_of(ReportSection.history, report, since)
    if not changed:
        return []
    current = {
        section.pk: section for section in ReportSection.objects.filter(pk__in=changed)
    }
    action_ids = {r["action_id"] for r in old.values()} | {
        s.action_id for s in current.values()
    }
    actions = PlanAction.objects.in_bulk(action_ids)
    result = []
    for pk in changed:
        before, now = old.get(pk), current.get(pk)
        action = actions.get(now.action_id if now else before["action_id"])
        if action is None:
            continue
        for rank, field in enumerate(SECTION_CHANGE_FIELDS):
            was = _section_text(field, before[field] if before else None)
            is_ = _section_text(field, getattr(now, field) if now else None)
            if was == is_:
                continue
            verbose = ReportSection._meta.get_field(field).verbose_name
            label = f"{action.heading} \u00b7 {verbose}"
            change = ReviewChange(action.code, None, field, label, was, is_)
            result.append(((action.order, -1, "", rank), change))
    return result


def report_changes_since(
    report: Report, user, memberships: list[Membership] | None = None
) -> list[ReviewChange]:
    """Values and narratives that differ now from what they were at the last review
    step (submit or return for approvers, pass or return for reviewers, accept or
    return for officials) of the user's level on the report; empty when the level
    has not reviewed it yet. A fixed number of queries."""
    if memberships is None:
        memberships = list(Membership.objects.active_for(user))
    transition = _level_transition(report, roles_for(report, memberships))
    if transition is None:
        return []
    rows = _value_changes(report, transition.at) + _section_changes(
        report, transition.at
    )
    rows.sort(key=lambda row: row[0])
    return [change for _order, change in rows]


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
