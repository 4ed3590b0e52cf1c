"""What the report form shows for each field and section, in a fixed number of queries.

A field shows the stored value, or the user's unsaved input (a refused save, kept as
PendingInput) laid over it; its error and warnings are those the engine
(reporting.numbers, reporting.validation) gives for exactly what is shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse

from initiatives.models import Indicator
from initiatives.rules import horizon_for_year, level_catalogue
from reporting.checklist import section_url
from reporting.display import (
    ValueParts,
    answer_words,
    change_text,
    input_text,
    value_text,
)
from reporting.models import Report, ReportSection, Value
from reporting.numbers import error_message, parse_value
from reporting.report_read import ReportData, report_data
from reporting.section_input import SECTION_TEXT_FIELDS
from reporting.validation import (
    MIN_EXPLANATION_CHARS,
    ReportCheck,
    explanation_error,
    explanation_ok,
    sections_check,
    value_warnings,
)

from .form_messages import ZERO_NOTE_MISSING, js_messages

AUTOSAVE_INTERVAL_SECONDS = 60


@dataclass
class Warning:
    message: str
    explained: bool


@dataclass
class FieldRow:
    indicator: Indicator
    raw: str  # what the input shows: as typed, or the number as understood
    stored_raw: str  # what the page stands for, for report-form.js to compare
    status: str
    explanation: str
    error: str | None = None
    warnings: list[Warning] = field(default_factory=list)
    explanation_error: str | None = None
    previous: Decimal | None = None
    change: str = ""  # from last year, "+12.3" (see display.change_text)
    own_target: Decimal | None = None
    national_target: Decimal | None = None
    restored: bool = False
    answer: bool | None = None  # a yes/no indicator's answer as understood
    required: bool = True  # to be filled in or marked not applicable (no zero report)

    @property
    def control(self) -> str:
        """The input the field gets: "yes_no" (Yes, No and blank as radios), "date"
        (a text input with a date picker, so that a date written in Chinese may still be typed)
        or "text". A yes/no answer the form did not understand keeps its text, to
        be corrected."""
        kind = self.indicator.value_type
        if kind == "boolean" and not self.error:
            return "yes_no"
        return "date" if kind == "date" else "text"

    @property
    def yes_raw(self) -> str:
        """What the Yes radio sends: the stored text if it already says yes (so that
        saving the form again changes nothing), else the word for yes."""
        return self.stored_raw if self.answer is True else answer_words()[0]

    @property
    def no_raw(self) -> str:
        return self.stored_raw if self.answer is False else answer_words()[1]

    @property
    def previous_text(self) -> str:
        """Last year's figure in the format of the input beside it (its decimals,
        not grouped), so the two read alike."""
        return value_text(self.indicator, self.previous, padded=True)

    @property
    def needs_explanation(self) -> bool:
        return bool(self.warnings) or bool(self.explanation)


def section_indicators(report: Report, section: ReportSection) -> list[Indicator]:
    """The section's fields, in form order, from the process's catalogue."""
    catalogue = level_catalogue(report.university.level)
    return list(catalogue.by_action.get(section.action_id, ()))


def _row(indicator, value, entry, previous, targets) -> FieldRow:
    """One field; `entry` is the user's unsaved input for it, if any."""
    if entry is None:
        raw = value.raw if value else ""
        status = value.status if value else Value.Status.BLANK
        explanation = value.explanation if value else ""
        error_code = value.error_code if value else ""
        number = value.number if value else None
        answer = value.bool_value if value and not error_code else None
        shown = input_text(indicator, value)
    else:
        raw = entry.get("raw", value.raw if value else "")
        status = entry.get("status") or (
            Value.Status.ENTERED if raw.strip() else Value.Status.BLANK
        )
        explanation = entry.get("explanation", value.explanation if value else "")
        parsed = parse_value(indicator, raw) if raw.strip() else None
        error_code = parsed.error_code if parsed else ""
        number = parsed.number if parsed else None
        answer = parsed.bool_value if parsed else None
        shown = raw
    entered = status == Value.Status.ENTERED and raw.strip()
    row = FieldRow(
        indicator=indicator,
        raw=shown,
        stored_raw=raw,
        status=status,
        explanation=explanation,
        previous=previous,
        own_target=targets.get((indicator.pk, True)),
        national_target=targets.get((indicator.pk, False)),
        restored=entry is not None,
        answer=answer,
    )
    if entered and error_code:
        row.error = error_message(error_code, indicator)
    elif entered:
        ok = explanation_ok(explanation)
        row.warnings = [
            Warning(issue.message, ok)
            for issue in value_warnings(indicator, number, previous)
        ]
        row.change = change_text(previous, number)
    row.explanation_error = explanation_error(explanation) if row.warnings else None
    return row


