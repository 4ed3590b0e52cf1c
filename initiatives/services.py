"""Writes to the plan's reference data and to targets."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.apps import apps
from django.db import transaction

from .catalogue import indicator_paths, load_indicators
from .models import Horizon, Target


@dataclass(frozen=True)
class TargetEntry:
    """One horizon's target as typed: the value (None: no target) and its note."""

    horizon: Horizon
    value: Decimal | None
    note: str


@transaction.atomic
def catalogue_load(*, paths: Sequence[Path] | None = None) -> int:
    """Create or update indicators from catalogue files; return how many.

    Migration 0003 loads the files present when it runs; this reloads them (or the
    files given) into a database migrated earlier. Indicators are matched by code, so
    admin edits to the same indicators are overwritten; others are left alone.
    """
    return load_indicators(apps, indicator_paths() if paths is None else paths)


@transaction.atomic
def targets_save(*, indicator, university, entries: Sequence[TargetEntry], user) -> int:
    """Set one indicator's targets in one scope (university None: national), one
    entry per horizon; return how many targets changed.

    A value sets or changes the horizon's target, None removes it; an entry equal to
    the stored target writes nothing, so the history holds real changes only. Each
    save is a history record by `user`. Who may call it is the view's access check
    (`initiatives.access`); the baseline is never typed (the figures give it).
    """
    existing = {
        target.horizon_id: target
        for target in Target.objects.select_for_update()
        .filter(indicator=indicator, university=university)
        .order_by("pk")  # Meta.ordering joins; FOR UPDATE locks the targets alone
    }
    changed = 0
    for entry in entries:
        target = existing.get(entry.horizon.pk)
        if entry.value is None:
            if target is not None:
                target._history_user = user
                target.delete()
                changed += 1
            continue
        if target is None:
            target = Target(
                indicator=indicator, horizon=entry.horizon, university=university
            )
        elif target.value == entry.value and target.note == entry.note:
            continue
        target.value = entry.value
        target.note = entry.note
        target.is_demo = False
        target._history_user = user
        target.full_clean()
        target.save()
        changed += 1
    return changed
