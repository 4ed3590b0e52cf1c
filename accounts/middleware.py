from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

LAST_SEEN_KEY = "last_activity"


class IdleTimeoutMiddleware:
    """Ends a session after SESSION_IDLE_TIMEOUT seconds without a user request.

    Requests sent with the header X-Background (polling) do not count as activity.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            last = request.session.get(LAST_SEEN_KEY, now)
            if now - last > settings.SESSION_IDLE_TIMEOUT:
                logout(request)
                messages.info(
                    request, _("You were signed out after 30 minutes without activity.")
                )
                return redirect(f"{reverse('accounts:login')}?next={request.path}")
            if not request.headers.get("X-Background"):
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)


class PasswordChangeRequiredMiddleware:
    """A new or reset password must be changed before anything else."""

    ALLOWED = ("accounts:password-change", "accounts:logout")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.must_change_password:
            allowed = {reverse(name) for name in self.ALLOWED}
            if request.path not in allowed and not request.path.startswith(
                ("/static/", "/i18n/", "/healthz")
            ):
                return redirect("accounts:password-change")
        return self.get_response(request)
