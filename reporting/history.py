"""A report's change log, read from the django-simple-history records.

Services write values, sections and reports through `.save()`, so every change has a
historical record (bulk writers, such as the demo seed, write theirs too). Here the
records of one report are compared with their predecessors (in Python, per object, so
no record costs a query of its own) and turned into rows of "who changed what, from
what to what". A record's predecessor is the one written before it (`history_id`),
not the one dated before it: a record dated back (the demo dates its saves days
earlier) must not be compared with the creation written after it, which would show
every field it holds as changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from initiatives.models import Action, Indicator

from .display import ValueParts, field_text, typed_note, value_text
from .models import EvidenceFile, Report, ReportSection, Value

VALUE_FIELDS = ("raw", "status", "explanation")
# What a value was understood as, read with each record to show the answer.
VALUE_PARTS = ("number", "date_value", "bool_value", "error_code")
SECTION_FIELDS = (
    "is_zero_report",
    "zero_note",
    "narrative_done",
    "narrative_obstacles",
    "narrative_next",
)
REPORT_FIELDS = ("state", "is_late")

# What an object "was" before its first record: nothing entered.
VALUE_BLANK = {"raw": "", "status": Value.Status.BLANK, "explanation": ""}
SECTION_BLANK = {
    "is_zero_report": False,
    "zero_note": "",
    "narrative_done": "",
    "narrative_obstacles": "",
    "narrative_next": "",
}


# Records in the order they were written. The demo dates its saves back, so a
# record's date does not say which record came before it.
WRITTEN = ("id", "history_id")


def written_pairs(records: Iterable[dict]) -> Iterator[tuple[dict | None, dict]]:
    """Each record with the one written before it for the same object (None for the
    first); `records` ordered by WRITTEN. The history page and "changed since your
    review" both read a record's predecessor this way."""
    previous: dict[int, dict] = {}
    for record in records:
        yield previous.get(record["id"]), record
        previous[record["id"]] = record


@dataclass
class HistoryEntry:
    """One field of one object changed by one save."""

    at: datetime
    kind: str  # "value", "section" or "report"
    object_ref: int  # indicator id, action id or report id
    field: str
    old: object
    new: object
    revision: int | None
    user_id: int | None
    order: tuple = ()
    # Filled in for the rows shown (see `changes_label`).
    subject: str = ""
    field_label: str = ""
    old_display: str = ""
    new_display: str = ""
    # The text as typed, where a value shows otherwise (Y shown as Yes).
    old_typed: str = ""
    new_typed: str = ""
    user: object = None
    extra: dict = field(default_factory=dict)


def _diff(
    records: Iterable[dict],
    *,
    kind: str,
    fields: tuple[str, ...],
    blank: dict | None,
    ref_field: str,
    model_rank: int,
) -> list[HistoryEntry]:
    """Field-level changes between each record and the previous one of its object."""
    changes: list[HistoryEntry] = []
    for before, record in written_pairs(records):
        if record["history_type"] == "-":
            continue
        if before is None:
            if blank is None:  # a report's creation is a change of its own
                before = dict.fromkeys(fields)
            else:
                before = blank
        user_id = record["history_user_id"] or record.get("updated_by_id")
        changed = [name for name in fields if before[name] != record[name]]
        if blank is None and record["history_type"] == "+":
            changed = [name for name in changed if record[name]]  # "late: no" is noise
        if kind == "value" and "raw" in changed and "status" in changed:
            # Typing into a blank field (or clearing one) says it all by itself.
            if Value.Status.NOT_APPLICABLE not in (before["status"], record["status"]):
                changed.remove("status")
        for name in changed:
            entry = HistoryEntry(
                at=record["history_date"],
                kind=kind,
                object_ref=record[ref_field],
                field=name,
                old=before[name],
                new=record[name],
                revision=record.get("revision"),
                user_id=user_id,
                order=(record["history_date"], model_rank, record["history_id"]),
            )
            if kind == "value" and name == "raw":
                entry.extra["parts"] = (ValueParts.of(before), ValueParts.of(record))
            changes.append(entry)
    return changes


def report_changes(report: Report) -> list[HistoryEntry]:
    """Every recorded change of the report's values, sections, state and evidence
    files, newest first.

    Four queries, whatever the number of records.
    """
    values = Value.history.filter(report_id=report.pk).order_by(*WRITTEN)
    sections = ReportSection.history.filter(report_id=report.pk).order_by(*WRITTEN)
    reports = Report.history.filter(id=report.pk).order_by(*WRITTEN)
    common = ("id", "history_id", "history_date", "history_type", "history_user_id")
    changes = [
        *_diff(
            values.values(
                *common,
                "updated_by_id",
                "indicator_id",
                "revision",
                *VALUE_FIELDS,
                *VALUE_PARTS,
            ),
            kind="value",
            fields=VALUE_FIELDS,
            blank=VALUE_BLANK,
            ref_field="indicator_id",
            model_rank=0,
        ),
        *_diff(
            sections.values(
                *common, "updated_by_id", "action_id", "revision", *SECTION_FIELDS
            ),
            kind="section",
            fields=SECTION_FIELDS,
            blank=SECTION_BLANK,
            ref_field="action_id",
            model_rank=1,
        ),
        *_diff(
            reports.values(*common, "revision", *REPORT_FIELDS),
            kind="report",
            fields=REPORT_FIELDS,
            blank=None,
            ref_field="id",
            model_rank=2,
        ),
    ]
    changes += evidence_changes(report)
    changes.sort(key=lambda change: change.order, reverse=True)
    return changes


