"""One way to show a value and the change from last year (reporting/display.py), and
the pages that show them agreeing."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import translation

from initiatives.models import Indicator
from reporting.display import (
    ValueParts,
    change_pct,
    change_text,
    field_text,
    input_text,
    number_text,
    typed_note,
    value_text,
)
from reporting.models import Report, Value
from reporting.validation import value_warnings
from tests.reporting.engine_data import accepted_last_year, open_report, value_put
from tests.reporting.form_support import form_url


def _indicator(value_type="integer", **fields) -> Indicator:
    defaults = {
        "code": "IND-T-01",
        "value_type": value_type,
        "decimal_places": 0 if value_type == "integer" else 2,
        "unit_zh": "",
        "unit_en": "",
    }
    return Indicator(**{**defaults, **fields})


def _entered(raw: str, **parsed) -> ValueParts:
    return ValueParts(status=Value.Status.ENTERED, raw=raw, **parsed)


# --- numbers ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (Decimal("1234.0000"), "1234"),
        (Decimal("12.5000"), "12.5"),
        (Decimal("1200"), "1200"),
        (Decimal("1E+3"), "1000"),
        (Decimal("-0.0000"), "0"),
        (Decimal("0.0001"), "0.0001"),
        (None, ""),
    ],
)
def test_a_number_shows_without_exponent_or_trailing_zeros(number, expected):
    assert number_text(number) == expected


def test_a_number_shows_grouped_or_with_fixed_decimals_on_request():
    assert number_text(Decimal("1234567.5000"), grouped=True) == "1,234,567.5"
    assert number_text(Decimal("1000.0000"), grouped=True) == "1,000"
    assert number_text(Decimal("-1234"), grouped=True) == "-1,234"
    assert number_text(Decimal("12.5000"), places=2) == "12.50"
    assert number_text(Decimal("12.125"), places=2) == "12.13"  # half up
    assert number_text(Decimal("1234.5"), places=2, grouped=True) == "1,234.50"


# --- values of each type ---------------------------------------------------------


def test_an_integer_shows_as_understood_with_its_unit_after_a_space():
    persons = _indicator(unit_zh="人", unit_en="persons")
    value = _entered("１，２３４", number=Decimal("1234.0000"))

    assert value_text(persons, value) == "1234"
    assert value_text(persons, value, grouped=True) == "1,234"
    assert value_text(persons, value, unit=True) == "1234 人"
    with translation.override("en"):
        assert value_text(persons, value, unit=True) == "1234 persons"


def test_a_decimal_shows_the_indicators_decimals_when_padded():
    money = _indicator("decimal", unit_zh="万元", unit_en="10k CNY")
    value = _entered("12.5", number=Decimal("12.5000"))

    assert value_text(money, value) == "12.5"
    assert value_text(money, value, padded=True, unit=True) == "12.50 万元"


def test_a_percentage_has_its_sign_glued():
    share = _indicator("percentage", unit_zh="%", unit_en="%")
    value = _entered("37.5%", number=Decimal("37.5"))

    assert value_text(share, value, unit=True) == "37.5%"
    assert value_text(share, value, unit=True, padded=True) == "37.50%"


def test_a_date_shows_in_one_format_in_both_languages():
    founded = _indicator("date")
    value = _entered("2024年3月1日", date_value=dt.date(2024, 3, 1))

    assert value_text(founded, value) == "2024-03-01"
    with translation.override("en"):
        assert value_text(founded, value) == "2024-03-01"


def test_a_yes_no_answer_shows_in_the_active_language():
    exists = _indicator("boolean")
    yes = _entered("有", bool_value=True)
    no = _entered("×", bool_value=False)

    with translation.override("zh-hans"):
        assert (value_text(exists, yes), value_text(exists, no)) == ("是", "否")
    with translation.override("en"):
        assert (value_text(exists, yes), value_text(exists, no)) == ("Yes", "No")


def test_not_applicable_and_blank_show_as_each_caller_needs():
    persons = _indicator(unit_zh="人")
    na = ValueParts(status=Value.Status.NOT_APPLICABLE, raw="")

    with translation.override("zh-hans"):
        assert value_text(persons, na, unit=True) == "不适用"
    with translation.override("en"):
        assert value_text(persons, na) == "Not applicable"
    assert value_text(persons, None) == ""
    assert value_text(persons, ValueParts(status=Value.Status.BLANK)) == ""
    assert value_text(persons, None, blank_text="Not entered") == "Not entered"


def test_a_value_not_understood_shows_as_typed_and_typed_shows_every_value_so():
    persons = _indicator(unit_zh="人")
    refused = _entered("12万", error_code="unit_typed")
    valid = _entered("１，２３４", number=Decimal(1234))

    assert value_text(persons, refused) == "12万"
    assert value_text(persons, refused, unit=True) == "12万 人"
    assert value_text(persons, valid, typed=True) == "１，２３４"


def test_a_year_is_never_grouped():
    target_year = _indicator(unit_zh="年", unit_en="year")
    persons = _indicator(unit_zh="人")

    assert value_text(target_year, Decimal(2050), grouped=True) == "2050"
    assert (
        value_text(
            target_year, _entered("２０５０", number=Decimal(2050)), grouped=True
        )
        == "2050"
    )
    assert value_text(persons, Decimal(2050), grouped=True) == "2,050"


def test_the_typed_text_is_noted_only_where_it_says_the_answer_otherwise():
    exists = _indicator("boolean")
    money = _indicator("decimal", unit_zh="万元")
    persons = _indicator(unit_zh="人")

    assert typed_note(exists, _entered(" Y ", bool_value=True)) == "Y"
    assert typed_note(
        money, _entered("８，９０４.４４", number=Decimal("8904.44"))
    ) == ("８，９０４.４４")
    for written_as_shown in ("1234", "1,234", "1234.00", "1,234.0"):
        assert typed_note(money, _entered(written_as_shown, number=Decimal(1234))) == ""
    assert typed_note(persons, _entered("12万", error_code="unit_typed")) == ""
    assert typed_note(persons, ValueParts(status=Value.Status.NOT_APPLICABLE)) == ""
    assert typed_note(persons, None) == ""


def test_a_bare_number_shows_like_a_value():
    money = _indicator("decimal", unit_zh="万元")

    assert value_text(money, Decimal("8.5000"), unit=True) == "8.5 万元"
    assert value_text(money, Decimal("1234.5"), grouped=True) == "1,234.5"


@pytest.mark.django_db
def test_the_input_shows_numbers_and_dates_as_understood_and_the_rest_as_typed():
    def stored(indicator_type, raw, **fields):
        fields.setdefault("status", Value.Status.ENTERED)
        return Value(raw=raw, **fields), _indicator(indicator_type)

    cases = [
        (stored("integer", "１，２３４", number=Decimal(1234)), "1234"),
        (stored("decimal", "12.5", number=Decimal("12.5")), "12.50"),
        (stored("date", "2024/3/1", date_value=dt.date(2024, 3, 1)), "2024-03-01"),
        (stored("boolean", "有", bool_value=True), "有"),
        (stored("integer", "12万", error_code="unit_typed"), "12万"),
        (stored("integer", "7", status=Value.Status.NOT_APPLICABLE), "7"),
    ]
    for (value, indicator), expected in cases:
        assert input_text(indicator, value) == expected
    assert input_text(_indicator(), None) == ""


def test_a_history_field_shows_choices_by_label_and_flags_as_yes_no():
    status = Value._meta.get_field("status")

    with translation.override("en"):
        assert field_text(status, "na") == "Not applicable"
        assert field_text(SimpleNamespace(choices=None), True) == "Yes"
    with translation.override("zh-hans"):
        assert field_text(SimpleNamespace(choices=None), False) == "否"
    assert field_text(SimpleNamespace(choices=None), "1，234") == "1，234"
    assert field_text(status, None) == ""


# --- the change from last year ----------------------------------------------------


@pytest.mark.parametrize(
    ("previous", "current", "pct", "text"),
    [
        ("100", "112.25", Decimal("12.3"), "+12.3"),  # half up, not 12.2
        ("100", "96", Decimal("-4.0"), "-4.0"),
        ("100", "100", Decimal("0.0"), "0.0"),
        ("100", "99.96", Decimal("0.0"), "0.0"),  # never "-0.0"
        ("-50", "-25", Decimal("50.0"), "+50.0"),  # a rise from a negative value
        ("-50", "-75", Decimal("-50.0"), "-50.0"),
        ("0", "5", None, ""),
        (None, "5", None, ""),
        ("5", None, None, ""),
    ],
)
def test_the_change_is_relative_to_the_previous_magnitude(previous, current, pct, text):
    previous = None if previous is None else Decimal(previous)
    current = None if current is None else Decimal(current)

    assert change_pct(previous, current) == pct
    assert change_text(previous, current) == text


def test_the_change_in_whole_percent_for_the_warnings():
    assert change_text(Decimal(100), Decimal("160.5"), places=0) == "+61"
    assert change_pct(Decimal(3), Decimal(4), places=None) > Decimal("33.33")


def test_the_warning_and_the_pages_agree_in_sign_from_a_negative_value():
    balance = SimpleNamespace(
        code="IND-T-01",
        action=SimpleNamespace(code="A1"),
        unit="",
        measure=Indicator.Measure.FLOW,
        change_threshold_pct=50,
    )

    with translation.override("en"):
        (issue,) = value_warnings(balance, Decimal(-10), Decimal(-50))

    assert issue.code == "change_beyond_threshold"
    assert "Changed by +80%" in issue.message
    assert change_text(Decimal(-50), Decimal(-10)) == "+80.0"


# --- the report page and the form show the same change ----------------------------


def _change_on_report_page(client, report: Report, code: str) -> str:
    html = client.get(f"/reports/{report.pk}/").content.decode()
    row = html.split(f'data-indicator="{code}"')[1].split("</tr>")[0]
    cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
    return cells[4].strip()  # value, unit, last year, change ...


def _change_on_form(client, report: Report, code: str) -> str:
    html = client.get(form_url(report, "A2")).content.decode()
    match = re.search(rf'data-testid="change-{code}">\(([^)]*)\)<', html)
    assert match, f"no change shown for {code}"
    return match.group(1)


@pytest.mark.parametrize(
    ("previous", "current", "shown"),
    [("100", "112.25", "+12.3%"), ("-50", "-25", "+50.0%")],
)
def test_the_report_page_and_the_form_show_the_same_change(
    reporter_client, university, previous, current, shown
):
    Indicator.objects.filter(code="IND-A2-02").update(min_value=None)
    report = open_report(university, year=2025)
    accepted_last_year(report, {"IND-A2-02": previous})
    value_put(report, "IND-A2-02", current)

    assert _change_on_report_page(reporter_client, report, "IND-A2-02") == shown
    assert _change_on_form(reporter_client, report, "IND-A2-02") == shown
