"""Writing a report through the API: many values of one report in one request
(`POST /api/v1/reports/{id}/values/`) and one section's narratives and zero report
(`PATCH /api/v1/sections/{id}/`).

Both read the request into the same typed `SectionInput` as the form
(write_rows.py) and save it with `sections_save`, under each section's lock counter
(`version`, or `If-Match`). All or nothing: a row that cannot be stored (an
indicator the report does not have, a value its type does not allow, a text over its
limit) refuses the whole request with every such row named, and a stale version
refuses it with 409 and the current versions; `?dry_run=1` checks and saves inside a
transaction that is rolled back. Where the form stores a value it cannot understand
(a draft may hold errors, shown in red), a script is refused instead. Warnings are
saved as the form saves them, and returned with whether they are explained.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from institutions.access import active_membership
from reporting.models import Report, Value
from reporting.report_read import ReportData, report_data_locked
from reporting.section_input import BASE_VERSION_MAX
from reporting.services.sections import sections_save
from reporting.validation import explanation_error

from .serializers import SectionSerializer
from .write_rows import Rows, if_match_versions, rows_read
from .write_schema import BULK_EXAMPLES, DRY_RUN, ERRORS, ValuesWrittenSerializer

MAX_ROWS = 1000
TRUE_WORDS = ("1", "true", "yes", "on")


def _text() -> serializers.CharField:
    # No max_length: the typed input checks each limit, in the form's words.
    return serializers.CharField(
        required=False, allow_blank=True, trim_whitespace=False
    )


class ValueRowSerializer(serializers.Serializer):
    indicator = serializers.CharField(max_length=40)
    raw = _text()
    status = serializers.ChoiceField(choices=Value.Status.choices, required=False)
    explanation = _text()


class SectionFieldsSerializer(serializers.Serializer):
    is_zero_report = serializers.BooleanField(required=False)
    zero_note = _text()
    narrative_done = _text()
    narrative_obstacles = _text()
    narrative_next = _text()


class SectionRowSerializer(SectionFieldsSerializer):
    action = serializers.CharField(max_length=20)


class ValuesWriteSerializer(serializers.Serializer):
    """Many values (and section texts) of one report, each section at the version
    the caller based the changes on."""

    versions = serializers.DictField(
        child=serializers.IntegerField(min_value=0, max_value=BASE_VERSION_MAX),
        required=False,
        help_text="Each changed section's version, by its action's code; or the "
        'If-Match header: "A1:3", "A2:7".',
    )
    values = ValueRowSerializer(many=True, required=False, max_length=MAX_ROWS)
    sections = SectionRowSerializer(many=True, required=False, max_length=50)


class SectionWriteSerializer(SectionFieldsSerializer):
    version = serializers.IntegerField(
        min_value=0,
        max_value=BASE_VERSION_MAX,
        required=False,
        help_text='The version the change is based on; or the If-Match header: "3".',
    )


# --- Saving -------------------------------------------------------------------------


def _editable(request, report: Report | None) -> Report:
    """The report if the caller may edit it now: 404 outside their scope, 403 with
    the lock reason inside it (`Report.lock_reason`, the edit rule's own words)."""
    if report is None:
        raise exceptions.NotFound(_("No such report."))
    reason = report.lock_reason(active_membership(request.user))
    if reason:
        raise exceptions.PermissionDenied(reason, code="locked")
    return report


def values_write(
    request,
    pk: int,
    sent: Callable[[], tuple[dict, dict]],
    *,
    answer: Callable[[ReportData], dict] | None = None,
) -> Response:
    """Save the rows of report `pk` all or nothing, in one transaction: the report
    read once under its lock (its scope, its lock reason, the rows' checks and the
    save all use that read); 409 with the current versions when a section moved on
    since the caller read it. Dry run: the same answer, nothing written. `sent`
    reads the request (400 if it cannot), once the caller may edit the report: the
    rows, and each section's version the changes are based on. `answer`, given what
    was read and changed, gives the body instead."""
    dry_run = _wants(request.query_params.get("dry_run", ""))
    with transaction.atomic():
        read = report_data_locked(
            Report.objects.visible_to(request.user), pk, user=request.user
        )
        report = _editable(request, read.report if read else None)
        data, versions = sent()
        rows: Rows = rows_read(read, data, versions)
        results = sections_save(
            report=report,
            user=request.user,
            inputs=rows.inputs,
            data=read,
            all_or_nothing=True,
            dry_run=dry_run,
        )
    current = {
        section_input.action_code: (
            result.conflict.current_version
            if result.conflict
            else section_input.base_version
        )
        for section_input, result in zip(rows.inputs, results, strict=True)
    }
    if any(result.conflict for result in results):
        return _conflict(current, versions)
    if answer:
        return Response(answer(read))
    full = results[0].submission_check if results else None
    return Response(
        {
            "dry_run": dry_run,
            "changed": any(result.changed for result in results),
            "versions": {
                section_input.action_code: result.version
                for section_input, result in zip(rows.inputs, results, strict=True)
            },
            "warnings": _warnings(full, rows.rows, data),
            "checks": _checks(full, report),
        }
    )


def _conflict(current: dict[str, int], sent: dict[str, int]) -> Response:
    fields = [
        {
            "field": f"versions.{code}",
            "code": "stale",
            "message": _(
                "Section %(code)s was changed since version %(sent)s: it is at "
                "version %(current)s now."
            )
            % {"code": code, "sent": sent[code], "current": version},
        }
        for code, version in current.items()
        if version != sent[code]
    ]
    error = {
        "code": "conflict",
        "message": _(
            "Someone saved the report since you read it; nothing was saved. Read "
            "the sections again and send your changes based on their versions."
        ),
        "fields": fields,
    }
    return Response({"error": error, "versions": current}, status=409)


def _warnings(full, rows: dict[str, int], data: dict) -> list[dict]:
    if full is None:
        return []
    explanations = {
        row["indicator"]: row.get("explanation") for row in data.get("values", [])
    }
    return [
        {
            "row": rows[issue.indicator_code],
            "indicator": issue.indicator_code,
            "code": issue.code,
            "message": issue.message,
            "explained": issue.explained,
            "explanation_error": explanation_error(
                explanations.get(issue.indicator_code)
            ),
        }
        for issue in full.warnings
        if issue.indicator_code in rows
    ]


def _checks(full, report: Report) -> dict:
    if full is None:
        return {
            "error_count": report.error_count,
            "warning_count": report.warning_count,
            "unexplained_warning_count": report.unexplained_warning_count,
            "completeness": report.completeness,
        }
    return full.counters()


def _wants(value: object) -> bool:
    return str(value).strip().lower() in TRUE_WORDS


# --- Views and their schema ------------------------------------------------------------


class ReportValuesWrite(APIView):
    @extend_schema(
        operation_id="reports_values_write",
        summary="Write many values of one report, all or nothing",
        description=(
            "Values by indicator code as typed (`raw`), or `status` `na` for not "
            "applicable, with explanations of warnings, and section texts; each "
            "changed section at the version it was read at (`versions`, or "
            '`If-Match: "A1:3", "A2:0"`). A bad row refuses the whole request '
            "(400, each row named as `values.<row>.<field>`); a stale version "
            "answers 409 with the current versions. Only who may edit the report "
            "now, with a read-write token; otherwise 403 with the reason."
        ),
        request=ValuesWriteSerializer,
        parameters=[DRY_RUN],
        responses={200: ValuesWrittenSerializer, **ERRORS},
        examples=BULK_EXAMPLES,
        tags=["reports"],
    )
    def post(self, request, pk: int) -> Response:
        def sent() -> tuple[dict, dict]:
            serializer = ValuesWriteSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            data = serializer.validated_data
            return data, {**if_match_versions(request), **data.get("versions", {})}

        return values_write(request, pk, sent)


class SectionWriteMixin:
    """PATCH of one section's texts and zero report, for SectionViewSet; its GET
    carries the version as the ETag to send back in If-Match."""

    def retrieve(self, request, *args, **kwargs) -> Response:
        response = super().retrieve(request, *args, **kwargs)
        response["ETag"] = f'"{response.data["version"]}"'
        return response

    @extend_schema(
        summary="Change one section's texts and zero report",
        description=(
            "Based on the section's `version` (or `If-Match` with its ETag); a stale "
            "version answers 409 with the current one."
        ),
        request=SectionWriteSerializer,
        parameters=[DRY_RUN],
        responses={200: SectionSerializer, **ERRORS},
        examples=[
            OpenApiExample(
                "Nothing to report this year",
                request_only=True,
                value={
                    "version": 2,
                    "is_zero_report": True,
                    "zero_note": "The programme starts next year.",
                },
            )
        ],
    )
    def partial_update(self, request, *args, **kwargs) -> Response:
        section = self.get_object()
        code = section.action.code

        def sent() -> tuple[dict, dict]:
            serializer = SectionWriteSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            fields = dict(serializer.validated_data)
            tags = if_match_versions(request)  # "3", or "A1:3" as in a bulk write
            version = fields.pop("version", tags.get("", tags.get(code)))
            if version is None:
                message = _(
                    "Give the version the change is based on (the version field "
                    "or If-Match)."
                )
                raise exceptions.ValidationError(
                    {"version": [message]}, code="required"
                )
            return {"sections": [{"action": code, **fields}]}, {code: version}

        def answer(read: ReportData) -> dict:
            (saved,) = (s for s in read.sections if s.pk == section.pk)
            return SectionSerializer(saved).data

        response = values_write(request, section.report_id, sent, answer=answer)
        if response.status_code == 200:
            response["ETag"] = f'"{response.data["version"]}"'
        return response
