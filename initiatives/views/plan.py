"""The plan's public pages: the plan itself and one page per indicator (no login)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from institutions.models import University

from ..models import Action, Horizon, Indicator, Task, TechnologyField


def plan(request: HttpRequest) -> HttpResponse:
    """Horizons, actions with their tasks and indicators, and technology fields.

    A fixed number of queries whatever the size of the catalogue.
    """
    indicators = Indicator.objects.active().order_by("order", "code")
    actions = list(
        Action.objects.prefetch_related(
            Prefetch(
                "tasks",
                queryset=Task.objects.order_by("order").prefetch_related(
                    Prefetch("indicators", queryset=indicators)
                ),
            ),
            Prefetch(
                "indicators",
                queryset=indicators.filter(task__isnull=True),
                to_attr="action_indicators",
            ),
        )
    )
    fields = list(TechnologyField.objects.all())
    field_groups = [
        (value, label, [f for f in fields if f.group == value])
        for value, label in TechnologyField.Group.choices
    ]
    horizons = list(Horizon.objects.all())
    year = timezone.localdate().year
    return render(
        request,
        "initiatives/plan.html",
        {
            "horizons": horizons,
            "current_horizon": next(
                (h for h in horizons if h.start_year <= year <= h.end_year), None
            ),
            "actions": [a for a in actions if a.kind == Action.Kind.ACTION],
            "measures": [a for a in actions if a.kind == Action.Kind.MEASURE],
            "field_groups": field_groups,
        },
    )


def indicator_detail(request: HttpRequest, code: str) -> HttpResponse:
    """The counting rules (koujing): all a reporter needs to count it the same way."""
    indicator = get_object_or_404(
        Indicator.objects.select_related("action", "task"), code=code
    )
    level_labels = dict(University.Level.choices)
    return render(
        request,
        "initiatives/indicator_detail.html",
        {
            "indicator": indicator,
            "levels": [level_labels[level] for level in indicator.levels],
            "min_value": _plain(indicator.min_value),
            "max_value": _plain(indicator.max_value),
        },
    )


def _plain(value: Decimal | None) -> str | None:
    """100.0000 as "100", 0.5000 as "0.5": bounds are stored with four places."""
    if value is None:
        return None
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
