"""Reporting resources beside the values: narratives, reviewers' field comments and
evidence files' metadata. Read-only; each queryset is the model's scoped one, so the
API shows what the report page shows and nothing more.

- narratives: a section's three texts, flat (university × period × action), for a
  data team reading what universities wrote; the sections resource carries them
  too, by report.
- field comments: the comments a reviewer made with a step, for who reads that
  step (`FieldComment.objects.visible_to`).
- accepted values: the figures that count (`AcceptedValue.objects.counting()`), of
  the reports in the caller's scope, by cursor as the values.
- evidence: the current files of the reports whose content the caller reads
  (`EvidenceFile.objects.visible_to`). `download_url` serves the file to a token as
  to a session, through the page's own rule (`get_evidence_for_user`) and response.
"""

from __future__ import annotations

import django_filters
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import exceptions, serializers, viewsets
from rest_framework.decorators import action

from carbonplan.api.filters import FilterBackend, IdFilter, YearFilter
from carbonplan.api.pagination import CursorPagination

from ..access import get_evidence_for_user
from ..evidence.serving import evidence_file_response
from ..models import AcceptedValue, EvidenceFile, FieldComment, ReportSection

# --- Narratives -----------------------------------------------------------------------


class NarrativeFilter(django_filters.FilterSet):
    """By the codes a script knows, as the values' filters."""

    period = YearFilter(field_name="report__period__year", label=_("Data year"))
    university = django_filters.CharFilter(
        field_name="report__university__code", label=_("University code")
    )
    action = django_filters.CharFilter(
        field_name="action__code", label=_("Action code")
    )
    report = IdFilter(field_name="report_id", label=_("Report"))

    class Meta:
        model = ReportSection
        fields: list[str] = []


class NarrativeSerializer(serializers.ModelSerializer):
    section = serializers.IntegerField(source="pk", read_only=True)
    university = serializers.CharField(source="report.university.code", read_only=True)
    period = serializers.IntegerField(source="report.period.year", read_only=True)
    action = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = ReportSection
        fields = [
            "section",
            "report",
            "university",
            "period",
            "action",
            "is_zero_report",
            "zero_note",
            "narrative_done",
            "narrative_obstacles",
            "narrative_next",
            "revision",
            "updated_at",
        ]


class NarrativeViewSet(viewsets.ReadOnlyModelViewSet):
    """What each university wrote for each action, in the caller's scope."""

    serializer_class = NarrativeSerializer
    filterset_class = NarrativeFilter
    ordering_fields = ["id", "updated_at"]

    def get_queryset(self):
        return (
            ReportSection.objects.visible_to(self.request.user)
            .select_related("report__university", "report__period", "action")
            .order_by("report__university__code", "action__order", "pk")
        )


# --- Field comments -------------------------------------------------------------------


class FieldCommentFilter(django_filters.FilterSet):
    report = IdFilter(field_name="report_id", label=_("Report"))
    transition = IdFilter(field_name="transition_id", label=_("Step"))
    indicator = django_filters.CharFilter(
        field_name="indicator__code", label=_("Indicator code")
    )
    action = django_filters.CharFilter(
        field_name="section__action__code", label=_("Action code")
    )

    class Meta:
        model = FieldComment
        fields: list[str] = []


class FieldCommentSerializer(serializers.ModelSerializer):
    """A comment on one value (`indicator`) or on one of a section's texts (`field`:
    narrative_done, narrative_obstacles, narrative_next, zero_note, or the section)."""

    action = serializers.CharField(source="section.action.code", read_only=True)
    indicator = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    at = serializers.DateTimeField(source="transition.at", read_only=True)
    step = serializers.CharField(source="transition.action", read_only=True)
    actor_role = serializers.CharField(source="transition.actor_role", read_only=True)

    class Meta:
        model = FieldComment
        fields = [
            "id",
            "report",
            "transition",
            "step",
            "actor_role",
            "at",
            "section",
            "action",
            "indicator",
            "field",
            "text",
        ]


class FieldCommentViewSet(viewsets.ReadOnlyModelViewSet):
    """Reviewers' comments on fields, made with a return or a reopening."""

    serializer_class = FieldCommentSerializer
    filterset_class = FieldCommentFilter
    ordering_fields = ["id"]

    def get_queryset(self):
        return FieldComment.objects.visible_to(self.request.user).select_related(
            "transition", "section__action", "indicator"
        )


