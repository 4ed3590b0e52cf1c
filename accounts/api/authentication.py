from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from knox.auth import TokenAuthentication
from rest_framework import exceptions

from institutions.access import act_as


class MembershipTokenAuthentication(TokenAuthentication):
    """knox's token check (digest compared, expired tokens refused and deleted),
    then the token acts in the membership it was made for, through the same
    `act_as` as the browser's middleware: a request sees what the pages would."""

    def validate_user(self, auth_token):
        user, token = super().validate_user(auth_token)
        membership = token.membership
        if not membership.is_active or membership.user_id != user.pk:
            raise exceptions.AuthenticationFailed(
                _("The role this token acts in is no longer active.")
            )
        act_as(user, membership)
        return user, token


class MembershipTokenScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.api.authentication.MembershipTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": 'A token made on the account page: "Token <key>".',
        }
