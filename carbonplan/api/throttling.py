"""Throttles: per user (whatever the session or token) and per token (one script
cannot use up its owner's share alone); the anonymous get only 401s. Rates are
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] (settings.py, from the environment); a
throttled request gets 429 with Retry-After in the one error shape."""

from __future__ import annotations

from rest_framework import throttling
from rest_framework.settings import api_settings


class _SettingsRate:
    def get_rate(self) -> str | None:
        # Read at each request, not once at import as DRF does, so that a change of
        # settings (override_settings in a test) applies; None: not throttled.
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class UserThrottle(_SettingsRate, throttling.UserRateThrottle):
    scope = "user"

    def get_cache_key(self, request, view) -> str | None:
        if not request.user or not request.user.is_authenticated:
            return None
        return super().get_cache_key(request, view)


class TokenThrottle(_SettingsRate, throttling.SimpleRateThrottle):
    scope = "token"

    def get_cache_key(self, request, view) -> str | None:
        token_key = getattr(request.auth, "token_key", None)
        if token_key is None:
            return None  # a session: the user's throttle only
        return self.cache_format % {"scope": self.scope, "ident": token_key}
