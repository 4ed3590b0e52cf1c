from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from institutions.models import Membership

from ..models import ApiToken

MAX_EXPIRY_DAYS = 366


class ApiTokenSerializer(serializers.ModelSerializer):
    """A token as listed: never its key, which only its creation shows once."""

    id = serializers.CharField(source="token_key", read_only=True)
    membership = serializers.PrimaryKeyRelatedField(
        queryset=Membership.objects.none(),
        help_text=_("The role the token acts in: one of your active memberships."),
    )
    membership_label = serializers.CharField(source="membership", read_only=True)
    expiry_days = serializers.IntegerField(
        write_only=True,
        min_value=1,
        max_value=MAX_EXPIRY_DAYS,
        default=90,
        help_text=_("Days until the token expires."),
    )

    class Meta:
        model = ApiToken
        fields = [
            "id",
            "name",
            "membership",
            "membership_label",
            "read_only",
            "created",
            "expiry",
            "expiry_days",
        ]
        read_only_fields = ["created", "expiry"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["membership"].queryset = Membership.objects.active_for(
                request.user
            )

    def create(self, validated_data):
        token, key = ApiToken.issue(
            user=self.context["request"].user,
            membership=validated_data["membership"],
            name=validated_data["name"],
            read_only=validated_data["read_only"],
            days=validated_data["expiry_days"],
        )
        token.key = key
        return token


class NewApiTokenSerializer(ApiTokenSerializer):
    """The answer to a creation: the one time the key is shown."""

    key = serializers.CharField(read_only=True)

    class Meta(ApiTokenSerializer.Meta):
        fields = [*ApiTokenSerializer.Meta.fields, "key"]
