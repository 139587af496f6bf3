"""The lists and the expertise in headless Chromium, in Kazakh, Russian and English, as their users walk them.

A chemist identifies mephedrone (not listed), follows the page to the assessment (an analogue of methcathinone,
reasoned in the page's language), and creates the numbered expert report. A list administrator reads the list in
pages, searches it, compares two dates and finds that a date before the list's first version is answered as such.
With ``DRUGCONTROL_SCREENSHOTS_DIR`` set, every step leaves a screenshot there (``scripts/screenshots`` uses them
for the README).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from drugcontrol.background.worker import run_queued_tasks

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LANGUAGES = ["kk", "ru", "en"]
MEPHEDRONE = "CNC(C)C(=O)c1ccc(C)cc1"
PASSWORD = "chemist-journey-2024!"
WORDS = {
    "not_listed": {"kk": "Тізімде жоқ", "ru": "Не в списке", "en": "Not listed"},
    "analogue": {"kk": "Тізімдегі заттың аналогы", "ru": "Аналог вещества из списка", "en": "Analogue of a listed"},
    "parent": {"kk": "МЕТКАТИНОН", "ru": "МЕТКАТИНОН", "en": "Methcathinone"},
    "replaced": {"kk": "орнына", "ru": "вместо", "en": "in place of"},
    "law": {"kk": "№ 279 Заң", "ru": "Закон № 279", "en": "Law No. 279"},
    "no_version": {"kk": "тізімінің нұсқасы жоқ", "ru": "Нет версии списка KZ", "en": "No list version of KZ"},
    "added": {"kk": "енгізілді", "ru": "включено", "en": "added"},
}


def screenshot(page, name: str) -> None:
    """Save the page as ``name.png`` in ``DRUGCONTROL_SCREENSHOTS_DIR`` when it is set."""
    folder = os.environ.get("DRUGCONTROL_SCREENSHOTS_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"))  # the window, as a reader first sees the page


def english_words(text: str) -> list[str]:
    """Latin words with a lower-case letter: codes and symbols (KZ, II, C, OH, VET) are not words of a language."""
    return [w for w in re.findall(r"[A-Za-z]+", text) if len(w) > 1 and not w.isupper()]


@pytest.fixture
def chemist(browser_context) -> Iterator:
    """The demo list loaded and an expert account (no registry role) logged in through the login form."""
    from django.contrib.auth import get_user_model

    from drugcontrol.lists.actions.demo_data import do_load_demo

    do_load_demo(actor="tests")  # transactional tests start from an empty database
    get_user_model().objects.create_user("chemist", password=PASSWORD)
    page = browser_context.new_page()
    page.goto("/accounts/login/?next=/lists/identify/")
    page.fill("input[name=username]", "chemist")
    page.fill("input[name=password]", PASSWORD)
    page.click("#login-form button[type=submit]")
    page.wait_for_url("**/lists/identify/")
    yield page


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_chemist_identifies_assesses_and_reports_mephedrone(chemist, lang: str) -> None:
    page = chemist
    page.click(f"#lang-{lang}")
    page.wait_for_selector("#identify-form")
    assert [o.get_attribute("value") for o in page.locator("select[name=jurisdiction] option").all()] == ["KZ"]
    page.fill("textarea[name=structure]", MEPHEDRONE)
    page.fill("input[name=as_of]", "2024-03-01")
    page.click("#identify-submit")
    page.wait_for_selector("#verdict")
    assert WORDS["not_listed"][lang] in page.inner_text("#verdict h2")
    screenshot(page, f"identify-not-listed-{lang}")

    page.click("#identify-assess")  # "not listed" leads to the assessment of the same structure
    page.wait_for_selector("#verdict[data-verdict=analogue]")
    assert WORDS["analogue"][lang] in page.inner_text("#verdict h2")
    steps = page.locator("#explanation li").all_inner_texts()
    reasoning = "\n".join(steps[1:])  # the first step quotes the SMILES and the InChIKey
    assert WORDS["parent"][lang] in reasoning and WORDS["replaced"][lang] in reasoning
    assert WORDS["law"][lang] in page.inner_text("#rule")
    if lang != "en":
        assert english_words(reasoning) == [], reasoning
        replacements = "\n".join(page.locator("#parents tr td:nth-child(3)").all_inner_texts())
        assert replacements and english_words(replacements) == [], replacements
    screenshot(page, f"assess-analogue-{lang}")

    page.click("#report-submit")
    page.wait_for_selector("#report-task-waiting")  # queued for a worker; the page refreshes itself
    assert run_queued_tasks() == 1
    page.wait_for_selector("#report-number", timeout=20_000)
    assert page.get_attribute("#report-verdict", "data-verdict") == "analogue"
    report_steps = page.locator("#report-steps li").all_inner_texts()
    assert report_steps == steps  # the signed report says what the page said
    assert re.search(r"\d{2}:\d{2}", page.inner_text("#report-created"))  # local time, not a raw ISO timestamp
    assert "T" not in page.inner_text("#report-created") and "+00:00" not in page.inner_text("#report-created")
    caption = page.locator("#report-depiction svg > title").text_content() or ""
    assert WORDS["parent"][lang].casefold() in caption.casefold()  # the drawing names the parent it shows
    pdf = page.request.get(page.get_attribute("#report-pdf-link", "href"))
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    screenshot(page, f"report-{lang}")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_list_administrator_reads_searches_and_compares_the_list(chemist, lang: str) -> None:
    page = chemist
    page.goto("/lists/?jurisdiction=KZ&as_of=2024-03-01")
    page.click(f"#lang-{lang}")
    page.wait_for_selector("#entries")
    assert page.locator("#entries tbody tr").count() == 50  # 513 rows, in pages
    assert "513" in page.inner_text("#list-summary")
    act = page.locator("#entries tbody tr td.act").first
    assert "\n" not in act.inner_text().strip() and act.locator(".act-ref").get_attribute("title")
    screenshot(page, f"list-{lang}")
    page.click("nav.pages .page-next >> nth=0")
    page.wait_for_url("**page=2*")
    assert page.locator("#entries tbody tr").count() == 50

    page.goto("/lists/?jurisdiction=KZ&as_of=2024-03-01&q=трамадол")
    assert page.locator("#entries tbody tr").count() == 1
    assert "Трамадол".casefold() in page.inner_text("#entries").casefold()

    page.goto("/lists/?jurisdiction=KZ&as_of=1990-01-01")
    assert WORDS["no_version"][lang] in page.inner_text("#list-no-version")
    assert page.locator("#entries").count() == 0

    page.goto("/lists/diff/?jurisdiction=KZ&date_from=2023-01-01&date_to=2024-03-01")
    page.wait_for_selector("#diff")
    assert WORDS["added"][lang] in page.inner_text("#diff")
    assert "Кетамин".casefold() in page.inner_text("#diff").casefold()
    screenshot(page, f"diff-{lang}")


def test_an_oversize_structure_is_refused_without_being_sent_back(chemist) -> None:
    from django.conf import settings

    page = chemist
    page.click("#lang-ru")
    page.wait_for_selector("#identify-form")
    page.evaluate(
        "n => { document.querySelector('textarea[name=structure]').value = 'C'.repeat(n); }",
        settings.STRUCTURE_MAX_CHARS + 1,
    )
    page.fill("input[name=as_of]", "2024-03-01")
    page.click("#identify-submit")
    page.wait_for_selector(".error")
    assert "символов" in page.inner_text(".error")  # the one message of the limit, in Russian
    assert page.input_value("textarea[name=structure]") == ""


def test_screening_jobs_are_listed_with_their_status_and_download(chemist, tmp_path: Path) -> None:
    upload = tmp_path / "seized-2024.csv"
    upload.write_text("id,smiles\n1,CNC(C)C(=O)c1ccc(C)cc1\n2,CCO\n3,not-a-structure\n", encoding="utf-8")
    page = chemist
    page.goto("/lists/screen/")
    page.click("#lang-ru")
    page.wait_for_selector("#screen-form")
    page.set_input_files("input[name=file]", str(upload))
    page.fill("input[name=as_of]", "2024-03-01")
    page.fill("input[name=smiles_column]", "structure")
    page.click("#screen-submit")
    page.wait_for_selector("#screen-error")
    error = page.inner_text("#screen-error")
    assert "seized-2024.csv" in error and "structure" in error and "--smiles-column" not in error
    assert "столбца" in error  # in the page's language
    page.fill("input[name=smiles_column]", "smiles")
    page.set_input_files("input[name=file]", str(upload))
    page.click("#screen-submit")
    page.wait_for_selector("#screen-job")
    run_queued_tasks()
    jobs = page.context.new_page()  # the job's own page reloads itself while it runs: read the list in another tab
    jobs.goto("/lists/screen/jobs/")
    jobs.wait_for_selector("#screen-jobs")
    row = jobs.locator("#screen-jobs tbody tr").first
    assert row.get_attribute("data-status") == "done"
    assert "Аналог вещества из списка: 1" in row.inner_text() and "Не подлежит контролю: 1" in row.inner_text()
    with jobs.expect_download() as download:
        row.locator(".screen-download").click()
    assert download.value.suggested_filename.endswith(".csv")
    screenshot(jobs, "screening-jobs-ru")


IMPORT_WORDS = {
    "rejected": {"kk": "ештеңе импортталмады", "ru": "ничего не импортировано", "en": "nothing was imported"},
    "done": {"kk": "позиция қосылды", "ru": "позиций добавлено", "en": "entries added"},
}


@pytest.fixture
def list_admin(browser_context) -> Iterator:
    """The demo list loaded and a list administrator (may add list entries) logged in."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    from drugcontrol.lists.actions.demo_data import do_load_demo

    do_load_demo(actor="tests")
    user = get_user_model().objects.create_user("listadmin", password=PASSWORD)
    user.user_permissions.add(Permission.objects.get(codename="add_listentry"))
    page = browser_context.new_page()
    page.goto("/accounts/login/?next=/lists/import/")
    page.fill("input[name=username]", "listadmin")
    page.fill("input[name=password]", PASSWORD)
    page.click("#login-form button[type=submit]")
    page.wait_for_url("**/lists/import/")
    yield page


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_list_administrator_imports_a_first_version_and_sees_the_changes(list_admin, lang: str, tmp_path) -> None:
    bad = tmp_path / "de-annex.csv"
    bad.write_text("name_en,smiles,table\nHexylamine,CCCCCCN,BtMG II\nBroken,C1CC(,BtMG III\n", encoding="utf-8")
    good = tmp_path / "de-annex-fixed.csv"
    good.write_text("name_en,smiles,table\nHexylamine,CCCCCCN,BtMG II\nHeptylamine,CCCCCCCN,BtMG III\n", "utf-8")
    page = list_admin
    page.goto("/lists/identify/")
    assert "DE" not in page.locator("select[name=jurisdiction]").inner_text()  # no version of DE yet: not offered
    page.goto("/lists/import/")
    page.click(f"#lang-{lang}")
    page.wait_for_selector("#import-form")

    def upload(path: Path) -> None:
        page.set_input_files("input[name=file]", str(path))
        page.select_option("select[name=jurisdiction]", "DE")
        page.fill("input[name=act_number]", "BtMG 2020")
        page.fill("input[name=in_force_from]", "2020-01-01")
        page.click("#import-submit")
        page.wait_for_selector("#import-status")
        assert run_queued_tasks() == 1
        page.reload()

    upload(bad)
    status = page.inner_text("#import-status")
    assert IMPORT_WORDS["rejected"][lang] in status and "de-annex.csv" in status
    errors = page.inner_text("#import-errors")
    assert "3" in errors and "smiles" in errors and "--" not in errors  # row 3, its column; no command-line flags
    screenshot(page, f"import-rejected-{lang}")

    page.goto("/lists/import/")
    upload(good)
    assert IMPORT_WORDS["done"][lang] in page.inner_text("#import-status")
    screenshot(page, f"import-done-{lang}")
    page.click("#import-diff")
    page.wait_for_selector("#diff")
    assert "Hexylamine" in page.inner_text("#diff") and "Heptylamine" in page.inner_text("#diff")
    page.goto("/lists/identify/")
    assert "DE" in [o.get_attribute("value") for o in page.locator("select[name=jurisdiction] option").all()]


def test_a_chemist_may_not_import_a_list(chemist) -> None:
    response = chemist.request.get("/lists/import/")
    assert response.status == 403
