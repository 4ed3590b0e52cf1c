"""Saving sections of a report, each under its optimistic lock; the counters.

A save reads the report's sections under its lock and the values of the sections it
saves, checks those sections only, and stores their counters and the report's (the
sums of its sections'). The sections themselves are created with the report
(services/reports.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from institutions.access import active_membership
from reporting.display import ValueParts, value_text
from reporting.models import PendingInput, Report, ReportSection, Value
from reporting.numbers import ParsedValue, parse_value
from reporting.report_read import ReportData, report_data, report_data_locked
from reporting.section_input import SectionInput, ValueInput
from reporting.validation import (
    ReportCheck,
    check_scope,
    report_check,
    sections_check,
)

from .section_store import (
    VALUE_FIELDS,
    changes_apply,
    changes_store,
    counters_store,
)

# --- Saving sections -------------------------------------------------------------------


@dataclass
class SectionConflict:
    current_version: int
    changed_by_id: int | None
    changed_at: datetime | None
    # (label, mine, theirs) for every field where the refused input differs.
    changes: list[tuple[str, str, str]] = field(default_factory=list)

    @cached_property
    def changed_by(self):
        """Who saved the section last: read when the form names them (a script's
        409 does not), not joined to the locked read, whose other rows PostgreSQL
        does not re-read after waiting for the lock."""
        if self.changed_by_id is None:
            return None
        return get_user_model().objects.filter(pk=self.changed_by_id).first()


@dataclass
class SectionSaveResult:
    saved: bool
    changed: bool
    version: int
    conflict: SectionConflict | None
    check: ReportCheck
    # With the errors that only matter at submission, for the form's checks panel.
    submission_check: ReportCheck | None = None
    # The report as the save read and left it (its answer shows it, unread again).
    data: ReportData | None = None


def _wanted_value(entry: ValueInput, existing: Value | None) -> dict:
    """The stored fields a value input asks for; what was not sent keeps what is
    stored."""
    raw = existing.raw if existing else ""
    if entry.raw is not None:
        raw = entry.raw  # its length is checked by the typed input
    explanation = existing.explanation if existing else ""
    if entry.explanation is not None:
        explanation = entry.explanation
    status = entry.status
    if status is None and entry.raw is None and existing:
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


def _section_fields(section_input: SectionInput, section: ReportSection) -> dict:
    """The section's own fields the input changes."""
    return {
        name: new
        for name, new in section_input.section_fields().items()
        if new != getattr(section, name)
    }


def _conflict_changes(
    section_input: SectionInput, section: ReportSection, indicators: dict, current: dict
) -> list[tuple[str, str, str]]:
    """What differs between the refused input and the section as stored now."""
    changes = []
    for indicator in indicators.values():
        entry = section_input.values.get(indicator.code)
        if entry is None:
            continue
        existing = current.get(indicator.pk)
        mine = _wanted_value(entry, existing)
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
    for name, mine in _section_fields(section_input, section).items():
        label = str(ReportSection._meta.get_field(name).verbose_name)
        theirs = getattr(section, name)
        if name == "is_zero_report":
            mine, theirs = (_("Yes") if v else _("No") for v in (mine, theirs))
        changes.append((label, mine, theirs))
    return changes


def _pending_keep(*, section, user, section_input: SectionInput) -> None:
    """Keep refused input, merged over what the user had pending already."""
    data = section_input.to_data()
    pending = PendingInput.objects.filter(section=section, user=user).first()
    merged = dict(pending.data) if pending else {}
    merged_values = dict(merged.get("values") or {})
    merged_values.update(data["values"])
    merged.update(data)
    merged["values"] = merged_values
    PendingInput.objects.update_or_create(
        section=section,
        user=user,
        defaults={"base_version": section_input.base_version, "data": merged},
    )


def _check_may_edit(report: Report, user) -> None:
    membership = active_membership(user)
    reason = report.lock_reason(membership)
    if reason:
        raise PermissionDenied(reason)


def report_counters_store(*, report: Report) -> ReportCheck:
    """Check the whole report and store every section's counters and the report's
    (mark ready, submit, the demo). Returns the submission check."""
    data = report_data(report)
    check = report_check(report, for_submission=True, data=data)
    counters_store(data, check)
    return check


@dataclass
class _Outcome:
    """One section's part of a save: refused, or the changes it asks for."""

    section: ReportSection
    conflict: SectionConflict | None = None
    input: SectionInput | None = None  # a refused one, to keep as pending
    value_changes: list = field(default_factory=list)
    section_changes: dict = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.value_changes or self.section_changes)


def _outcome(
    section: ReportSection,
    section_input: SectionInput,
    *,
    indicators: dict,
    current: dict,
) -> _Outcome:
    if section.version != section_input.base_version:
        return _Outcome(
            section=section,
            input=section_input,
            conflict=SectionConflict(
                current_version=section.version,
                changed_by_id=section.updated_by_id,
                changed_at=section.updated_at,
                changes=_conflict_changes(section_input, section, indicators, current),
            ),
        )
    outcome = _Outcome(
        section=section, section_changes=_section_fields(section_input, section)
    )
    for code, entry in section_input.values.items():
        indicator = indicators.get(code)
        if indicator is None:
            continue  # not in this section (or no longer active): nothing to keep
        existing = current.get(indicator.pk)
        fields = _value_fields(indicator, _wanted_value(entry, existing))
        if _differs(existing, fields):
            outcome.value_changes.append((indicator, existing, fields))
    return outcome


