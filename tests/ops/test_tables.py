"""Every table the migrations create belongs to a model Django knows. A stray one
(knox's own token table, made by its migrations although KNOX_TOKEN_MODEL replaces
it) keeps a key to the users that PostgreSQL's TRUNCATE refuses, so flushing the
database (every browser test's teardown) failed."""

from __future__ import annotations

import pytest
from django.db import connection


@pytest.mark.django_db
def test_every_table_belongs_to_an_installed_model():
    tables = set(connection.introspection.table_names())
    known = set(connection.introspection.django_table_names(only_existing=True))
    assert tables - known - {"django_migrations"} == set()