def evidence_changes(report: Report) -> list[HistoryEntry]:
    """Each file's addition and, if any, its removal, with their revisions: one
    query. `old`/`new` hold the file's name (removed from / added to the report)."""
    rows = EvidenceFile.objects.filter(report=report).values(
        "id",
        "kind",
        "name",
        "uploaded_at",
        "uploaded_by_id",
        "revision",
        "removed_at",
        "removed_by_id",
        "removed_revision",
    )
    changes = []
    for row in rows:
        changes.append(
            HistoryEntry(
                at=row["uploaded_at"],
                kind="evidence",
                object_ref=row["id"],
                field=row["kind"],
                old="",
                new=row["name"],
                revision=row["revision"],
                user_id=row["uploaded_by_id"],
                order=(row["uploaded_at"], 3, row["id"]),
            )
        )
        if row["removed_at"] is not None:
            changes.append(
                HistoryEntry(
                    at=row["removed_at"],
                    kind="evidence",
                    object_ref=row["id"],
                    field=row["kind"],
                    old=row["name"],
                    new="",
                    revision=row["removed_revision"],
                    user_id=row["removed_by_id"],
                    order=(row["removed_at"], 3, row["id"]),
                )
            )
    return changes


def _evidence_label(change: HistoryEntry, files: dict) -> None:
    evidence = files.get(change.object_ref)
    change.extra["evidence"] = evidence
    if evidence is not None and evidence.value_id:
        change.subject = str(evidence.value.indicator)
    elif evidence is not None and evidence.section_id:
        change.subject = str(evidence.section.action)
    else:
        change.subject = str(_("Report"))
    signoff = change.field == EvidenceFile.Kind.SIGNOFF_SCAN
    if change.new:
        change.field_label = str(
            _("Sign-off scan attached") if signoff else _("Evidence file attached")
        )
    else:
        change.field_label = str(
            _("Sign-off scan replaced or removed")
            if signoff
            else _("Evidence file removed")
        )
    change.old_display = change.old
    change.new_display = change.new


def _value_shown(indicator, parts: ValueParts) -> tuple[str, str]:
    """What a value's text showed as, as the report page shows it, and the text as
    typed when that differs; blank text shows nothing (its status row says why)."""
    if not parts.raw.strip():
        return "", ""
    entered = replace(parts, status=Value.Status.ENTERED)
    return (
        value_text(indicator, entered, grouped=True, padded=True),
        typed_note(indicator, entered),
    )


def _value_label(change: HistoryEntry, indicator) -> None:
    """A value's typed text changed: the answers before and after, as understood."""
    change.field_label = str(_("Value"))
    old, new = change.extra["parts"]
    change.old_display, change.old_typed = _value_shown(indicator, old)
    change.new_display, change.new_typed = _value_shown(indicator, new)


def changes_label(changes: list[HistoryEntry]) -> list[HistoryEntry]:
    """Fill in the labels of the rows shown: users, indicators and actions in bulk."""
    users = get_user_model().objects.in_bulk(
        {c.user_id for c in changes if c.user_id is not None}
    )
    indicators = Indicator.objects.in_bulk(
        {c.object_ref for c in changes if c.kind == "value"}
    )
    actions = Action.objects.in_bulk(
        {c.object_ref for c in changes if c.kind == "section"}
    )
    files = EvidenceFile.objects.select_related(
        "section__action", "value__indicator"
    ).in_bulk({c.object_ref for c in changes if c.kind == "evidence"})
    for change in changes:
        change.user = users.get(change.user_id)
        if change.kind == "evidence":
            _evidence_label(change, files)
            continue
        if change.kind == "value":
            indicator = indicators.get(change.object_ref)
            change.subject = str(indicator) if indicator else ""
            change.extra["indicator"] = indicator
            model = Value
        elif change.kind == "section":
            action = actions.get(change.object_ref)
            change.subject = str(action) if action else ""
            model = ReportSection
        else:
            change.subject = str(_("Report"))
            model = Report
        if change.kind == "value" and change.field == "raw" and indicator:
            _value_label(change, indicator)
            continue
        model_field = model._meta.get_field(change.field)
        change.field_label = str(model_field.verbose_name)
        change.old_display = field_text(model_field, change.old)
        change.new_display = field_text(model_field, change.new)
    return changes
