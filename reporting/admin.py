"""The reports' records in the admin, read-only (DESIGN.md §3).

An administrator finds a stuck report here, with the steps it went through, its
period, its evidence and who was notified, but changes nothing: reports move only
through the workflow's services, which keep the history, the notifications and the
accepted versions. No add, change or delete permission, even for a superuser; every
list loads its related rows in the same query.
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .figures import periods_with_counts
from .models import (
    EvidenceFile,
    Notification,
    PeriodEvent,
    Report,
    ReportingPeriod,
    Transition,
)


class ReadOnlyMixin:
    """Viewing only: the workflow is the one way to change these records."""

    actions = None

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyAdmin(ReadOnlyMixin, admin.ModelAdmin):
    @admin.display(description=_("Report"))
    def report_label(self, obj) -> str:
        """The report a record belongs to (the field itself has no translated
        label); its university and period come with the list's query."""
        return str(obj.report) if obj.report_id else "-"


class ReadOnlyInline(ReadOnlyMixin, admin.TabularInline):
    extra = 0
    can_delete = False


class TransitionInline(ReadOnlyInline):
    model = Transition
    fields = (
        "at",
        "action",
        "from_state",
        "to_state",
        "actor",
        "actor_role",
        "revision",
        "comment",
    )
    readonly_fields = fields
    ordering = ("at", "id")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = (
        "university",
        "period",
        "state",
        "state_changed_at",
        "submitted_at",
        "is_late",
        "revision",
        "completeness",
        "error_count",
        "unexplained_warning_count",
    )
    list_filter = (
        "state",
        "period",
        "is_late",
        ("university__authority", admin.RelatedOnlyFieldListFilter),
        "is_demo",
    )
    search_fields = ("university__code", "university__name_zh", "university__name_en")
    list_select_related = ("university", "period")
    exclude = ("counting_version",)
    inlines = (TransitionInline,)
    list_per_page = 50


class PeriodEventInline(ReadOnlyInline):
    model = PeriodEvent
    fields = ("at", "kind", "actor", "note")
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(ReadOnlyAdmin):
    list_display = (
        "year",
        "state",
        "opens_at",
        "due_at",
        "closes_at",
        "late_policy",
        "requires_signoff_scan",
        "participant_count",
        "report_count",
        "is_demo",
    )
    list_filter = ("state", "is_demo")
    # Hundreds of participants would be listed by name: their number is shown instead.
    exclude = ("participants",)
    readonly_fields = ("participant_count", "report_count")
    inlines = (PeriodEventInline,)

    def get_queryset(self, request):
        return periods_with_counts(super().get_queryset(request))

    @admin.display(description=_("Participants"))
    def participant_count(self, obj) -> int:
        return obj.participant_count

    @admin.display(description=_("Reports"))
    def report_count(self, obj) -> int:
        return obj.report_count


@admin.register(Transition)
class TransitionAdmin(ReadOnlyAdmin):
    list_display = (
        "at",
        "report_label",
        "action",
        "from_state",
        "to_state",
        "actor",
        "actor_role",
        "revision",
    )
    list_filter = ("action", "to_state", "actor_role")
    search_fields = (
        "report__university__code",
        "report__university__name_zh",
        "actor__username",
        "actor__name",
    )
    list_select_related = ("report__university", "report__period", "actor")
    fields = (
        "report_label",
        "action",
        "from_state",
        "to_state",
        "actor",
        "actor_role",
        "at",
        "revision",
        "comment",
        "confirmed_unclassified",
        "reopen_until",
    )
    readonly_fields = fields
    date_hierarchy = "at"


@admin.register(EvidenceFile)
class EvidenceFileAdmin(ReadOnlyAdmin):
    list_display = (
        "name",
        "kind",
        "report_label",
        "size",
        "uploaded_by",
        "uploaded_at",
        "revision",
        "removed_at",
    )
    list_filter = ("kind", ("removed_at", admin.EmptyFieldListFilter))
    search_fields = (
        "name",
        "sha256",
        "report__university__code",
        "report__university__name_zh",
    )
    list_select_related = ("report__university", "report__period", "uploaded_by")
    # The file leaves only through the portal's scoped download view, never by a
    # storage URL; the admin shows its name, type, size and checksum.
    fields = (
        "report_label",
        "kind",
        "name",
        "content_type",
        "size",
        "sha256",
        "uploaded_by",
        "uploaded_at",
        "revision",
        "signed_revision",
        "signed_checksum",
        "removed_at",
        "removed_by",
        "removed_revision",
    )
    readonly_fields = fields


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = (
        "created_at",
        "recipient",
        "kind",
        "report_label",
        "read_at",
        "mailed_at",
    )
    list_filter = (
        "kind",
        ("read_at", admin.EmptyFieldListFilter),
        ("mailed_at", admin.EmptyFieldListFilter),
    )
    search_fields = (
        "user__username",
        "user__name",
        "report__university__code",
        "report__university__name_zh",
    )
    list_select_related = ("user", "report__university", "report__period")
    fields = ("recipient", "report_label", "kind", "created_at", "read_at", "mailed_at")
    readonly_fields = fields

    @admin.display(description=_("user"))
    def recipient(self, obj) -> str:
        return str(obj.user)
