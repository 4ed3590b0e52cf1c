from __future__ import annotations

from django.conf import settings


def portal(request):
    """The header's memberships and the demo banner, for every template."""
    user = getattr(request, "user", None)
    return {
        "DEMO_MODE": settings.DEMO_MODE,
        "memberships": getattr(user, "_memberships", []),
        "active_membership": getattr(user, "_active_membership", None),
    }
