"""Understanding values as Chinese reporters type them.

Full-width digits, signs, thousands separators and decimal points, and full-width
spaces, are read as their ASCII forms; a unit typed into a number ("12" followed by
the characters for ten thousand yuan), a placeholder such as "none" or "/", and a
number in scientific notation are refused with their own error codes, so that the
form can say exactly what to change. The Chinese words the form accepts (yes/no words,
placeholders, date patterns) are data, kept in reporting/data/input_words.json.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .display import number_text

INPUT_WORDS = Path(__file__).resolve().parent / "data" / "input_words.json"

# Full-width ASCII variants (U+FF01-U+FF5E) sit at a fixed offset from ASCII.
_ASCII_FORMS = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_ASCII_FORMS.update(
    {
        0x3000: ord(" "),  # ideographic space
        0x00A0: ord(" "),  # no-break space
        0x2212: ord("-"),  # minus sign
        0xFE63: ord("-"),  # small hyphen-minus
    }
)

# The largest magnitude Value.number (max_digits=20, decimal_places=4) can hold.
NUMBER_LIMIT = Decimal(10) ** 16
STORED_DECIMAL_PLACES = 4

_PLAIN = r"(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"
_GROUPED = r"(?:[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?)"
_NUMBER = re.compile(rf"(?P<sign>[+-]?)(?P<body>{_GROUPED}|{_PLAIN})", re.ASCII)
_EXPONENT = re.compile(r"[eE][+-]?[0-9]+", re.ASCII)


class NumberError(ValueError):
    """A value that is not understood; `code` says why (see error_message)."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params
        self.decimal_places = params.get("decimal_places")


@dataclass(frozen=True)
class ParsedValue:
    """What a typed value means for its indicator; error_code is "" when valid."""

    number: Decimal | None = None
    date_value: dt.date | None = None
    bool_value: bool | None = None
    error_code: str = ""

    @property
    def valid(self) -> bool:
        return not self.error_code


def ascii_forms(text: str) -> str:
    """The text with full-width characters and odd spaces turned into ASCII."""
    return text.translate(_ASCII_FORMS)


@functools.cache
def input_words() -> dict:
    """The accepted words, normalized the way typed input is before comparing."""
    with INPUT_WORDS.open(encoding="utf-8") as handle:
        data = json.load(handle)

    def words(key: str) -> frozenset[str]:
        return frozenset(ascii_forms(word).strip().casefold() for word in data[key])

    return {
        "placeholders": words("placeholders"),
        "true": words("boolean_true"),
        "false": words("boolean_false"),
        "currency": tuple(sorted(words("currency_prefixes"), key=len, reverse=True)),
        "dates": tuple(re.compile(p, re.ASCII) for p in data["date_patterns"]),
    }


def _decimals(number: Decimal) -> int:
    """Decimal places that carry information: 12.50 has one."""
    exponent = number.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _is_unit(rest: str) -> bool:
    """Whether text after a number looks like a unit (yuan, %, kWh, tCO2e)."""
    if not rest or _EXPONENT.fullmatch(rest):
        return False
    first = rest[0]
    return first == "%" or unicodedata.category(first)[0] in ("L", "S")


