"""Reporting resources, read-only. Every queryset is the models' scoped one
(`visible_to`, `content_visible_to`), so the API shows what the pages show."""

from __future__ import annotations

from django.db.models import F
from rest_framework import viewsets

from carbonplan.api.filters import FilterBackend
from carbonplan.api.pagination import CursorPagination

from ..filters import PeriodFilter, ReportFilter, ValueFilter
from ..models import Notification, Report, ReportingPeriod, ReportSection, Transition
from ..models import Value as ReportValue
from .serializers import (
    VALUE_CODES,
    VALUE_FIELDS,
    NotificationSerializer,
    PeriodSerializer,
    ReportSerializer,
    SectionSerializer,
    TransitionSerializer,
    ValueSerializer,
)
from .workflow import ReportWorkflowMixin
from .writes import SectionWriteMixin


class PeriodViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = PeriodSerializer
    filterset_class = PeriodFilter
    ordering_fields = ["year"]

    def get_queryset(self):
        return ReportingPeriod.objects.visible_to(self.request.user)


class ReportViewSet(ReportWorkflowMixin, viewsets.ReadOnlyModelViewSet):
    """Reports in the caller's scope, in any state, filtered as the report list
    (without `period`, the open period's; `period=` for every period); the
    workflow's steps are POSTs on one report (reporting/api/workflow.py)."""

    serializer_class = ReportSerializer
    filterset_class = ReportFilter
    ordering_fields = ["id", "state_changed_at", "last_submitted_at"]

    def get_queryset(self):
        return (
            Report.objects.visible_to(self.request.user)
            .with_submission_status()
            .with_authority_return()
            .select_related("period", "university__authority")
        )

    def filter_queryset(self, queryset):
        # The list's default (the open period) is no lookup rule: a report of
        # another period, or a step on it, is found by its id alone.
        return queryset if self.detail else super().filter_queryset(queryset)


class SectionViewSet(SectionWriteMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = SectionSerializer
    filterset_fields = {"report": ["exact"], "action__code": ["exact"]}
    ordering_fields = ["id"]

    def get_queryset(self):
        return ReportSection.objects.visible_to(self.request.user).select_related(
            "action"
        )


class ValueViewSet(viewsets.ReadOnlyModelViewSet):
    """Values of the reports whose content the caller reads, by cursor (no count)."""

    serializer_class = ValueSerializer
    filterset_class = ValueFilter
    filter_backends = [FilterBackend]
    pagination_class = CursorPagination

    def get_queryset(self):
        # Dict rows of the needed columns only (ValueSerializer writes them out).
        return ReportValue.objects.visible_to(self.request.user).values(
            *VALUE_FIELDS, **{name: F(path) for name, path in VALUE_CODES.items()}
        )


class TransitionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = TransitionSerializer
    filterset_fields = {"report": ["exact"], "action": ["exact"]}
    ordering_fields = ["at", "id"]

    def get_queryset(self):
        return Transition.objects.visible_to(self.request.user).select_related("actor")


class NotificationViewSet(viewsets.ReadOnlyModelViewSet):
    """The caller's own notifications, newest first."""

    serializer_class = NotificationSerializer
    filterset_fields = ["kind"]
    ordering_fields = ["created_at"]

    def get_queryset(self):
        return Notification.objects.of_user(self.request.user)
