from __future__ import annotations

from .access import SESSION_KEY
from .models import Membership


class ActiveMembershipMiddleware:
    """Puts the membership chosen in the header on request.user for the scoping rule."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            memberships = list(
                Membership.objects.filter(user=user, is_active=True)
                .select_related("university", "authority")
                .order_by("id")
            )
            chosen = request.session.get(SESSION_KEY)
            active = next((m for m in memberships if m.pk == chosen), None)
            user._memberships = memberships
            user._active_membership = active or (
                memberships[0] if memberships else None
            )
        return self.get_response(request)
