"""The real web UI in headless Chromium: switch to Kazakh, identify a compound, see the verdict and drawing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def page(browser_context) -> Iterator:
    from drugcontrol.lists.actions.demo_data import do_load_demo

    do_load_demo(actor="tests")  # transactional tests start from an empty database
    yield browser_context.new_page()


def test_identify_in_kazakh_shows_the_verdict_and_a_depiction(page) -> None:
    page.goto("/lists/identify/")
    page.click("#lang-kk")
    page.wait_for_selector("h1")
    assert page.inner_text("h1") == "Қосылысты сәйкестендіру"
    page.fill("textarea[name=structure]", "CN[C@@H](C)Cc1ccccc1.Cl")
    page.fill("input[name=as_of]", "2024-03-01")
    page.click("#identify-submit")
    page.wait_for_selector("#verdict")
    verdict = page.inner_text("#verdict")
    assert "Тізімде бар" in verdict  # "Listed" in Kazakh
    assert page.inner_text("#form") == "тұз"  # the form in words, in Kazakh
    assert "тұз" in verdict and "МЕТАМФЕТАМИН" in verdict  # "salt" in Kazakh; the entry's decree name
    assert page.locator("#query-depiction > svg").count() == 1


def test_a_bad_structure_is_explained_on_the_page(page) -> None:
    page.goto("/lists/identify/")
    page.click("#lang-en")
    page.fill("textarea[name=structure]", "C1CC(")
    page.click("#identify-submit")
    page.wait_for_selector("#identify-error")
    assert "SMILES" in page.inner_text("#identify-error")


def test_the_list_page_travels_in_time(page) -> None:
    page.goto("/lists/?jurisdiction=KZ&as_of=2023-01-01&table=III")
    before = int(page.inner_text("#list-summary").split()[0])  # the count of every page of the list
    page.goto("/lists/?jurisdiction=KZ&as_of=2024-03-01&table=III")
    after = int(page.inner_text("#list-summary").split()[0])
    assert after - before == 6  # etizolam, tramadol, ketamine (No. 240); clonazolam, diclazepam, flubromazolam (No. 22)


def test_a_drawn_structure_is_identified(page) -> None:
    """The editor's drawing goes into the form: here the drawing is made through the editor's own API."""
    page.goto("/lists/identify/")
    page.wait_for_function("() => window.structureEditor !== undefined", timeout=20_000)
    page.evaluate("window.structureEditor.readGenericMolecularInput('CN(C)CC1CCCCC1(O)c1cccc(OC)c1')")
    page.wait_for_function("() => window.structureEditor.smiles() !== ''")  # the editor reads asynchronously
    page.click("#use-drawing")
    assert "CC" in page.input_value("textarea[name=structure]")
    page.fill("input[name=as_of]", "2024-03-01")
    page.click("#identify-submit")
    page.wait_for_selector("#verdict")
    assert "Трамадол" in page.inner_text("#verdict")