def _groups(rows: list[FieldRow]) -> list[tuple]:
    """Rows grouped by task (the action as a whole first), tasks in plan order."""
    groups: dict = {}
    for row in rows:
        groups.setdefault(row.indicator.task, []).append(row)
    return sorted(groups.items(), key=lambda item: item[0].order if item[0] else -1)


def section_nav(report, sections, section, check: ReportCheck) -> list[dict]:
    url = reverse("reporting:report-form", args=[report.pk])
    nav = []
    for item in sections:
        code = item.action.code
        status = check.sections.get(code)
        nav.append(
            {
                "code": code,
                "action": item.action,
                "url": f"{url}?section={code}",
                "active": item == section,
                "percent": status.percent if status else 0,
                "complete": bool(status and status.complete),
                "errors": check.section_errors(code),
            }
        )
    return nav


def section_issue_messages(check: ReportCheck, code: str) -> list[str]:
    """The section's own errors shown above its fields (the missing zero note is
    shown at the note itself)."""
    return [
        issue.message
        for issue in check.for_section(code)
        if issue.indicator_code is None and issue.code != "zero_note_missing"
    ]


def section_rows(
    data: ReportData,
    section,
    entries: dict | None = None,
    codes=None,
    *,
    targets: bool = True,
) -> tuple:
    """(rows, stored values by indicator id, horizon): the section's fields as the
    form shows them (those of `codes` only, if given; without their targets if
    not `targets`), from what `data` read of the section, `entries` (unsaved
    input by code) laid over the stored ones. The autosave answers with the same
    rows, from what its save read, so page and answer cannot differ."""
    entries = entries or {}
    report = data.report
    data.load([section.action_id], targets=targets)
    indicators = data.catalogue.by_action.get(section.action_id, ())
    if codes is not None:
        indicators = [i for i in indicators if i.code in codes]
    values = {i.pk: data.values[i.pk] for i in indicators if i.pk in data.values}
    horizon = horizon_for_year(report.period.year)
    rows = [
        _row(
            indicator,
            values.get(indicator.pk),
            entries.get(indicator.code),
            data.previous.get(indicator.pk),
            data.targets,
        )
        for indicator in indicators
    ]
    return rows, values, horizon


def checks_panel(report: Report, full: ReportCheck, sections: list) -> dict:
    """The checks panel ("to fix before sign-off"): every error and unexplained
    warning of the sections `full` (a submission check) went through, with links
    to their fields, and, for each other section with some, how many, with a link
    to it; `problem_count` is the whole report's."""
    elsewhere = []
    for section in sections:
        code = section.action.code
        status = full.sections.get(code)
        if (
            status
            and not full.is_checked(code)
            and (status.errors or status.unexplained)
        ):
            elsewhere.append(
                {
                    "action": section.action,
                    "errors": status.errors,
                    "unexplained": status.unexplained,
                    "url": section_url(report, code),
                }
            )
    return {
        "problems": [*full.errors, *full.unexplained],
        "problems_elsewhere": elsewhere,
        "problem_count": full.error_count + full.unexplained_count,
    }


def _conflict_view(conflict) -> dict | None:
    if conflict is None:
        return None
    return {
        "changed_by": conflict.changed_by,
        "changed_at": conflict.changed_at,
        "changes": conflict.changes,
    }


