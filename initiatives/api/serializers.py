from __future__ import annotations

from rest_framework import serializers

from ..models import Action, Horizon, Indicator, Target, Task, TechnologyField


class HorizonSerializer(serializers.ModelSerializer):
    class Meta:
        model = Horizon
        fields = [
            "code",
            "name_zh",
            "name_en",
            "start_year",
            "end_year",
            "goal_zh",
            "goal_en",
        ]


class ActionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Action
        fields = [
            "code",
            "kind",
            "order",
            "name_zh",
            "name_en",
            "summary_zh",
            "summary_en",
        ]


class TaskSerializer(serializers.ModelSerializer):
    action = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Task
        fields = ["code", "action", "order", "name_zh", "name_en", "source_zh"]


class TechnologyFieldSerializer(serializers.ModelSerializer):
    class Meta:
        model = TechnologyField
        fields = ["code", "group", "name_zh", "name_en"]


class IndicatorSerializer(serializers.ModelSerializer):
    """An indicator with its counting rules (koujing) and time type, in both languages."""

    action = serializers.SlugRelatedField(slug_field="code", read_only=True)
    task = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    levels = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "code",
            "action",
            "task",
            "order",
            "name_zh",
            "name_en",
            "unit_zh",
            "unit_en",
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
            "levels",
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
            "is_active",
        ]


class TargetSerializer(serializers.ModelSerializer):
    indicator = serializers.SlugRelatedField(slug_field="code", read_only=True)
    horizon = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Target
        fields = [
            "id",
            "indicator",
            "horizon",
            "university",
            "baseline_year",
            "baseline_value",
            "value",
            "note",
        ]
