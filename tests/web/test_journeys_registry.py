"""The registry's main journeys in headless Chromium, in Kazakh, Russian and English: one browser session per
language walks the physician (find by name, open, record a visit), the regional chief (overview, statistics,
duplicates, import), the analyst (statistics, extract), the police checker (batch check, CSV download) and the
registry administrator (staff accounts, the audit log of one person).

Screenshots go to `DRUGCONTROL_SCREENSHOTS_DIR` when set (the README's screenshots are regenerated from them by
`scripts/screenshots`), otherwise to the test's temporary directory.
"""

from __future__ import annotations

import csv
import io
import os
from datetime import date
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.utils import formats, timezone, translation

from drugcontrol.background.worker import run_queued_tasks

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

#: What a user of each language reads on the pages the journeys cross (asserted as they would read it).
TEXT = {
    "kk": {
        "search_heading": "Адамды табу",
        "worklist": "Жұмыс тізімі",
        "saved": "Сақталды.",
        "overview": "Өңірлік шолу",
        "statistics": "Тіркелім статистикасы",
        "compare": "Салыстыру және біріктіру",
        "merged": "Біріктірілді",
        "extract": "Псевдонимделген үзінді",
        "police": "Полиция тексеруі",
    },
    "ru": {
        "search_heading": "Поиск человека",
        "worklist": "Рабочий список",
        "saved": "Сохранено.",
        "overview": "Обзор по региону",
        "statistics": "Статистика регистра",
        "compare": "Сравнить и объединить",
        "merged": "Объединено",
        "extract": "Псевдонимизированная выгрузка",
        "police": "Полицейская проверка",
    },
    "en": {
        "search_heading": "Find a person",
        "worklist": "Worklist",
        "saved": "Saved.",
        "overview": "Regional overview",
        "statistics": "Statistics of the register",
        "compare": "Compare and merge",
        "merged": "Merged",
        "extract": "Pseudonymised extract",
        "police": "Police check",
    },
}


LOCALES = {"kk": "kk-KZ", "ru": "ru-RU", "en": "en-GB"}


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    """Where the screenshots go: DRUGCONTROL_SCREENSHOTS_DIR (for the README) or the test's own directory."""
    target = Path(os.environ.get("DRUGCONTROL_SCREENSHOTS_DIR") or tmp_path)
    target.mkdir(parents=True, exist_ok=True)
    return target


@pytest.fixture
def demo_world(settings) -> dict:
    """The registry demo, a likely duplicate of a demo person (same name and birth date, no IIN) and the key of
    the analysts' extract."""
    from drugcontrol.registry.actions.demo_data import do_load_registry_demo
    from drugcontrol.registry.actions.people import PersonData, do_create_person
    from drugcontrol.registry.models import Person

    settings.PSEUDONYM_KEY = "tests-only-pseudonym-key-0123456789abcdef"
    do_load_registry_demo(actor="tests")
    akhmetov = Person.objects.get(last_name="Ахметов", first_name="Ерлан")
    do_create_person(
        PersonData(
            last_name="Ахметов",
            first_name="Ерлан",
            patronymic="Серикович",
            birth_date=akhmetov.birth_date,
            sex="M",
            region="KZ-75",
            facility="NC-75",
            document_type="passport",
            document_number="N0001",
        ),
        actor=get_user_model().objects.get(username="physician"),
    )
    return {"akhmetov": akhmetov, "iins": list(Person.objects.exclude(iin=None).values_list("iin", flat=True)[:3])}


