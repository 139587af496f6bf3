"""The early-warning coverage page in headless Chromium: a list administrator logs in, sees the new uncovered
substance ranked with its grounds and the alert, reads it in Russian, and marks the alert read."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "pw-listadmin-long-enough"


@pytest.fixture
def admin_page(browser_context, django_user_model) -> Iterator:
    from django.contrib.auth.models import Permission

    from drugcontrol.earlywarning.actions.recording import do_receive_document

    user = django_user_model.objects.create_user("listadmin", password=PASSWORD)
    for codename in ("manage_warning", "receive_coverage_alerts"):
        user.user_permissions.add(Permission.objects.get(codename=codename, content_type__app_label="earlywarning"))
    document = {
        "format": "drugcontrol-notifications",
        "version": 1,
        "notifications": [
            {"substance": {"name": "4-MeO-3-TFMO-MA", "smiles": "COc1ccc(CC(C)NC)cc1OC(F)(F)F"},
             "first_detection": {"country": "KG", "date": "2024-03-05", "matrix": "powder", "context": "seizure"}},
            {"substance": {"name": "Amphetamine", "smiles": "CC(N)Cc1ccccc1"},
             "first_detection": {"country": "RU", "date": "2024-03-06"}},
        ],
    }  # fmt: skip
    do_receive_document(json.dumps(document).encode(), actor="tests", source="tests")
    page = browser_context.new_page()
    page.goto("/accounts/login/?next=/warning/")
    page.fill("input[name=username]", "listadmin")
    page.fill("input[name=password]", PASSWORD)
    page.click("#login-form button[type=submit]")
    page.wait_for_url("**/warning/")
    yield page


def test_the_coverage_page_ranks_the_uncovered_substance_and_shows_the_alert(admin_page) -> None:
    page = admin_page
    rows = page.locator("#uncovered tbody tr")
    assert rows.count() == 1  # amphetamine is listed, so only the new substance is uncovered
    assert "4-MeO-3-TFMO-MA" in rows.first.inner_text()
    assert "KG" in rows.first.inner_text()
    assert "4-MeO-3-TFMO-MA" in page.inner_text("#alerts")
    page.click("#lang-ru")
    page.wait_for_selector("#uncovered")
    assert page.inner_text("h1") == "Раннее оповещение: охват новых веществ"
    page.click("#alerts button[type=submit]")
    page.wait_for_url("**/warning/")
    assert page.locator("#alerts").count() == 0
    page.click("#uncovered tbody tr a >> nth=0")
    page.wait_for_selector("#notification")
    assert "вне контроля" in page.inner_text("#verdict")
    assert page.locator(".depiction > svg").count() == 1


def test_a_sample_received_is_recorded_with_its_chain_of_custody(admin_page) -> None:
    """The transfer form and the custody event's date-and-time field work in a real browser."""
    from drugcontrol.earlywarning.models import CustodyEvent, SampleTransfer

    page = admin_page
    page.click("#warning-nav a[href='/warning/samples/']")
    page.wait_for_selector("#transfer-form")
    page.fill("#id_transfer-substance", "4-MeO-3-TFMO-MA")
    page.select_option("#id_transfer-kind", "reference")
    page.select_option("#id_transfer-direction", "received")
    page.fill("#id_transfer-sender", "Forensic laboratory, Bishkek")
    page.fill("#id_transfer-recipient", "Almaty")
    page.fill("#id_transfer-quantity", "2.5")
    page.click("#transfer-form button[type=submit]")
    page.wait_for_selector("#custody-form")
    page.select_option("#id_event", "received")
    page.fill("#id_at", "2024-03-04T14:30")
    page.fill("#id_place", "Almaty")
    page.click("#custody-form button[type=submit]")
    page.wait_for_selector("#custody .event-received")
    assert SampleTransfer.objects.get().substance == "4-MeO-3-TFMO-MA"
    assert CustodyEvent.objects.get().at.isoformat().startswith("2024-03-04")
