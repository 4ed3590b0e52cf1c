"""What PostgreSQL refuses and SQLite (which the tests run on) stores: a NUL byte in
a query's text. `nul_refused()` makes it an error here too, so a test sees the 500
production would answer."""

from __future__ import annotations

from contextlib import contextmanager

from django.db import connection

NUL_ERROR = "A string literal cannot contain NUL (0x00) characters."


def _refuse_nul(execute, sql, params, many, context):
    rows = params if many else [params]
    for row in rows or ():
        values = row.values() if isinstance(row, dict) else row or ()
        if any(isinstance(value, str) and "\x00" in value for value in values):
            raise ValueError(NUL_ERROR)
    return execute(sql, params, many, context)


@contextmanager
def nul_refused():
    """Within: a query with a NUL byte in a parameter raises, as on PostgreSQL."""
    with connection.execute_wrapper(_refuse_nul):
        yield
