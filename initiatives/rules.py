"""The catalogue's rules for a university level, read once per process.

Every form page, autosave and check needs the indicators that apply to a level (with
their actions, tasks, units and thresholds) and the horizons; they change only when
someone edits the catalogue. So each process keeps them (`level_catalogue`,
`horizon_for_year`) under the catalogue's version, a token in the shared cache
(Redis in production: with several processes CACHE_URL must be a shared one) that
every saved or deleted indicator, action, task or horizon replaces, at once and
again when its transaction commits, as does `migrate`. A process that sees another
token reads the catalogue again. The instances handed out are shared: read them,
never change them.

`LevelCatalogue.rules` is a digest of what the checks read of the indicators
(which apply, in which action, stock or flow, the warning threshold): counts
stored under one digest stay true until the rules themselves change, whatever
the token (a cache flush changes the token, not the rules).
"""

from __future__ import annotations

import hashlib
import threading
import uuid
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import transaction

from initiatives.models import Horizon, Indicator

VERSION_KEY = "initiatives:catalogue-version"
# Models whose rows make the catalogue (also their migrations' historical models).
CATALOGUE_MODELS = frozenset(
    {"initiatives.Indicator", "initiatives.Action", "initiatives.Task"}
    | {"initiatives.Horizon"}
)

_lock = threading.Lock()
_levels: dict[str, LevelCatalogue] = {}
_horizons: dict[str, tuple[Horizon, ...]] = {}


@dataclass(frozen=True)
class LevelCatalogue:
    """The active indicators that apply to one level, in form order, with their
    actions and tasks; by action (a section's fields) and by code."""

    version: str
    level: str
    indicators: tuple[Indicator, ...]
    by_action: dict[int, tuple[Indicator, ...]] = field(repr=False)
    by_code: dict[str, Indicator] = field(repr=False)
    rules: str = ""

    def of_actions(self, action_ids) -> list[Indicator]:
        return [i for pk in action_ids for i in self.by_action.get(pk, ())]


def catalogue_version() -> str:
    """The current token (one cache read); a new one when the cache has none."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def level_catalogue(level: str) -> LevelCatalogue:
    """The catalogue of a level (University.Level): one cache read, and one query
    when the catalogue changed since this process last read it."""
    version = catalogue_version()
    found = _levels.get(level)
    if found is not None and found.version == version:
        return found
    indicators = tuple(
        Indicator.objects.active().for_level(level).select_related("action", "task")
    )
    by_action: dict[int, list[Indicator]] = {}
    for indicator in indicators:
        by_action.setdefault(indicator.action_id, []).append(indicator)
    found = LevelCatalogue(
        version=version,
        level=level,
        indicators=indicators,
        by_action={pk: tuple(items) for pk, items in by_action.items()},
        by_code={indicator.code: indicator for indicator in indicators},
        rules=_rules_digest(indicators),
    )
    with _lock:
        _levels[level] = found
    return found


def _rules_digest(indicators) -> str:
    """What report_check reads of each indicator, hashed (16 hex digits)."""
    text = ";".join(
        f"{i.pk},{i.action_id},{i.measure},{i.change_threshold_pct}" for i in indicators
    )
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def horizon_for_year(year: int) -> Horizon | None:
    """`Horizon.for_year` from the process's copy of the horizons."""
    version = catalogue_version()
    horizons = _horizons.get(version)
    if horizons is None:
        horizons = tuple(Horizon.objects.all())
        with _lock:
            _horizons.clear()
            _horizons[version] = horizons
    return next((h for h in horizons if h.start_year <= year <= h.end_year), None)


def catalogue_changed(**_kwargs) -> None:
    """A new token now (this process, and any that reads meanwhile, reads again)
    and again when the transaction commits (a process that read the rows before
    they were committed reads them once more)."""
    catalogue_forget()
    transaction.on_commit(catalogue_forget)


def catalogue_forget() -> None:
    with _lock:
        _levels.clear()
        _horizons.clear()
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def model_saved(sender, **kwargs) -> None:
    """post_save / post_delete of any model: the catalogue's ones change it."""
    if sender._meta.label in CATALOGUE_MODELS:
        catalogue_changed()
