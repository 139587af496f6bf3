"""Early warning reads the offences domain's seizures through HTTP: a seizure recorded by an investigator carries
the standardised InChIKey of what was seized; a seizure of a new substance (an analogue the list does not name) is
Kazakhstan's own first detection, exported to partners and counted in time to control; every seizure of a
substance counts as "seized here" on the coverage page and the notification's page."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from tests.warning.conftest import client_for

from drugcontrol.chem.keys import compute_keys
from drugcontrol.chem.parse import to_mol
from drugcontrol.earlywarning.actions.screening import do_screen_notifications
from drugcontrol.earlywarning.core import json_format
from drugcontrol.earlywarning.models import Notification
from drugcontrol.offences.models import LabResult, Seizure
from drugcontrol.registry.models import Role, StaffProfile

pytestmark = pytest.mark.django_db

ALPHA_PIHP = "CC(C)CC(N1CCCC1)C(=O)c1ccccc1"
"""Not named by the list: an analogue of alpha-PVP (a new substance)."""
METONITAZENE = "CCN(CC)CCn1c(Cc2ccc(OC)cc2)nc2cc([N+](=O)[O-])ccc21"
"""An analogue of clonitazene until act 22/2024 named it (in force 2024-02-06)."""
ISOTONITAZENE = "CCN(CC)CCn1c(Cc2ccc(OC(C)C)cc2)nc2cc([N+](=O)[O-])ccc21"
"""Not covered in 2022; named by act 240/2023 (in force 2023-04-03)."""


def key(smiles: str) -> str:
    return compute_keys(to_mol(smiles)).inchikey


@pytest.fixture
def investigator(django_user_model):
    user = django_user_model.objects.create_user("inv", password=None)
    StaffProfile.objects.create(user=user, role=Role.INVESTIGATOR, region_id="KZ-75")
    return user


def record_case(client: Client, number: str, act_date: str, seizure: dict) -> dict:
    body = {
        "number": number,
        "act_date": act_date,
        "region": "KZ-75",
        "action": "possession",
        "participants": [{"role": "buyer", "age": 30, "sex": "M"}],
        "seizures": [{"net_g": "1.5", "form": "powder", **seizure}],
    }
    answer = client.post("/api/offences/cases", json.dumps(body), content_type="application/json")
    assert answer.status_code == 201, answer.content
    return answer.json()


def partner_document(smiles: str, country: str, day: str) -> bytes:
    item = {"substance": {"name": "X", "smiles": smiles}, "first_detection": {"country": country, "date": day}}
    return json.dumps(
        {"format": "drugcontrol-notifications", "version": 1, "sender": "lab", "notifications": [item]}
    ).encode()


def test_a_seizure_carries_the_standardised_key_of_what_was_seized(investigator) -> None:
    client = client_for(investigator)
    record_case(client, "W-1", "2025-03-04", {"smiles": f"{ALPHA_PIHP}.Cl"})  # a salt: the parent's key
    record_case(client, "W-2", "2025-03-05", {"substance": "героин"})
    record_case(client, "W-3", "2025-03-06", {"substance": "МАРИХУАНА", "form": "dried"})
    by_case = {s.case.number: s for s in Seizure.objects.select_related("case", "substance")}
    assert by_case["W-1"].basis_relation == "analogue" and by_case["W-1"].inchikey == key(ALPHA_PIHP)
    assert by_case["W-2"].inchikey == by_case["W-2"].substance.inchikey != ""
    assert by_case["W-3"].inchikey == ""  # a plant material has no structure


def test_an_imported_seizure_carries_its_key_too(investigator, tmp_path: Path) -> None:
    from drugcontrol.offences.importing import run_import_file

    path = tmp_path / "cases.csv"
    path.write_text(
        f"No,Date,Region,Action,Smiles,Mass\nI-1,2025-02-01,KZ-75,possession,{ALPHA_PIHP},0.7\n", encoding="utf-8"
    )
    mapping = ["case_number=No", "act_date=Date", "region=Region", "action=Action", "smiles=Smiles", "net_g=Mass"]
    result = run_import_file(path, actor=investigator, mapping=mapping, skip_invalid=False)
    assert result.written == 1, result.problems
    assert Seizure.objects.get(case__number="I-1").inchikey == key(ALPHA_PIHP)


def test_a_new_substance_seized_here_is_our_first_detection_for_partners(investigator, reader) -> None:
    police = client_for(investigator)
    first = record_case(police, "W-10", "2025-03-04", {"smiles": ALPHA_PIHP})
    record_case(police, "W-11", "2025-04-01", {"smiles": ALPHA_PIHP})
    record_case(police, "W-12", "2025-03-01", {"substance": "героин"})  # a listed substance is no news
    LabResult.objects.create(
        seizure=Seizure.objects.get(case_id=first["id"]),
        laboratory="Forensic institute",
        report_number="R-7",
        reported_on=date(2025, 3, 20),
        identified="alpha-PiHP",
    )
    document = client_for(reader).get("/api/warning/notifications/own").json()
    assert json_format.problems(document) == []
    [item] = document["notifications"]
    assert item["substance"]["inchikey"] == key(ALPHA_PIHP) and item["substance"]["name"] == "alpha-PiHP"
    assert item["first_detection"] == {"country": "KZ", "date": "2025-03-04", "matrix": "powder", "context": "seizure"}
    assert item["status"] == "confirmed" and item["analytical_evidence"]["laboratory"] == "Forensic institute, R-7"
    assert item["reported_on"] == "2025-03-20"


def test_an_earlier_own_notification_wins_over_a_later_seizure(investigator, admin_user_warning) -> None:
    record_case(client_for(investigator), "W-20", "2025-03-04", {"smiles": ALPHA_PIHP})
    manager = client_for(admin_user_warning)
    body = partner_document(ALPHA_PIHP, "KZ", "2025-01-10")
    assert manager.post("/api/warning/notifications", body, content_type="application/json").status_code == 201
    [item] = manager.get("/api/warning/notifications/own").json()["notifications"]
    assert item["first_detection"]["date"] == "2025-01-10" and item["reference"].startswith("KZ-")


def test_time_to_control_counts_from_the_first_seizure_here(investigator, reader) -> None:
    record_case(client_for(investigator), "W-30", "2022-10-12", {"smiles": METONITAZENE})
    page = client_for(reader).get("/warning/time-to-control/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    html = page.content.decode()
    table = html[html.index('id="substances"') :]
    row = table[table.index("Метонитазен") :].split("</tr>")[0]
    days = (date(2024, 2, 6) - date(2022, 10, 12)).days
    assert row.count(f"<td>{days}</td>") == 2  # first detection anywhere is the one here


def test_seizures_here_are_counted_on_the_coverage_page_and_the_notification(investigator, admin_user_warning) -> None:
    record_case(client_for(investigator), "W-40", "2024-05-01", {"smiles": ISOTONITAZENE})
    record_case(client_for(investigator), "W-41", "2024-06-01", {"substance": "Изотонитазен"})
    manager = client_for(admin_user_warning)
    body = partner_document(ISOTONITAZENE, "KG", "2021-06-01")
    assert manager.post("/api/warning/notifications", body, content_type="application/json").status_code == 201
    # Against the list of act 326/2022 (before act 240/2023 named it): not covered.
    do_screen_notifications(actor="test", day=date(2022, 6, 6))
    [row] = manager.get("/api/warning/coverage").json()
    assert row["inchikey"] == key(ISOTONITAZENE) and row["grounds"]["seized_here"] == 2
    assert row["score"] == 1000 + 10 * 2 + 1
    notification = Notification.objects.get()
    page = manager.get(f"/warning/notifications/{notification.pk}/")
    assert 'id="seized-here">2<' in page.content.decode()
    coverage = manager.get("/warning/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "/api/warning/notifications/own" in coverage


def test_an_insider_reads_no_seizure_through_early_warning(investigator, insider) -> None:
    record_case(client_for(investigator), "W-50", "2025-03-04", {"smiles": ALPHA_PIHP})
    client = client_for(insider)
    assert client.get("/api/warning/notifications/own").status_code == 403
    assert client.get("/warning/time-to-control/").status_code == 403
    from drugcontrol.audit.models import AuditEvent

    assert AuditEvent.objects.filter(action="warning.refused", actor=insider).count() == 2
    assert get_user_model().objects.filter(username="insider").exists()


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "sdf"])
def test_own_detections_go_out_as_files_a_partner_imports_without_a_mapping(
    investigator, reader, fmt, tmp_path
) -> None:
    from drugcontrol.earlywarning.actions.importing import SKIP_INVALID, import_notifications

    record_case(client_for(investigator), "W-60", "2025-03-04", {"smiles": ALPHA_PIHP})
    answer = client_for(reader).get(f"/api/warning/notifications/own?format={fmt}")
    assert answer.status_code == 200 and f"kz-first-detections.{fmt}" in answer["Content-Disposition"]
    path = tmp_path / f"partner.{fmt}"
    path.write_bytes(answer.content)
    outcome = import_notifications(path, [], mode=SKIP_INVALID, actor="partner")  # the partner's side: no --map
    assert outcome.problems == [] and outcome.imported == 1
    received = Notification.objects.get()
    assert (received.inchikey, received.country, received.detected_on) == (key(ALPHA_PIHP), "KZ", date(2025, 3, 4))
    assert received.context == "seizure" and received.reference == f"KZ-S{Seizure.objects.get().pk}"
    assert client_for(reader).get("/api/warning/notifications/own?format=doc").status_code == 422
