"""The write API's documented answers (reporting/api/writes.py): what a bulk
write returns, the one error shape and the 409's current versions, with examples
for the schema at /api/schema/."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter
from rest_framework import serializers

from carbonplan.api.schema import ErrorSerializer


class WarningSerializer(serializers.Serializer):
    row = serializers.IntegerField()
    indicator = serializers.CharField()
    code = serializers.CharField()
    message = serializers.CharField()
    explained = serializers.BooleanField()
    explanation_error = serializers.CharField(allow_null=True)


class ChecksSerializer(serializers.Serializer):
    error_count = serializers.IntegerField()
    warning_count = serializers.IntegerField()
    unexplained_warning_count = serializers.IntegerField()
    completeness = serializers.IntegerField()


class ValuesWrittenSerializer(serializers.Serializer):
    dry_run = serializers.BooleanField()
    changed = serializers.BooleanField()
    versions = serializers.DictField(child=serializers.IntegerField())
    warnings = WarningSerializer(many=True)
    checks = ChecksSerializer()


class ConflictSerializer(ErrorSerializer):
    versions = serializers.DictField(child=serializers.IntegerField())


DRY_RUN = OpenApiParameter(
    "dry_run",
    OpenApiTypes.BOOL,
    OpenApiParameter.QUERY,
    description="1: check and answer as if saved, and save nothing.",
)
ERRORS = {
    400: ErrorSerializer,
    403: ErrorSerializer,
    404: ErrorSerializer,
    409: ConflictSerializer,
}
BULK_EXAMPLES = [
    OpenApiExample(
        "Values of two sections",
        request_only=True,
        value={
            "versions": {"A1": 3, "A2": 0},
            "values": [
                {"indicator": "IND-A1-01", "raw": "1,234"},
                {
                    "indicator": "IND-A1-02",
                    "raw": "12",
                    "explanation": "Two new courses opened this year.",
                },
                {"indicator": "IND-A2-01", "status": "na"},
            ],
            "sections": [{"action": "A1", "narrative_done": "Courses as planned."}],
        },
    ),
    OpenApiExample(
        "Saved, with a warning to explain",
        response_only=True,
        status_codes=["200"],
        value={
            "dry_run": False,
            "changed": True,
            "versions": {"A1": 4, "A2": 1},
            "warnings": [
                {
                    "row": 0,
                    "indicator": "IND-A1-01",
                    "code": "jump_tenfold",
                    "message": "Ten times last year's value (123 items).",
                    "explained": False,
                    "explanation_error": None,
                }
            ],
            "checks": {
                "error_count": 0,
                "warning_count": 1,
                "unexplained_warning_count": 1,
                "completeness": 40,
            },
        },
    ),
    OpenApiExample(
        "A bad row: nothing saved",
        response_only=True,
        status_codes=["400"],
        value={
            "error": {
                "code": "invalid",
                "message": "The request is not valid.",
                "fields": [
                    {
                        "field": "values.0.raw",
                        "code": "not_a_number",
                        "message": "IND-A1-01: Type a number.",
                    }
                ],
            }
        },
    ),
    OpenApiExample(
        "A section changed meanwhile: nothing saved",
        response_only=True,
        status_codes=["409"],
        value={
            "error": {
                "code": "conflict",
                "message": "Someone saved the report since you read it; nothing "
                "was saved.",
                "fields": [
                    {
                        "field": "versions.A1",
                        "code": "stale",
                        "message": "Section A1 was changed since version 3: it is "
                        "at version 4 now.",
                    }
                ],
            },
            "versions": {"A1": 4, "A2": 0},
        },
    ),
]
