"""The Content Security Policy in a real Chromium: the pages that draw, depict and follow jobs raise no violation."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def page(browser_context) -> Iterator:
    from drugcontrol.lists.actions.demo_data import do_load_demo

    do_load_demo(actor="tests")  # transactional tests start from an empty database
    page = browser_context.new_page()
    page.violations = []
    page.on("console", lambda m: "Content Security Policy" in m.text and page.violations.append(m.text))
    yield page


def test_the_structure_editor_and_the_depiction_work_under_the_policy(page) -> None:
    response = page.goto("/lists/assess/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    page.wait_for_function("() => window.structureEditor !== undefined", timeout=20_000)
    page.evaluate("window.structureEditor.readGenericMolecularInput('CC(N)Cc1ccc(F)cc1')")
    page.wait_for_function("() => window.structureEditor.smiles() !== ''")
    page.click("#use-drawing")
    page.fill("input[name=as_of]", "2024-03-01")
    page.click("#assess-submit")
    page.wait_for_selector("#assess-depiction > svg")
    depiction = page.locator("#assess-depiction > svg").bounding_box()
    assert depiction is not None and depiction["width"] > 50
    # The verdict's colour comes from the site's style sheet, not from an inline <style>.
    colour = page.evaluate("getComputedStyle(document.querySelector('.verdict')).borderLeftColor")
    assert colour not in ("", "rgba(0, 0, 0, 0)")
    assert page.violations == []


def test_an_injected_inline_script_is_refused(page) -> None:
    page.goto("/lists/identify/")
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.injected = 1';"
        " document.body.appendChild(s); }"
    )
    assert page.evaluate("window.injected") is None
    assert any("script-src" in v for v in page.violations)
