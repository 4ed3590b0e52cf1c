"""Each process keeps the catalogue's rules for a level (initiatives/rules.py) and
reads them again when anyone, in any process, changes the catalogue."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from initiatives.models import Action, Horizon, Indicator
from initiatives.rules import VERSION_KEY, horizon_for_year, level_catalogue

pytestmark = pytest.mark.django_db


def _read(level: str = "bachelor"):
    with CaptureQueriesContext(connection) as queries:
        catalogue = level_catalogue(level)
    return catalogue, len(queries)


def test_the_rules_of_a_level_are_read_once():
    first, queries = _read()
    again, no_queries = _read()

    assert queries == 1 and no_queries == 0
    assert again is first
    expected = Indicator.objects.active().for_level("bachelor")
    assert [i.code for i in first.indicators] == [i.code for i in expected]
    assert {i.action_id for i in first.indicators} == set(first.by_action)
    assert all(
        [i.order for i in items] == sorted(i.order for i in items)
        for items in first.by_action.values()
    )


def test_an_edit_is_seen_at_once_and_changes_the_rules_only_when_a_check_would():
    first, _queries = _read()
    indicator = Indicator.objects.get(code="IND-A1-01")

    indicator.name_zh = "改名"
    indicator.save()
    renamed, queries = _read()

    assert queries == 1
    assert renamed.by_code["IND-A1-01"].name_zh == "改名"
    assert renamed.rules == first.rules  # a name is not a rule of the checks
    indicator.change_threshold_pct = 20
    indicator.save()
    assert _read()[0].rules != first.rules


def test_an_action_renamed_and_an_indicator_made_inactive_are_seen():
    _read()
    action = Action.objects.get(code="A1")
    action.name_en = "Renamed action"
    action.save()
    catalogue, _queries = _read()
    assert catalogue.by_code["IND-A1-01"].action.name_en == "Renamed action"

    indicator = Indicator.objects.get(code="IND-A1-01")
    indicator.is_active = False
    indicator.save()
    assert "IND-A1-01" not in _read()[0].by_code


def test_an_edit_in_another_process_is_seen_through_the_shared_token():
    first, _queries = _read()
    # Another process saved the catalogue: the token in the shared cache changed
    # (and the rows with it), while this process kept its copy.
    Indicator.objects.filter(code="IND-A1-01").update(name_en="Edited elsewhere")
    cache.set(VERSION_KEY, "another-process", timeout=None)

    catalogue, queries = _read()

    assert queries == 1 and catalogue is not first
    assert catalogue.by_code["IND-A1-01"].name_en == "Edited elsewhere"
    assert catalogue.version == "another-process"


def test_the_horizon_of_a_year_follows_the_horizons():
    horizon = Horizon.objects.order_by("start_year").first()
    assert horizon_for_year(horizon.start_year) == horizon
    with CaptureQueriesContext(connection) as queries:
        assert horizon_for_year(horizon.end_year) == horizon
    assert len(queries) == 0
    horizon.end_year += 1
    horizon.save()
    assert horizon_for_year(horizon.end_year) == horizon
    assert horizon_for_year(1900) is None
