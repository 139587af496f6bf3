"""Through HTTP: an insider without an early-warning role is refused (and audited) everywhere; a partner's document
comes in whole or not at all with each problem at its JSON path; our own detections go out in the same format."""

from __future__ import annotations

import json

import pytest
from tests.warning.conftest import AMPHETAMINE, NEW_NPS, client_for

from drugcontrol.audit.models import AuditEvent
from drugcontrol.earlywarning.core import json_format
from drugcontrol.earlywarning.models import EvidenceFile, Notification

pytestmark = pytest.mark.django_db

PAGES = ["/warning/", "/warning/procedures/", "/warning/time-to-control/", "/api/warning/coverage",
         "/api/warning/notifications/own"]  # fmt: skip


def _document(*items: dict) -> bytes:
    return json.dumps(
        {"format": "drugcontrol-notifications", "version": 1, "sender": "KG lab", "notifications": list(items)}
    ).encode()


def _item(smiles: str, country: str = "KG", day: str = "2024-03-01", **extra) -> dict:
    return {"substance": {"name": "X", "smiles": smiles}, "first_detection": {"country": country, "date": day}, **extra}


def test_an_insider_without_the_role_is_refused_everywhere_and_audited(insider) -> None:
    client = client_for(insider)
    for url in PAGES:
        assert client.get(url).status_code == 403, url
    response = client.post("/api/warning/notifications", _document(_item(NEW_NPS)), content_type="application/json")
    assert response.status_code == 403
    assert client.get("/warning/draft.docx").status_code == 403
    assert not Notification.objects.exists()
    assert AuditEvent.objects.filter(action="warning.refused", actor=insider).count() == len(PAGES) + 2


def test_a_reader_reads_but_cannot_record(reader) -> None:
    client = client_for(reader)
    assert client.get("/warning/").status_code == 200
    response = client.post("/api/warning/notifications", _document(_item(NEW_NPS)), content_type="application/json")
    assert response.status_code == 403
    assert client.get("/warning/draft.docx").status_code == 403


def test_anonymous_is_sent_to_log_in() -> None:
    from django.test import Client

    assert Client().get("/warning/").status_code == 302
    assert Client().get("/api/warning/coverage").status_code == 401


