"""Writes to the plan's reference data."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from django.apps import apps
from django.db import transaction

from .catalogue import indicator_paths, load_indicators


@transaction.atomic
def catalogue_load(*, paths: Sequence[Path] | None = None) -> int:
    """Create or update indicators from catalogue files; return how many.

    Migration 0003 loads the files present when it runs; this reloads them (or the
    files given) into a database migrated earlier. Indicators are matched by code, so
    admin edits to the same indicators are overwritten; others are left alone.
    """
    return load_indicators(apps, indicator_paths() if paths is None else paths)
