"""The shipped catalogue (initiatives/data/indicators_*.json), as loaded by migration."""

from __future__ import annotations

import json

import pytest

from initiatives.catalogue import indicator_paths
from initiatives.models import Indicator

pytestmark = pytest.mark.django_db

CATALOGUE_CODES = sorted(
    obj["code"]
    for path in indicator_paths()
    for obj in json.loads(path.read_text(encoding="utf-8"))
)


def test_the_catalogue_is_loaded():
    if not CATALOGUE_CODES:
        pytest.skip("no initiatives/data/indicators_*.json yet")
    loaded = set(Indicator.objects.values_list("code", flat=True))

    assert set(CATALOGUE_CODES) <= loaded
    assert len(set(CATALOGUE_CODES)) == len(CATALOGUE_CODES)


@pytest.mark.parametrize("code", CATALOGUE_CODES)
def test_catalogue_indicator_is_complete(code):
    indicator = Indicator.objects.select_related("action", "task__action").get(
        code=code
    )

    assert indicator.name_zh.strip() and indicator.name_en.strip()
    assert indicator.definition_zh.strip() and indicator.definition_en.strip()
    if indicator.value_type in ("integer", "percentage"):
        assert indicator.unit_zh.strip() and indicator.unit_en.strip()
    assert code.startswith(f"IND-{indicator.action.code}-")
    if indicator.task:
        assert indicator.task.action == indicator.action
    if indicator.value_type == "percentage":
        assert indicator.aggregation != "sum"
    if indicator.value_type == "date":
        assert indicator.aggregation in ("none", "max")
