"""A report's parts: titled tables whose columns say how their cells are written."""

from __future__ import annotations

from dataclasses import dataclass, field

TEXT = "text"
COUNT = "count"  # a whole number
NUMBER = "number"  # a figure with up to four decimals
SHARE = "share"  # a percentage, given as 0–100
DAYS = "days"  # a duration in whole days


@dataclass
class Part:
    """One table of a report: one sheet of the XLSX. `notes` are lines written
    above the header (what the table counts, as of when)."""

    title: str
    columns: list[tuple[str, str]]  # (label, kind)
    rows: list[list] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
