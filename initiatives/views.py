from __future__ import annotations

from django.shortcuts import get_object_or_404, render

from .models import Action, Horizon, Indicator


def plan(request):
    """The plan is a public document: no login."""
    return render(
        request,
        "initiatives/plan.html",
        {"horizons": Horizon.objects.all(), "actions": Action.objects.all()},
    )


def indicator_detail(request, code: str):
    indicator = get_object_or_404(Indicator, code=code)
    return render(
        request, "initiatives/indicator_detail.html", {"indicator": indicator}
    )
