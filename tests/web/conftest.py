"""A real headless Chromium (Debian's) driven by Playwright against the live test server."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from django.db import connections

from drugcontrol.chromium import CHROMIUM_ARGS, chromium_path

CHROMIUM = chromium_path() or None


@pytest.fixture
def browser_context(live_server) -> Iterator:
    """A fresh browser context whose relative URLs go to the live server; downloads are accepted."""
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(base_url=live_server.url, accept_downloads=True)
        yield context
        context.close()
        browser.close()
        # Playwright's sync API runs on greenlets, each with its own context variables, so queries made while it
        # runs may open connections that Django's per-context handler would not close before the database is
        # dropped at the end of the session.
        connections.close_all()
