"""The plan's data migrations run backwards and forwards."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from initiatives.models import Action, Horizon, Indicator, Task, TechnologyField


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_plan_and_catalogue_migrations_are_reversible():
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    indicators = Indicator.objects.count()

    executor.migrate([("initiatives", "0002_load_plan")])
    assert Indicator.objects.count() == 0
    assert Task.objects.count() == 33

    executor = MigrationExecutor(connection)
    executor.migrate([("initiatives", "0001_initial")])
    for model in (Horizon, Action, Task, TechnologyField):
        assert model.objects.count() == 0, model

    executor = MigrationExecutor(connection)
    executor.migrate(leaves)
    assert Horizon.objects.count() == 3
    assert Action.objects.count() == 10
    assert TechnologyField.objects.count() == 44
    assert Indicator.objects.count() == indicators
