"""The lists through HTTP: the list as of a date, diffs, histories, exports, bundles and identification."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def client() -> Client:
    return Client()


def test_the_list_as_of_a_date_shows_exactly_what_was_in_force(client: Client) -> None:
    today = client.get("/api/lists/KZ", {"as_of": "2024-03-01"}).json()
    assert today["count"] == 513
    before_240 = client.get("/api/lists/KZ", {"as_of": "2023-01-01"}).json()
    names = {e["name_ru"] for e in before_240["entries"]}
    assert "Трамадол" not in names and "АЛЛИЛПРОДИН" in names
    assert client.get("/api/lists/KZ", {"as_of": "2019-07-04"}).json()["count"] == 0
    table_iii = client.get("/api/lists/KZ", {"as_of": "2024-03-01", "table": "III"}).json()
    tramadol = next(e for e in table_iii["entries"] if e["name_ru"] == "Трамадол")
    assert tramadol["act"]["number"] == "240"
    assert tramadol["thresholds"] and tramadol["thresholds"][0]["unit"] == "g"


def test_diff_between_two_dates(client: Client) -> None:
    data = client.get("/api/lists/KZ/diff", {"date_from": "2023-12-31", "date_to": "2024-03-01"}).json()
    added = {e["name_ru"] for e in data["added"]}
    assert {"Брорфин", "Метонитазен", "Клоназолам"} <= added
    assert all(e["act"]["number"] == "22" for e in data["added"])
    assert data["removed"] == []


def test_substance_history_names_the_act(client: Client) -> None:
    tramadol = next(
        e for e in client.get("/api/lists/KZ", {"as_of": "2024-03-01"}).json()["entries"] if e["name_ru"] == "Трамадол"
    )
    history = client.get(f"/api/lists/substances/{tramadol['substance_id']}").json()["history"]
    assert [(h["jurisdiction"], h["table"], h["added_by"]["number"], h["valid_to"]) for h in history] == [
        ("KZ", "III", "240", None)
    ]
    assert client.get("/api/lists/substances/999999").status_code == 404


def test_unknown_jurisdiction_is_a_404_that_lists_the_known_ones(client: Client) -> None:
    response = client.get("/api/lists/XX")
    assert response.status_code == 404
    assert "KZ" in response.json()["detail"]


def test_identify_a_salt_of_a_listed_substance(client: Client) -> None:
    response = client.post(
        "/api/lists/identify",
        {"structure": "CC(N)Cc1ccccc1.OS(=O)(=O)O", "as_of": "2024-03-01"},
        content_type="application/json",
    )
    assert response.status_code == 200
    data = response.json()
    assert data["verdict"] == "listed" and data["form"] == "salt"
    assert data["entry"]["name_ru"].upper().startswith("АМФЕТАМИН")
    assert data["entry"]["thresholds"]


def test_identify_not_listed_and_before_listing(client: Client) -> None:
    caffeine = client.post(
        "/api/lists/identify", {"structure": "Cn1cnc2c1c(=O)n(C)c(=O)n2C"}, content_type="application/json"
    ).json()
    assert caffeine["verdict"] == "not_listed" and caffeine["entry"] is None
    # Tramadol was listed by No. 240 (2023): on 2022-01-01 it was not on the list.
    tramadol = "CN(C)CC1CCCCC1(O)c1cccc(OC)c1"
    early = client.post(
        "/api/lists/identify", {"structure": tramadol, "as_of": "2022-01-01"}, content_type="application/json"
    ).json()
    late = client.post(
        "/api/lists/identify", {"structure": tramadol, "as_of": "2024-03-01"}, content_type="application/json"
    ).json()
    assert (early["verdict"], late["verdict"]) == ("not_listed", "listed")


@pytest.mark.parametrize(
    ("structure", "code"),
    [("", "empty"), ("C1CC(", "unparseable"), ("C" * 200_001, "too_large"), ("C1" * 1000, "too_large")],
)
def test_bad_structures_get_a_clear_400(client: Client, structure: str, code: str) -> None:
    response = client.post("/api/lists/identify", {"structure": structure}, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == code
    assert response.json()["detail"]


def test_exports(client: Client) -> None:
    text = client.get("/api/lists/KZ/export.csv", {"as_of": "2024-03-01"}).content.decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len({(r["table"], r["section"], r["number"], r["name_ru"]) for r in rows}) == 513
    sdf = client.get("/api/lists/KZ/export.sdf", {"as_of": "2024-03-01"}).content.decode()
    structured = sum(1 for r in {(r["table"], r["number"], r["name_ru"]): r for r in rows}.values() if r["smiles"])
    assert sdf.count("$$$$") == structured


def test_openapi_schema_documents_the_lists(client: Client) -> None:
    schema = client.get("/api/openapi.json").json()
    assert "/api/lists/identify" in schema["paths"]
    assert client.get("/api/docs").status_code == 200


def test_list_administrators_browse_entries_in_the_admin_read_only(client: Client, django_user_model) -> None:
    admin = django_user_model.objects.create_superuser("listadmin", "", "a-long-password-1")
    client.force_login(admin)
    page = client.get("/admin/lists/listentry/", {"q": "Трамадол"})
    assert page.status_code == 200 and "Трамадол" in page.content.decode()
    assert client.get("/admin/lists/listentry/add/").status_code == 403
