from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission


class ReadOnlyTokenRefusesWrites(BasePermission):
    """A read-only token reads; any other method answers 403 with the reason."""

    message = _("This token is read-only.")
    code = "read_only_token"

    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS or not getattr(
            request.auth, "read_only", False
        )


class SessionOnly(BasePermission):
    """Tokens are made and revoked by the person, signed in, never by a script."""

    message = _(
        "Tokens are managed only when signed in to the portal, not with a token."
    )
    code = "session_required"

    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS or request.auth is None
