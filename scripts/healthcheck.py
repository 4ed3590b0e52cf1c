"""Container health probe: exits 0 when /healthz on this container answers 200.

Sends a Host from ALLOWED_HOSTS and X-Forwarded-Proto: https, as the reverse proxy
does, so neither host validation nor the https redirect turns the probe away.
"""

from __future__ import annotations

import os
import sys
import urllib.request


def main() -> int:
    host = os.environ.get("ALLOWED_HOSTS", "localhost").split(",")[0].strip()
    if host.startswith("."):  # ".example.org" allows every subdomain
        host = "www" + host
    if host == "*":
        host = "localhost"
    port = os.environ.get("PORT", "8000")
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/healthz",
        headers={"Host": host, "X-Forwarded-Proto": "https"},
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return 0 if response.status == 200 else 1
    except OSError as exc:
        print(exc, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
