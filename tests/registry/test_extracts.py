"""The analysts' extract: k-anonymity on (birth year, sex, region) and pseudonyms under a key of their own."""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
from collections import defaultdict
from datetime import date

import pytest
from django.conf import settings as django_settings
from tests.registry.conftest import World
from tests.registry.test_statistics import add_people

from drugcontrol.audit.models import AuditEvent
from drugcontrol.registry.actions.extracts import k_anonymous
from drugcontrol.registry.models import Person

EXTRACT = "/registry/extract/"


@pytest.fixture
def crowd(world: World) -> World:
    """Groups of every size: 7 men born 1990 in Almaty, 3 + 2 women born 1991 and 1993 there, 4 men of 1970,
    1975 and 1978 in Astana (a 10-year band of 4: alone even then), and 1 woman of 2001 in Astana."""
    ala, ast = world.facilities["T-ALA-1"], world.facilities["T-AST-1"]
    add_people(ala, 7, born=date(1990, 2, 2), serial_start=100)
    add_people(ala, 3, sex="F", born=date(1991, 3, 3), serial_start=200)
    add_people(ala, 2, sex="F", born=date(1993, 4, 4), serial_start=300)
    add_people(ast, 2, born=date(1970, 5, 5), serial_start=400)
    add_people(ast, 1, born=date(1975, 6, 6), serial_start=500)
    add_people(ast, 1, born=date(1978, 7, 7), serial_start=600)
    add_people(ast, 1, sex="F", born=date(2001, 8, 8), serial_start=700)
    return world


def _download(world: World, **params: str) -> list[dict[str, str]]:
    response = world.client("analyst").get(EXTRACT, {"download": "csv", **params})
    assert response.status_code == 200, response.content[:300]
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_every_published_group_holds_at_least_five_people(crowd: World) -> None:
    rows = _download(crowd)
    groups: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for row in rows:
        groups[(row["birth_year"], row["sex"], row["region"])].add(row["pseudonym"])
    assert groups and all(len(people) >= 5 for people in groups.values()), groups
    # The 7 men of 1990 keep their year; the 5 women of 1991 and 1993 share a band; the woman of 2001 is alone
    # at every step and is left out.
    assert ("1990", "M", "KZ-75") in groups and len(groups[("1990", "M", "KZ-75")]) == 7
    assert ("1990-1994", "F", "KZ-75") in groups
    assert not any(row["birth_year"] in ("2001", "2000-2004", "2000-2009") and row["sex"] == "F" for row in rows)
    event = AuditEvent.objects.filter(action="registry.extract").latest("id")
    assert event.details["min_group"] == 5 and event.details["left_out"] > 0
    assert event.details["rows"] == len(rows)


def test_k_is_a_setting(crowd: World, settings) -> None:
    settings.EXTRACT_MIN_GROUP = 8
    groups: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for row in _download(crowd):
        groups[(row["birth_year"], row["sex"], row["region"])].add(row["pseudonym"])
    assert all(len(people) >= 8 for people in groups.values())


def test_generalisation_goes_one_step_at_a_time_and_suppresses_the_rest() -> None:
    people = {i: ("1990", "M", "KZ-75") for i in range(5)}  # five of a kind: kept as they are
    people |= {10 + i: (str(1980 + i), "F", "KZ-75") for i in range(5)}  # five in 1980-1984
    people |= {20 + i: (str(1960 + 2 * i), "M", f"KZ-{i}") for i in range(5)}  # five of the 1960s, five regions
    people |= {30: ("1991", "F", "KZ-75"), 31: ("1996", "F", "KZ-75"), 32: ("2005", "F", "KZ-71")}  # too few
    published = k_anonymous(people, 5)
    assert {published[i] for i in range(5)} == {("1990", "M", "KZ-75")}
    assert {published[i] for i in range(10, 15)} == {("1980-1984", "F", "KZ-75")}
    assert {published[i] for i in range(20, 25)} == {("1960-1969", "M", "*")}
    assert not {30, 31, 32} & set(published)
    for qi in published.values():
        assert sum(1 for other in published.values() if other == qi) >= 5


def test_pseudonyms_are_keyed_stable_and_not_derived_from_ids_or_the_secret_key(crowd: World, settings) -> None:
    first = {row["pseudonym"] for row in _download(crowd)}
    assert first == {row["pseudonym"] for row in _download(crowd)}  # stable for the same key
    ids = list(Person.objects.values_list("pk", flat=True))
    secret = django_settings.SECRET_KEY.encode()
    derived = {
        digest(f"{template}{pk}".encode())
        for pk in ids
        for template in ("registry-person:", "")
        for digest in (
            lambda m: hmac.new(secret, m, hashlib.sha256).hexdigest()[:16],
            lambda m: hashlib.sha256(m).hexdigest()[:16],
        )
    }
    assert not first & derived
    settings.PSEUDONYM_KEY = "another-pseudonym-key-0123456789abcdef-0123"
    second = {row["pseudonym"] for row in _download(crowd)}
    assert len(second) == len(first) and not first & second  # another key, other pseudonyms


def test_a_key_file_is_read(crowd: World, settings, tmp_path) -> None:
    before = {row["pseudonym"] for row in _download(crowd)}
    path = tmp_path / "pseudonym.key"
    path.write_text(settings.PSEUDONYM_KEY + "\n")
    settings.PSEUDONYM_KEY, settings.PSEUDONYM_KEY_FILE = "", str(path)
    assert {row["pseudonym"] for row in _download(crowd)} == before


@pytest.mark.parametrize("key", ["", "short", "SECRET"])
def test_no_extract_without_a_key_of_its_own(crowd: World, settings, key: str) -> None:
    settings.PSEUDONYM_KEY = settings.SECRET_KEY if key == "SECRET" else key
    settings.PSEUDONYM_KEY_FILE = ""
    client = crowd.client("analyst")
    response = client.get(EXTRACT, {"download": "csv"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 503 and response["Content-Type"].startswith("text/html")
    assert "DRUGCONTROL_PSEUDONYM_KEY" in response.content.decode() or "Django secret key" in response.content.decode()
    api = client.get("/api/registry/extract", HTTP_ACCEPT_LANGUAGE="en")  # the API answers in the caller's language
    assert api.status_code == 422 and "pseudonym" in api.json()["detail"].lower()
    assert not AuditEvent.objects.filter(action="registry.extract").exists()
