"""The dashboard in headless Chromium: the analyst logs in, reads it in Russian, drills down by a map tile,
downloads the CSV; no script or style is blocked by the Content Security Policy."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from tests.web.conftest import browser_context  # noqa: F401 - the shared Chromium fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def analyst_page(browser_context) -> Iterator:  # noqa: F811
    from drugcontrol.offences.demo import do_load_offences_demo
    from drugcontrol.registry.actions.demo_data import DEMO_PASSWORD, do_load_registry_demo

    do_load_registry_demo(actor="tests")
    do_load_offences_demo(actor="tests", cases=120)
    page = browser_context.new_page()
    page.console_errors = []
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    page.goto("/accounts/login/?next=/offences/")
    page.fill("input[name=username]", "analyst")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("#login-form button[type=submit]")
    page.wait_for_url("**/offences/")
    yield page


def test_the_analyst_reads_the_dashboard_drills_down_and_downloads(analyst_page) -> None:
    page = analyst_page
    page.click("#lang-ru")
    page.wait_for_selector("#region-map svg")
    assert page.inner_text("h1").startswith("Правонарушения и изъятия")
    assert page.locator("#region-map a.tile").count() == 20
    assert page.locator("svg.bar-chart").count() >= 4
    page.locator('#region-map a.tile[data-region="KZ-75"]').click()
    page.wait_for_url("**region=KZ-75**")
    assert page.locator("#all-regions").is_visible()
    with page.expect_download() as download:
        page.locator("#table-by_region_article .downloads a", has_text="CSV").click()
    assert download.value.suggested_filename.endswith(".csv")
    assert not [e for e in page.console_errors if "Content Security Policy" in e]
