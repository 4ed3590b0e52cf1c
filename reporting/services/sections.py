"""Sections of a report: creating them, and saving one under its optimistic lock."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from initiatives.models import Action, Indicator
from institutions.access import active_membership
from reporting.display import ValueParts, value_text
from reporting.models import PendingInput, Report, ReportSection, Value
from reporting.numbers import ParsedValue, parse_value
from reporting.validation import ReportCheck, applicable_indicators, report_check


def _section_action_ids(level: str) -> list[int]:
    """Actions that get a section: A1-A7 always, measures with applicable indicators."""
    applicable = Indicator.objects.active().for_level(level).values("action_id")
    return list(
        Action.objects.filter(Q(kind=Action.Kind.ACTION) | Q(pk__in=applicable))
        .order_by("order")
        .values_list("pk", flat=True)
    )


@transaction.atomic
def reports_sections_ensure(*, reports: Iterable[Report]) -> int:
    """Create the missing sections of many reports at once; returns how many.

    Idempotent: existing sections are left alone, and a concurrent creation of the
    same sections is tolerated (the unique constraint decides).
    """
    report_ids = [report.pk for report in reports]
    if not report_ids:
        return 0
    levels = dict(
        Report.objects.filter(pk__in=report_ids).values_list("pk", "university__level")
    )
    existing = set(
        ReportSection.objects.filter(report_id__in=report_ids).values_list(
            "report_id", "action_id"
        )
    )
    actions_by_level: dict[str, list[int]] = {}
    missing = []
    for report_id in report_ids:
        level = levels[report_id]
        if level not in actions_by_level:
            actions_by_level[level] = _section_action_ids(level)
        missing += [
            ReportSection(report_id=report_id, action_id=action_id)
            for action_id in actions_by_level[level]
            if (report_id, action_id) not in existing
        ]
    if not missing:
        return 0
    try:
        with transaction.atomic():
            bulk_create_with_history(missing, ReportSection)
    except IntegrityError:
        # Someone created some of them meanwhile: keep theirs, add the rest.
        ReportSection.objects.bulk_create(missing, ignore_conflicts=True)
        total = ReportSection.objects.filter(report_id__in=report_ids).count()
        return total - len(existing)
    return len(missing)


def report_sections_ensure(*, report: Report) -> None:
    """Create the report's sections: A1-A7 always, and each organisational measure
    with indicators that apply to the university's level. Safe to call again."""
    reports_sections_ensure(reports=[report])


# --- Saving a section -----------------------------------------------------------------

SECTION_TEXT_FIELDS = (
    "zero_note",
    "narrative_done",
    "narrative_obstacles",
    "narrative_next",
)
VALUE_FIELDS = (
    "status",
    "raw",
    "number",
    "date_value",
    "bool_value",
    "error_code",
    "explanation",
)
RAW_MAX_LENGTH = Value._meta.get_field("raw").max_length
TRUE_WORDS = ("1", "true", "on", "yes")
COUNTER_FIELDS = (
    "revision",
    "error_count",
    "warning_count",
    "unexplained_warning_count",
    "completeness",
)


@dataclass
class SectionConflict:
    current_version: int
    changed_by: object | None
    changed_at: datetime | None
    # (label, mine, theirs) for every field where the refused input differs.
    changes: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass
class SectionSaveResult:
    saved: bool
    changed: bool
    version: int
    conflict: SectionConflict | None
    check: ReportCheck


def _as_bool(value) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in TRUE_WORDS
    return bool(value)


def _wanted_value(entry, existing: Value | None) -> dict:
    """The stored fields a value entry asks for; missing keys keep what is stored."""
    if not isinstance(entry, dict):
        entry = {"raw": entry}
    raw = existing.raw if existing else ""
    if "raw" in entry:
        raw = "" if entry["raw"] is None else str(entry["raw"])[:RAW_MAX_LENGTH]
    explanation = existing.explanation if existing else ""
    if "explanation" in entry:
        explanation = str(entry["explanation"] or "")
    status = entry.get("status")
    if status is None and "raw" not in entry and existing:
        status = existing.status
    if status == Value.Status.NOT_APPLICABLE:
        status = Value.Status.NOT_APPLICABLE
    elif raw.strip():
        status = Value.Status.ENTERED
    else:
        status, raw = Value.Status.BLANK, ""
    return {"status": status, "raw": raw, "explanation": explanation}


