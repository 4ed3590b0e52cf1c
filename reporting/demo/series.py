"""Believable demo numbers: each university's series of values, 2021-2025.

Each university has its own size; each indicator grows (or, for campus emissions,
falls) year by year within its warning threshold, from a random generator seeded with
the university's and the indicator's codes, so every run gives the same numbers.
The Chinese texts (narratives, yes/no words) are data: data/demo_reports.json.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import random
from decimal import Decimal
from pathlib import Path

from initiatives.models import Indicator
from institutions.models import University

from ..models import FIRST_DATA_YEAR, Value

OPEN_YEAR = 2025
DEMO_YEARS = range(FIRST_DATA_YEAR, OPEN_YEAR + 1)
TEXTS_PATH = Path(__file__).resolve().parent.parent / "data" / "demo_reports.json"

# A typical first-year value of a mid-sized university, by unit.
SCALES: dict[str, tuple[float, float]] = {
    "persons": (20, 300),
    "person-times": (200, 3000),
    "10k CNY": (80, 3000),
    "tCO2e": (20000, 150000),
    "tCO2e per person": (1.5, 5),
    "kgce/m²": (12, 30),
    "kW": (200, 5000),
    "kWh": (200000, 5000000),
    "MW": (1, 30),
    "t CO2/yr": (200, 20000),
    "%": (10, 40),
}
INTEGER_SCALE = (4, 30)
# Small counts would swing by more than the warning threshold from year to year.
INTEGER_FLOOR = 4
DECIMAL_SCALE = (0.8, 2.0)
# Campus emissions and energy intensity fall year by year; everything else grows.
FALLING = {"IND-O3-01", "IND-O3-02", "IND-O3-03", "IND-O3-04"}
ALWAYS_NA = {"IND-O3-02"}  # scope 3 emissions are optional
TARGET_YEARS = (2050, 2055, 2060)
RATIO_UNITS = {"", "tCO2e per person", "kgce/m²"}  # do not grow with size


@functools.cache
def texts() -> dict:
    with TEXTS_PATH.open(encoding="utf-8") as handle:
        return json.load(handle)


def _size(university: University) -> float:
    size = random.Random(f"size/{university.code}").uniform(0.6, 2.0)
    return size * (1.8 if university.double_first_class else 1.0)


def series(
    indicator: Indicator, university: University, years: range = DEMO_YEARS
) -> dict[int, tuple]:
    """(status, value) for every year (the demo's by default; the national set
    runs to 2030): value a Decimal, bool or date. A year's value does not depend
    on how many years follow it."""
    rng = random.Random(f"{university.code}/{indicator.code}")
    kind = indicator.value_type
    if indicator.code in ALWAYS_NA:
        return dict.fromkeys(years, (Value.Status.NOT_APPLICABLE, ""))
    if kind in ("boolean", "date"):
        # A body or plan set up in a given year: "no" and "n/a" before it.
        since = random.Random(f"since/{university.code}").choice([2021, 2021, 2022])
        day = dt.date(since, rng.randint(1, 12), rng.randint(1, 28))
        series = {}
        for year in years:
            if kind == "boolean":
                series[year] = (Value.Status.ENTERED, year >= since)
            elif year >= since:
                series[year] = (Value.Status.ENTERED, day)
            else:
                series[year] = (Value.Status.NOT_APPLICABLE, "")
        return series
    if indicator.unit_en == "year":
        target = Decimal(rng.choice(TARGET_YEARS))
        return dict.fromkeys(years, (Value.Status.ENTERED, target))
    if kind == "percentage":
        low, high = SCALES["%"]
        number = rng.uniform(low, high)
        steps = [rng.uniform(0.5, 2.5) for _ in years]
    else:
        low, high = SCALES.get(
            indicator.unit_en, INTEGER_SCALE if kind == "integer" else DECIMAL_SCALE
        )
        number = rng.uniform(low, high)
        if indicator.unit_en not in RATIO_UNITS:
            number *= _size(university)
        if kind == "integer":
            number = max(number, INTEGER_FLOOR)
        steps = None
    places = 0 if kind == "integer" else indicator.decimal_places
    series, last = {}, None
    for index, year in enumerate(years):
        if index:
            if steps is not None:
                number = min(number + steps[index], float(indicator.max_value or 100))
            elif indicator.code in FALLING:
                number *= 1 - rng.uniform(0.02, 0.07)
            else:
                noise = rng.uniform(-0.05, 0.05) if indicator.measure == "flow" else 0
                number *= 1 + rng.uniform(0.03, 0.18) + noise
        value = round(Decimal(str(number)), places)
        if indicator.measure == Indicator.Measure.STOCK and last is not None:
            value = max(value, last)
        series[year] = (Value.Status.ENTERED, value)
        last = value
    return series


def university_series(
    indicators: list[Indicator], university: University, years: range = DEMO_YEARS
) -> dict[int, dict[int, tuple]]:
    """The series of each indicator (in form order), by indicator id.

    An "of which" indicator never exceeds the one it is part of, the one before it.
    """
    out: dict[int, dict[int, tuple]] = {}
    whole = None
    for indicator in indicators:
        own = series(indicator, university, years)
        if indicator.name_en.startswith("Of which") and whole is not None:
            own = {
                year: (status, min(value, whole[year][1]))
                for year, (status, value) in own.items()
            }
        else:
            whole = own if indicator.value_type == "integer" else None
        out[indicator.pk] = own
    return out


def raw_text(indicator: Indicator, status: str, value) -> str:
    if status != Value.Status.ENTERED:
        return ""
    if isinstance(value, bool):
        return texts()["boolean_true" if value else "boolean_false"]
    if isinstance(value, dt.date):
        return value.isoformat()
    if indicator.value_type == "integer" and value >= 10000:
        return f"{value:,}"  # as people type big numbers
    return str(value)


def value_row(report, section_id: int, indicator, status: str, value) -> Value:
    return Value(
        report=report,
        section_id=section_id,
        indicator=indicator,
        status=status,
        raw=raw_text(indicator, status, value),
        number=value if isinstance(value, Decimal) else None,
        date_value=value if isinstance(value, dt.date) else None,
        bool_value=value if isinstance(value, bool) else None,
        revision=report.revision,
    )


def narratives_fill(section, rng: random.Random) -> None:
    words = texts()
    action = section.action.name_zh
    section.narrative_done = rng.choice(words["narrative_done"]).format(action=action)
    section.narrative_obstacles = rng.choice(words["narrative_obstacles"])
    section.narrative_next = rng.choice(words["narrative_next"])


def stock_slip(values: list[Value], rng: random.Random) -> None:
    """One integer stock typed below last year's value (a warning to explain)."""
    stocks = [
        value
        for value in values
        if value.indicator.measure == Indicator.Measure.STOCK
        and value.indicator.value_type == "integer"
        and value.indicator.unit_en != "year"
        and value.number
        and value.number > 2
    ]
    if stocks:
        value = rng.choice(stocks)
        value.number = (value.number * Decimal("0.7")).quantize(Decimal(1))
        value.raw = raw_text(value.indicator, value.status, value.number)
