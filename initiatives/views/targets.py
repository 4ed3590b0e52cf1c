"""Target pages: the national targets (set by ministry officials) and a university's
own (set by its reporters and approvers), per action and horizon, each indicator
with its form and the history of its targets.

Everyone signed in reads the national targets; a university's are read by those who
see the university (404 otherwise). Writes go through `get_target_scope_for_user`
with write=True (403 with the reason) and `targets_save`.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ..access import TargetScope, get_target_scope_for_user
from ..forms import TargetForm
from ..models import Horizon, Indicator
from ..services import targets_save
from ..target_rows import (
    dashboard_url,
    indicator_dashboard_url,
    scope_targets,
    target_history,
    target_table,
    target_text,
    targetable,
)

RECENT_CHANGES = 10


def _indicators(scope: TargetScope):
    """The indicators a scope has targets for: all active ones nationally, those
    that apply to the university's level for a university."""
    if scope.university is None:
        return Indicator.objects.active()
    from reporting.validation import applicable_indicators

    return applicable_indicators(scope.university)


def _list_url(scope: TargetScope) -> str:
    if scope.university is None:
        return reverse("initiatives:target-list")
    return reverse("initiatives:university-targets", args=[scope.university.pk])


def _indicator_url(scope: TargetScope, indicator: Indicator) -> str:
    if scope.university is None:
        return reverse("initiatives:target-indicator", args=[indicator.code])
    return reverse(
        "initiatives:university-target-indicator",
        args=[scope.university.pk, indicator.code],
    )


@login_required
def target_list(request: HttpRequest) -> HttpResponse:
    return _target_list(request, get_target_scope_for_user(request))


@login_required
def university_targets(request: HttpRequest, pk: int) -> HttpResponse:
    return _target_list(request, get_target_scope_for_user(request, pk))


def _target_list(request: HttpRequest, scope: TargetScope) -> HttpResponse:
    """Per action, each indicator's target for every horizon. A fixed number of
    queries whatever the number of indicators, targets and changes."""
    horizons = list(Horizon.objects.all())
    table = target_table(
        university=scope.university,
        indicators=_indicators(scope),
        horizons=horizons,
    )
    for group in table:
        for row in group.rows:
            row.url = _indicator_url(scope, row.indicator)
    return render(
        request,
        "initiatives/target_list.html",
        {
            "scope": scope,
            "horizons": horizons,
            "table": table,
            "history": target_history(
                university=scope.university, limit=RECENT_CHANGES
            ),
            "dashboard_url": dashboard_url(scope.university),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def target_indicator(request: HttpRequest, code: str) -> HttpResponse:
    scope = get_target_scope_for_user(request, write=request.method == "POST")
    return _target_indicator(request, scope, code)


@login_required
@require_http_methods(["GET", "POST"])
def university_target_indicator(
    request: HttpRequest, pk: int, code: str
) -> HttpResponse:
    scope = get_target_scope_for_user(request, pk, write=request.method == "POST")
    return _target_indicator(request, scope, code)


def _target_indicator(
    request: HttpRequest, scope: TargetScope, code: str
) -> HttpResponse:
    """One indicator's targets in the scope, the form for those who set them, and
    who changed them when."""
    indicator = get_object_or_404(
        _indicators(scope).select_related("action", "task"), code=code
    )
    can_set = targetable(indicator, national=scope.is_national)
    if request.method == "POST" and not can_set:
        raise Http404(_("No target can be set for this indicator."))
    horizons = list(Horizon.objects.all())
    targets = {
        target.horizon_id: target
        for target in scope_targets(scope.university).filter(indicator=indicator)
    }
    form = None
    status = 200
    if scope.editable and can_set:
        form = TargetForm(
            request.POST or None,
            indicator=indicator,
            horizons=horizons,
            targets=targets,
        )
        if request.method == "POST":
            if form.is_valid():
                changed = targets_save(
                    indicator=indicator,
                    university=scope.university,
                    entries=form.cleaned_data["entries"],
                    user=request.user,
                )
                if changed:
                    messages.success(
                        request,
                        _("The targets of %(indicator)s are saved.")
                        % {"indicator": indicator.code},
                    )
                else:
                    messages.info(request, _("Nothing changed."))
                return redirect(f"{_list_url(scope)}#{indicator.code}")
            status = 400
    current = [(horizon, targets.get(horizon.pk)) for horizon in horizons]
    return render(
        request,
        "initiatives/target_indicator.html",
        {
            "scope": scope,
            "indicator": indicator,
            "can_set": can_set,
            "form": form,
            "current": [
                (
                    horizon,
                    target,
                    target_text(indicator, target.value) if target else "",
                )
                for horizon, target in current
            ],
            "history": target_history(university=scope.university, indicator=indicator),
            "list_url": _list_url(scope),
            "dashboard_url": indicator_dashboard_url(
                dashboard_url(scope.university), indicator
            ),
        },
        status=status,
    )