# --- Evidence metadata ----------------------------------------------------------------


class EvidenceFilter(django_filters.FilterSet):
    report = IdFilter(field_name="report_id", label=_("Report"))
    action = django_filters.CharFilter(
        field_name="section__action__code", label=_("Action code")
    )
    kind = django_filters.ChoiceFilter(
        choices=EvidenceFile.Kind.choices, label=_("Kind")
    )

    class Meta:
        model = EvidenceFile
        fields: list[str] = []


class EvidenceSerializer(serializers.ModelSerializer):
    """A file's metadata; the file itself through `download_url`, with the same
    token (or session)."""

    action = serializers.CharField(
        source="section.action.code", read_only=True, allow_null=True
    )
    indicator = serializers.CharField(
        source="value.indicator.code", read_only=True, allow_null=True
    )
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = EvidenceFile
        fields = [
            "id",
            "report",
            "section",
            "action",
            "value",
            "indicator",
            "kind",
            "name",
            "content_type",
            "size",
            "sha256",
            "uploaded_at",
            "revision",
            "signed_revision",
            "signed_checksum",
            "download_url",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_download_url(self, evidence: EvidenceFile) -> str:
        path = reverse("api:evidence-download", args=[evidence.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class EvidenceViewSet(viewsets.ReadOnlyModelViewSet):
    """The current (not removed) files of the reports whose content the caller reads."""

    serializer_class = EvidenceSerializer
    filterset_class = EvidenceFilter
    ordering_fields = ["uploaded_at", "id"]

    def get_queryset(self):
        return (
            EvidenceFile.objects.visible_to(self.request.user)
            .current()
            .select_related("section__action", "value__indicator")
        )

    @extend_schema(
        summary="Download the file",
        description=(
            "The stored file as an attachment (its own content type), under the "
            "rule of the page's download: 404 outside the caller's scope, 403 with "
            "the reason while the report's content is hidden from the caller."
        ),
        responses={(200, "*/*"): OpenApiTypes.BINARY},
    )
    @action(detail=True, methods=["get"], url_path="download")
    def download(self, request, pk: str | None = None):
        if not str(pk).isascii() or not str(pk).isdigit():
            raise exceptions.NotFound()
        evidence = get_evidence_for_user(request, int(pk))
        return evidence_file_response(evidence, inline=False)


# --- Accepted values ------------------------------------------------------------------


class AcceptedValueFilter(django_filters.FilterSet):
    period = YearFilter(field_name="period__year", label=_("Data year"))
    province = django_filters.CharFilter(
        field_name="university__province__code", label=_("Province")
    )
    university = django_filters.CharFilter(
        field_name="university__code", label=_("University code")
    )
    indicator = django_filters.CharFilter(
        field_name="indicator__code", label=_("Indicator code")
    )

    class Meta:
        model = AcceptedValue
        fields: list[str] = []


class AcceptedValueSerializer(serializers.ModelSerializer):
    """One counting value as accepted: the values' columns, and the report revision
    that was accepted."""

    university = serializers.CharField(source="university.code", read_only=True)
    period = serializers.IntegerField(source="period.year", read_only=True)
    indicator = serializers.SlugRelatedField(slug_field="code", read_only=True)
    revision = serializers.IntegerField(source="version.revision", read_only=True)
    accepted_at = serializers.DateTimeField(
        source="version.accepted_at", read_only=True
    )

    class Meta:
        model = AcceptedValue
        fields = [
            "id",
            "report",
            "university",
            "period",
            "indicator",
            "status",
            "raw",
            "number",
            "date_value",
            "bool_value",
            "error_code",
            "explanation",
            "revision",
            "accepted_at",
        ]


class AcceptedValueViewSet(viewsets.ReadOnlyModelViewSet):
    """The accepted values that count, in the caller's scope, by cursor (no count)."""

    serializer_class = AcceptedValueSerializer
    filterset_class = AcceptedValueFilter
    filter_backends = [FilterBackend]
    pagination_class = CursorPagination

    def get_queryset(self):
        return (
            AcceptedValue.objects.counting()
            .visible_to(self.request.user)
            .select_related("university", "period", "indicator", "version")
        )
