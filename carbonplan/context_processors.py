from __future__ import annotations

from django.conf import settings

from institutions.access import active_membership


def portal(request):
    """The header's memberships and the demo banner, for every template."""
    return {
        "DEMO_MODE": settings.DEMO_MODE,
        "memberships": getattr(request, "memberships", []),
        "active_membership": active_membership(getattr(request, "user", None)),
    }
