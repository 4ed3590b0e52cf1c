from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from institutions.access import active_membership

from ..models import Notification, Report, ReportingPeriod, ReportSection, Transition
from ..models import Value as ReportValue
from ..models.status import SubmissionStatus


class PeriodSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportingPeriod
        fields = [
            "id",
            "year",
            "opens_at",
            "due_at",
            "closes_at",
            "state",
            "late_policy",
            "requires_signoff_scan",
        ]


class ReportSerializer(serializers.ModelSerializer):
    """A report as the report list shows it: state, submission status, and for the
    caller's acting membership why its content is hidden and why it is locked."""

    period = serializers.IntegerField(source="period.year", read_only=True)
    university_code = serializers.CharField(source="university.code", read_only=True)
    submission_status = serializers.ChoiceField(
        choices=SubmissionStatus.choices,
        source="submission_status_value",
        read_only=True,
    )
    version_label = serializers.CharField(read_only=True)
    content_hidden_reason = serializers.SerializerMethodField()
    lock_reason = serializers.SerializerMethodField()

    class Meta:
        model = Report
        fields = [
            "id",
            "period",
            "university",
            "university_code",
            "state",
            "submission_status",
            "is_late",
            "submission_count",
            "version_label",
            "revision",
            "submitted_at",
            "last_submitted_at",
            "state_changed_at",
            "reopened_until",
            "content_hidden_reason",
            "lock_reason",
        ]

    def _membership(self):
        return active_membership(self.context["request"].user)

    @extend_schema_field({"type": "string", "nullable": True})
    def get_content_hidden_reason(self, report: Report) -> str | None:
        return report.content_hidden_reason(self._membership())

    @extend_schema_field({"type": "string", "nullable": True})
    def get_lock_reason(self, report: Report) -> str | None:
        return report.lock_reason(self._membership())


class SectionSerializer(serializers.ModelSerializer):
    action = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = ReportSection
        fields = [
            "id",
            "report",
            "action",
            "version",
            "is_zero_report",
            "zero_note",
            "narrative_done",
            "narrative_obstacles",
            "narrative_next",
            "revision",
            "updated_at",
        ]


# The value list's columns, read with `values()` (`ValueViewSet`): dict rows
# instead of four model instances a row, the bulk of the list's time otherwise.
VALUE_FIELDS = (
    "id",
    "report_id",
    "status",
    "raw",
    "number",
    "date_value",
    "bool_value",
    "error_code",
    "explanation",
    "revision",
    "updated_at",
)
VALUE_CODES = {
    "university": "report__university__code",
    "period": "report__period__year",
    "indicator_code": "indicator__code",
}
_NUMBER = serializers.DecimalField(max_digits=20, decimal_places=4)
_DATE = serializers.DateField()
_DATETIME = serializers.DateTimeField()


class ValueSerializer(serializers.ModelSerializer):
    """One value, flat: university × period × indicator → as typed (`raw`) and as
    understood (`number`, `date_value` or `bool_value`, by the indicator's type)."""

    # The fields document the answer (the schema); the rows are dicts of
    # VALUE_FIELDS and VALUE_CODES, written out by to_representation in the same
    # fields' formats (a decimal as "12.5000", times in the current time zone).

    university = serializers.CharField(source="report.university.code", read_only=True)
    period = serializers.IntegerField(source="report.period.year", read_only=True)
    indicator = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = ReportValue
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
            "updated_at",
        ]

    def to_representation(self, row: dict) -> dict:
        number, date = row["number"], row["date_value"]
        return {
            "id": row["id"],
            "report": row["report_id"],
            "university": row["university"],
            "period": row["period"],
            "indicator": row["indicator_code"],
            "status": row["status"],
            "raw": row["raw"],
            "number": None if number is None else _NUMBER.to_representation(number),
            "date_value": None if date is None else _DATE.to_representation(date),
            "bool_value": row["bool_value"],
            "error_code": row["error_code"],
            "explanation": row["explanation"],
            "revision": row["revision"],
            "updated_at": _DATETIME.to_representation(row["updated_at"]),
        }


class TransitionSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.get_full_name", read_only=True)

    class Meta:
        model = Transition
        fields = [
            "id",
            "report",
            "action",
            "from_state",
            "to_state",
            "actor",
            "actor_role",
            "at",
            "submission_count",
            "revision",
            "comment",
            "reopen_until",
        ]


class NotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "kind", "report", "transition", "created_at", "read_at"]
