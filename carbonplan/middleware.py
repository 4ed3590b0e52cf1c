from __future__ import annotations

import re

from django.shortcuts import render

# Trident (IE 11 and the 360/QQ "compatibility mode") and MSIE (older IE).
_LEGACY_IE = re.compile(r"MSIE |Trident/")


class LegacyBrowserMiddleware:
    """Internet Explorer engines get a page asking to switch to the fast mode."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        agent = request.headers.get("User-Agent", "")
        if _LEGACY_IE.search(agent) and not request.path.startswith(
            ("/static/", "/healthz")
        ):
            return render(request, "legacy_browser.html", status=200)
        return self.get_response(request)
