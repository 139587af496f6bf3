"""A small register for the HTTP tests: three facilities in two regions, one user per role, two people."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from drugcontrol.registry.actions.people import PersonData, do_create_person
from drugcontrol.registry.actions.registrations import do_register_person
from drugcontrol.registry.iin import make_iin
from drugcontrol.registry.models import Facility, Region, Role, StaffProfile, TreatmentEpisode

# role name -> (role, facility code, region code)
STAFF = {
    "physician_a": (Role.PHYSICIAN, "T-ALA-1", "KZ-75"),
    "physician_a2": (Role.PHYSICIAN, "T-ALA-2", "KZ-75"),
    "physician_b": (Role.PHYSICIAN, "T-AST-1", "KZ-71"),
    "chief_a": (Role.CHIEF, "", "KZ-75"),
    "chief_b": (Role.CHIEF, "", "KZ-71"),
    "analyst": (Role.ANALYST, "", ""),
    "police": (Role.POLICE, "", ""),
    "admin": (Role.ADMIN, "", ""),
}


@dataclass
class World:
    users: dict[str, Any]
    facilities: dict[str, Facility]
    person: Any  # in T-ALA-1 (Almaty), with an IIN and an open registration
    registration: Any
    other: Any  # in T-AST-1 (Astana)
    extra: dict[str, Any] = field(default_factory=dict)

    def client(self, name: str) -> Client:
        client = Client(REMOTE_ADDR="10.1.2.3")
        if name != "anonymous":
            client.force_login(self.users[name])
        return client


def person_data(**overrides: Any) -> PersonData:
    born = overrides.pop("birth_date", date(1988, 4, 12))
    sex = overrides.pop("sex", "M")
    values = {
        "last_name": "Ахметов",
        "first_name": "Ерлан",
        "patronymic": "Серикович",
        "birth_date": born,
        "sex": sex,
        "region": "KZ-75",
        "iin": make_iin(born, sex, 1),
    }
    values.update(overrides)
    return PersonData(**values)


@pytest.fixture
def world(db: None) -> World:
    facilities = {
        "T-ALA-1": Facility.objects.create(code="T-ALA-1", name="Almaty dispensary 1", region_id="KZ-75"),
        "T-ALA-2": Facility.objects.create(code="T-ALA-2", name="Almaty dispensary 2", region_id="KZ-75"),
        "T-AST-1": Facility.objects.create(code="T-AST-1", name="Astana dispensary", region_id="KZ-71"),
    }
    user_model = get_user_model()
    users = {}
    for name, (role, facility, region) in STAFF.items():
        user = user_model.objects.create_user(username=name, password=None)
        StaffProfile.objects.create(
            user=user, role=role, facility=facilities.get(facility), region=Region.objects.filter(pk=region).first()
        )
        users[name] = user
    users["norole"] = user_model.objects.create_user(username="norole", password=None)
    person = do_create_person(person_data(), actor=users["physician_a"])
    registration = do_register_person(
        person,
        diagnosis="F11.2",
        registered_on=timezone.localdate() - timedelta(days=100),
        grounds="voluntary",
        actor=users["physician_a"],
    )
    TreatmentEpisode.objects.create(
        person=person, kind="ost", started_on=timezone.localdate() - timedelta(days=50), facility=person.facility
    )
    other = do_create_person(
        person_data(
            last_name="Петрова",
            first_name="Анна",
            patronymic="",
            sex="F",
            birth_date=date(1995, 11, 3),
            region="KZ-71",
            iin=make_iin(date(1995, 11, 3), "F", 7),
        ),
        actor=users["physician_b"],
    )
    return World(users=users, facilities=facilities, person=person, registration=registration, other=other)


@pytest.fixture(autouse=True)
def pseudonym_key(settings) -> str:
    """The extract needs a pseudonym key of its own (tests run with DEBUG off)."""
    settings.PSEUDONYM_KEY = "tests-only-pseudonym-key-0123456789abcdef"
    return settings.PSEUDONYM_KEY
