"""Bulk read of the values resource for a whole period, streamed at constant memory:
`GET /api/v1/values/export/?period=2025&format=csv` (or `jsonl`, `json`), with the
values list's filters (`ValueFilter`) and scope (`Value.objects.visible_to`).

The rows come from one query walked with `.iterator()`, each written out as it
arrives: the server holds one chunk of rows whatever the size of the period, and the
query count does not depend on it. Values are as the values list gives them (`raw` as
typed, `number` as a decimal string), not formatted for reading: this is for scripts.

Columns (CSV header, JSON keys), stable English codes in every language, so that a
script never depends on the caller's Accept-Language; `EXPORT_COLUMNS` is the list.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator

from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers
from rest_framework.negotiation import DefaultContentNegotiation

from carbonplan.api.filters import MAX_YEAR, MIN_YEAR, YEAR_SCHEMA, FilterBackend
from carbonplan.db_router import reading_from_replica

from ..filters import ValueFilter
from ..models import Value

# Rows fetched per database round trip; what the server holds at once.
CHUNK_SIZE = 2000

EXPORT_COLUMNS = (
    "period",  # data year
    "university",  # university code
    "action",  # action (section) code
    "indicator",  # indicator code
    "status",  # entered, blank or na
    "raw",  # as typed
    "number",  # as understood, for number indicators ("12.5000")
    "date_value",  # for date indicators (2025-03-01)
    "bool_value",  # for yes/no indicators (true/false)
    "error_code",  # why `raw` was not understood, if it was not
    "explanation",  # the university's explanation of warnings
    "revision",  # the report revision that last changed the value
    "report",  # report id
    "id",  # value id
    "updated_at",  # ISO 8601, UTC offset included
)

FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "jsonl": ("application/x-ndjson", "jsonl"),
    "json": ("application/json", "json"),
}


def export_queryset(queryset) -> Iterator[Value]:
    """The rows in a stable order (university, indicator), their codes fetched in the
    same query, walked by chunks."""
    return (
        queryset.select_related(
            "report__university", "report__period", "indicator", "section__action"
        )
        .order_by("report__university__code", "indicator__order", "pk")
        .iterator(chunk_size=CHUNK_SIZE)
    )


def from_replica(chunks: Iterable[str]) -> Iterator[str]:
    """The stream's reads on the replica (when configured): the response is
    iterated after the view has returned, so the view's own context has ended."""
    with reading_from_replica():
        yield from chunks


def export_row(value: Value) -> dict:
    """One value as a flat dict of JSON types, keyed by `EXPORT_COLUMNS`."""
    return {
        "period": value.report.period.year,
        "university": value.report.university.code,
        "action": value.section.action.code,
        "indicator": value.indicator.code,
        "status": value.status,
        "raw": value.raw,
        "number": None if value.number is None else str(value.number),
        "date_value": value.date_value.isoformat() if value.date_value else None,
        "bool_value": value.bool_value,
        "error_code": value.error_code,
        "explanation": value.explanation,
        "revision": value.revision,
        "report": value.report_id,
        "id": value.pk,
        "updated_at": value.updated_at.isoformat(),
    }


class _Line:
    """A file-like object for csv.writer that hands back what it is given."""

    def write(self, text: str) -> str:
        return text


def _csv_cell(cell) -> object:
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "true" if cell else "false"
    return cell


def csv_lines(rows: Iterable[dict]) -> Iterator[str]:
    """UTF-8 with a byte-order mark, so that Excel and WPS open it as UTF-8."""
    writer = csv.writer(_Line())
    yield "\ufeff" + writer.writerow(EXPORT_COLUMNS)
    for row in rows:
        yield writer.writerow([_csv_cell(row[column]) for column in EXPORT_COLUMNS])


def json_lines(rows: Iterable[dict]) -> Iterator[str]:
    for row in rows:
        yield json.dumps(row, ensure_ascii=False) + "\n"


def json_array(rows: Iterable[dict]) -> Iterator[str]:
    yield "["
    separator = ""
    for row in rows:
        yield separator + json.dumps(row, ensure_ascii=False)
        separator = ",\n"
    yield "]\n"


WRITERS = {"csv": csv_lines, "jsonl": json_lines, "json": json_array}


class ErrorsInJson(DefaultContentNegotiation):
    """`format` here names the file, not a DRF renderer: every answer that is not the
    file (an error) is the API's JSON."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class GivenChoiceField(serializers.ChoiceField):
    """A choice that, once given, must be one: `format=` is a wrong choice (as the
    schema's enum says), where DRF would read an empty query value as not given."""

    def get_value(self, dictionary):
        if dictionary.get(self.field_name) == "":
            return ""
        return super().get_value(dictionary)


class ExportParams(serializers.Serializer):
    period = serializers.IntegerField(min_value=MIN_YEAR, max_value=MAX_YEAR)
    format = GivenChoiceField(choices=list(FORMATS), default="csv")


class ExportRowSerializer(serializers.Serializer):
    """For the schema only: one row of the export."""

    period = serializers.IntegerField()
    university = serializers.CharField()
    action = serializers.CharField()
    indicator = serializers.CharField()
    status = serializers.ChoiceField(choices=Value.Status.choices)
    raw = serializers.CharField()
    number = serializers.CharField(allow_null=True)
    date_value = serializers.DateField(allow_null=True)
    bool_value = serializers.BooleanField(allow_null=True)
    error_code = serializers.CharField()
    explanation = serializers.CharField()
    revision = serializers.IntegerField()
    report = serializers.IntegerField()
    id = serializers.IntegerField()
    updated_at = serializers.DateTimeField()


@extend_schema(
    summary="Values of a period as one file (CSV, JSON lines or JSON), streamed",
    parameters=[
        OpenApiParameter(
            "period", YEAR_SCHEMA, required=True, description="Data year."
        ),
        OpenApiParameter(
            "format", OpenApiTypes.STR, enum=list(FORMATS), description="Default csv."
        ),
    ],
    responses={
        (200, "text/csv"): OpenApiResponse(
            OpenApiTypes.STR,
            description="UTF-8 with BOM; header row: " + ",".join(EXPORT_COLUMNS),
        ),
        (200, "application/x-ndjson"): OpenApiResponse(
            OpenApiTypes.STR, description="One JSON object per line."
        ),
        (200, "application/json"): ExportRowSerializer(many=True),
    },
)
class ValueExportView(generics.GenericAPIView):
    """Every value in the caller's scope for one data year, filtered as the values
    list (`university`, `indicator`, `action`, `report`, `status`), as one file."""

    filter_backends = [FilterBackend]
    filterset_class = ValueFilter
    content_negotiation_class = ErrorsInJson
    pagination_class = None

    def get_queryset(self):
        return Value.objects.visible_to(self.request.user)

    def get(self, request, *args, **kwargs):
        params = ExportParams(data=request.query_params)
        params.is_valid(raise_exception=True)
        year, kind = params.validated_data["period"], params.validated_data["format"]
        queryset = self.filter_queryset(self.get_queryset())
        rows = map(export_row, export_queryset(queryset))
        content_type, extension = FORMATS[kind]
        response = StreamingHttpResponse(
            (chunk.encode() for chunk in from_replica(WRITERS[kind](rows))),
            content_type=content_type,
        )
        response["Content-Disposition"] = (
            f'attachment; filename="values-{year}.{extension}"'
        )
        response["Cache-Control"] = "no-store"
        return response