def log_in(page, live_server, username: str, language: str) -> None:
    """A fresh login in the same browser: cookies cleared, the language chosen, the login form filled."""
    from drugcontrol.registry.actions.demo_data import DEMO_PASSWORD

    page.context.clear_cookies()
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page.goto("/accounts/login/?next=/registry/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("#login-form button[type=submit]")
    page.wait_for_url("**/registry/")


def shown_date(day: date, language: str) -> str:
    with translation.override(language):
        return formats.date_format(day)


def register_file(tmp_path: Path) -> Path:
    from drugcontrol.registry.iin import make_iin

    upload = tmp_path / "almaty-register.csv"
    with upload.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["iin", "last_name", "first_name", "birth_date", "sex", "region", "facility", "diagnosis",
                         "registered_on"])  # fmt: skip
        writer.writerow([make_iin(date(1990, 3, 15), "M", 42), "Сериков", "Асхат", "1990-03-15", "M", "KZ-75",
                         "NC-75", "F11.2", "2024-05-10"])  # fmt: skip
    return upload


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_registry_journeys(browser_context, live_server, demo_world, shots: Path, tmp_path: Path, language: str):
    text = TEXT[language]
    # The browser speaks the language too (its date fields, its Accept-Language), as a user's browser would.
    context = browser_context.browser.new_context(
        base_url=live_server.url,
        accept_downloads=True,
        locale=LOCALES[language],
        viewport={"width": 1280, "height": 900},
    )
    page = context.new_page()

    # The physician finds a person by name typed in Latin letters, opens the record and records a visit.
    log_in(page, live_server, "physician", language)
    page.fill("#search-form input[name=name]", "Akhmetov Erlan")
    page.click("#search-form button[type=submit]")
    page.wait_for_selector("#search-results")
    assert page.inner_text("h1") == text["search_heading"]
    results = page.locator("#search-results tbody tr")
    assert results.count() >= 2 and "Ахметов Ерлан Серикович" in page.inner_text("#search-results")
    page.screenshot(path=str(shots / f"registry-search-{language}.png"), full_page=True)
    page.click(f"#search-results a[href='/registry/people/{demo_world['akhmetov'].pk}/']")
    page.wait_for_selector("#person-name")
    assert page.inner_text("#person-name") == "Ахметов Ерлан Серикович"
    assert page.inner_text("#iin") == demo_world["akhmetov"].iin
    page.click(f"a[href='/registry/people/{demo_world['akhmetov'].pk}/visit/']")
    page.fill("textarea[name=note]", "контрольный осмотр")
    page.click("#record-form button[type=submit]")
    page.wait_for_selector("#visits")
    assert text["saved"] in page.inner_text("main")
    today = shown_date(timezone.localdate(), language)
    assert today in page.inner_text("#visits") and "г.." not in page.inner_text("main")
    assert page.locator("#visits thead th").count() == 4
    page.screenshot(path=str(shots / f"registry-person-{language}.png"), full_page=True)
    page.goto("/registry/worklist/")
    assert page.inner_text("h1") == text["worklist"]

    # The regional chief: the overview, the statistics, a duplicate compared and merged, a register imported.
    log_in(page, live_server, "chief", language)
    page.screenshot(path=str(shots / f"registry-home-chief-{language}.png"), full_page=True)
    page.click("#link-overview")
    page.wait_for_selector("#overview")
    assert page.inner_text("h1") == text["overview"]
    assert int(page.inner_text("#overview-total")) >= 4 and int(page.inner_text("#duplicates-open")) >= 1
    page.screenshot(path=str(shots / f"registry-overview-{language}.png"), full_page=True)
    page.goto("/registry/")
    page.click("#link-statistics")
    page.wait_for_selector("#headline-total")
    assert page.inner_text("h1").startswith(text["statistics"])
    page.goto("/registry/duplicates/")
    page.click("#candidates a.compare")
    page.wait_for_selector("#comparison")
    assert page.inner_text("h1") == text["compare"]
    assert page.locator("#comparison tr.differs").count() >= 1  # the IIN and the document differ
    page.screenshot(path=str(shots / f"registry-merge-{language}.png"), full_page=True)
    page.check("#merge-form input[name=keep] >> nth=0")
    page.click("#merge-form button[type=submit]")
    page.wait_for_selector("#undo")
    assert page.inner_text("h1") == text["merged"]
    page.goto("/registry/import/")
    page.set_input_files("input[name=file]", str(register_file(tmp_path)))
    page.click("#import-form button[type=submit]")
    page.wait_for_selector("#import-status[data-status=queued]")
    run_queued_tasks()
    page.wait_for_selector("#import-result")
    assert "almaty-register.csv" in page.inner_text("#import-result")

    # The analyst: the statistics (linked from the home page) and the pseudonymised extract.
    log_in(page, live_server, "analyst", language)
    page.click("#link-statistics")
    page.wait_for_selector("#headline-total")
    page.goto("/registry/")
    page.click("#link-extract")
    page.wait_for_selector("#extract-form")
    assert page.inner_text("h1") == text["extract"]
    with page.expect_download() as download:
        page.click("#extract-form button[name=download]")
    extract = download.value.path().read_text(encoding="utf-8")
    assert extract.startswith("pseudonym,") and "Ахметов" not in extract  # the demo is too small for k = 5

    # The police checker: a batch of IINs, one of them mistyped, answered as a CSV file.
    log_in(page, live_server, "police", language)
    page.click("#link-police")
    page.wait_for_selector("#police-form")
    assert page.inner_text("h1") == text["police"]
    page.fill("textarea[name=iins]", "\n".join([*demo_world["iins"], "123456789012"]))
    page.select_option("select[name=basis]", index=1)
    page.fill("input[name=request_number]", "2024-77")
    page.click("#check")
    page.wait_for_selector("#answers")
    assert page.locator("#answers tbody tr").count() == 4
    page.screenshot(path=str(shots / f"registry-police-{language}.png"), full_page=True)
    with page.expect_download() as download:
        page.click("#check-csv")
    rows = list(csv.DictReader(io.StringIO(download.value.path().read_text(encoding="utf-8"))))
    assert [r["iin"] for r in rows] == [*demo_world["iins"], "123456789012"]
    assert [r["on_register"] for r in rows[:3]] == ["1", "1", "1"] and rows[3]["valid"] == "0"
    # A batch with no valid IIN is refused, with the reason under the field.
    page.fill("textarea[name=iins]", "123\nabc")
    page.click("#check")
    page.wait_for_selector(".field-error")
    assert "2" in page.inner_text("#field-iins .field-error")

    # The registry administrator: the staff accounts, then who opened Akhmetov's record, in the audit log.
    log_in(page, live_server, "registry_admin", language)
    page.click("#link-staff")
    page.wait_for_selector("#staff")
    assert page.locator("#staff-physician").count() == 1
    page.goto("/registry/")
    page.click("#link-audit")
    page.wait_for_selector("#audit-filters")
    page.fill("#audit-filters input[name=person]", str(demo_world["akhmetov"].pk))
    page.click("#audit-filters button.primary")
    page.wait_for_selector("#audit-events")
    assert "physician" in page.inner_text("#audit-events")
    page.screenshot(path=str(shots / f"registry-audit-{language}.png"), full_page=True)
    context.close()