def test_a_partner_document_is_recorded_and_screened(admin_user_warning) -> None:
    client = client_for(admin_user_warning)
    files = [{"name": "spectrum.jdx", "sha256": "a" * 64, "size": 1200}]
    body = _document(_item(NEW_NPS, analytical_evidence={"method": "GC-MS", "files": files}), _item(AMPHETAMINE))
    response = client.post("/api/warning/notifications", body, content_type="application/json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["recorded"] == 2 and len(data["uncovered"]) == 1
    assert EvidenceFile.objects.get().sha256 == "a" * 64
    coverage = client.get("/api/warning/coverage").json()
    assert [row["notifications"] for row in coverage] == [data["uncovered"]]
    page = client.get("/warning/")
    assert page.status_code == 200 and "X" in page.content.decode()


def test_a_bad_document_records_nothing_and_names_each_place(admin_user_warning) -> None:
    client = client_for(admin_user_warning)
    body = _document(_item(NEW_NPS), _item("C1CC(", day="2024-01-01"), _item(NEW_NPS, country="ZZ"),
                     _item(NEW_NPS, day="2999-01-01"))  # fmt: skip
    response = client.post("/api/warning/notifications", body, content_type="application/json",
                           HTTP_ACCEPT_LANGUAGE="ru")  # fmt: skip
    assert response.status_code == 422
    paths = [p["path"] for p in response.json()["problems"]]
    assert paths == [
        "$.notifications[1].smiles",
        "$.notifications[2].country",
        "$.notifications[3].reported_on",
        "$.notifications[3].detected_on",
    ]
    assert not Notification.objects.exists()
    broken = client.post("/api/warning/notifications", b"{not json", content_type="application/json")
    assert broken.status_code == 400 and not Notification.objects.exists()
    wrong_shape = client.post("/api/warning/notifications", b'{"format": "x"}', content_type="application/json")
    assert wrong_shape.status_code == 422


def test_a_duplicate_of_a_stored_notification_is_refused(admin_user_warning) -> None:
    client = client_for(admin_user_warning)
    assert (
        client.post(
            "/api/warning/notifications", _document(_item(NEW_NPS)), content_type="application/json"
        ).status_code
        == 201
    )
    again = client.post(
        "/api/warning/notifications",
        _document(_item(NEW_NPS)),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert again.status_code == 422 and "same structure" in again.json()["problems"][0]["message"]


def test_our_own_first_detections_go_out_in_the_same_format(admin_user_warning) -> None:
    client = client_for(admin_user_warning)
    body = _document(_item(NEW_NPS, country="KZ", day="2024-02-01"), _item(NEW_NPS, country="KZ", day="2024-03-01"),
                     _item(AMPHETAMINE, country="RU"))  # fmt: skip
    assert client.post("/api/warning/notifications", body, content_type="application/json").status_code == 201
    document = client.get("/api/warning/notifications/own").json()
    assert json_format.problems(document) == []
    assert [n["first_detection"]["date"] for n in document["notifications"]] == ["2024-02-01"]


def test_evidence_files_are_hashed_and_limited(admin_user_warning, settings, tmp_path) -> None:
    settings.DATA_DIR = tmp_path
    settings.WARNING_EVIDENCE_MAX_BYTES = 1000
    client = client_for(admin_user_warning)
    assert (
        client.post(
            "/api/warning/notifications", _document(_item(NEW_NPS)), content_type="application/json"
        ).status_code
        == 201
    )
    notification = Notification.objects.get()
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = f"/warning/notifications/{notification.pk}/"
    ok = client.post(url, {"file": SimpleUploadedFile("ms.txt", b"peak 91 100\n")})
    assert ok.status_code == 302
    stored = EvidenceFile.objects.get()
    import hashlib

    assert stored.sha256 == hashlib.sha256(b"peak 91 100\n").hexdigest() and stored.size == 12
    too_big = client.post(url, {"file": SimpleUploadedFile("big.bin", b"x" * 2000)})
    assert too_big.status_code == 200 and "limit" in too_big.content.decode()
    assert EvidenceFile.objects.count() == 1 and len(list((tmp_path / "warning" / "evidence").iterdir())) == 1
    page = client_for(admin_user_warning).get(url)
    assert page.status_code == 200 and stored.sha256 in page.content.decode()


def test_a_file_uploaded_on_the_page_is_imported_by_the_worker_with_its_rejects(
    admin_user_warning, settings, tmp_path
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from drugcontrol.background.worker import run_queued_tasks

    settings.DATA_DIR = tmp_path
    client = client_for(admin_user_warning)
    content = f"Name,SMILES,Country,Date\nNew,{NEW_NPS},KG,2024-01-01\nBad,C1CC(,KZ,2024-01-01\n".encode()
    response = client.post(
        "/warning/import/",
        {
            "file": SimpleUploadedFile("partner.csv", content),
            "mode": "skip",
            "sender": "KG lab",
            "mapping": "name=Name\nsmiles=SMILES\ncountry=Country\nreported_on=Date",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not Notification.objects.exists()  # nothing until the worker runs it
    assert run_queued_tasks() == 1
    assert Notification.objects.get().sender == "KG lab"
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="ru")
    assert page.status_code == 200 and "partner.csv" in page.content.decode()
    rejects = client.get(response["Location"] + "rejects.csv", HTTP_ACCEPT_LANGUAGE="ru")
    lines = rejects.content.decode().splitlines()
    assert lines[0] == "row,field,message,value" and lines[1].startswith("3,smiles,")
    wrong_map = client.post(
        "/warning/import/", {"file": SimpleUploadedFile("p.csv", content), "mode": "all", "mapping": "colour=Name"}
    )
    assert wrong_map.status_code == 200 and "colour" in wrong_map.content.decode()
    reader_client = client_for(
        __import__("django.contrib.auth", fromlist=["get_user_model"])
        .get_user_model()
        .objects.create_user("r2", password="pw-r2-long-enough")
    )
    assert reader_client.get(response["Location"]).status_code == 403
