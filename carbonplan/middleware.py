from __future__ import annotations

import re

from django.shortcuts import render
from django.utils.cache import add_never_cache_headers, patch_vary_headers

# Trident (IE 11, Edge's IE mode and the 360/QQ "compatibility mode") and MSIE.
_LEGACY_IE = re.compile(r"MSIE |Trident/")


class LegacyBrowserMiddleware:
    """Internet Explorer engines get a page asking to switch to the fast mode."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        agent = request.headers.get("User-Agent", "")
        if _LEGACY_IE.search(agent) and not request.path.startswith(
            ("/static/", "/healthz", "/api/")
        ):
            response = render(request, "legacy_browser.html")
            # A shared cache must never hand this page to a current browser.
            patch_vary_headers(response, ("User-Agent",))
            add_never_cache_headers(response)
            return response
        return self.get_response(request)
