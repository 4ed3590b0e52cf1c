"""The report as a reviewer reads it on the return page, with a comment box beside
each part: per section, each applicable indicator with this year's value and last
year's accepted one (both through display.py), its warnings and the university's
explanation; the section's narratives; and a box for the section as a whole.

`review_sections` runs four queries (sections, indicators, values, last year's
numbers) whatever the size of the report, and sets nothing on the model instances.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from initiatives.models import Indicator

from .display import change_text, typed_note, value_text
from .models import Report, ReportSection, Value
from .numbers import error_message
from .validation import (
    applicable_indicators,
    explanation_ok,
    previous_values,
    value_warnings,
)

# What a field comment is about (FieldComment.field): a value, a narrative, the note
# on a section declared empty, or the section as a whole.
VALUE = "value"
NARRATIVE_FIELDS = ("narrative_done", "narrative_obstacles", "narrative_next")
ZERO_NOTE = "zero_note"
SECTION = "section"
SECTION_LABEL = gettext_lazy("the section as a whole")
# This year and last year side by side, in the same format, with the unit.
SHOWN = {"grouped": True, "padded": True, "unit": True}


@dataclass(frozen=True)
class CommentTarget:
    """One place of the report a reviewer may comment on when returning it."""

    name: str  # the form field's name
    section_code: str
    indicator_code: str | None
    field: str  # VALUE, a narrative field, ZERO_NOTE or SECTION
    label: str


@dataclass(frozen=True)
class IndicatorRow:
    """An indicator as the reviewer reads it: this year's value as understood (the
    typed text beside it where it says the answer otherwise), last year's accepted
    value, the change, the value's error or warnings, and the explanation."""

    indicator: Indicator
    target: CommentTarget
    text: str
    typed: str
    previous: str
    change: str
    error: str
    warnings: tuple[str, ...]
    explanation: str

    @property
    def unexplained(self) -> bool:
        return bool(self.warnings) and not explanation_ok(self.explanation)


@dataclass(frozen=True)
class NarrativeRow:
    """A narrative of the section (or its note on nothing to report) and its box."""

    target: CommentTarget
    heading: str
    text: str


@dataclass(frozen=True)
class ReviewSection:
    """A section (an action of the plan) with its rows and its own comment box."""

    code: str
    title: str
    is_zero_report: bool
    rows: tuple[IndicatorRow, ...]
    narratives: tuple[NarrativeRow, ...]
    comment: CommentTarget

    @property
    def warning_count(self) -> int:
        return sum(len(row.warnings) for row in self.rows)

    @property
    def targets(self) -> list[CommentTarget]:
        """Every comment box of the section, in the order of the page."""
        return [
            *(row.target for row in self.rows),
            *(row.target for row in self.narratives),
            self.comment,
        ]


def comment_field_name(field: str) -> str:
    """A commented section field as a heading: "What was done", "The section as a
    whole"."""
    if field == SECTION:
        return str(SECTION_LABEL).capitalize()
    return str(ReportSection._meta.get_field(field).verbose_name).capitalize()


def _indicator_row(indicator, value: Value | None, previous, code: str) -> IndicatorRow:
    entered = value is not None and value.status == Value.Status.ENTERED
    error = (
        error_message(value.error_code, indicator)
        if entered and value.error_code
        else ""
    )
    number = value.number if entered and not error else None
    return IndicatorRow(
        indicator=indicator,
        target=CommentTarget(
            name=f"c-{code}-{indicator.code}",
            section_code=code,
            indicator_code=indicator.code,
            field=VALUE,
            label=f"{indicator.code} {indicator.display_name}",
        ),
        text=value_text(indicator, value, **SHOWN, blank_text=str(_("Not entered"))),
        typed=typed_note(indicator, value),
        previous=value_text(indicator, previous, **SHOWN),
        change=change_text(previous, number),
        error=error,
        warnings=tuple(
            issue.message for issue in value_warnings(indicator, number, previous)
        ),
        explanation=value.explanation if value is not None else "",
    )


def _filled(value: Value | None) -> bool:
    return value is not None and value.status != Value.Status.BLANK


def review_sections(report: Report) -> list[ReviewSection]:
    """Every section of the report with its applicable indicators (the return service
    refuses comments on others) and narratives, in the form's order: four queries."""
    sections = list(report.sections.select_related("action").order_by("action__order"))
    values = {value.indicator_id: value for value in report.values.order_by()}
    previous = previous_values(report)
    by_action: dict[int, list[Indicator]] = {}
    for indicator in applicable_indicators(report.university).select_related("action"):
        by_action.setdefault(indicator.action_id, []).append(indicator)
    result = []
    for section in sections:
        code = section.action.code
        indicators = sorted(
            by_action.get(section.action_id, []), key=lambda i: (i.order, i.code)
        )
        fields = NARRATIVE_FIELDS
        if section.is_zero_report:
            # Declared empty: its note, and only what was filled in all the same
            # (an error the reviewer may point at); the section's box covers the rest.
            indicators = [i for i in indicators if _filled(values.get(i.pk))]
            fields = (ZERO_NOTE,) + tuple(
                name for name in fields if getattr(section, name).strip()
            )
        result.append(
            ReviewSection(
                code=code,
                title=section.action.display_name,
                is_zero_report=section.is_zero_report,
                rows=tuple(
                    _indicator_row(
                        indicator,
                        values.get(indicator.pk),
                        previous.get(indicator.pk),
                        code,
                    )
                    for indicator in indicators
                ),
                narratives=tuple(
                    NarrativeRow(
                        target=CommentTarget(
                            name=f"c-{code}-{name}",
                            section_code=code,
                            indicator_code=None,
                            field=name,
                            label=f"{code} · {comment_field_name(name)}",
                        ),
                        heading=comment_field_name(name),
                        text=getattr(section, name),
                    )
                    for name in fields
                ),
                comment=CommentTarget(
                    name=f"c-{code}-{SECTION}",
                    section_code=code,
                    indicator_code=None,
                    field=SECTION,
                    label=f"{code} · {comment_field_name(SECTION)}",
                ),
            )
        )
    return result