def parse_number(
    text: str, *, decimal_places: int | None = None, percent: bool = False
) -> Decimal:
    """The number in `text`, or NumberError with a code saying what is wrong.

    Thousands separators are accepted only in correct groups of three (1,234 and
    1,234,567.5, not 12,34). With `percent`, a trailing % is allowed; otherwise a
    trailing % is a unit. With `decimal_places`, more decimals than that are refused
    (trailing zeros do not count).
    """
    value = ascii_forms(text or "").strip()
    if not value:
        raise NumberError("empty")
    words = input_words()
    if value.casefold() in words["placeholders"]:
        raise NumberError("placeholder")
    if percent and value.endswith("%"):
        value = value[:-1].rstrip()
    match = _NUMBER.fullmatch(value)
    if match is None:
        raise NumberError(_refusal_code(value, words))
    try:
        number = Decimal(match["sign"] + match["body"].replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - the pattern forbids it
        raise NumberError("not_a_number") from exc
    if decimal_places is not None and _decimals(number) > decimal_places:
        raise NumberError("too_many_decimals", decimal_places=decimal_places)
    return number


def _refusal_code(value: str, words: dict) -> str:
    """Why a text that is not a plain number was refused: a unit, or not a number."""
    lowered = value.casefold()
    for prefix in words["currency"]:
        if lowered.startswith(prefix):
            if _NUMBER.fullmatch(value[len(prefix) :].strip()):
                return "unit_typed"
            return "not_a_number"
    match = _NUMBER.match(value)
    if match and _is_unit(value[match.end() :].strip()):
        return "unit_typed"
    return "not_a_number"


def _parse_bool(raw: str) -> bool:
    value = ascii_forms(raw or "").strip().casefold()
    if not value:
        raise NumberError("empty")
    words = input_words()
    if value in words["true"]:
        return True
    if value in words["false"]:
        return False
    raise NumberError("not_yes_no")


def _parse_date(raw: str) -> dt.date:
    value = ascii_forms(raw or "").strip()
    if not value:
        raise NumberError("empty")
    words = input_words()
    if value.casefold() in words["placeholders"]:
        raise NumberError("placeholder")
    for pattern in words["dates"]:
        match = pattern.fullmatch(value)
        if match:
            try:
                return dt.date(
                    int(match["year"]), int(match["month"]), int(match["day"])
                )
            except ValueError as exc:
                raise NumberError("bad_date") from exc
    raise NumberError("bad_date")


def _check_bounds(indicator, number: Decimal) -> None:
    if abs(number) >= NUMBER_LIMIT:
        raise NumberError("too_large")
    if indicator.min_value is not None and number < indicator.min_value:
        raise NumberError("below_min")
    if indicator.max_value is not None and number > indicator.max_value:
        raise NumberError("above_max")


def parse_value(indicator, raw: str) -> ParsedValue:
    """What `raw` means for the indicator's value type (integer/decimal/percentage/
    boolean/date), with the error code when it is not valid ("empty" for no input)."""
    kind = indicator.value_type
    try:
        if kind == "boolean":
            return ParsedValue(bool_value=_parse_bool(raw))
        if kind == "date":
            return ParsedValue(date_value=_parse_date(raw))
        if kind == "integer":
            number = parse_number(raw)
            if number != number.to_integral_value():
                raise NumberError("not_integer")
        else:
            places = min(indicator.decimal_places, STORED_DECIMAL_PLACES)
            number = parse_number(
                raw, decimal_places=places, percent=kind == "percentage"
            )
        _check_bounds(indicator, number)
    except NumberError as exc:
        return ParsedValue(error_code=exc.code)
    return ParsedValue(number=number)


def _unit(indicator) -> str:
    return indicator.unit if indicator is not None else ""


def error_message(code: str, indicator=None) -> str:
    """The message for an error code, in the active language, citing the indicator's
    unit, bounds or decimal places where that helps."""
    if code == "unit_typed":
        unit = _unit(indicator)
        if unit:
            return _("Type a number without the unit; the unit is %(unit)s.") % {
                "unit": unit
            }
        return _("Type a number without a unit.")
    if code == "too_many_decimals":
        places = indicator.decimal_places if indicator is not None else 0
        if places == 0:
            return _("Type a whole number.")
        return ngettext(
            "Type at most %(places)d decimal place.",
            "Type at most %(places)d decimal places.",
            places,
        ) % {"places": places}
    if code == "below_min":
        minimum = indicator.min_value if indicator is not None else None
        if minimum is None or minimum == 0:
            return _("The value cannot be negative.")
        return _("The value cannot be below %(min)s.") % {"min": number_text(minimum)}
    if code == "above_max":
        maximum = indicator.max_value if indicator is not None else None
        if maximum is None:
            return _("The value is too large.")
        return _("The value cannot be above %(max)s.") % {"max": number_text(maximum)}
    messages = {
        "empty": _("Type a value."),
        "not_a_number": _("Type a number, for example 1234 or 1,234.5."),
        "placeholder": _(
            "Leave the field empty if nothing is entered yet, type 0 for zero, "
            "or mark it not applicable."
        ),
        "not_integer": _("Type a whole number."),
        "too_large": _("The value is too large."),
        "not_yes_no": _("Type yes or no."),
        "bad_date": _("Type a date such as 2024-03-01."),
    }
    return messages.get(code, _("This value is not valid."))
