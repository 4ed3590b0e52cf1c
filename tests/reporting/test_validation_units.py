"""The unit-slip warning speaks of the indicator's own unit: 千元/万元 for money only,
a digit too many for a count of colleges, tonnes for emissions (issue 11)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from initiatives.models import Indicator
from reporting.validation import value_warnings
from reporting.validation_units import unit_kind

pytestmark = pytest.mark.django_db


def _message(code: str, number: str, previous: str) -> str:
    indicator = Indicator.objects.select_related("action").get(code=code)
    [warning] = value_warnings(indicator, Decimal(number), Decimal(previous))
    assert warning.code == "jump_tenfold"
    return warning.message


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("IND-A2-02", "money"),  # 万元
        ("IND-A1-01", "count"),  # 个 (programmes)
        ("IND-A1-03", "people"),  # 人
        ("IND-O3-09", "count"),  # 人次 (person-times)
        ("IND-O3-01", "mass"),  # tCO2e
        ("IND-O3-04", "energy"),  # kgce/m²
        ("IND-O3-05", "energy"),  # kW
        ("IND-O3-07", "percent"),
        ("IND-O1-05", "other"),  # a target year
    ],
)
def test_the_kind_of_unit_is_read_from_the_indicator(code, kind):
    assert unit_kind(Indicator.objects.get(code=code)) == kind


def test_money_keeps_the_thousand_or_ten_thousand_yuan_question():
    assert _message("IND-A2-02", "1205", "120.5") == (
        "达到上年数值（120.5 万元）的10倍或以上，请核实单位（千元还是万元？）。"
    )


def test_a_count_of_colleges_asks_about_digits_not_yuan():
    colleges = Indicator.objects.filter(unit_en="colleges").first()
    assert colleges is not None
    message = _message(colleges.code, "30", "3")

    assert "元" not in message
    assert message == (
        "达到上年数值（3 个）的10倍或以上，请核实是否多填或漏填了位数（单位：个）。"
    )
    with translation.override("en"):
        english = _message(colleges.code, "30", "3")
    assert english == (
        "Ten times last year's value (3 colleges) or more: check for a digit too "
        "many or too few (counted in colleges)."
    )


@pytest.mark.parametrize(
    ("code", "number", "previous", "expected"),
    [
        (
            "IND-A1-03",
            "900",
            "90",
            "达到上年数值（90 人）的10倍或以上，请核实是否多填或漏填了位数，"
            "且每人只计一次（不按人次计）。",
        ),
        (
            "IND-O3-01",
            "12",
            "1200",
            "仅为上年数值（1200 tCO2e）的十分之一或以下，"
            "请核实单位（吨，而非千克或万吨？）。",
        ),
        (
            "IND-O3-07",
            "0.5",
            "40",
            "仅为上年数值（40%）的十分之一或以下，"
            "请核实是否按百分数填写（50% 填 50，而非 0.5）。",
        ),
        (
            "IND-O3-05",
            "5000",
            "5",
            "达到上年数值（5 kW）的10倍或以上，"
            "请核实单位（应为 kW，是否与相差千倍的单位混淆，如 kW 与 MW？）。",
        ),
    ],
)
def test_each_unit_gets_its_own_question(code, number, previous, expected):
    assert _message(code, number, previous) == expected
