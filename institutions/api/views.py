from __future__ import annotations

from rest_framework import viewsets

from ..filters import UniversityFilter
from ..models import Authority, Province, University
from .serializers import AuthoritySerializer, ProvinceSerializer, UniversitySerializer


class ProvinceViewSet(viewsets.ReadOnlyModelViewSet):
    """The provinces of the universities the caller sees."""

    serializer_class = ProvinceSerializer
    ordering_fields = ["code"]

    def get_queryset(self):
        return Province.objects.visible_to(self.request.user)


class AuthorityViewSet(viewsets.ReadOnlyModelViewSet):
    """The competent authorities of the universities the caller sees."""

    serializer_class = AuthoritySerializer
    ordering_fields = ["code", "kind"]

    def get_queryset(self):
        return Authority.objects.visible_to(self.request.user)


class UniversityViewSet(viewsets.ReadOnlyModelViewSet):
    """The universities in the caller's scope, filtered as the university list."""

    serializer_class = UniversitySerializer
    filterset_class = UniversityFilter
    ordering_fields = ["code", "name_zh"]

    def get_queryset(self):
        return University.objects.visible_to(self.request.user)
