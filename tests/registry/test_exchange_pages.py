"""The extract page through HTTP: who may use it, what it gives, what it refuses, what it audits (the import page
is tested in test_import_pages)."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from tests.registry.conftest import World

from drugcontrol.audit.models import AuditEvent
from drugcontrol.registry.actions.registrations import do_register_person
from drugcontrol.registry.models import Registration

IMPORT = "/registry/import/"
EXTRACT = "/registry/extract/"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ROLES = ("physician_a", "physician_b", "chief_a", "chief_b", "analyst", "police", "admin", "norole")


# --- extract --------------------------------------------------------------------------------------------------------


@pytest.fixture
def two_regions(world: World, settings) -> World:
    """The world's Almaty person is registered; its Astana person gets a registration too (k-anonymity off)."""
    settings.EXTRACT_MIN_GROUP = 1
    do_register_person(
        world.other,
        diagnosis="F12.1",
        registered_on=date(2024, 1, 20),
        grounds="referral",
        actor=world.users["physician_b"],
    )
    return world


def extract_lines(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))


def test_the_analyst_downloads_the_extract_and_the_download_is_audited(two_regions: World) -> None:
    world = two_regions
    response = world.client("analyst").get(EXTRACT, {"region": "", "download": "csv"})
    lines = extract_lines(response)
    assert lines[0] == ["pseudonym", "birth_year", "sex", "region", "diagnosis", "registered_month", "status"]
    assert len(lines) == 1 + Registration.objects.count() == 3
    almaty_month = (timezone.localdate() - timedelta(days=100)).strftime("%Y-%m")
    by_region = {line[3]: line for line in lines[1:]}
    assert by_region["KZ-75"][1:] == ["1988", "M", "KZ-75", "F11.2", almaty_month, "active"]
    assert by_region["KZ-71"][1:] == ["1995", "F", "KZ-71", "F12.1", "2024-01", "active"]
    pseudonyms = {line[0] for line in lines[1:]}
    assert len(pseudonyms) == 2 and all(re.fullmatch(r"[0-9a-f]{16}", p) for p in pseudonyms)
    body = response.content.decode("utf-8")
    for person in (world.person, world.other):
        for identity in (person.iin, person.last_name, person.first_name, person.birth_date.isoformat()):
            assert identity not in body
    event = AuditEvent.objects.get(action="registry.extract")
    assert (event.actor_name, event.remote_addr, event.details) == (
        "analyst",
        "10.1.2.3",
        {"rows": 2, "region": "", "min_group": 1, "left_out": 0},
    )


def test_the_region_filter_keeps_the_region_and_the_pseudonym_is_stable(two_regions: World) -> None:
    client = two_regions.client("analyst")
    everything = extract_lines(client.get(EXTRACT, {"download": "csv"}))
    astana = extract_lines(client.get(EXTRACT, {"region": "KZ-71", "download": "csv"}))
    assert [line[3] for line in astana[1:]] == ["KZ-71"]
    assert astana[1] in everything[1:]  # the same person has the same pseudonym in both extracts
    assert "KZ-71" in client.get(EXTRACT, {"region": "KZ-71", "download": "csv"})["Content-Disposition"]
    assert [e.details["region"] for e in AuditEvent.objects.filter(action="registry.extract").order_by("pk")] == [
        "", "KZ-71", "KZ-71",
    ]  # fmt: skip


def test_the_extract_page_describes_the_columns_and_the_audit_without_recording_anything(world: World) -> None:
    response = world.client("analyst").get(EXTRACT, **EN)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    for column in ("pseudonym", "birth_year", "sex", "region", "diagnosis", "registered_month", "status"):
        assert f"<code>{column}</code>" in page
    assert "Every download is recorded in the audit log" in page
    assert 'method="get"' in page and 'name="download"' in page and 'value="KZ-75"' in page
    assert not AuditEvent.objects.filter(action="registry.extract").exists()


def test_an_unknown_region_is_a_form_error_and_nothing_is_recorded(world: World) -> None:
    response = world.client("analyst").get(EXTRACT, {"region": "KZ-99", "download": "csv"}, **EN)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert "Select a valid choice" in response.content.decode()
    assert not AuditEvent.objects.filter(action="registry.extract").exists()


@pytest.mark.parametrize("role", ["physician_a", "chief_a", "police", "admin", "norole"])
def test_other_roles_get_403_for_the_extract_and_nothing_is_recorded(world: World, role: str) -> None:
    client = world.client(role)
    assert client.get(EXTRACT).status_code == 403
    assert client.get(EXTRACT, {"region": "KZ-75", "download": "csv"}).status_code == 403
    assert not AuditEvent.objects.filter(action="registry.extract").exists()


# --- access and links -----------------------------------------------------------------------------------------------

# Who may open each page is in the page matrix of test_registry_pages; here: who is shown the link.
LINKS = {IMPORT: {"admin", "chief_a", "chief_b"}, EXTRACT: {"analyst"}}


@pytest.mark.parametrize("role", sorted(set(ROLES) - {"norole"}))
def test_the_home_page_links_each_role_to_the_pages_it_may_open(world: World, role: str) -> None:
    home = world.client(role).get("/registry/").content.decode()
    for path, allowed in LINKS.items():
        assert (f'href="{path}"' in home) == (role in allowed), (path, role)
