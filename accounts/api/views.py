from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.permissions import IsAuthenticated

from carbonplan.api.permissions import ReadOnlyTokenRefusesWrites, SessionOnly

from ..models import ApiToken
from .serializers import ApiTokenSerializer, NewApiTokenSerializer


class ApiTokenViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """The caller's own API tokens: list, create (the key is shown once), revoke."""

    serializer_class = ApiTokenSerializer
    permission_classes = [IsAuthenticated, ReadOnlyTokenRefusesWrites, SessionOnly]
    lookup_field = "token_key"
    lookup_url_kwarg = "id"
    filter_backends: list = []

    def get_queryset(self):
        return ApiToken.objects.of_user(self.request.user)

    def get_serializer_class(self):
        if self.action == "create":
            return NewApiTokenSerializer
        return ApiTokenSerializer

    @extend_schema(responses={201: NewApiTokenSerializer})
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)
