"""Swagger UI and ReDoc show the API's operations with every address but the test server's blocked."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LOCAL_HOSTS = {"127.0.0.1", "localhost"}
REDOC_ATTRIBUTION_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"


@pytest.fixture
def offline_page(browser_context) -> Iterator:
    """A page that can reach nothing but the live server on 127.0.0.1; what else it asked for is recorded."""
    blocked: list[str] = []

    def only_local(route) -> None:
        if urlsplit(route.request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    browser_context.route("**/*", only_local)
    page = browser_context.new_page()
    page.blocked = blocked
    yield page


def test_swagger_ui_lists_the_operations_offline(offline_page) -> None:
    offline_page.goto("/api/docs")
    offline_page.wait_for_selector(".opblock", timeout=30_000)
    paths = offline_page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/registry/police-check" in {p.replace("\u200b", "") for p in paths}
    assert len(paths) > 30
    assert offline_page.locator(".btn.authorize").count() == 1  # where a system enters its key
    assert offline_page.blocked == []


def test_redoc_lists_the_operations_offline(offline_page) -> None:
    offline_page.goto("/api/redoc")
    operations = offline_page.locator("li[data-item-id*='/operation/']")
    operations.first.wait_for(state="attached", timeout=30_000)
    assert operations.count() > 30  # one menu entry per operation
    assert any("Police Check" in text for text in operations.all_text_contents())
    # ReDoc's footer asks for its maker's logo and hides it when that fails: nothing else leaves the machine.
    assert set(offline_page.blocked) <= {REDOC_ATTRIBUTION_LOGO}
