from __future__ import annotations

from .access import SESSION_KEY, act_as
from .models import Membership


class ActiveMembershipMiddleware:
    """Acts in the membership chosen in the header (else the user's first) and puts
    the user's active memberships on `request.memberships`, read once per request
    for the header and for the workflow buttons (the workflow acts in all of them).

    Token-authenticated API requests are authenticated after this runs: they act
    in the user's only membership unless the token's membership is set by act_as.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.memberships = []
        user = request.user
        if user.is_authenticated:
            memberships = list(Membership.objects.active_for(user))
            chosen = request.session.get(SESSION_KEY)
            active = next((m for m in memberships if m.pk == chosen), None)
            request.memberships = memberships
            act_as(user, active or (memberships[0] if memberships else None))
        return self.get_response(request)
