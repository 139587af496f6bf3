"""A small world for the offences tests: investigators of two regions, an analyst, a physician of the
narcological facility of each region, and one case in each region."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from drugcontrol.offences.actions import CaseData, ParticipantData, SeizureData, do_create_case
from drugcontrol.registry.models import Facility, Region, Role, StaffProfile

STAFF = {
    "investigator_a": (Role.INVESTIGATOR, "", "KZ-75"),
    "investigator_b": (Role.INVESTIGATOR, "", "KZ-71"),
    "investigator_c": (Role.INVESTIGATOR, "", "KZ-35"),
    "analyst": (Role.ANALYST, "", ""),
    "physician_a": (Role.PHYSICIAN, "O-ALA-1", "KZ-75"),
    "physician_b": (Role.PHYSICIAN, "O-AST-1", "KZ-71"),
    "police": (Role.POLICE, "", ""),
}


@dataclass
class World:
    users: dict[str, Any]
    case_a: Any
    case_b: Any

    def client(self, name: str) -> Client:
        client = Client(REMOTE_ADDR="10.9.8.7")
        if name != "anonymous":
            client.force_login(self.users[name])
        return client


def case_data(number: str, region: str, **changes: Any) -> CaseData:
    values: dict[str, Any] = {
        "number": number,
        "act_date": "2025-06-01",
        "region": region,
        "action": "consumption",
        "participants": (ParticipantData(role="consumer", age=19, sex="M", full_name="Тестов Тест", region=region),),
        "seizures": (SeizureData(substance="героин", net_g="0.5"),),
    }
    values.update(changes)
    return CaseData(**values)


@pytest.fixture
def world(db: None) -> World:
    facilities = {
        "O-ALA-1": Facility.objects.create(code="O-ALA-1", name="Almaty dispensary", region_id="KZ-75"),
        "O-AST-1": Facility.objects.create(code="O-AST-1", name="Astana dispensary", region_id="KZ-71"),
    }
    users = {}
    for name, (role, facility, region) in STAFF.items():
        user = get_user_model().objects.create_user(username=name, password=None)
        StaffProfile.objects.create(
            user=user, role=role, facility=facilities.get(facility), region=Region.objects.filter(pk=region).first()
        )
        users[name] = user
    users["norole"] = get_user_model().objects.create_user(username="norole", password=None)
    case_a = do_create_case(case_data("A-1", "KZ-75"), actor=users["investigator_a"])
    case_b = do_create_case(case_data("B-1", "KZ-71"), actor=users["investigator_b"])
    return World(users, case_a, case_b)
