"""Rankings: the provinces (on the national dashboard) and the universities of the
scope for one indicator in the period, highest figure first (a share by its
median), the top N with links down to their dashboards. Read from the figures
layer with scope kinds PROVINCE and UNIVERSITY."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from institutions.models import Authority, Province, University
from reporting.figures import indicator_figures, top_university_figures
from reporting.models import ScopeKind

from .cells import coverage_cell, figure_cell
from .data import DashboardData
from .paths import headline
from .tables import Column, Table, TableCell

TOP = 10


def _ranked(figures) -> list:
    answered = [f for f in figures if headline(f) is not None]
    return sorted(answered, key=lambda f: (-headline(f), f.scope_key))[:TOP]


def scope_ranking(data: DashboardData, indicator, kind: str) -> Table:
    """The provinces or the authorities (each its own universities), ranked."""
    figures = indicator_figures(
        period=data.period, scope_kind=kind, indicators=[indicator]
    )
    if kind == ScopeKind.PROVINCE:
        names = {p.code: str(p) for p in Province.objects.all()}
        slug, title, label = "provinces", _("Provinces, top %(n)s"), _("Province")
    else:
        names = {a.code: str(a) for a in Authority.objects.all()}
        slug, title = "authorities", _("Competent authorities, top %(n)s")
        label = _("Competent authority")
    table = Table(
        slug=slug,
        title=title % {"n": TOP},
        columns=[
            Column("rank", _("Rank")),
            Column("scope", label, parts=(_("Code"), label)),
            Column("figure", _("Figure"), numeric=True),
            Column(
                "coverage",
                _("Coverage"),
                parts=(_("Universities reported"), _("Universities taking part")),
            ),
        ],
        empty=_("No accepted figure for this indicator yet."),
        row_header=1,
        chart_kind="bar",
        chart_x="scope",
        chart_series=("figure",),
    )
    for rank, figure in enumerate(_ranked(figures), start=1):
        name = names.get(figure.scope_key, figure.scope_key)
        table.add(
            [
                TableCell(str(rank), values=(rank,)),
                TableCell(
                    name,
                    values=(figure.scope_key, name),
                    href=reverse(f"dashboards:{kind}", args=[figure.scope_key]),
                ),
                figure_cell(figure),
                coverage_cell(figure),
            ]
        )
    return table


def university_ranking(data: DashboardData, indicator) -> Table:
    """The universities the scope adds up (a province's, an authority's own, the
    nation's), ranked."""
    figures = top_university_figures(
        period=data.period,
        indicator=indicator,
        universities=data.scope.universities_q() if data.scope.key else None,
        limit=TOP,
    )
    universities = {
        u.code: u
        for u in University.objects.filter(code__in=[f.scope_key for f in figures])
    }
    table = Table(
        slug="universities",
        title=_("Universities, top %(n)s") % {"n": TOP},
        columns=[
            Column("rank", _("Rank")),
            Column("university", _("University"), parts=(_("Code"), _("University"))),
            Column("figure", _("Figure"), numeric=True),
        ],
        empty=_("No accepted figure for this indicator yet."),
        row_header=1,
        chart_kind="bar",
        chart_x="university",
        chart_series=("figure",),
    )
    for rank, figure in enumerate(figures, start=1):
        university = universities.get(figure.scope_key)
        name = str(university) if university else figure.scope_key
        href = (
            reverse("dashboards:university", args=[university.pk]) if university else ""
        )
        table.add(
            [
                TableCell(str(rank), values=(rank,)),
                TableCell(name, values=(figure.scope_key, name), href=href),
                figure_cell(figure),
            ]
        )
    return table