def _value_fields(indicator, wanted: dict) -> dict:
    parsed = ParsedValue()
    if wanted["status"] == Value.Status.ENTERED:
        parsed = parse_value(indicator, wanted["raw"])
    return {
        **wanted,
        "number": parsed.number,
        "date_value": parsed.date_value,
        "bool_value": parsed.bool_value,
        "error_code": parsed.error_code,
    }


def _differs(existing: Value | None, fields: dict) -> bool:
    if existing is None:
        return bool(
            fields["status"] != Value.Status.BLANK or fields["explanation"].strip()
        )
    return any(getattr(existing, name) != fields[name] for name in VALUE_FIELDS)


def _section_fields(data: dict, section: ReportSection) -> dict:
    """The section's own fields the input changes."""
    changed = {}
    if "is_zero_report" in data:
        zero = _as_bool(data["is_zero_report"])
        if zero != section.is_zero_report:
            changed["is_zero_report"] = zero
    for name in SECTION_TEXT_FIELDS:
        if name in data:
            text = str(data[name] or "")
            if text != getattr(section, name):
                changed[name] = text
    return changed


def _conflict_changes(
    data: dict, section: ReportSection, indicators: dict, current: dict
) -> list[tuple[str, str, str]]:
    """What differs between the refused input and the section as stored now."""
    changes = []
    values = data.get("values") or {}
    for indicator in indicators.values():
        if indicator.code not in values:
            continue
        existing = current.get(indicator.pk)
        mine = _wanted_value(values[indicator.code], existing)
        theirs = {
            "status": existing.status if existing else Value.Status.BLANK,
            "raw": existing.raw if existing else "",
            "explanation": existing.explanation if existing else "",
        }
        label = f"{indicator.code} {indicator.display_name}"
        if (mine["status"], mine["raw"]) != (theirs["status"], theirs["raw"]):
            changes.append(
                (
                    label,
                    value_text(indicator, ValueParts.of(mine), typed=True),
                    value_text(indicator, ValueParts.of(theirs), typed=True),
                )
            )
        if mine["explanation"] != theirs["explanation"]:
            changes.append(
                (
                    _("%(indicator)s (explanation)") % {"indicator": label},
                    mine["explanation"],
                    theirs["explanation"],
                )
            )
    for name, mine in _section_fields(data, section).items():
        label = str(ReportSection._meta.get_field(name).verbose_name)
        theirs = getattr(section, name)
        if name == "is_zero_report":
            mine, theirs = (_("Yes") if v else _("No") for v in (mine, theirs))
        changes.append((label, mine, theirs))
    return changes


def _pending_keep(*, section, user, data: dict, base_version: int) -> None:
    """Keep refused input, merged over what the user had pending already."""
    pending = PendingInput.objects.filter(section=section, user=user).first()
    merged = dict(pending.data) if pending else {}
    merged_values = dict(merged.get("values") or {})
    merged_values.update(data.get("values") or {})
    merged.update(data)
    merged["values"] = merged_values
    PendingInput.objects.update_or_create(
        section=section,
        user=user,
        defaults={"base_version": base_version, "data": merged},
    )


def _check_may_edit(report: Report, user) -> None:
    membership = active_membership(user)
    reason = report.lock_reason(membership)
    if reason:
        raise PermissionDenied(reason)
    if membership.university_id != report.university_id:
        raise PermissionDenied(
            _("Only the university's reporters and approvers fill in reports.")
        )


