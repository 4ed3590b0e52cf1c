"""The dashboards' rendered figures, kept in Django's cache under a key that names
everything they are computed from, so that a dashboard read twice between two
changes of its data is built once.

The key holds the request's choices (scope, data year, indicator, table and
format), the language, the viewer's role and place (what they may see), the
periods as they stand, and the data's version: one statement of maxima that any
change a dashboard shows moves forward, read from the database the figures are
read from (the replica when one is used), in the same transaction-free way:

- every workflow step records a Transition (reporting/services/workflow.py): a
  submission, a return, an acceptance (which updates the rollup in the same
  transaction) and a reopening all add one;
- a rebuild of the rollup writes new figure cells (reporting/services/figures.py);
- a national or a university target changed is a new row of the targets' history;
- a university added to a period is a new participant row.

So a dashboard is never older than its data. Names of universities and scopes and
the indicator catalogue are edited rarely and in the admin; an entry lives at most
`DASHBOARD_CACHE_SECONDS` (five minutes by default), which bounds how long such an
edit takes to show.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import connections, router
from django.utils import translation

from initiatives.models import Target
from reporting.models import FigureCell, ReportingPeriod, Transition

from .scopes import Scope

CHOICES = (
    "year",
    "indicator",
    "table",
    "format",
)  # the parameters that change the answer


def _versioned() -> list[tuple[type, str]]:
    """(model, column) pairs whose maximum moves with every change shown."""
    return [
        (Transition, Transition._meta.pk.column),
        (FigureCell, FigureCell._meta.pk.column),
        (Target.history.model, Target.history.model._meta.pk.column),
        (
            ReportingPeriod.participants.through,
            ReportingPeriod.participants.through._meta.pk.column,
        ),
    ]


def data_version() -> tuple:
    """The version of the dashboards' data: one statement on the figures' database."""
    alias = router.db_for_read(FigureCell)
    connection = connections[alias]
    quote = connection.ops.quote_name
    parts = ", ".join(
        f"(SELECT MAX({quote(column)}) FROM {quote(model._meta.db_table)})"
        for model, column in _versioned()
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {parts}")
        return tuple(cursor.fetchone())


def dashboard_key(
    request, scope: Scope, periods: list[ReportingPeriod], membership
) -> str:
    """The cache key of what `request` asks of `scope`'s dashboard."""
    viewer = (
        (membership.role, membership.university_id, membership.authority_id)
        if membership is not None
        else ("superuser" if request.user.is_superuser else "", None, None)
    )
    parts = (
        scope.kind,
        scope.key,
        tuple(request.GET.get(name, "") for name in CHOICES),
        translation.get_language(),
        viewer,
        tuple(
            (p.pk, p.year, p.state, p.opens_at, p.due_at, p.closes_at) for p in periods
        ),
        data_version(),
    )
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    return f"dashboard:{digest}"


def cached(key: str, build):
    """The entry under `key`, built and stored when missing."""
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, settings.DASHBOARD_CACHE_SECONDS)
    return value
