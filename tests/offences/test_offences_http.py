"""Cases, qualification and referrals through real HTTP: the gate, the insider attack, the audit rows."""

from __future__ import annotations

import json

from tests.offences.conftest import World

from drugcontrol.audit.models import AuditEvent
from drugcontrol.registry.models import ExaminationReferral


def post_json(client, url: str, data: dict):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_qualify_through_the_api_names_size_basis_article_part_and_penalty(world: World) -> None:
    answer = post_json(
        world.client("investigator_a"),
        "/api/offences/qualify",
        {
            "substance": "героин",
            "mass": "0.5",
            "date": "2024-06-01",
            "action": "transport_for_sale",
            "circumstances": ["electronic_networks"],
        },
    )
    assert answer.status_code == 200, answer.content
    data = answer.json()
    assert (data["size"], data["basis"]["name"], data["article"], data["part"]) == ("large", "ГЕРОИН", "297", 3)
    assert data["penalty"] == {"prison_min": 10, "prison_max": 15, "confiscation": "yes"}
    assert {s["code_version"]: s["part"] for s in data["side_by_side"]} == {"2015": 3, "2025": 2}


def test_an_analogue_takes_the_quantities_of_its_parent(world: World) -> None:
    answer = post_json(
        world.client("investigator_a"),
        "/api/offences/qualify",
        {"smiles": "CC(N)Cc1ccc(F)cc1", "mass": "5", "date": "2024-03-01", "action": "possession"},
    )
    assert answer.status_code == 200, answer.content
    data = answer.json()
    assert data["basis"]["relation"] == "analogue"
    assert data["basis"]["name"] == "АМФЕТАМИН"
    assert data["size"] == "especially_large"


def test_bad_input_is_refused_with_the_field_named(world: World) -> None:
    client = world.client("investigator_a")
    cases = [
        ({"substance": "героин", "mass": "-3", "date": "2025-06-01", "action": "sale"}, "mass"),
        ({"substance": "героин", "mass": "50000000", "date": "2025-06-01", "action": "sale"}, "mass"),
        ({"substance": "героин", "mass": "1", "date": "2018-01-01", "action": "sale"}, "date"),
        ({"substance": "not a drug at all", "mass": "1", "date": "2025-06-01", "action": "sale"}, "substance"),
        ({"substance": "героин", "mass": "1", "date": "2025-06-01", "action": "smuggling"}, "action"),
    ]
    for payload, field in cases:
        answer = post_json(client, "/api/offences/qualify", payload)
        assert answer.status_code == 422, payload
        assert answer.json()["detail"].startswith(f"{field}: "), answer.json()


def test_an_investigator_reads_a_case_of_their_region_and_the_read_is_audited(world: World) -> None:
    answer = world.client("investigator_a").get(f"/api/offences/cases/{world.case_a.pk}")
    assert answer.status_code == 200
    assert answer.json()["article"] == "296" and answer.json()["part"] == 1
    assert AuditEvent.objects.filter(
        action="offences.case.read", object_id=str(world.case_a.pk), actor=world.users["investigator_a"]
    ).exists()


def test_insider_attack_another_regions_case_is_refused_like_an_absent_one_and_audited(world: World) -> None:
    client = world.client("investigator_a")
    other = client.get(f"/api/offences/cases/{world.case_b.pk}")
    absent = client.get("/api/offences/cases/999999")
    assert other.status_code == absent.status_code == 404
    assert other.json() == absent.json()
    assert AuditEvent.objects.filter(action="offences.case.refused", object_id=str(world.case_b.pk)).exists()
    page = client.get(f"/offences/cases/{world.case_b.pk}/")
    assert page.status_code == 404
    assert "Тестов" not in page.content.decode()
    # Nor can it be written into another region, nor referred from there.
    created = post_json(
        client,
        "/api/offences/cases",
        {"number": "X-1", "act_date": "2025-06-01", "region": "KZ-71", "action": "possession"},
    )
    assert created.status_code == 403
    participant = world.case_b.participants.get()
    assert client.post(f"/api/offences/participants/{participant.pk}/referral").status_code == 404
    assert not ExaminationReferral.objects.exists()


def test_roles_without_case_access_are_refused_and_the_refusal_is_audited(world: World) -> None:
    for name in ("analyst", "physician_a", "police", "norole"):
        answer = world.client(name).get(f"/api/offences/cases/{world.case_a.pk}")
        assert answer.status_code == 403, name
    assert world.client("anonymous").get(f"/api/offences/cases/{world.case_a.pk}").status_code == 401
    assert AuditEvent.objects.filter(action="offences.refused", actor=world.users["analyst"]).exists()


