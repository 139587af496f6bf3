"""Assessment through HTTP: POST /api/lists/assess, its refusals, and the bundle that carries the rule."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def _assess(client: Client, **payload: object):
    return client.post("/api/lists/assess", payload, content_type="application/json", headers={"accept-language": "en"})


def test_an_analogue_names_its_parent_and_the_parent_quantities() -> None:
    response = _assess(Client(), structure="CC(N)Cc1ccc(F)cc1", as_of="2024-03-01")
    assert response.status_code == 200
    data = response.json()
    assert data["verdict"] == "analogue" and data["controlled"] is True
    assert data["entry"]["name_ru"] == "АМФЕТАМИН" and data["entry"]["table"] == "II"
    parent = data["parents"][0]
    assert parent["retained_atoms"] == 10
    assert parent["replacements"][0].startswith("fluoro (1.57) in place of H")
    assert data["thresholds"][0]["small"] == "0-0,2"  # the decree also gives ml for preparations
    assert data["steps"][0]["template"] and data["explanation"] == [s["text"] for s in data["steps"]]
    assert len(data["input_sha256"]) == 64


def test_a_salt_is_listed_and_says_so() -> None:
    data = _assess(Client(), structure="CC(N)Cc1ccccc1.Cl", as_of="2024-03-01").json()
    assert (data["verdict"], data["form"]) == ("listed", "salt")
    assert data["parents"] == []


def test_a_group_member_carries_its_definition() -> None:
    data = _assess(
        Client(), structure="CCCCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1", jurisdiction="CN", as_of="2020-01-01"
    ).json()
    assert data["verdict"] == "group"
    assert data["group"]["group_id"] == "CN-FENTANYL-CLASS" and data["group"]["effective_from"] == "2019-05-01"


def test_similar_and_not_controlled() -> None:
    client = Client()
    similar = _assess(client, structure="CNC(C)Cc1ccncc1", as_of="2024-03-01").json()
    assert similar["verdict"] == "suspected" and similar["similar"][0]["differences"]  # Germany's NpSG reaches it
    assert similar["elsewhere"] == ["DE"]
    caffeine = _assess(client, structure="Cn1cnc2c1c(=O)n(C)c(=O)n2C", as_of="2024-03-01").json()
    assert caffeine["verdict"] == "not_controlled" and caffeine["entry"] is None


def test_invalid_input_is_a_400_with_the_reason() -> None:
    response = _assess(Client(), structure="C1CC(")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "unparseable" and "could not be read as SMILES" in body["detail"]


def test_undetermined_is_an_answer_not_an_error() -> None:
    response = _assess(Client(), structure="C" + "C(=O)" * 50, as_of="2024-03-01")
    assert response.status_code == 200
    assert response.json()["verdict"] == "undetermined" and response.json()["error_code"] == "too_complex"


def test_unknown_jurisdiction_and_missing_structure_are_refused() -> None:
    client = Client()
    unknown = _assess(client, structure="CC(N)Cc1ccccc1", jurisdiction="XX")
    assert unknown.status_code == 404 and "KZ" in unknown.json()["detail"]
    assert client.post("/api/lists/assess", {}, content_type="application/json").status_code == 422
    assert client.get("/api/lists/assess").status_code == 405


def test_the_bundle_carries_the_substituents_and_groups_in_force() -> None:
    client = Client()
    kz = client.get("/api/lists/KZ/bundle", {"as_of": "2024-03-01"}).json()
    codes = [row["code"] for row in kz["substituents"]]
    assert "1.57" in codes and "1.73" in codes and "2.16" not in codes  # 2.16 excluded on 06.02.2024
    assert len(codes) == 97 and kz["groups"] == []
    early = client.get("/api/lists/KZ/bundle", {"as_of": "2020-01-01"}).json()
    assert "1.2-4" not in [row["code"] for row in early["substituents"]]
    cn = client.get("/api/lists/CN/bundle", {"as_of": "2024-03-01"}).json()
    assert "substituents" not in cn and "CN-FENTANYL-CLASS" in cn["groups"]
