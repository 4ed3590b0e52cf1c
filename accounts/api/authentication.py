from __future__ import annotations

import binascii
from hmac import compare_digest

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from knox.auth import TokenAuthentication
from knox.crypto import hash_token
from knox.settings import CONSTANTS, knox_settings
from knox.signals import token_expired
from rest_framework import exceptions

from institutions.access import act_as

from ..models import ApiToken


class MembershipTokenAuthentication(TokenAuthentication):
    """knox's token check (digest compared, expired tokens refused and deleted),
    then the token acts in the membership it was made for, through the same
    `act_as` as the browser's middleware: a request sees what the pages would.

    One query: the token is read with its user and membership. knox would also
    read all of the user's tokens on every request to delete the expired ones;
    here an expired token is deleted when it is used, and the user's others when
    they make a new one (`ApiToken.issue`).
    """

    def authenticate_credentials(self, token: bytes):
        message = _("Invalid token.")
        key = token.decode("utf-8")
        candidates = ApiToken.objects.filter(
            token_key=key[: CONSTANTS.TOKEN_KEY_LENGTH]
        ).select_related("user", "membership")
        for auth_token in candidates:
            if auth_token.expiry is not None and auth_token.expiry < timezone.now():
                username = auth_token.user.get_username()
                auth_token.delete()
                token_expired.send(
                    sender=self.__class__, username=username, source="auth_token"
                )
                continue
            try:
                digest = hash_token(key)
            except (TypeError, binascii.Error):
                raise exceptions.AuthenticationFailed(message) from None
            if compare_digest(digest, auth_token.digest):
                if knox_settings.AUTO_REFRESH and auth_token.expiry:
                    self.renew_token(auth_token)
                return self.validate_user(auth_token)
        raise exceptions.AuthenticationFailed(message)

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
