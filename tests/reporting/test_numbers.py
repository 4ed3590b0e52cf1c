"""Numbers as Chinese reporters type them: understood, or refused with the reason."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import translation

from reporting.numbers import (
    NumberError,
    ParsedValue,
    error_message,
    parse_number,
    parse_value,
)

UNDERSTOOD = [
    ("1234", "1234"),
    ("１，２３４", "1234"),
    ("１２３４", "1234"),
    ("1,234", "1234"),
    ("1，234", "1234"),
    ("1,234.5", "1234.5"),
    ("1,234,567.5", "1234567.5"),
    ("１，２３４，５６７．５", "1234567.5"),
    (" 12 ", "12"),
    ("\u300012\u3000", "12"),
    ("\t12\n", "12"),
    ("１２．５", "12.5"),
    ("12.5", "12.5"),
    ("0.5", "0.5"),
    (".5", "0.5"),
    ("0", "0"),
    ("007", "7"),
    ("-3", "-3"),
    ("－３", "-3"),
    ("+3", "3"),
    ("＋３", "3"),
    ("-1,234.25", "-1234.25"),
    ("123", "123"),
    ("999,999", "999999"),
]

REFUSED = [
    ("", "empty"),
    ("   ", "empty"),
    ("\u3000", "empty"),
    ("12万元", "unit_typed"),
    ("12 元", "unit_typed"),
    ("１２万", "unit_typed"),
    ("12个", "unit_typed"),
    ("12%", "unit_typed"),
    ("12 kWh", "unit_typed"),
    ("3.5tCO2e", "unit_typed"),
    ("¥12", "unit_typed"),
    ("￥1,200", "unit_typed"),
    ("无", "placeholder"),
    ("/", "placeholder"),
    ("／", "placeholder"),
    ("—", "placeholder"),
    ("——", "placeholder"),
    ("-", "placeholder"),
    ("－", "placeholder"),
    ("N/A", "placeholder"),
    ("n/a", "placeholder"),
    ("Ｎ／Ａ", "placeholder"),
    ("暂无", "placeholder"),
    ("abc", "not_a_number"),
    ("12,34", "not_a_number"),
    ("1,2345", "not_a_number"),
    ("1234,567", "not_a_number"),
    ("1,234.5,6", "not_a_number"),
    ("1e5", "not_a_number"),
    ("1E-3", "not_a_number"),
    ("12.5.3", "not_a_number"),
    ("1 234", "not_a_number"),
    ("--3", "not_a_number"),
    ("约12", "not_a_number"),
    ("12,", "not_a_number"),
]


@pytest.mark.parametrize(("typed", "expected"), UNDERSTOOD)
def test_numbers_are_understood(typed, expected):
    assert parse_number(typed) == Decimal(expected)


@pytest.mark.parametrize(("typed", "code"), REFUSED)
def test_refused_input_says_why(typed, code):
    with pytest.raises(NumberError) as refused:
        parse_number(typed)

    assert refused.value.code == code


@pytest.mark.parametrize(
    ("typed", "places", "ok"),
    [
        ("12.34", 2, True),
        ("12.345", 2, False),
        ("１２．３４５", 2, False),
        ("12.50", 1, True),  # a trailing zero carries nothing
        ("12.5", 0, False),
        ("12", 0, True),
        ("1234.5678", 4, True),
    ],
)
def test_decimal_places(typed, places, ok):
    if ok:
        assert parse_number(typed, decimal_places=places) == Decimal(typed.strip())
        return
    with pytest.raises(NumberError) as refused:
        parse_number(typed, decimal_places=places)

    assert refused.value.code == "too_many_decimals"
    assert refused.value.decimal_places == places


@pytest.mark.parametrize("typed", ["45.5%", "45.5 %", "４５．５％", "45.5"])
def test_percentages_accept_a_trailing_percent_sign(typed):
    assert parse_number(typed, percent=True) == Decimal("45.5")


def _indicator(value_type="integer", **fields):
    defaults = {
        "value_type": value_type,
        "decimal_places": 0 if value_type == "integer" else 2,
        "min_value": Decimal(0),
        "max_value": None,
        "unit": "",
    }
    return SimpleNamespace(**{**defaults, **fields})


@pytest.mark.parametrize(
    ("indicator", "raw", "expected"),
    [
        (_indicator(), "１，２３４", ParsedValue(number=Decimal(1234))),
        (_indicator(), "12.0", ParsedValue(number=Decimal(12))),
        (_indicator(), "12.5", ParsedValue(error_code="not_integer")),
        (_indicator(), "-3", ParsedValue(error_code="below_min")),
        (_indicator(), "abc", ParsedValue(error_code="not_a_number")),
        (_indicator(), "", ParsedValue(error_code="empty")),
        (_indicator(), "12345678901234567", ParsedValue(error_code="too_large")),
        (_indicator("decimal"), "1,234.56", ParsedValue(number=Decimal("1234.56"))),
        (_indicator("decimal"), "1.234", ParsedValue(error_code="too_many_decimals")),
        (_indicator("decimal"), "12万元", ParsedValue(error_code="unit_typed")),
        (
            _indicator("percentage", max_value=Decimal(100)),
            "４５．５％",
            ParsedValue(number=Decimal("45.5")),
        ),
        (
            _indicator("percentage", max_value=Decimal(100)),
            "120%",
            ParsedValue(error_code="above_max"),
        ),
        (_indicator("integer", min_value=None), "-3", ParsedValue(number=-3)),
        (_indicator("boolean"), "是", ParsedValue(bool_value=True)),
        (_indicator("boolean"), "有", ParsedValue(bool_value=True)),
        (_indicator("boolean"), "Yes", ParsedValue(bool_value=True)),
        (_indicator("boolean"), "１", ParsedValue(bool_value=True)),
        (_indicator("boolean"), "否", ParsedValue(bool_value=False)),
        (_indicator("boolean"), "无", ParsedValue(bool_value=False)),
        (_indicator("boolean"), "no", ParsedValue(bool_value=False)),
        (_indicator("boolean"), "0", ParsedValue(bool_value=False)),
        (_indicator("boolean"), "maybe", ParsedValue(error_code="not_yes_no")),
        (_indicator("date"), "2024-03-01", ParsedValue(date_value=dt.date(2024, 3, 1))),
        (_indicator("date"), "2024/3/1", ParsedValue(date_value=dt.date(2024, 3, 1))),
        (
            _indicator("date"),
            "2024年3月1日",
            ParsedValue(date_value=dt.date(2024, 3, 1)),
        ),
        (
            _indicator("date"),
            "２０２４年３月１日",
            ParsedValue(date_value=dt.date(2024, 3, 1)),
        ),
        (_indicator("date"), "2024-02-30", ParsedValue(error_code="bad_date")),
        (_indicator("date"), "March 2024", ParsedValue(error_code="bad_date")),
        (_indicator("date"), "无", ParsedValue(error_code="placeholder")),
    ],
)
def test_parse_value_by_type(indicator, raw, expected):
    assert parse_value(indicator, raw) == expected


def test_messages_in_chinese_by_default():
    money = _indicator("decimal", unit="万元")

    assert error_message("unit_typed", money) == (
        "请只填写数字，不要带单位；本项单位为万元。"
    )
    assert error_message("not_a_number") == "请填写数字，例如 1234 或 1,234.5。"
    assert error_message("too_many_decimals", money) == "最多保留2位小数。"


def test_messages_in_english_under_english():
    money = _indicator("decimal", unit="10k CNY")

    with translation.override("en"):
        assert error_message("unit_typed", money) == (
            "Type a number without the unit; the unit is 10k CNY."
        )
        assert error_message("too_many_decimals", money) == (
            "Type at most 2 decimal places."
        )
        assert error_message("above_max", _indicator(max_value=Decimal(100))) == (
            "The value cannot be above 100."
        )
        assert error_message("below_min", _indicator()) == (
            "The value cannot be negative."
        )


@pytest.mark.parametrize(
    "code",
    [
        "empty",
        "not_a_number",
        "unit_typed",
        "placeholder",
        "too_many_decimals",
        "not_integer",
        "below_min",
        "above_max",
        "too_large",
        "not_yes_no",
        "bad_date",
    ],
)
def test_every_code_has_its_own_translated_message(code):
    generic = error_message("no_such_code")
    message = error_message(code, _indicator("decimal", unit="万元"))

    assert message != generic
    with translation.override("en"):
        assert error_message(code, _indicator("decimal", unit="x")) != message
