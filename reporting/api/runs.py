"""The ministry reports (report runs), read-only: the runs in the caller's scope
(`ReportRun.objects.visible_to`) with their files, each downloaded through the
page's own rule (`get_report_run_file_for_user`) and response."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import exceptions, serializers, viewsets
from rest_framework.decorators import action

from ..access import get_report_run_file_for_user
from ..filters import ReportRunFilter
from ..models import ReportRun, ReportRunFile
from ..views.runs import report_run_file_response

FILE_FORMATS = tuple(ReportRunFile.Format.values)


class ReportRunFileSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ReportRunFile
        fields = ["format", "size", "sha256", "created_at", "download_url"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_download_url(self, stored: ReportRunFile) -> str:
        path = reverse(
            "api:report-run-file", kwargs={"pk": stored.run_id, "fmt": stored.format}
        )
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class ReportRunSerializer(serializers.ModelSerializer):
    period = serializers.IntegerField(source="period.year", read_only=True)
    authority = serializers.CharField(
        source="authority.code", read_only=True, allow_null=True
    )
    requested_by = serializers.CharField(
        source="requested_by.username", read_only=True, allow_null=True
    )
    files = ReportRunFileSerializer(many=True, read_only=True)

    class Meta:
        model = ReportRun
        fields = [
            "id",
            "kind",
            "period",
            "authority",
            "slot",
            "schedule",
            "requested_by",
            "state",
            "queued_at",
            "started_at",
            "finished_at",
            "error",
            "files",
        ]


class ReportRunViewSet(viewsets.ReadOnlyModelViewSet):
    """The ministry's reports in the caller's scope: every run for the ministry,
    an authority's own for its reviewers, none for a university."""

    # any id reaches the view, which answers the API's JSON 404 for one not a number
    lookup_value_regex = "[^/]+"

    serializer_class = ReportRunSerializer
    filterset_class = ReportRunFilter
    ordering_fields = ["queued_at", "id"]

    def get_queryset(self):
        return (
            ReportRun.objects.visible_to(self.request.user)
            .select_related("period", "authority", "requested_by")
            .prefetch_related("files")
        )

    @extend_schema(
        summary="Download a file of the run",
        description=(
            "The run's XLSX or PDF as an attachment, under the rule of the page's "
            "download: 404 outside the caller's scope or for a format not made."
        ),
        parameters=[
            OpenApiParameter(
                "fmt", OpenApiTypes.STR, OpenApiParameter.PATH, enum=FILE_FORMATS
            )
        ],
        responses={(200, "*/*"): OpenApiTypes.BINARY},
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=r"files/(?P<fmt>[^/]+)",  # any other format: the API's own 404
        url_name="file",
    )
    def file(self, request, pk: str | None = None, fmt: str = "xlsx"):
        if not str(pk).isascii() or not str(pk).isdigit() or fmt not in FILE_FORMATS:
            raise exceptions.NotFound()
        stored = get_report_run_file_for_user(request, int(pk), fmt)
        return report_run_file_response(stored)
