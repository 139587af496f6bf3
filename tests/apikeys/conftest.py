"""An administrator, a key made through the admin page, and one person on the register for the police check."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from drugcontrol.registry.actions.people import PersonData, do_create_person
from drugcontrol.registry.actions.registrations import do_register_person
from drugcontrol.registry.iin import make_iin
from drugcontrol.registry.models import Facility, Role, StaffProfile

ADD_URL = "/admin/apikeys/apikey/add/"


@pytest.fixture
def admin_client(db: None) -> Client:
    admin = get_user_model().objects.create_superuser(username="keyadmin", password=None)
    client = Client(REMOTE_ADDR="10.9.8.7", HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(admin)
    return client


@pytest.fixture
def make_key(admin_client: Client) -> Callable[..., str]:
    """Create a key through the administrator's page and return the token the page shows once."""

    def make(system: str, *scopes: str, days: int = 30) -> str:
        expires = (timezone.localtime() + timedelta(days=days)).strftime("%Y-%m-%d %H:%M:%S")
        page = admin_client.post(ADD_URL, {"system": system, "scopes": list(scopes), "expires_at": expires})
        assert page.status_code == 200, page.content.decode()[:2000]
        html = page.content.decode()
        start = html.index('id="api-key-token">') + len('id="api-key-token">')
        return html[start : html.index("</code>", start)]

    return make


@pytest.fixture
def registered_iin(db: None) -> str:
    """The IIN of one person with an open registration (a physician's record in Almaty)."""
    facility = Facility.objects.create(code="K-ALA-1", name="Almaty dispensary", region_id="KZ-75")
    physician = get_user_model().objects.create_user(username="keys_physician", password=None)
    StaffProfile.objects.create(user=physician, role=Role.PHYSICIAN, facility=facility)
    born = date(1990, 5, 17)
    iin = make_iin(born, "M", 3)
    person = do_create_person(
        PersonData(
            last_name="Сапаров", first_name="Даурен", patronymic="", birth_date=born, sex="M", region="KZ-75", iin=iin
        ),
        actor=physician,
    )
    do_register_person(
        person,
        diagnosis="F11.2",
        registered_on=timezone.localdate() - timedelta(days=30),
        grounds="voluntary",
        actor=physician,
    )
    return iin
