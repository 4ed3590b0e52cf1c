"""Debian's Chromium driven by Playwright, for every browser test (never a downloaded
browser). Data must be seeded before the `chromium` fixture starts: after that this
thread runs Playwright's event loop, where a new database connection is never closed."""

from __future__ import annotations

import io
import os

import pytest
from django.core.management import call_command
from django.test import override_settings

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture
def chromium(monkeypatch):
    from playwright.sync_api import sync_playwright

    # The sync API runs an event loop in this thread; the test's own ORM teardown
    # happens after it stops, and the live server has its own thread.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
            headless=True,
            args=CHROMIUM_ARGS,
        )
        yield browser
        browser.close()


@pytest.fixture
def demo_data(transactional_db):
    """The whole demo (tests/browser/demo_pages.py walks its roles' pages), seeded
    before the `chromium` fixture starts."""
    with override_settings(DEBUG=True):
        call_command("seed_demo", stdout=io.StringIO())
