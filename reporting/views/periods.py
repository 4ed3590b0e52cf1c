"""The ministry's pages for reporting periods: list, create, detail with the changes.

Officials change periods; experts read them (403 on any change); every other role is
outside this part of the portal (404).
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from carbonplan.db_router import reads_from_replica
from institutions.models import Membership

from ..access import get_ministry_membership_for_user
from ..figures import (
    PeriodCounts,
    default_participant_count,
    period_counts,
    period_summary,
)
from ..forms import PeriodActionForm, PeriodExtendForm, PeriodForm
from ..models import PeriodEvent, ReportingPeriod
from ..services import periods as services

ACTION_SERVICES = {
    "open": services.period_open,
    "close": services.period_close,
    "lock": services.period_lock,
    "unlock": services.period_unlock,
}
ACTION_LABELS = {
    "open": gettext_lazy("Open now"),
    "extend": gettext_lazy("Extend"),
    "close": gettext_lazy("Close now"),
    "lock": gettext_lazy("Lock"),
    "unlock": gettext_lazy("Unlock"),
}
DONE_MESSAGES = {
    "open": gettext_lazy("The period is open; %(count)s reports were created."),
    "extend": gettext_lazy("The period is extended."),
    "close": gettext_lazy("The period is closed."),
    "lock": gettext_lazy("The period is locked."),
    "unlock": gettext_lazy("The period is unlocked; it is closed again."),
}
WINDOW_LABELS = {
    "opens_at": gettext_lazy("Opens"),
    "due_at": gettext_lazy("Due"),
    "closes_at": gettext_lazy("Closes"),
}


@login_required
@reads_from_replica
def period_list(request: HttpRequest) -> HttpResponse:
    membership = get_ministry_membership_for_user(request)
    counts = period_counts()
    periods = [
        (period, counts.get(period.pk, PeriodCounts()))
        for period in ReportingPeriod.objects.order_by("-year")
    ]
    needs_default = any(c.participants == 0 for _period, c in periods)
    return render(
        request,
        "reporting/period_list.html",
        {
            "periods": periods,
            "can_change": membership.role == Membership.Role.OFFICIAL,
            "default_count": default_participant_count() if needs_default else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def period_new(request: HttpRequest) -> HttpResponse:
    get_ministry_membership_for_user(request, write=True)
    form = PeriodForm(request.POST or None)
    if form.is_valid():
        try:
            period = services.period_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("The period for data year %(year)s is created.")
                % {"year": period.year},
            )
            return redirect("reporting:period-detail", pk=period.pk)
    return render(request, "reporting/period_form.html", {"form": form})


def _parse(value):
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value)
        except ValueError:
            return value
    return value


def _event_rows(period: ReportingPeriod) -> list[dict]:
    """Each logged change with its window changes and state move, ready to show."""
    states = dict(ReportingPeriod.State.choices)
    rows = []
    for event in period.events.select_related("actor"):
        detail = event.detail or {}
        window = []
        for key, label in WINDOW_LABELS.items():
            change = detail.get(key)
            if isinstance(change, list) and len(change) == 2:
                window.append((label, _parse(change[0]), _parse(change[1])))
            elif change and event.kind == PeriodEvent.Kind.CREATED:
                window.append((label, None, _parse(change)))
        moved = detail.get("from") != detail.get("to")
        rows.append(
            {
                "event": event,
                "window": window,
                "from": states.get(detail.get("from")) if moved else None,
                "to": states.get(detail.get("to")) if moved else None,
                "reports_created": detail.get("reports_created"),
                "late_cleared": detail.get("late_cleared"),
            }
        )
    return rows


def _form_for(name: str, period: ReportingPeriod, data=None):
    if name == "extend":
        return PeriodExtendForm(
            data,
            prefix=name,
            initial={"due_at": period.due_at, "closes_at": period.closes_at},
        )
    return PeriodActionForm(data, prefix=name)


def _forms(period: ReportingPeriod, data=None, action: str | None = None) -> dict:
    """A form per transition allowed now, plus the posted one (bound, to show why not)."""
    return {
        name: _form_for(name, period, data if name == action else None)
        for name, allowed in services.TRANSITIONS.items()
        if period.state in allowed or name == action
    }


def _apply(request: HttpRequest, period: ReportingPeriod, action: str, form) -> str:
    """Run the transition's service; its refusal becomes the form's errors."""
    if action == "extend":
        services.period_extend(period=period, actor=request.user, **form.cleaned_data)
        return str(DONE_MESSAGES[action])
    result = ACTION_SERVICES[action](
        period=period, actor=request.user, note=form.cleaned_data["note"]
    )
    return str(DONE_MESSAGES[action]) % {"count": result or 0}


@login_required
@require_http_methods(["GET", "POST"])
def period_detail(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_ministry_membership_for_user(
        request, write=request.method == "POST"
    )
    period = ReportingPeriod.objects.filter(pk=pk).first()
    if period is None:
        raise Http404(_("No such period."))
    action = request.POST.get("action") if request.method == "POST" else None
    if action is not None and action not in services.TRANSITIONS:
        return HttpResponseBadRequest(_("Unknown change."))
    forms = _forms(period, request.POST, action)
    if action is not None:
        form = forms[action]
        if form.is_valid():
            try:
                done = _apply(request, period, action, form)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, done)
                return redirect("reporting:period-detail", pk=period.pk)
    can_change = membership.role == Membership.Role.OFFICIAL
    return render(
        request,
        "reporting/period_detail.html",
        {
            "period": period,
            "can_change": can_change,
            "actions": [
                (name, ACTION_LABELS[name], form) for name, form in forms.items()
            ]
            if can_change
            else [],
            "posted_action": action,
            "events": _event_rows(period),
            "summary": period_summary(period),
            "default_count": default_participant_count()
            if period.state == ReportingPeriod.State.UPCOMING
            and not period.participants.exists()
            else None,
        },
    )
