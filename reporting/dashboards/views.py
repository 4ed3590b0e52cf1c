"""The dashboards' pages and downloads: one view per scope kind, all through
`dashboard_response`, which builds the tables once and renders them as the page or
as the CSV / XLSX of one table (`?table=<slug>&format=csv|xlsx`)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from carbonplan.db_router import reads_from_replica
from institutions.access import active_membership
from reporting.models import Report, ReportingPeriod, ScopeKind

from .cache import cached, dashboard_key
from .data import dashboard_data, default_period
from .overview import overview_table
from .paths import AT_RISK_SHARE, headline
from .rankings import scope_ranking, university_ranking
from .scopes import Scope, get_scope_for_user
from .tables import Table, csv_response, xlsx_response
from .trends import trend_table

FORMATS = {"csv": csv_response, "xlsx": xlsx_response}


def _chosen(request: HttpRequest, periods: list[ReportingPeriod]):
    year = request.GET.get("year", "")
    if year.isdigit():
        for period in periods:
            if period.year == int(year):
                return period
    return default_period(periods)


def _indicator(request: HttpRequest, data):
    code = request.GET.get("indicator", "")
    by_code = {indicator.code: indicator for indicator in data.indicators}
    if code in by_code:
        return by_code[code]
    for indicator in data.indicators:
        if headline(data.figures[indicator.pk]) is not None:
            return indicator
    return data.indicators[0] if data.indicators else None


def _china(request: HttpRequest, period: ReportingPeriod) -> dict:
    """The China view's cartogram of the period's completeness, on the nation's
    dashboard (the map page shades it by an indicator too)."""
    from institutions.models import Province, University

    from .china import cartogram, completeness_measure, legend

    measure = completeness_measure(period, University.objects.visible_to(request.user))
    provinces = {province.code: province for province in Province.objects.all()}
    return {
        "measure": measure,
        "tiles": cartogram(measure, provinces, period),
        "legend": legend(measure),
    }


def dashboard_context(
    request: HttpRequest,
    scope: Scope,
    periods: list[ReportingPeriod],
    membership,
    *,
    page: bool = True,
) -> dict:
    """Everything a dashboard shows for the scope: its tables (each the one source
    of its HTML, chart and downloads) and the choices of period and indicator; for
    a page (not a download) of the nation, the cartogram too."""
    period = _chosen(request, periods)
    context: dict = {
        "scope": scope,
        "periods": periods,
        "period": period,
        "user_is_ministry": membership is not None and membership.is_ministry,
    }
    if period is None:
        context["tables"] = {}
        return context
    data = dashboard_data(scope, periods, period)
    indicator = _indicator(request, data)

    base = f"{scope.url}?year={period.year}"

    def trend_href(item) -> str:
        return f"{base}&indicator={item.code}#trend"

    tables: dict[str, Table] = {"overview": overview_table(data, trend_href)}
    if indicator is not None:
        tables["trend"] = trend_table(data, indicator)
        if scope.kind == ScopeKind.NATION:
            for kind in (ScopeKind.PROVINCE, ScopeKind.AUTHORITY):
                table = scope_ranking(data, indicator, kind)
                tables[table.slug] = table
        if not scope.is_university:
            tables["universities"] = university_ranking(data, indicator)
    if page and scope.kind == ScopeKind.NATION:
        context["china"] = _china(request, period)
    if scope.is_university:
        context["report"] = (
            Report.objects.visible_to(request.user)
            .filter(university=scope.obj, period=period)
            .first()
        )
    context.update(
        tables=tables,
        indicator=indicator,
        indicators=data.indicators,
        at_risk_pct=int(AT_RISK_SHARE * 100),
        query=f"year={period.year}"
        + (f"&indicator={indicator.code}" if indicator else ""),
    )
    return context


def dashboard_fragment(
    request: HttpRequest, scope: Scope, membership, periods=None
) -> dict:
    """The dashboard of `scope` as `request` asks for it, rendered: for the page
    and the home page, the context of the page around it, with `dashboard` (the
    figures' HTML, built once per change of the data: cache.py) and `dashboard_shown`
    (whether there are figures to show). The whole context when it was just built."""
    if periods is None:
        periods = list(ReportingPeriod.objects.order_by("year", "pk"))
    built: dict = {}

    def build() -> dict:
        built.update(dashboard_context(request, scope, periods, membership))
        html = render_to_string("reporting/dashboards/_dashboard.html", built)
        return {"html": html, "shown": bool(built["tables"])}

    entry = cached(dashboard_key(request, scope, periods, membership), build)
    return {
        **built,
        "scope": scope,
        "period": built["period"] if built else _chosen(request, periods),
        "user_is_ministry": membership is not None and membership.is_ministry,
        "dashboard": mark_safe(entry["html"]),  # noqa: S308 (our own template's)
        "dashboard_shown": entry["shown"],
    }


def dashboard_response(request: HttpRequest, scope: Scope) -> HttpResponse:
    """The page, or with `?format=` one table's download, each built once per
    change of the data (cache.py)."""
    membership = active_membership(request.user)
    fmt = request.GET.get("format")
    if fmt is None:
        context = dashboard_fragment(request, scope, membership)
        return render(request, "reporting/dashboards/dashboard.html", context)
    if fmt not in FORMATS:
        raise Http404(_("No such download."))
    periods = list(ReportingPeriod.objects.order_by("year", "pk"))

    def build() -> HttpResponse:
        context = dashboard_context(request, scope, periods, membership, page=False)
        table = context["tables"].get(request.GET.get("table", ""))
        if table is None:
            raise Http404(_("No such download."))
        name = f"{table.slug}-{scope.kind}{'-' + scope.key if scope.key else ''}"
        return FORMATS[fmt](table, f"{name}-{context['period'].year}")

    return cached(dashboard_key(request, scope, periods, membership), build)


@login_required
@reads_from_replica
def nation(request: HttpRequest) -> HttpResponse:
    return dashboard_response(request, get_scope_for_user(request, ScopeKind.NATION))


@login_required
@reads_from_replica
def province(request: HttpRequest, code: str) -> HttpResponse:
    scope = get_scope_for_user(request, ScopeKind.PROVINCE, code)
    return dashboard_response(request, scope)


@login_required
@reads_from_replica
def authority(request: HttpRequest, code: str) -> HttpResponse:
    scope = get_scope_for_user(request, ScopeKind.AUTHORITY, code)
    return dashboard_response(request, scope)


@login_required
@reads_from_replica
def university(request: HttpRequest, pk: int) -> HttpResponse:
    scope = get_scope_for_user(request, ScopeKind.UNIVERSITY, str(pk))
    return dashboard_response(request, scope)
