from __future__ import annotations

from rest_framework import serializers

from ..models import Authority, Province, University


class ProvinceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Province
        fields = ["id", "code", "name_zh", "name_en"]


class AuthoritySerializer(serializers.ModelSerializer):
    class Meta:
        model = Authority
        fields = ["id", "code", "name_zh", "name_en", "kind", "province"]


class UniversitySerializer(serializers.ModelSerializer):
    class Meta:
        model = University
        fields = [
            "id",
            "code",
            "name_zh",
            "name_en",
            "province",
            "city",
            "authority",
            "level",
            "category",
            "double_first_class",
            "project_985",
            "project_211",
            "co_built",
            "is_active",
        ]