def _pending_changes(rows: list[FieldRow], values: dict, section, data) -> list:
    """What differs between the restored input and the section as stored now."""
    changes = []
    for row in rows:
        if not row.restored:
            continue
        value = values.get(row.indicator.pk)
        theirs = (value.status, value.raw) if value else (Value.Status.BLANK, "")
        if (row.status, row.stored_raw) != theirs:
            label = f"{row.indicator.code} {row.indicator.display_name}"
            mine = ValueParts(status=row.status, raw=row.stored_raw)
            changes.append(
                (
                    label,
                    value_text(row.indicator, mine, typed=True),
                    value_text(row.indicator, ValueParts(*theirs), typed=True),
                )
            )
    for name in SECTION_TEXT_FIELDS:
        if name in data and data[name] != getattr(section, name):
            label = ReportSection._meta.get_field(name).verbose_name
            changes.append((label, data[name], getattr(section, name)))
    return changes


def build_form_context(
    request,
    *,
    report: Report,
    sections: list[ReportSection],
    section: ReportSection | None,
    lock_reason: str | None,
    overlay: dict | None = None,
    conflict=None,
    pending=None,
) -> dict:
    """Everything report_form.html needs; `overlay` (a refused save's data) or
    `pending` (one kept from earlier) is shown over the stored values. The section
    shown is checked; the others stand as their counters say."""
    read = report_data(report, sections)
    only = {section.pk} if section is not None else set()
    full = sections_check(read, only, for_submission=True)
    check = full.as_draft()
    context = {
        "report": report,
        # The catalogue's parts of the page are rendered once per version.
        "catalogue_version": read.catalogue.version,
        "check": check,
        "submission_check": full,
        # The checks panel: everything that blocks sign-off, with links to fields.
        **checks_panel(report, full, sections),
        "sections_nav": section_nav(report, sections, section, check),
        "section": section,
        "lock_reason": lock_reason,
        "readonly": bool(lock_reason),
    }
    if section is None:
        return context
    if pending is not None:
        overlay = pending.data if isinstance(pending.data, dict) else {}
    data = overlay or {}
    rows, values, horizon = section_rows(read, section, data.get("values") or {})
    section_data = {
        name: data.get(name, getattr(section, name)) for name in SECTION_TEXT_FIELDS
    }
    section_data["is_zero_report"] = data.get("is_zero_report", section.is_zero_report)
    for row in rows:
        row.required = not section_data["is_zero_report"]
    if pending is not None and pending.base_version != section.version:
        conflict = {
            "changed_by": section.updated_by,
            "changed_at": section.updated_at,
            "changes": _pending_changes(rows, values, section, data),
        }
    else:
        conflict = _conflict_view(conflict)
    restored_keys = [f"v:{row.indicator.code}" for row in rows if row.restored]
    restored_keys += [
        key for key in ("is_zero_report", *SECTION_TEXT_FIELDS) if key in data
    ]
    code = section.action.code
    section_issues = section_issue_messages(check, code)
    zero_note_error = None
    if section_data["is_zero_report"] and not section_data["zero_note"].strip():
        zero_note_error = str(ZERO_NOTE_MISSING)
    form_url = reverse("reporting:report-form", args=[report.pk])
    next_url = f"{form_url}?section={code}"
    context.update(
        {
            "rows": rows,
            "groups": _groups(rows),
            "horizon": horizon,
            "status": check.sections.get(code),
            "section_data": section_data,
            "section_issues": section_issues,
            "zero_note_error": zero_note_error,
            "base_version": section.version,
            "conflict": conflict,
            "pending": pending,
            "restored_keys": restored_keys,
            "min_explanation": MIN_EXPLANATION_CHARS,
            "autosave_url": reverse(
                "reporting:section-autosave", args=[report.pk, code]
            ),
            "keepalive_url": reverse("reporting:keepalive"),
            "login_url": reverse(settings.LOGIN_URL)
            + "?"
            + urlencode({"next": next_url}),
            "form_url": next_url,
            "storage_key": f"carbonplan.report-form.{request.user.pk}.{report.pk}.{code}",
            "idle_timeout": settings.SESSION_IDLE_TIMEOUT,
            "autosave_interval": AUTOSAVE_INTERVAL_SECONDS,
            "js_messages": js_messages(),
        }
    )
    return context