def test_a_case_is_created_qualified_and_audited_through_the_api(world: World) -> None:
    answer = post_json(
        world.client("investigator_a"),
        "/api/offences/cases",
        {
            "number": "A-2",
            "act_date": "2025-05-02",
            "region": "KZ-75",
            "action": "sale",
            "circumstances": ["group"],
            "participants": [{"role": "seller", "age": 24, "sex": "F"}],
            "seizures": [{"substance": "ГАШИШ", "net_g": "3"}, {"substance": "героин", "net_g": "0.2"}],
        },
    )
    assert answer.status_code == 201, answer.content
    data = answer.json()
    assert (data["size"], data["article"], data["part"]) == ("large", "297", 3)
    assert [s["size"] for s in data["seizures"]] == ["small", "large"]
    assert AuditEvent.objects.filter(action="offences.case.create", object_id=str(data["id"])).exists()


def test_a_bad_seizure_writes_nothing(world: World) -> None:
    answer = post_json(
        world.client("investigator_a"),
        "/api/offences/cases",
        {
            "number": "A-3",
            "act_date": "2025-05-02",
            "region": "KZ-75",
            "action": "sale",
            "seizures": [{"substance": "героин", "net_g": "0.2"}, {"substance": "героин", "net_g": "-1"}],
        },
    )
    assert answer.status_code == 422
    assert answer.json()["detail"].startswith("mass: ")
    assert not world.case_a.__class__.objects.filter(number="A-3").exists()


def test_a_consumer_referred_appears_in_the_registry_for_the_facility_of_their_region(world: World) -> None:
    participant = world.case_a.participants.get()
    answer = world.client("investigator_a").post(f"/api/offences/participants/{participant.pk}/referral")
    assert answer.status_code == 200, answer.content
    assert answer.json()["facility"] == "O-ALA-1"
    assert AuditEvent.objects.filter(action="registry.referral.create", object_id=str(answer.json()["id"])).exists()
    from drugcontrol.registry.actions.referrals import do_list_referrals

    assert [r.full_name for r in do_list_referrals(world.users["physician_a"])] == ["Тестов Тест"]
    assert do_list_referrals(world.users["physician_b"]) == []
    assert AuditEvent.objects.filter(action="registry.referral.list", actor=world.users["physician_a"]).exists()


def test_a_laboratory_with_precursors_counts_them_only_from_the_tables_concentration(world: World) -> None:
    answer = post_json(
        world.client("investigator_a"),
        "/api/offences/cases",
        {
            "number": "A-LAB",
            "act_date": "2025-05-02",
            "region": "KZ-75",
            "action": "manufacture",
            "circumstances": ["criminal_group"],
            "seizures": [{"substance": "МЕТАМФЕТАМИН (ПЕРВИТИН)", "net_g": "2"}],
            "laboratories": [
                {
                    "kind": "laboratory",
                    "equipment": "reactor 50 l",
                    "precursors": [
                        {"name": "Ангидрид уксусной кислоты", "mass_g": "500", "concentration_pct": 98},
                        {"name": "Ацетон", "mass_g": "500", "concentration_pct": 30},
                    ],
                }
            ],
        },
    )
    assert answer.status_code == 201, answer.content
    data = answer.json()
    assert (data["article"], data["part"], data["code_version"]) == ("297-1", 4, "2025")
    precursors = data["laboratories"][0]["precursors"]
    assert [p["size"] for p in precursors] == ["large", "below_concentration"]  # acetone counts from 60 %


def test_the_referral_is_listed_on_the_registry_page_of_the_regions_facility_only(world: World) -> None:
    participant = world.case_a.participants.get()
    world.client("investigator_a").post(f"/offences/participants/{participant.pk}/referral", {"case": world.case_a.pk})
    assert ExaminationReferral.objects.count() == 1
    own = world.client("physician_a").get("/registry/referrals/")
    assert own.status_code == 200 and "Тестов Тест" in own.content.decode()
    other = world.client("physician_b").get("/registry/referrals/")
    assert other.status_code == 200 and "Тестов Тест" not in other.content.decode()
    assert world.client("investigator_a").get("/registry/referrals/").status_code == 403
