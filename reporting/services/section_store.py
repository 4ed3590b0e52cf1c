"""Storing a save of sections in a fixed number of queries, whatever the number of
values and sections: the values in one upsert and their history in one insert, the
sections (with the counters of those checked) in one update and their history in
one insert, the report's revision and counters in one update. The changes are first laid over what the save read
(`ReportData`), so that the report's checks see the result without reading it back,
and a dry run stops there."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db import models

from reporting.models import Report, ReportSection, Value
from reporting.models.sections import COUNTER_FIELDS as SECTION_COUNTER_FIELDS
from reporting.report_read import VALUE_FIELDS, ReportData
from reporting.section_input import SECTION_TEXT_FIELDS

STORED_VALUE_FIELDS = (*VALUE_FIELDS, "section", "revision", "updated_by", "updated_at")
STORED_SECTION_FIELDS = (
    *("version", "is_zero_report", *SECTION_TEXT_FIELDS),
    *("revision", "updated_by", "updated_at"),
)


@dataclass
class Changes:
    """What a save changes, laid over the data it read: the report's next
    `revision`, values new and stored before (`created`, `updated`) and every
    section saved with a change (`sections`)."""

    revision: int
    created: list[Value] = field(default_factory=list)
    updated: list[Value] = field(default_factory=list)
    sections: list[ReportSection] = field(default_factory=list)


def changes_apply(data: ReportData, outcomes: list, *, user, now: datetime) -> Changes:
    """Lay the changed outcomes (`sections._Outcome`) over `data`, as the next
    revision of the report: nothing is written."""
    report = data.report
    changes = Changes(revision=report.revision + 1)
    for outcome in outcomes:
        section = outcome.section
        for indicator, existing, fields in outcome.value_changes:
            value = existing or Value(
                report=report, section=section, indicator=indicator
            )
            for name, new in fields.items():
                setattr(value, name, new)
            value.section = section
            value.revision = changes.revision
            value.updated_by = user
            value.updated_at = now
            (changes.updated if existing else changes.created).append(value)
            data.values[indicator.pk] = value
        for name, new in outcome.section_changes.items():
            setattr(section, name, new)
        section.version += 1
        section.revision = changes.revision
        section.updated_by = user
        section.updated_at = now
        changes.sections.append(section)
    report.revision = changes.revision
    return changes


def _history_rows(model, rows: list[tuple[models.Model, str]], *, user, now):
    """One insert of history records, each of its type ("+" new, "~" changed), as
    simple-history's `bulk_history_create` writes them (it takes one type a call)."""
    history = model.history.model
    history.objects.bulk_create(
        [
            history(
                history_date=now,
                history_user=user,
                history_change_reason="",
                history_type=kind,
                **{f.attname: getattr(obj, f.attname) for f in history.tracked_fields},
            )
            for obj, kind in rows
        ]
    )


def _sections_update(sections: list[ReportSection], fields) -> None:
    """One update: a plain one for one section (an autosave), bulk_update's
    CASE for more."""
    if len(sections) > 1:
        ReportSection.objects.bulk_update(sections, fields)
        return
    (section,) = sections
    columns = [ReportSection._meta.get_field(name).attname for name in fields]
    ReportSection.objects.filter(pk=section.pk).update(
        **{column: getattr(section, column) for column in columns}
    )


def counters_apply(data: ReportData, check) -> list[ReportSection]:
    """Lay the counters of the sections `check` checked over them (nothing is
    written); returns those sections."""
    counted = []
    for section in data.sections:
        code = section.action.code
        if not check.is_checked(code):
            continue
        for name, number in check.sections[code].counters().items():
            setattr(section, name, number)
        section.counted_rules = data.catalogue.rules
        counted.append(section)
    return counted


def counters_store(data: ReportData, check) -> None:
    """Write the counters of the sections `check` (a submission check) checked, and
    the report's: two updates."""
    counted = counters_apply(data, check)
    if counted:
        _sections_update(counted, SECTION_COUNTER_FIELDS)
    counters = check.counters()
    Report.objects.filter(pk=data.report.pk).update(**counters)
    for name, new in counters.items():
        setattr(data.report, name, new)


def changes_store(
    changes: Changes, *, data: ReportData, check, user, now: datetime
) -> None:
    """Write `changes`, the counters of the sections `check` (its submission check)
    checked, and the report's revision and counters (the sums of its sections').
    The report's row records its revision and counters with no history record of
    its own: they follow from the values and sections, whose records say who
    changed what in this revision (the history page shows the report's state and
    lateness, which a save never changes)."""
    report = data.report
    values = [*changes.created, *changes.updated]
    if values:
        kinds = ["+"] * len(changes.created) + ["~"] * len(changes.updated)
        for value in values:
            value.pk = None  # one upsert: the stored ones come back with their ids
        Value.objects.bulk_create(
            values,
            update_conflicts=True,
            unique_fields=["report", "indicator"],
            update_fields=STORED_VALUE_FIELDS,
        )
        _history_rows(Value, list(zip(values, kinds, strict=True)), user=user, now=now)
    counted = counters_apply(data, check)
    written = [*changes.sections]
    written += [section for section in counted if section not in written]
    _sections_update(written, [*STORED_SECTION_FIELDS, *SECTION_COUNTER_FIELDS])
    _history_rows(
        ReportSection,
        [(section, "~") for section in changes.sections],
        user=user,
        now=now,
    )
    counters = check.counters()
    Report.objects.filter(pk=report.pk).update(
        revision=changes.revision, updated_at=now, **counters
    )
    for name, new in counters.items():
        setattr(report, name, new)
    report.updated_at = now
