"""The registry in headless Chromium: a regional chief logs in, reads the statistics in Kazakh, imports a file
(queued, run by the worker, followed by the page until done)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from django.db.models import Q
from django.utils import timezone

from drugcontrol.background.worker import run_queued_tasks

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def chief_page(browser_context) -> Iterator:
    """The registry demo loaded and the demo regional chief (Almaty) logged in through the login form."""
    from drugcontrol.registry.actions.demo_data import DEMO_PASSWORD, do_load_registry_demo

    do_load_registry_demo(actor="tests")
    page = browser_context.new_page()
    page.goto("/accounts/login/?next=/registry/")
    page.fill("input[name=username]", "chief")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("#login-form button[type=submit]")
    page.wait_for_url("**/registry/")
    yield page


def people_on_the_register_in_almaty() -> int:
    """Counted here directly from the records, not through the statistics module."""
    from drugcontrol.registry.models import Person

    today = timezone.localdate()
    open_today = Q(registrations__registered_on__lte=today) & (
        Q(registrations__deregistered_on__isnull=True) | Q(registrations__deregistered_on__gt=today)
    )
    return Person.objects.filter(open_today, merged_into__isnull=True, facility__region_id="KZ-75").distinct().count()


def test_the_chief_reads_the_statistics_of_the_region_in_kazakh(chief_page) -> None:
    page = chief_page
    page.goto("/registry/statistics/")
    page.click("#lang-kk")
    page.wait_for_selector("#headline-total")
    assert page.inner_text("h1").startswith("Тіркелім статистикасы")  # "Statistics of the register"
    people = people_on_the_register_in_almaty()
    assert page.inner_text("#headline-total") == (str(people) if people >= 5 else "x")
    assert page.locator("svg").count() >= 2  # the table's chart and the timeline's
    assert page.locator("#timeline-table tr").count() >= 13  # a header and the 13 month ends of the default year


def test_the_chief_imports_a_file_and_downloads_the_rejected_row(chief_page, tmp_path: Path) -> None:
    from drugcontrol.registry.iin import make_iin
    from drugcontrol.registry.models import Person

    good = make_iin(date(1990, 3, 15), "M", 42)
    upload = tmp_path / "almaty-register.csv"
    with upload.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["iin", "last_name", "first_name", "birth_date", "sex", "region", "facility", "diagnosis",
                         "registered_on"])  # fmt: skip
        writer.writerow([good, "Сериков", "Асхат", "1990-03-15", "M", "KZ-75", "NC-75", "F11.2", "2024-05-10"])
        writer.writerow(["123", "Пак", "Игорь", "1999-01-01", "M", "KZ-75", "NC-75", "F15.2", "2024-01-01"])
    page = chief_page
    page.goto("/registry/import/")
    page.click("#lang-en")
    page.wait_for_selector("#import-form")
    page.set_input_files("input[name=file]", str(upload))
    page.check("input[name=skip_invalid]")
    page.click("#import-form button[type=submit]")
    page.wait_for_selector("#import-status[data-status=queued]")  # queued for a worker, the page refreshes itself
    run_queued_tasks()
    page.wait_for_selector("#import-result")
    assert "1 of 2 rows imported from almaty-register.csv" in page.inner_text("#import-result")
    assert Person.objects.filter(iin=good).exists()
    with page.expect_download() as download:
        page.click("#rejects-download")
    rows = list(csv.reader(Path(download.value.path()).read_text(encoding="utf-8").splitlines()))
    assert rows[0] == ["row", "field", "message", "value"]
    assert rows[1][:2] == ["3", "iin"] and rows[1][3] == "123"
