"""The navbar's count of unread notifications."""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject

from .models import Notification


def notifications(request) -> dict:
    """`unread_notifications`: one COUNT query, run only when a page shows it and
    only for a signed-in user."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "unread_notifications": SimpleLazyObject(
            lambda: Notification.objects.unread().filter(user=user).count()
        )
    }
