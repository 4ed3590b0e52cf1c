"""Admin for the plan. Codes are frozen, so they are read-only once a row exists."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import Action, Horizon, Indicator, Target, Task, TechnologyField


class FrozenCodeMixin:
    """The code of an existing row never changes: series and API clients rely on it."""

    def get_readonly_fields(self, request, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        return (*readonly, "code") if obj else readonly


@admin.register(Horizon)
class HorizonAdmin(FrozenCodeMixin, admin.ModelAdmin):
    list_display = ["code", "name_zh", "name_en", "start_year", "end_year"]
    fields = [
        "code",
        "name_zh",
        "name_en",
        "start_year",
        "end_year",
        "goal_zh",
        "goal_en",
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class TaskInline(admin.TabularInline):
    model = Task
    fields = ["code", "order", "name_zh", "name_en"]
    readonly_fields = ["code"]
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Action)
class ActionAdmin(FrozenCodeMixin, admin.ModelAdmin):
    list_display = ["code", "name_zh", "name_en", "kind"]
    list_filter = ["kind"]
    search_fields = ["code", "name_zh", "name_en"]
    readonly_fields = ["kind", "order", "source_zh"]
    inlines = [TaskInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Task)
class TaskAdmin(FrozenCodeMixin, admin.ModelAdmin):
    list_display = ["code", "name_zh", "name_en", "action"]
    list_filter = ["action"]
    search_fields = ["code", "name_zh", "name_en", "source_zh"]
    readonly_fields = ["action", "order", "source_zh"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TechnologyField)
class TechnologyFieldAdmin(FrozenCodeMixin, admin.ModelAdmin):
    list_display = ["code", "name_zh", "name_en", "group"]
    list_filter = ["group"]
    search_fields = ["code", "name_zh", "name_en"]
    readonly_fields = ["group"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Indicator)
class IndicatorAdmin(FrozenCodeMixin, admin.ModelAdmin):
    list_display = ["code", "name_zh", "name_en", "unit_zh", "value_type", "is_active"]
    list_filter = ["action", "value_type", "time_type", "measure", "is_active"]
    search_fields = ["code", "name_zh", "name_en", "definition_zh", "definition_en"]
    list_select_related = ["action"]
    autocomplete_fields = ["action", "task"]
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["code", "action", "task", "order", "is_active"]}),
        (_("Names and unit"), {"fields": ["name_zh", "name_en", "unit_zh", "unit_en"]}),
        (
            _("Values"),
            {
                "fields": [
                    "value_type",
                    "measure",
                    "aggregation",
                    "time_type",
                    "point_in_time_zh",
                    "point_in_time_en",
                    "min_value",
                    "max_value",
                    "decimal_places",
                    "change_threshold_pct",
                ]
            },
        ),
        (
            _("Levels"),
            {"fields": ["applies_bachelor", "applies_associate", "applies_adult"]},
        ),
        (
            _("Counting rules"),
            {
                "fields": [
                    "definition_zh",
                    "definition_en",
                    "includes_zh",
                    "includes_en",
                    "excludes_zh",
                    "excludes_en",
                    "credited_zh",
                    "credited_en",
                    "source_zh",
                    "source_en",
                    "counterpart_zh",
                    "counterpart_en",
                    "grounding",
                    "derivation",
                ]
            },
        ),
    ]

    def has_delete_permission(self, request, obj=None):
        # Reported values point at indicators; retire one with "active" instead.
        return False


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    """Officials set targets on the portal's target pages; here administrators can
    too, with the same history. The baseline is never typed: the figures give it."""

    list_display = ["indicator", "horizon", "university", "value", "is_demo"]
    exclude = ["baseline_year", "baseline_value"]
    list_filter = ["horizon", "is_demo", "indicator__action", "indicator"]
    search_fields = ["indicator__code", "indicator__name_zh", "university__name_zh"]
    list_select_related = ["indicator", "horizon", "university"]
    autocomplete_fields = ["indicator"]
    raw_id_fields = ["university"]
