"""Samples and reference standards exchanged, through HTTP: a manager records a transfer linked to its notification
and its chain of custody; a reader only reads; an insider without a role is refused and audited; bad input is named
under its field and writes nothing."""

from __future__ import annotations

import json

import pytest
from tests.warning.conftest import NEW_NPS, client_for

from drugcontrol.audit.models import AuditEvent
from drugcontrol.earlywarning.models import CustodyEvent, Notification, SampleTransfer

pytestmark = pytest.mark.django_db

TRANSFER = {
    "transfer-substance": "4-MeO-3-TFMO-MA",
    "transfer-kind": "reference",
    "transfer-direction": "received",
    "transfer-sender": "Forensic laboratory, Bishkek",
    "transfer-recipient": "Institute of forensic examinations, Almaty",
    "transfer-quantity": "2.5",
    "transfer-unit": "mg",
}


def notification(client) -> Notification:
    item = {"substance": {"name": "X", "smiles": NEW_NPS}, "first_detection": {"country": "KG", "date": "2024-03-01"}}
    body = json.dumps({"format": "drugcontrol-notifications", "version": 1, "notifications": [item]})
    assert client.post("/api/warning/notifications", body, content_type="application/json").status_code == 201
    return Notification.objects.get()


def test_a_transfer_and_its_chain_of_custody_are_recorded_and_audited(admin_user_warning) -> None:
    client = client_for(admin_user_warning)
    linked = notification(client)
    answer = client.post("/warning/samples/", {**TRANSFER, "transfer-notification_id": linked.pk})
    assert answer.status_code == 302, answer.content.decode()[-3000:]
    transfer = SampleTransfer.objects.get()
    assert transfer.notification == linked and answer["Location"] == f"/warning/samples/{transfer.pk}/"
    url = answer["Location"]
    for event, at in (("dispatched", "2024-03-02T09:00"), ("received", "2024-03-04T14:30")):
        assert client.post(url, {"event": event, "at": at, "place": "Almaty", "person": "A. B."}).status_code == 302
    analysed = {"event": "analysed", "at": "2024-03-05T10:00", "confirmed_by": "Central laboratory"}
    assert client.post(url, analysed).status_code == 302
    transfer.refresh_from_db()
    assert transfer.confirmed_by == "Central laboratory"
    assert list(transfer.custody.values_list("event", flat=True)) == ["dispatched", "received", "analysed"]
    assert CustodyEvent.objects.filter(recorded_by=admin_user_warning).count() == 3
    assert AuditEvent.objects.filter(action="warning.sample", object_id=str(transfer.pk)).count() == 1
    assert AuditEvent.objects.filter(action="warning.custody", object_id=str(transfer.pk)).count() == 3
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Central laboratory" in page and "получен, печать цела" in page
    listing = client.get("/warning/samples/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "4-MeO-3-TFMO-MA" in listing and "analysed" in listing
    assert f"/warning/samples/{transfer.pk}/" in client.get(f"/warning/notifications/{linked.pk}/").content.decode()


def test_bad_input_is_named_under_its_field_and_nothing_is_written(admin_user_warning) -> None:
    client = client_for(admin_user_warning)
    bad = {**TRANSFER, "transfer-quantity": "0", "transfer-notification_id": "999999", "transfer-direction": "lost"}
    page = client.post("/warning/samples/", bad, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    html = page.content.decode()
    for field in ("quantity", "notification_id", "direction"):
        block = html[html.index(f'id="field-{field}"') :].split("</div>")[0]
        assert "field-error" in block, field
    assert "more than zero" in html and "no notification with this number" in html
    assert not SampleTransfer.objects.exists()
    client.post("/warning/samples/", TRANSFER)
    url = f"/warning/samples/{SampleTransfer.objects.get().pk}/"
    future = client.post(url, {"event": "received", "at": "2999-01-01T10:00"}, HTTP_ACCEPT_LANGUAGE="ru")
    assert future.status_code == 200 and "будущем" in future.content.decode()
    assert not CustodyEvent.objects.exists()


def test_a_reader_reads_but_records_nothing(admin_user_warning, reader) -> None:
    client_for(admin_user_warning).post("/warning/samples/", TRANSFER)
    transfer = SampleTransfer.objects.get()
    client = client_for(reader)
    assert client.get("/warning/samples/").status_code == 200
    page = client.get(f"/warning/samples/{transfer.pk}/")
    assert page.status_code == 200 and 'id="custody-form"' not in page.content.decode()
    assert client.post("/warning/samples/", TRANSFER).status_code == 403
    assert (
        client.post(f"/warning/samples/{transfer.pk}/", {"event": "stored", "at": "2024-01-01T10:00"}).status_code
        == 403
    )
    assert SampleTransfer.objects.count() == 1 and not CustodyEvent.objects.exists()
    assert client.get("/warning/samples/999999/").status_code == 404


def test_an_insider_without_a_role_is_refused_and_audited(admin_user_warning, insider) -> None:
    client_for(admin_user_warning).post("/warning/samples/", TRANSFER)
    transfer = SampleTransfer.objects.get()
    client = client_for(insider)
    urls = ["/warning/samples/", f"/warning/samples/{transfer.pk}/", "/warning/samples/999999/"]
    assert [client.get(url).status_code for url in urls] == [403, 403, 403]  # absent or not: the same answer
    assert client.post("/warning/samples/", TRANSFER).status_code == 403
    assert SampleTransfer.objects.count() == 1
    assert AuditEvent.objects.filter(action="warning.refused", actor=insider).count() == 4
