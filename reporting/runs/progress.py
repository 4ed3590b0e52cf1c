"""The progress report of a period (DESIGN.md §7): the national summary, each
action's indicators against the national targets, and the figures per province
and per authority; for an authority's own report, its figure and its
universities'. Every figure is the figures layer's (`indicator_figures`), computed
from the run's snapshot of accepted versions, never from today's rollup, so a past
run made again shows the figures it had. The baseline of a target path is the
first period whose snapshot figure has an answer (`first_answered`)."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from initiatives.models import Indicator, Target
from institutions.models import Authority, Province, University

from ..dashboards.paths import headline, horizon_target, target_path
from ..figures import Figure, indicator_figures
from ..figures_series import Point, first_answered
from ..models import ReportingPeriod, ScopeKind
from ..rollup import COUNT as ANSWERS
from ..rollup import DISTRIBUTION, SUM, YES_COUNT
from .parts import COUNT, NUMBER, TEXT, Part


def _kind_label(kind: str) -> str:
    return {
        SUM: _("Sum"),
        YES_COUNT: _("Universities answering yes"),
        DISTRIBUTION: _("Median of the answers"),
        ANSWERS: _("Number of answers"),
    }[kind]


def _indicator_cells(indicator: Indicator) -> list:
    return [
        indicator.action.code,
        indicator.code,
        indicator.display_name,
        indicator.unit,
    ]


def _figure_cells(figure: Figure) -> list:
    cell = figure.cell
    return [
        _kind_label(figure.kind),
        headline(figure),
        cell.answered,
        cell.reported,
        figure.universities,
    ]


def _figure_columns() -> list[tuple[str, str]]:
    return [
        (_("How it adds up"), TEXT),
        (_("Figure"), NUMBER),
        (_("Answers"), COUNT),
        (_("Universities reported"), COUNT),
        (_("Universities taking part"), COUNT),
    ]


def _indicator_columns() -> list[tuple[str, str]]:
    return [
        (_("Action"), TEXT),
        (_("Indicator code"), TEXT),
        (_("Indicator"), TEXT),
        (_("Unit"), TEXT),
    ]


def baselines(
    *,
    indicators: list[Indicator],
    periods: list[ReportingPeriod],
    versions: QuerySet,
) -> dict[int, Point]:
    """{indicator id: the nation's first snapshot figure with an answer}, over
    `periods` oldest first: a few queries per period (each period's figures from
    the snapshot), whatever the number of universities."""
    series: dict[int, list[Point]] = {indicator.pk: [] for indicator in indicators}
    for period in periods:
        for figure in indicator_figures(
            period=period, scope_keys=[""], indicators=indicators, versions=versions
        ):
            series[figure.indicator.pk].append(Point(period=period, figure=figure))
    found = {pk: first_answered(points) for pk, points in series.items()}
    return {pk: point for pk, point in found.items() if point is not None}


def _summary(title: str, note: str, figures: list[Figure], snapshot_size: int) -> Part:
    part = Part(title=title, columns=[(_("Item"), TEXT), (_("Value"), COUNT)])
    part.notes = [note]
    if figures:
        reported, universities = figures[0].coverage
    else:
        reported = universities = 0
    answered = sum(1 for figure in figures if figure.cell.answered)
    part.rows = [
        [_("Universities taking part"), universities],
        [_("Universities with an accepted report"), reported],
        [_("Accepted report versions in the snapshot"), snapshot_size],
        [_("Indicators"), len(figures)],
        [_("Indicators with answers"), answered],
    ]
    return part


def _targets_part(
    *,
    period: ReportingPeriod,
    figures: list[Figure],
    periods: list[ReportingPeriod],
    versions: QuerySet,
    note: str,
) -> Part:
    targets: dict[int, list[Target]] = {}
    for target in Target.objects.national().select_related("horizon"):
        targets.setdefault(target.indicator_id, []).append(target)
    targeted = [f.indicator for f in figures if f.indicator.pk in targets]
    first = baselines(indicators=targeted, periods=periods, versions=versions)
    part = Part(
        title=_("Indicators against targets"),
        columns=[
            *_indicator_columns(),
            *_figure_columns(),
            (_("Target year"), COUNT),
            (_("Target"), NUMBER),
            (_("Baseline year"), COUNT),
            (_("Baseline"), NUMBER),
            (_("Expected now"), NUMBER),
            (_("Status"), TEXT),
        ],
        notes=[note],
    )
    for figure in figures:
        indicator = figure.indicator
        target = horizon_target(targets.get(indicator.pk, []), period.year)
        path = target_path(
            target=target,
            baseline_point=first.get(indicator.pk),
            year=period.year,
            actual=headline(figure),
        )
        part.rows.append(
            [
                *_indicator_cells(indicator),
                *_figure_cells(figure),
                target.horizon.end_year if target else None,
                target.value if target else None,
                path.baseline_year if path else None,
                path.baseline if path else None,
                path.expected if path else None,
                path.status_label if path else "",
            ]
        )
    return part


def _by_scope_part(
    *, title: str, figures: list[Figure], names: dict[str, str], note: str
) -> Part:
    part = Part(
        title=title,
        columns=[
            (_("Code"), TEXT),
            (_("Name"), TEXT),
            *_indicator_columns(),
            *_figure_columns(),
        ],
        notes=[note],
    )
    for figure in sorted(figures, key=lambda f: f.scope_key):
        part.rows.append(
            [
                figure.scope_key,
                names.get(figure.scope_key, ""),
                *_indicator_cells(figure.indicator),
                *_figure_cells(figure),
            ]
        )
    return part


def progress_parts(
    *,
    period: ReportingPeriod,
    versions: QuerySet,
    as_of: dt.datetime,
    authority: Authority | None = None,
) -> list[Part]:
    """The progress report of the nation, or of one authority, from `versions`."""
    note = _(
        "Period %(year)s: accepted figures as of %(when)s (Beijing time), from the "
        "run's snapshot of accepted report versions."
    ) % {
        "year": period.year,
        "when": timezone.localtime(as_of).strftime("%Y-%m-%d %H:%M"),
    }
    indicators = list(Indicator.objects.for_figures())
    snapshot_size = versions.filter(report__period=period).count()
    if authority is not None:
        own = indicator_figures(
            period=period,
            scope_kind=ScopeKind.AUTHORITY,
            scope_keys=[authority.code],
            indicators=indicators,
            versions=versions,
        )
        universities = {
            university.code: university.display_name
            for university in University.objects.of_authority(authority).only(
                "code", "name_zh", "name_en"
            )
        }
        by_university = indicator_figures(
            period=period,
            scope_kind=ScopeKind.UNIVERSITY,
            scope_keys=sorted(universities),
            indicators=indicators,
            versions=versions,
        )
        summary = _summary(
            _("Summary: %(name)s") % {"name": authority.display_name},
            note,
            own,
            snapshot_size,
        )
        return [
            summary,
            _by_scope_part(
                title=_("Indicators"),
                figures=own,
                names={authority.code: authority.display_name},
                note=note,
            ),
            _by_scope_part(
                title=_("By university"),
                figures=by_university,
                names=universities,
                note=note,
            ),
        ]
    national = indicator_figures(
        period=period, scope_keys=[""], indicators=indicators, versions=versions
    )
    periods = list(
        ReportingPeriod.objects.filter(year__lte=period.year).order_by("year")
    )
    by_province = indicator_figures(
        period=period,
        scope_kind=ScopeKind.PROVINCE,
        indicators=indicators,
        versions=versions,
    )
    by_authority = indicator_figures(
        period=period,
        scope_kind=ScopeKind.AUTHORITY,
        indicators=indicators,
        versions=versions,
    )
    return [
        _summary(_("National summary"), note, national, snapshot_size),
        _targets_part(
            period=period,
            figures=national,
            periods=periods,
            versions=versions,
            note=note,
        ),
        _by_scope_part(
            title=_("By province"),
            figures=by_province,
            names={p.code: p.display_name for p in Province.objects.all()},
            note=note,
        ),
        _by_scope_part(
            title=_("By competent authority"),
            figures=by_authority,
            names={a.code: a.display_name for a in Authority.objects.all()},
            note=note,
        ),
    ]
