from __future__ import annotations

import time
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

LAST_ACTIVITY_KEY = "last_activity"
BACKGROUND_HEADER = "X-Background"

# Paths a user who must change the password may still reach.
_ALWAYS_ALLOWED_PREFIXES = ("/static/", "/media/", "/i18n/", "/healthz")
API_PREFIX = "/api/"


def _login_url(next_path: str) -> str:
    return f"{reverse(settings.LOGIN_URL)}?{urlencode({'next': next_path})}"


def _is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def _api_refusal(status: int, code: str, message: str) -> JsonResponse:
    """An API caller gets the API's error shape (carbonplan/api/exceptions.py), never
    a redirect to a page a script cannot follow."""
    response = JsonResponse(
        {"error": {"code": code, "message": message, "fields": []}}, status=status
    )
    if status == 401:
        response["WWW-Authenticate"] = "Token"
    return response


def activity_interval(timeout: float) -> float:
    """Seconds between two writes of a session's last activity: a thirtieth of the
    idle timeout and at least 30 s, but never more than a tenth of the timeout, so
    that a short one (a test's few seconds) still ends sessions on time."""
    return min(max(timeout / 30, 30), timeout / 10)


def activity_at_login(sender, request, user, **kwargs) -> None:
    """A login is activity: the first request after it then writes no session
    (connected to user_logged_in in AccountsConfig.ready). Only a session that
    the login signed in, not an API token's request that carries an anonymous
    one (which this would save as a new row)."""
    session = getattr(request, "session", None)
    if session is not None and session.get(SESSION_KEY) == str(user.pk):
        session[LAST_ACTIVITY_KEY] = time.time()


class IdleTimeoutMiddleware:
    """Ends a session after SESSION_IDLE_TIMEOUT seconds without a user request.

    Requests sent with the header X-Background (htmx polling) neither count as
    activity nor keep an idle session alive; otherwise an open dashboard would
    keep a forgotten session signed in for ever.

    The time of the last activity is set at login and then written at most once
    per `activity_interval` (a minute of the default half hour): a session saved
    on every request would cost every page and every autosave an UPDATE and a
    commit. The session therefore ends up to one interval early, never late.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            last = request.session.get(LAST_ACTIVITY_KEY)
            timeout = settings.SESSION_IDLE_TIMEOUT
            if last is not None and now - last > timeout:
                return self._sign_out(request, timeout)
            if last is None or (
                now - last >= activity_interval(timeout)
                and not request.headers.get(BACKGROUND_HEADER)
            ):
                request.session[LAST_ACTIVITY_KEY] = now
        return self.get_response(request)

    @staticmethod
    def _sign_out(request, timeout: int):
        logout(request)
        minutes = max(1, round(timeout / 60))
        message = ngettext(
            "You were logged out after %(minutes)d minute without activity.",
            "You were logged out after %(minutes)d minutes without activity.",
            minutes,
        ) % {"minutes": minutes}
        if _is_api(request):
            return _api_refusal(401, "session_expired", message)
        messages.info(request, message)
        if request.headers.get("HX-Request"):
            # htmx would swap the login page into a fragment: ask for a full page.
            current = urlsplit(request.headers.get("HX-Current-URL", ""))
            next_path = current.path + (f"?{current.query}" if current.query else "")
            response = HttpResponse(status=204)
            response["HX-Redirect"] = _login_url(next_path or "/")
            return response
        return redirect(_login_url(request.get_full_path()))


class PasswordChangeRequiredMiddleware:
    """A password set by an administrator must be changed before anything else."""

    ALLOWED_URL_NAMES = ("accounts:password-change", "accounts:logout")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.must_change_password:
            allowed = {reverse(name) for name in self.ALLOWED_URL_NAMES}
            if request.path not in allowed and not request.path.startswith(
                _ALWAYS_ALLOWED_PREFIXES
            ):
                if _is_api(request):
                    return _api_refusal(
                        403,
                        "password_change_required",
                        _(
                            "Your password was set by an administrator. Change it "
                            "on the portal before you use the API."
                        ),
                    )
                return redirect("accounts:password-change")
        return self.get_response(request)
