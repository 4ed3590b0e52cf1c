"""What one dashboard reads from the figures layer, in a fixed number of queries
whatever the numbers of universities and periods: the period's figures of the scope
(and the nation's, for a university to compare with), each indicator's baseline
(its first accepted figure), the targets, and, for the one indicator whose trend
is shown, every period's figure."""

from __future__ import annotations

from dataclasses import dataclass, field

from initiatives.models import Indicator, Target
from reporting.figures import Figure, indicator_figures
from reporting.figures_series import Point, first_points, indicator_series
from reporting.models import FigureCell, ReportingPeriod, ScopeKind

from .paths import headline, horizon_target, target_path
from .scopes import Scope


def default_period(periods: list[ReportingPeriod]) -> ReportingPeriod | None:
    """The latest period with accepted figures (else the latest period)."""
    with_figures = set(
        FigureCell.objects.filter(
            scope_kind=ScopeKind.NATION, indicator__isnull=True, reported__gt=0
        ).values_list("period_id", flat=True)
    )
    for period in reversed(periods):
        if period.pk in with_figures:
            return period
    return periods[-1] if periods else None


@dataclass
class DashboardData:
    scope: Scope
    period: ReportingPeriod
    periods: list[ReportingPeriod]
    indicators: list[Indicator]
    figures: dict[int, Figure]
    baselines: dict[int, Point]
    targets: dict[int, list[Target]] = field(default_factory=dict)
    national: dict[int, Figure] = field(default_factory=dict)
    _trends: dict[int, tuple[list[Point], list[Point]]] = field(
        default_factory=dict, init=False, repr=False
    )

    def trend(self, indicator: Indicator) -> list[Point]:
        """Every period's figure of the indicator for the scope, oldest first."""
        return self._series(indicator)[0]

    def national_trend(self, indicator: Indicator) -> list[Point]:
        """The same for the nation, beside a university's (empty otherwise)."""
        return self._series(indicator)[1]

    def _series(self, indicator: Indicator) -> tuple[list[Point], list[Point]]:
        if indicator.pk not in self._trends:
            own = indicator_series(
                indicators=[indicator],
                scope_kind=self.scope.kind,
                scope_key=self.scope.key,
                periods=self.periods,
            )[indicator.pk]
            national = []
            if self.scope.is_university:
                national = indicator_series(
                    indicators=[indicator], periods=self.periods
                )[indicator.pk]
            self._trends[indicator.pk] = (own, national)
        return self._trends[indicator.pk]

    def target_of(self, indicator: Indicator) -> Target | None:
        """The target of the horizon in force for the period (None without one,
        and for a province or an authority, which have no targets of their own)."""
        if not self.scope.has_targets:
            return None
        return horizon_target(self.targets.get(indicator.pk, []), self.period.year)

    def path(self, indicator: Indicator):
        """The indicator's target path in the period (None without a target or a
        baseline): from the first period with an accepted figure."""
        return target_path(
            target=self.target_of(indicator),
            baseline_point=self.baselines.get(indicator.pk),
            year=self.period.year,
            actual=headline(self.figures[indicator.pk]),
        )


def dashboard_data(
    scope: Scope, periods: list[ReportingPeriod], period: ReportingPeriod
) -> DashboardData:
    indicators = list(Indicator.objects.for_figures())
    figures = {
        figure.indicator.pk: figure
        for figure in indicator_figures(
            period=period,
            scope_kind=scope.kind,
            scope_keys=[scope.key],
            indicators=indicators,
        )
    }
    baselines = {}
    if scope.has_targets:
        baselines = first_points(
            indicators=indicators,
            scope_kind=scope.kind,
            scope_key=scope.key,
            periods=periods,
        )
    data = DashboardData(
        scope=scope,
        period=period,
        periods=periods,
        indicators=indicators,
        figures=figures,
        baselines=baselines,
    )
    if scope.has_targets:
        if scope.kind == ScopeKind.NATION:
            targets = Target.objects.national()
        else:
            targets = Target.objects.filter(university=scope.obj)
        targets = targets.select_related("horizon")
        for target in targets:
            data.targets.setdefault(target.indicator_id, []).append(target)
    if scope.is_university:
        data.national = {
            figure.indicator.pk: figure
            for figure in indicator_figures(
                period=period, scope_keys=[""], indicators=indicators
            )
        }
    return data
