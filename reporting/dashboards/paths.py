"""A figure against its target: the straight line from the baseline (the scope's
figure in the first period with an accepted answer) to the target of the horizon in
force, and whether the figure is on track.

The value compared is the figure a chart plots: the sum, the number answering yes,
or, for a share, the median. Expected now = baseline + (target − baseline) ×
(year − baseline year) / (target year − baseline year). The shortfall is how far the
figure lags the expected value in the target's direction:
- on track: no shortfall (the figure has reached the expected value);
- at risk: a shortfall of at most AT_RISK_SHARE of the whole planned change;
- off track: a larger shortfall.
Indicators without a target say so: nothing is invented.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from initiatives.models import Target

AT_RISK_SHARE = Decimal("0.10")
PLACES = Decimal("0.0001")

ON_TRACK = "on_track"
AT_RISK = "at_risk"
OFF_TRACK = "off_track"
STATUS_LABELS = {
    ON_TRACK: gettext_lazy("On track"),
    AT_RISK: gettext_lazy("At risk"),
    OFF_TRACK: gettext_lazy("Off track"),
}
STATUS_CSS = {ON_TRACK: "success", AT_RISK: "warning", OFF_TRACK: "danger"}


def headline(figure) -> Decimal | int | None:
    """The number a chart plots and a target is compared with."""
    if figure.value is not None:
        return figure.value
    return figure.cell.median if figure.cell.answered else None


@dataclass(frozen=True)
class TargetPath:
    baseline_year: int
    baseline: Decimal
    target_year: int
    target: Decimal
    year: int
    actual: Decimal | None

    @property
    def expected(self) -> Decimal:
        span = self.target_year - self.baseline_year
        if span <= 0:
            return self.target
        done = min(max(self.year - self.baseline_year, 0), span)
        change = (self.target - self.baseline) * done / span
        return (self.baseline + change).quantize(PLACES)

    @property
    def direction(self) -> int:
        return -1 if self.target < self.baseline else 1

    @property
    def shortfall(self) -> Decimal | None:
        if self.actual is None:
            return None
        return ((self.expected - Decimal(self.actual)) * self.direction).quantize(
            PLACES
        )

    @property
    def planned(self) -> Decimal:
        return abs(self.target - self.baseline)

    @property
    def status(self) -> str:
        shortfall = self.shortfall
        if shortfall is None:
            return ""
        if shortfall <= 0:
            return ON_TRACK
        if shortfall <= self.planned * AT_RISK_SHARE:
            return AT_RISK
        return OFF_TRACK

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS.get(self.status, ""))

    def arithmetic(self, fmt) -> str:
        """How the status was reached, in words and numbers (`fmt` writes a number
        as the page does)."""
        expected = _(
            "Expected in %(year)s: %(baseline)s + (%(target)s − %(baseline)s) × "
            "(%(year)s − %(baseline_year)s) / (%(target_year)s − %(baseline_year)s) "
            "= %(expected)s."
        ) % {
            "year": self.year,
            "baseline": fmt(self.baseline),
            "target": fmt(self.target),
            "baseline_year": self.baseline_year,
            "target_year": self.target_year,
            "expected": fmt(self.expected),
        }
        if self.actual is None:
            return expected + " " + _("No figure this period.")
        limit = (self.planned * AT_RISK_SHARE).quantize(PLACES)
        verdict = _(
            "Figure %(actual)s; shortfall %(shortfall)s (on track at 0 or less, at "
            "risk up to %(limit)s, %(pct)s%% of the planned change %(planned)s): %(status)s."
        ) % {
            "actual": fmt(Decimal(self.actual)),
            "shortfall": fmt(self.shortfall),
            "limit": fmt(limit),
            "pct": int(AT_RISK_SHARE * 100),
            "planned": fmt(self.planned),
            "status": self.status_label,
        }
        return f"{expected} {verdict}"


def horizon_target(targets: list[Target], year: int) -> Target | None:
    """The target of the horizon in force for the year: the earliest horizon not
    yet over (near-term 2025, then mid-term 2030, …) that has a target."""
    ahead = [t for t in targets if t.horizon.end_year >= year]
    return min(ahead, key=lambda t: t.horizon.end_year, default=None)


def target_path(
    *, target: Target | None, baseline_point, year: int, actual
) -> TargetPath | None:
    """The path, or None without a target or without a baseline figure."""
    if target is None or baseline_point is None:
        return None
    baseline = headline(baseline_point.figure)
    if baseline is None:
        return None
    return TargetPath(
        baseline_year=baseline_point.period.year,
        baseline=Decimal(baseline),
        target_year=target.horizon.end_year,
        target=target.value,
        year=year,
        actual=None if actual is None else Decimal(actual),
    )
