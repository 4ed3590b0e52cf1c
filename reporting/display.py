"""How a stored value is shown, and the change from last year, in one place.

Every page, the print view and the warnings show a value through `value_text` (and
the numbers around it through `number_text`), and the year-on-year change through
`change_pct` / `change_text`, so that the report page, the form, the sign-off page
and later the API, the XLSX and the PDF say the same thing for the same data.

Both languages write numbers alike (1,234.5; a year never grouped: 2050) and dates in
one format (2024-03-01); what differs per language (Yes/No, "Not applicable", "Not
entered") goes through gettext, in the active language. The text as typed stays
available where a reviewer needs it (history, conflicts, comment targets) through
`typed=True`, or beside the normalised answer through `typed_note`.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Value

# The decimals Value.number stores; no indicator is shown with more.
STORED_DECIMAL_PLACES = Value._meta.get_field("number").decimal_places
CHANGE_PLACES = 1
PADDED_TYPES = ("decimal", "percentage")
# English units that make a number a calendar year (a target year): 2050, never
# "2,050". Every indicator has its unit in English too.
YEAR_UNITS = ("year", "years")
# The characters of a number written as the pages write it.
PLAIN_NUMBER_CHARS = "0123456789,.-+% "


@dataclass(frozen=True)
class ValueParts:
    """A value's stored fields without the row: a history record, or a section's
    input before it is saved."""

    status: str = Value.Status.ENTERED
    raw: str = ""
    number: Decimal | None = None
    date_value: dt.date | None = None
    bool_value: bool | None = None
    error_code: str = ""

    @classmethod
    def of(cls, fields: Mapping) -> ValueParts:
        """The parts among `fields` (a history record, a section save's input);
        missing ones keep their defaults."""
        names = cls.__dataclass_fields__
        return cls(**{name: fields[name] for name in names if name in fields})


def number_text(
    number: Decimal | None, *, places: int | None = None, grouped: bool = False
) -> str:
    """A number as people write it: no exponent, no trailing zeros ("1234", "12.5"),
    or exactly `places` decimals ("12.50"); with `grouped`, thousands separated
    ("1,234.5"). None is ""."""
    if number is None:
        return ""
    if places is not None:
        shown = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    else:
        shown = number.normalize()
        if shown == shown.to_integral_value():
            shown = shown.quantize(Decimal(1))  # 1E+3 is 1000
    if shown.is_zero():
        shown = abs(shown)  # never "-0"
    return format(shown, ",f" if grouped else "f")


def date_text(date: dt.date | None) -> str:
    """A date in the one format both languages use: 2024-03-01."""
    return date.isoformat() if date is not None else ""


def deadline_day(deadline: dt.date | dt.datetime) -> dt.date:
    """The Beijing day of a deadline (a period's moment, or a reopening's day)."""
    if isinstance(deadline, dt.datetime):
        return timezone.localdate(deadline)
    return deadline


def deadline_text(deadline: dt.date | dt.datetime) -> str:
    """A deadline as every page shows it: 2025-03-31 17:00 (Beijing), or the day
    alone for a reopening, which runs to the end of its day."""
    if isinstance(deadline, dt.datetime):
        return timezone.localtime(deadline).strftime("%Y-%m-%d %H:%M")
    return date_text(deadline)


def days_left_text(
    deadline: dt.date | dt.datetime, *, now: dt.datetime | None = None
) -> str:
    """Whole days to a deadline, counted in Beijing dates: "19 days left", "Due
    today" (or "Deadline passed today" once its hour is past), "3 days overdue";
    never "2 weeks, 5 days"."""
    now = now or timezone.now()
    days = (deadline_day(deadline) - timezone.localdate(now)).days
    if days > 0:
        return ngettext("%(days)d day left", "%(days)d days left", days) % {
            "days": days
        }
    if days == 0:
        if isinstance(deadline, dt.datetime) and deadline < now:
            return str(_("Deadline passed today"))
        return str(_("Due today"))
    return ngettext("%(days)d day overdue", "%(days)d days overdue", -days) % {
        "days": -days
    }


def yes_no_text(answer: bool | None) -> str:
    """A yes/no answer in the active language."""
    if answer is None:
        return ""
    return str(_("Yes") if answer else _("No"))


@functools.cache
def answer_words() -> tuple[str, str]:
    """The words a yes/no answer is stored as when chosen on the form: the first
    word the form accepts for yes and for no (in reporting/data/input_words.json)."""
    from .numbers import INPUT_WORDS  # numbers shows its bounds through this module

    words = json.loads(INPUT_WORDS.read_text(encoding="utf-8"))
    return words["boolean_true"][0], words["boolean_false"][0]


def decimal_places(indicator) -> int | None:
    """The decimals a decimal or percentage indicator is shown with, or None for
    other indicators (shown without trailing zeros)."""
    if indicator.value_type in PADDED_TYPES and indicator.decimal_places:
        return min(indicator.decimal_places, STORED_DECIMAL_PLACES)
    return None


def with_unit(text: str, indicator) -> str:
    """The text followed by the indicator's unit: "%" glued, other units after a
    space."""
    unit = indicator.unit if indicator is not None else ""
    if not unit or not text:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def is_year(indicator) -> bool:
    """Whether the indicator's numbers are years, which are never grouped."""
    if indicator is None:
        return False
    return (getattr(indicator, "unit_en", "") or "").strip().lower() in YEAR_UNITS


def _understood(indicator, value, *, padded: bool, grouped: bool) -> str | None:
    """A valid value as the portal understood it, or None when it has nothing to
    show but what was typed."""
    if value.error_code:
        return None
    places = decimal_places(indicator) if padded else None
    if value.number is not None:
        grouped = grouped and not is_year(indicator)
        return number_text(value.number, places=places, grouped=grouped)
    if value.date_value is not None:
        return date_text(value.date_value)
    if value.bool_value is not None:
        return yes_no_text(value.bool_value)
    return None


def value_text(
    indicator,
    value: Value | ValueParts | Decimal | None,
    *,
    grouped: bool = False,
    unit: bool = False,
    padded: bool = False,
    typed: bool = False,
    blank_text: str = "",
) -> str:
    """What a value of `indicator` shows: a number (without trailing zeros, or with
    the indicator's decimals if `padded`; `grouped` in thousands), a date, Yes/No,
    "Not applicable", or `blank_text` when nothing is entered.

    `value` is a Value, its fields (`ValueParts`), or a bare number (a target, last
    year's figure). A value that is not understood shows as typed; with `typed`,
    every entered value does, as a reviewer comparing inputs needs. With `unit`,
    the indicator's unit follows an entered value.
    """
    if isinstance(value, Decimal):
        value = ValueParts(number=value)
    if value is None or value.status == Value.Status.BLANK:
        return blank_text
    if value.status == Value.Status.NOT_APPLICABLE:
        return str(Value.Status.NOT_APPLICABLE.label)
    text = None
    if not typed:
        text = _understood(indicator, value, padded=padded, grouped=grouped)
    if text is None:
        text = value.raw
    return with_unit(text, indicator) if unit else text


def typed_note(indicator, value: Value | ValueParts | None) -> str:
    """The text as typed, for a note beside the normalised answer ("as typed: Y"),
    when it says the answer otherwise than the pages do; "" when it is a number
    written as the pages write numbers (with or without separators or decimals), or
    when nothing understood is entered (the value then shows as typed anyway)."""
    if value is None or value.status != Value.Status.ENTERED:
        return ""
    typed = value.raw.strip()
    if not typed or value.error_code:
        return ""
    if value.number is not None:
        # 1234, 1,234.0 or 37.5% are the number as shown; full-width digits are not.
        return typed if set(typed) - set(PLAIN_NUMBER_CHARS) else ""
    if value.bool_value is not None and typed in answer_words():
        return ""  # chosen on the form
    return "" if typed == value_text(indicator, value) else typed


def input_text(indicator, value: Value | None) -> str:
    """What the form's input shows for a stored value: a valid number or date as
    understood (1234 for full-width digits and separators, with the indicator's
    decimals), anything else as typed, so that saving it again changes nothing."""
    if value is None:
        return ""
    if value.status == Value.Status.ENTERED and value.bool_value is None:
        text = _understood(indicator, value, padded=True, grouped=False)
        if text is not None:
            return text
    return value.raw


def field_text(model_field, stored) -> str:
    """A stored field of a history record: a choice by its label, a flag as Yes/No,
    anything else (text as typed) as it is."""
    if stored is None:
        return ""
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(stored, stored))
    if isinstance(stored, bool):
        return yes_no_text(stored)
    return str(stored)


def change_pct(
    previous: Decimal | None,
    current: Decimal | None,
    *,
    places: int | None = CHANGE_PLACES,
) -> Decimal | None:
    """The change from `previous` to `current` in percent of the previous value's
    magnitude, so that a rise is positive even from a negative value (-50 to -25 is
    +50.0). Rounded half up to `places` decimals (None: not rounded). None when
    either is missing or the previous value is zero."""
    if previous is None or current is None or previous == 0:
        return None
    change = (current - previous) / abs(previous) * 100
    if places is None:
        return change
    change = change.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return abs(change) if change.is_zero() else change


def change_text(
    previous: Decimal | None,
    current: Decimal | None,
    *,
    places: int = CHANGE_PLACES,
) -> str:
    """The change as the pages print it before "%": "+12.3", "-4.0", "0.0"; "" when
    there is none to show."""
    change = change_pct(previous, current, places=places)
    if change is None:
        return ""
    return f"{change:+f}" if change else f"{change:f}"