def report_counters_store(*, report: Report, user=None) -> ReportCheck:
    """Recompute and store the report's error/warning counts and completeness (the
    counts are those that block submission). Returns the submission check."""
    check = report_check(report, for_submission=True)
    report.error_count = len(check.errors)
    report.warning_count = len(check.warnings)
    report.unexplained_warning_count = len(check.unexplained)
    report.completeness = check.completeness
    if user is not None:
        report._history_user = user
    report.save(update_fields=[*COUNTER_FIELDS, "updated_at"])
    return check


@transaction.atomic
def section_save(
    *, section: ReportSection, user, data: dict, base_version: int
) -> SectionSaveResult:
    """Save a section's values, zero report and narratives under its optimistic lock.

    A save based on an older version of the section is refused: the input is kept
    as the user's PendingInput and the result lists what differs. Otherwise every
    changed value is stored as typed (valid or not, with its error code); a save that
    changes anything raises the section's version and the report's revision by one.
    `data`: {"values": {code: {"raw", "status" (entered/na/blank), "explanation"}},
    "is_zero_report", "zero_note", "narrative_done", "narrative_obstacles",
    "narrative_next"}; a missing key leaves what is stored. Raises PermissionDenied
    when the user may not edit the report now, and ValidationError when `data` does
    not have that shape.
    """
    if not isinstance(data, dict) or not isinstance(data.get("values", {}), dict):
        raise ValidationError(_("The input could not be read."))
    base_version = int(base_version)
    locked = ReportSection.objects.select_for_update().get(pk=section.pk)
    report = Report.objects.select_related("period", "university").get(
        pk=locked.report_id
    )
    _check_may_edit(report, user)
    indicators = {
        indicator.code: indicator
        for indicator in applicable_indicators(report.university)
        .filter(action_id=locked.action_id)
        .select_related("action")
    }
    current = {
        value.indicator_id: value
        for value in Value.objects.filter(
            report_id=report.pk,
            indicator_id__in=[indicator.pk for indicator in indicators.values()],
        )
    }

    if locked.version != base_version:
        _pending_keep(section=locked, user=user, data=data, base_version=base_version)
        conflict = SectionConflict(
            current_version=locked.version,
            changed_by=locked.updated_by,
            changed_at=locked.updated_at,
            changes=_conflict_changes(data, locked, indicators, current),
        )
        return SectionSaveResult(
            saved=False,
            changed=False,
            version=locked.version,
            conflict=conflict,
            check=report_check(report),
        )

    value_changes = []
    for code, entry in (data.get("values") or {}).items():
        indicator = indicators.get(code)
        if indicator is None:
            continue  # not in this section (or no longer active): nothing to keep
        existing = current.get(indicator.pk)
        fields = _value_fields(indicator, _wanted_value(entry, existing))
        if _differs(existing, fields):
            value_changes.append((indicator, existing, fields))
    section_changes = _section_fields(data, locked)

    PendingInput.objects.filter(section=locked, user=user).delete()
    if not value_changes and not section_changes:
        return SectionSaveResult(
            saved=True,
            changed=False,
            version=locked.version,
            conflict=None,
            check=report_check(report),
        )

    Report.objects.filter(pk=report.pk).update(revision=F("revision") + 1)
    report.refresh_from_db(fields=["revision"])
    for indicator, existing, fields in value_changes:
        value = existing or Value(report=report, section=locked, indicator=indicator)
        for name, new in fields.items():
            setattr(value, name, new)
        value.revision = report.revision
        value.updated_by = user
        value._history_user = user
        value.save()
    for name, new in section_changes.items():
        setattr(locked, name, new)
    locked.version += 1
    locked.revision = report.revision
    locked.updated_by = user
    locked._history_user = user
    locked.save()

    check = report_counters_store(report=report, user=user)
    return SectionSaveResult(
        saved=True,
        changed=True,
        version=locked.version,
        conflict=None,
        check=check.as_draft(),
    )


@transaction.atomic
def pending_input_discard(*, section: ReportSection, user) -> None:
    """Drop the user's refused input for the section (they chose the stored one)."""
    PendingInput.objects.filter(section=section, user=user).delete()