def _save(
    data: ReportData,
    *,
    user,
    inputs: list[SectionInput],
    all_or_nothing: bool = False,
    dry_run: bool = False,
) -> list[SectionSaveResult]:
    """Save each input into its section of `data` (read under the report's lock):
    read the values of those sections (one query), check them from what was read
    and changed, and store the changes with those sections' counters and the
    report's: no read after."""
    report = data.report
    locked = {section.action.code: section for section in data.sections}
    if any(i.action_code not in locked for i in inputs):
        raise ValidationError(_("No such section."))
    _check_may_edit(report, user)
    saved = [locked[section_input.action_code] for section_input in inputs]
    only = {section.pk for section in saved}
    # What the check needs too, read at once: other sections only where their
    # counters were counted under other rules.
    data.load(section.action_id for section in check_scope(data, only))
    outcomes = []
    for section, section_input in zip(saved, inputs, strict=True):
        indicators = data.catalogue.by_action.get(section.action_id, ())
        outcomes.append(
            _outcome(
                section,
                section_input,
                indicators={indicator.code: indicator for indicator in indicators},
                current=data.values,
            )
        )
    refused = any(outcome.conflict for outcome in outcomes)
    writes = not dry_run and not (all_or_nothing and refused)
    if writes:
        for outcome in outcomes:
            if outcome.conflict:
                _pending_keep(
                    section=outcome.section, user=user, section_input=outcome.input
                )
    if all_or_nothing and refused:
        outcomes = [o if o.conflict else _Outcome(section=o.section) for o in outcomes]
    accepted = [o.section.pk for o in outcomes if o.conflict is None]
    if writes and data.pending.intersection(accepted):
        PendingInput.objects.filter(
            section__in=data.pending.intersection(accepted), user=user
        ).delete()
    changed = [outcome for outcome in outcomes if outcome.changed]
    now = timezone.now()
    changes = changes_apply(data, changed, user=user, now=now) if changed else None
    recounted = {s.pk for s in check_scope(data, only)} - only
    full = sections_check(data, only, for_submission=True)
    if writes and changes:
        changes_store(changes, data=data, check=full, user=user, now=now)
    elif writes and recounted and not refused:
        counters_store(data, full)  # counted under other rules: put right
    return [
        SectionSaveResult(
            saved=outcome.conflict is None and not (all_or_nothing and refused),
            changed=outcome.changed,
            version=outcome.section.version,
            conflict=outcome.conflict,
            check=full.as_draft(),
            submission_check=full,
            data=data,
        )
        for outcome in outcomes
    ]


def _read_locked(report_id: int, user) -> ReportData:
    data = report_data_locked(Report.objects.all(), report_id, user=user)
    if data is None:
        raise ValidationError(_("No such section."))
    return data


def sections_save(
    *,
    report: Report,
    user,
    inputs: list[SectionInput],
    data: ReportData | None = None,
    all_or_nothing: bool = False,
    dry_run: bool = False,
) -> list[SectionSaveResult]:
    """Save several sections of one report at once (the API, the Excel reader),
    checking the report and storing its counters once rather than per section.

    Each input is saved as `section_save` saves it, under its own section's
    optimistic lock: an input based on an older version is refused and kept as the
    user's PendingInput while the others are saved, or, `all_or_nothing`, refuses
    the whole save, which then writes nothing. The whole save raises the report's
    revision by one. `dry_run` answers as if saved and writes nothing. `data`: the
    report as `report_data_locked` read it in the caller's transaction (the API
    reads it once, for its own checks too); without it the save reads it itself,
    in a transaction of its own. Returns one result per input, in their order.
    Raises PermissionDenied when the user may not edit the report now, and
    ValidationError for a section the report does not have or one named twice.
    """
    if not inputs:
        return []
    codes = [section_input.action_code for section_input in inputs]
    if len(set(codes)) != len(codes):
        raise ValidationError(_("The input could not be read."))
    options = {"all_or_nothing": all_or_nothing, "dry_run": dry_run}
    if data is not None:
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError("sections_save(data=…) runs in the transaction of data")
        return _save(data, user=user, inputs=list(inputs), **options)
    with transaction.atomic():
        data = _read_locked(report.pk, user)
        return _save(data, user=user, inputs=list(inputs), **options)


@transaction.atomic
def section_save(
    *, section: ReportSection, user, section_input: SectionInput
) -> SectionSaveResult:
    """Save a section's values, zero report and narratives under its optimistic lock.

    A save based on an older version of the section is refused: the input is kept
    as the user's PendingInput and the result lists what differs. Otherwise every
    changed value is stored as typed (valid or not, with its error code); a save that
    changes anything raises the section's version and the report's revision by one.
    What the input did not send stays as stored. Raises PermissionDenied when the
    user may not edit the report now, and ValidationError when the input is for
    another section.
    """
    data = _read_locked(section.report_id, user)
    mine = [s for s in data.sections if s.pk == section.pk]
    if not mine or mine[0].action.code != section_input.action_code:
        raise ValidationError(_("No such section."))
    return _save(data, user=user, inputs=[section_input])[0]


@transaction.atomic
def pending_input_discard(*, section: ReportSection, user) -> None:
    """Drop the user's refused input for the section (they chose the stored one)."""
    PendingInput.objects.filter(section=section, user=user).delete()
