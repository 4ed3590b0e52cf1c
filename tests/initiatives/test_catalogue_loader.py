"""The indicator loader: a bad catalogue file stops with a message naming file and code."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from initiatives.catalogue import (
    CatalogueError,
    load_indicators,
    unload_indicators,
    validate_indicator,
)
from initiatives.models import Indicator

pytestmark = pytest.mark.django_db


def entry(**overrides) -> dict:
    base = {
        "code": "IND-A1-90",
        "action": "A1",
        "task": "A1.5",
        "order": 90,
        "name_zh": "碳中和相关本科专业点数",
        "name_en": "Carbon-neutrality undergraduate majors",
        "unit_zh": "个",
        "unit_en": "majors",
        "value_type": "integer",
        "measure": "stock",
        "aggregation": "sum",
        "time_type": "point",
        "point_in_time_zh": "12月31日",
        "point_in_time_en": "31 December",
        "min_value": 0,
        "max_value": None,
        "decimal_places": 0,
        "applies_bachelor": True,
        "applies_associate": False,
        "applies_adult": False,
        "definition_zh": "年末在招的碳中和相关本科专业点。",
        "definition_en": "Carbon-neutrality majors enrolling at year end.",
    }
    return {**base, **overrides}


def write(tmp_path, name: str, entries: list) -> object:
    path = tmp_path / name
    path.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_good_file_loads_and_unloads(tmp_path):
    path = write(
        tmp_path,
        "indicators_test.json",
        [entry(), entry(code="IND-O2-90", action="O2", task=None, min_value="0.5")],
    )

    assert load_indicators(apps, [path]) == 2

    loaded = Indicator.objects.get(code="IND-A1-90")
    assert loaded.task.code == "A1.5" and loaded.action.code == "A1"
    assert loaded.change_threshold_pct == 50  # the default when a file omits it
    assert str(Indicator.objects.get(code="IND-O2-90").min_value) == "0.5000"
    # Loading again updates in place.
    path.write_text(json.dumps([entry(name_en="Renamed")]), encoding="utf-8")
    assert load_indicators(apps, [path]) == 1
    assert Indicator.objects.get(code="IND-A1-90").name_en == "Renamed"

    unload_indicators(apps, [path])
    assert not Indicator.objects.filter(code="IND-A1-90").exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"code": "IND-A1-1"}, "bad code 'IND-A1-1'"),
        ({"code": "A1.1"}, "bad code 'A1.1'"),
        ({"code": "IND-A9-01", "action": "A9", "task": None}, "unknown action 'A9'"),
        ({"code": "IND-A2-90"}, "does not belong to action 'A1'"),
        ({"value_type": "float"}, "bad value_type 'float'"),
        ({"measure": "both"}, "bad measure 'both'"),
        ({"task": "A2.1"}, "task 'A2.1' is not a task of action 'A1'"),
        ({"task": "A1.9"}, "unknown task 'A1.9'"),
        ({"colour": "green"}, "unknown keys colour"),
        ({"definition_en": " "}, "definition_en is empty"),
        ({"applies_adult": "yes"}, "applies_adult must be true or false"),
        ({"min_value": 10, "max_value": 1}, "min_value is greater than max_value"),
        ({"point_in_time_zh": ""}, "needs point_in_time_zh"),
        ({"unit_zh": "x" * 21}, "unit_zh is longer than 20"),
        ({"unit_zh": ""}, "a count needs unit_zh"),
        ({"value_type": "percentage"}, "a percentage cannot be aggregated by sum"),
        ({"value_type": "date", "aggregation": "mean"}, "a date cannot be aggregated"),
    ],
)
def test_a_bad_entry_is_rejected_naming_file_and_code(tmp_path, overrides, message):
    path = write(tmp_path, "indicators_bad.json", [entry(**overrides)])

    with pytest.raises(CatalogueError) as error:
        load_indicators(apps, [path])

    text = str(error.value)
    assert "indicators_bad.json" in text
    assert f"{overrides.get('code', 'IND-A1-90')}:" in text
    assert message in text
    assert not Indicator.objects.filter(code__endswith="-90").exists()


def test_missing_keys_are_named():
    partial = entry()
    del partial["value_type"], partial["name_en"]

    with pytest.raises(CatalogueError, match="IND-A1-90: missing keys name_en, value"):
        validate_indicator(partial)


def test_duplicate_codes_across_files_are_rejected(tmp_path):
    first = write(tmp_path, "indicators_a.json", [entry()])
    second = write(tmp_path, "indicators_b.json", [entry(name_en="Again")])

    with pytest.raises(CatalogueError) as error:
        load_indicators(apps, [first, second])

    assert (
        "indicators_b.json: IND-A1-90: duplicate code (also in indicators_a.json)"
        in (str(error.value))
    )
    assert not Indicator.objects.filter(code="IND-A1-90").exists()


def test_every_problem_is_listed_and_nothing_is_loaded(tmp_path):
    path = write(
        tmp_path,
        "indicators_bad.json",
        [entry(), entry(code="IND-A1-91", value_type="float"), {"code": "IND-A1-92"}],
    )

    with pytest.raises(CatalogueError) as error:
        load_indicators(apps, [path])

    text = str(error.value)
    assert "IND-A1-91: bad value_type" in text
    assert "IND-A1-92: missing keys" in text
    assert not Indicator.objects.filter(code="IND-A1-90").exists()


def test_a_file_that_is_not_a_list_is_rejected(tmp_path):
    path = tmp_path / "indicators_broken.json"
    path.write_text('{"code": "IND-A1-90"', encoding="utf-8")

    with pytest.raises(CatalogueError, match="indicators_broken.json: cannot be read"):
        load_indicators(apps, [path])


def test_command_loads_and_checks_files(tmp_path):
    good = write(tmp_path, "indicators_good.json", [entry()])
    bad = write(tmp_path, "indicators_bad.json", [entry(code="IND-A1-9")])
    out = StringIO()

    call_command("load_indicators", str(good), "--check", stdout=out)
    assert "1 indicators, no errors." in out.getvalue()
    assert not Indicator.objects.filter(code="IND-A1-90").exists()

    call_command("load_indicators", str(good), stdout=out)
    assert Indicator.objects.filter(code="IND-A1-90").exists()

    with pytest.raises(CommandError, match="indicators_bad.json: IND-A1-9: bad code"):
        call_command("load_indicators", str(bad), stdout=out)


def test_command_check_knows_the_plan(tmp_path):
    path = write(tmp_path, "indicators_x.json", [entry(task="A1.9")])

    with pytest.raises(CommandError, match="IND-A1-90: unknown task 'A1.9'"):
        call_command("load_indicators", str(path), "--check", stdout=StringIO())
