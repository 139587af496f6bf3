"""Fixtures of the early-warning tests: accounts with and without the early-warning roles, and sample files."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

AMPHETAMINE = "CC(N)Cc1ccccc1"
"""Listed in Kazakhstan (table II)."""
NEW_NPS = "COc1ccc(CC(C)NC)cc1OC(F)(F)F"
"""Not covered by the demo list; its nearest listed neighbour is close enough to lend its quantities."""
FAR_NPS = "CCCCCCCCCCCCO"
"""Not covered, and nothing listed is near it."""


def _user(django_user_model, name: str, *codenames: str):
    # No password: the tests log in with force_login, and hashing one costs half a second per account.
    user = django_user_model.objects.create_user(name, password=None, email=f"{name}@example.kz")
    for codename in codenames:
        user.user_permissions.add(Permission.objects.get(codename=codename, content_type__app_label="earlywarning"))
    return user


@pytest.fixture
def admin_user_warning(django_user_model):
    """A list administrator: manages early warning and receives the alerts."""
    return _user(django_user_model, "listadmin", "manage_warning", "receive_coverage_alerts")


@pytest.fixture
def reader(django_user_model):
    return _user(django_user_model, "analyst", "read_warning")


@pytest.fixture
def insider(django_user_model):
    """A valid account with no early-warning role."""
    return _user(django_user_model, "insider")


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def notifications_csv(tmp_path: Path) -> Path:
    path = tmp_path / "notifications.csv"
    path.write_text(
        "Name,SMILES,Country,Date,Matrix,Context\n"
        f"Amphetamine,{AMPHETAMINE},RU,2024-02-01,powder,seizure\n"
        f"4-MeO-3-TFMO-MA,{NEW_NPS},KG,2024-03-05,powder,seizure\n"
        f"4-MeO-3-TFMO-MA,{NEW_NPS},KZ,2024-04-10,blotter,poisoning\n",
        encoding="utf-8",
    )
    return path


MAP = [
    "--map",
    "name=Name",
    "--map",
    "smiles=SMILES",
    "--map",
    "country=Country",
    "--map",
    "reported_on=Date",
    "--map",
    "matrix=Matrix",
    "--map",
    "context=Context",
]
