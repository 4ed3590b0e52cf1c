"""The unit-slip warning: a value ten times last year's, or a tenth of it.

Such a jump is most often a slip of the unit or of a digit, and which slip depends
on what is counted: thousand or ten thousand yuan for money, a digit too many for a
count of colleges, kilograms or tonnes for emissions. The kind is read from the
indicator's English unit (data, as the plan defines it), so that the message is the
same in both languages.
"""

from __future__ import annotations

import re
from decimal import Decimal

from django.utils.translation import gettext as _

TENFOLD = Decimal(10)
MONEY = re.compile(r"\b(CNY|yuan|RMB)\b", re.IGNORECASE)
MASS = re.compile(r"^(t|kg|tonnes?)(\b|CO2)", re.IGNORECASE)
ENERGY = re.compile(r"W|\b(k?g|t)ce\b")  # kW, MW, kWh; kgce (coal equivalent)
AREA = re.compile(r"m²|\b(mu|hectares?|square metres?)\b", re.IGNORECASE)
PEOPLE = {"persons", "people"}  # person-times are a count like any other
YEARS = {"year", "years"}  # a year such as 2050 is no count


def unit_kind(indicator) -> str:
    """What the indicator's unit measures: "money", "percent", "mass", "energy",
    "area", "people", "count" (any other whole number) or "other"."""
    unit = indicator.unit_en.strip()
    if MONEY.search(unit):
        return "money"
    if unit == "%" or indicator.value_type == "percentage":
        return "percent"
    if MASS.search(unit):
        return "mass"
    if ENERGY.search(unit):
        return "energy"
    if AREA.search(unit):
        return "area"
    if unit.lower() in PEOPLE:
        return "people"
    if indicator.value_type == "integer" and unit.lower() not in YEARS:
        return "count"
    return "other"


def _what_to_check(indicator) -> str:
    kind = unit_kind(indicator)
    if kind == "money":
        return _("check the unit (thousand or ten thousand yuan?).")
    if kind == "percent":
        # Formatted so that "%%" reads as one per cent sign.
        return (
            _("check that it is in percent (50 for 50%%), not a fraction (0.5).") % {}
        )
    if kind == "mass":
        return _("check the unit (tonnes, not kilograms or ten thousand tonnes?).")
    if kind == "area":
        return _("check the unit (square metres, mu or hectares?).")
    if kind == "energy":
        return _(
            "check the unit (%(unit)s, not one a thousand times larger or smaller, "
            "as kW and MW?)."
        ) % {"unit": indicator.unit}
    if kind == "people":
        return _(
            "check for a digit too many or too few, and that each person is counted "
            "once (not person-times)."
        )
    if kind == "count":
        return _("check for a digit too many or too few (counted in %(unit)s).") % {
            "unit": indicator.unit
        }
    return _("check the unit and the number of digits.")


def unit_slip_message(
    indicator, number: Decimal, previous: Decimal, previous_text: str
) -> str | None:
    """Why a value ten times last year's (or a tenth of it) or more may be a slip,
    in the terms of its unit; None when the change is smaller."""
    if previous <= 0 or number <= 0:
        return None
    if number >= previous * TENFOLD:
        comparison = _("Ten times last year's value (%(previous)s) or more")
    elif number * TENFOLD <= previous:
        comparison = _("A tenth of last year's value (%(previous)s) or less")
    else:
        return None
    return _("%(comparison)s: %(check)s") % {
        "comparison": comparison % {"previous": previous_text},
        "check": _what_to_check(indicator),
    }
