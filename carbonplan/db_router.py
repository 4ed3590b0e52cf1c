"""The optional read replica (`DATABASE_REPLICA_URL`): the figures, dashboards and
exports read the tables they aggregate from the `replica` alias, inside
`reading_from_replica()` only; everything else, and every write, uses `default`.

A replica lags its primary by a moment, so only reads that tolerate it go there:
totals and lists an official looks at. Who the user is and what they may see
(users, sessions, memberships, tokens) are always read from `default`, so a right
just taken away is never granted again by a lagging copy.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator
from contextvars import ContextVar

from django.db import connections

REPLICA = "replica"
# The tables the figures layer, the dashboards and the exports read.
REPLICA_MODELS = frozenset(
    {
        "reporting.figurecell",
        "reporting.acceptedvalue",
        "reporting.acceptedversion",
        "reporting.report",
        "reporting.reportingperiod",
        "reporting.reportingperiod_participants",
        "reporting.value",
        "reporting.reportsection",
        "institutions.university",
        "institutions.university_other_authorities",
        "institutions.province",
        "institutions.authority",
        "initiatives.action",
        "initiatives.indicator",
        "initiatives.target",
        "initiatives.horizon",
    }
)

_reading = ContextVar("reading_from_replica", default=False)


def replica_configured() -> bool:
    return REPLICA in connections.settings


@contextlib.contextmanager
def reading_from_replica() -> Iterator[None]:
    """Inside, reads of the figures' tables go to the replica when one is
    configured (and to `default` otherwise); writes never do. Also a decorator."""
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


def reads_from_replica(view: Callable) -> Callable:
    """A view whose figures may come from the replica (`reading_from_replica`)."""

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        with reading_from_replica():
            return view(*args, **kwargs)

    return wrapped


class ReplicaRouter:
    """`DATABASE_ROUTERS`' one router (settings.py adds it with the replica)."""

    def db_for_read(self, model, **hints) -> str | None:
        if (
            _reading.get()
            and model._meta.label_lower in REPLICA_MODELS
            and replica_configured()
        ):
            return REPLICA
        return None  # Django's own choice: default, or the instance's database

    def db_for_write(self, model, **hints) -> str:
        return "default"

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # one database and its copy

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        return db == "default"  # the replica follows the primary's schema
