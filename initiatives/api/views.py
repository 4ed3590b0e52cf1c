"""The plan as data, read-only: the same for every signed-in caller (the plan page is
public); targets are the national ones and those of the universities in scope."""

from __future__ import annotations

from rest_framework import viewsets

from ..models import Action, Horizon, Indicator, Target, Task, TechnologyField
from .serializers import (
    ActionSerializer,
    HorizonSerializer,
    IndicatorSerializer,
    TargetSerializer,
    TaskSerializer,
    TechnologyFieldSerializer,
)


class PlanViewSet(viewsets.ReadOnlyModelViewSet):
    """Plan objects are found by their frozen codes."""

    lookup_field = "code"
    lookup_value_regex = "[^/]+"  # task codes have a dot (A1.1)
    ordering_fields = ["code"]


class HorizonViewSet(PlanViewSet):
    queryset = Horizon.objects.all()
    serializer_class = HorizonSerializer


class ActionViewSet(PlanViewSet):
    queryset = Action.objects.all()
    serializer_class = ActionSerializer
    filterset_fields = ["kind"]


class TaskViewSet(PlanViewSet):
    queryset = Task.objects.select_related("action")
    serializer_class = TaskSerializer
    filterset_fields = {"action__code": ["exact"]}


class TechnologyFieldViewSet(PlanViewSet):
    queryset = TechnologyField.objects.all()
    serializer_class = TechnologyFieldSerializer
    filterset_fields = ["group"]


class IndicatorViewSet(PlanViewSet):
    queryset = Indicator.objects.select_related("action", "task")
    serializer_class = IndicatorSerializer
    filterset_fields = {
        "action__code": ["exact"],
        "value_type": ["exact"],
        "time_type": ["exact"],
        "is_active": ["exact"],
    }


class TargetViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = TargetSerializer
    filterset_fields = {"indicator__code": ["exact"], "horizon__code": ["exact"]}
    ordering_fields = ["id"]

    def get_queryset(self):
        return Target.objects.visible_to(self.request.user).select_related(
            "indicator", "horizon"
        )
