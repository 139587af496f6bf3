"""The registry's web pages through HTTP: each role sees its pages, refusals are the same 404 as absence."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from tests.registry.conftest import World

from drugcontrol.audit.models import AuditEvent
from drugcontrol.registry.models import Disclosure, Person, Registration, Transfer

ROLES = ("physician_a", "physician_b", "chief_a", "chief_b", "analyst", "police", "admin", "norole")
PAGES = {
    # name: (path, roles that get 200); out-of-scope clinicians get 404 on person pages, the rest 403
    "home": (lambda w: "/registry/", set(ROLES) - {"norole"}),
    "card": (lambda w: f"/registry/people/{w.person.pk}/", {"physician_a", "chief_a"}),
    "edit": (lambda w: f"/registry/people/{w.person.pk}/edit/", {"physician_a", "chief_a"}),
    "register": (lambda w: f"/registry/people/{w.person.pk}/register/", {"physician_a", "chief_a"}),
    "visit": (lambda w: f"/registry/people/{w.person.pk}/visit/", {"physician_a", "chief_a"}),
    "drug test": (lambda w: f"/registry/people/{w.person.pk}/drug-test/", {"physician_a", "chief_a"}),
    "treatment": (lambda w: f"/registry/people/{w.person.pk}/treatment/", {"physician_a", "chief_a"}),
    "ost dose": (lambda w: f"/registry/people/{w.person.pk}/ost-dose/", {"physician_a", "chief_a"}),
    "transfer": (lambda w: f"/registry/people/{w.person.pk}/transfer/", {"physician_a", "chief_a"}),
    "deregister": (lambda w: f"/registry/registrations/{w.registration.pk}/deregister/", {"physician_a", "chief_a"}),
    "access report": (lambda w: f"/registry/people/{w.person.pk}/access-report/", {"physician_a", "chief_a", "admin"}),
    "new person": (lambda w: "/registry/people/new/", {"physician_a", "physician_b", "chief_a", "chief_b"}),
    "break glass": (lambda w: "/registry/break-glass/", {"physician_a", "physician_b", "chief_a", "chief_b"}),
    "break glass review": (lambda w: "/registry/break-glass/review/", {"chief_a", "chief_b"}),
    "duplicates": (lambda w: "/registry/duplicates/", {"chief_a", "chief_b"}),
    "proposals": (lambda w: "/registry/proposals/", {"physician_a", "physician_b", "chief_a", "chief_b"}),
    "police check": (lambda w: "/registry/police-check/", {"police"}),
    "import": (lambda w: "/registry/import/", {"admin", "chief_a", "chief_b"}),
    "extract": (lambda w: "/registry/extract/", {"analyst"}),
}
PERSON_PAGES = {
    "card", "edit", "register", "visit", "drug test", "treatment", "ost dose", "transfer", "deregister", "access report"
}  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", sorted(PAGES))
def test_page_matrix(world: World, page: str, role: str) -> None:
    path, allowed = PAGES[page]
    response = world.client(role).get(path(world))
    if role in allowed:
        expected = 200
    elif page in PERSON_PAGES and role in ("physician_b", "chief_b"):
        expected = 404
    else:
        expected = 403
    assert response.status_code == expected, (page, role)


def test_pages_need_a_login(world: World) -> None:
    response = world.client("anonymous").get(f"/registry/people/{world.person.pk}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_lookup_redirects_to_the_card_and_audits_the_read(world: World) -> None:
    response = world.client("physician_a").post("/registry/lookup/", {"iin": world.person.iin}, follow=True)
    assert response.redirect_chain[0][1] == 302  # POST-redirect-GET: the card can be reloaded
    assert response.status_code == 200
    assert "Ахметов Ерлан Серикович" in response.content.decode()
    assert AuditEvent.objects.filter(
        action="registry.person.read", object_id=str(world.person.pk), purpose="lookup", remote_addr="10.1.2.3"
    ).exists()
    elsewhere = world.client("physician_b").post("/registry/lookup/", {"iin": world.person.iin})
    assert "Ахметов" not in elsewhere.content.decode()  # outside the scope: a recorded disclosure, never the card


def test_create_edit_and_deregister_through_forms(world: World) -> None:
    client = world.client("physician_a")
    response = client.post(
        "/registry/people/new/",
        {
            "last_name": "Ким",
            "first_name": "Виктор",
            "birth_date": "2001-07-19",
            "sex": "M",
            "region": "KZ-75",
            "document_type": "passport",
            "document_number": "N7",
        },
    )
    assert response.status_code == 302
    person = Person.objects.get(last_name="Ким")
    assert person.last_name_latin == "Kim" and person.facility.code == "T-ALA-1"
    bad = client.post(f"/registry/people/{person.pk}/edit/", {"last_name": "Ким", "first_name": "Виктор",
                      "birth_date": "2001-07-19", "sex": "M", "region": "KZ-75", "iin": "010719600027"})  # fmt: skip
    assert bad.status_code == 200 and "ИИН 010719600027 содержит пол F, а в записи указано M" in bad.content.decode()
    today = timezone.localdate().isoformat()
    response = client.post(
        f"/registry/registrations/{world.registration.pk}/deregister/", {"reason": "death", "deregistered_on": today}
    )
    assert response.status_code == 302
    world.registration.refresh_from_db()
    assert world.registration.status == "deregistered"


def test_a_refused_deregistration_shows_the_form_again_with_its_message(world: World) -> None:
    client = world.client("physician_a")
    path = f"/registry/registrations/{world.registration.pk}/deregister/"
    before = (world.registration.registered_on - timedelta(days=365)).isoformat()
    response = client.post(path, {"reason": "death", "deregistered_on": before})
    assert response.status_code == 200 and "deregistered_on" in response.context["form"].errors
    assert Registration.objects.get(pk=world.registration.pk).status == "active"


def test_a_transfer_through_the_form_goes_home_and_a_refused_one_stays_on_the_form(world: World) -> None:
    client = world.client("physician_a")
    path = f"/registry/people/{world.person.pk}/transfer/"
    today = timezone.localdate().isoformat()
    same = client.post(path, {"to_facility": "T-ALA-1", "transferred_on": today, "reason": "moved"})
    assert same.status_code == 200 and "to_facility" in same.context["form"].errors
    assert not Transfer.objects.exists()
    response = client.post(path, {"to_facility": "T-AST-1", "transferred_on": today, "reason": "moved to Astana"})
    assert response.status_code == 302 and response["Location"] == "/registry/"
    world.person.refresh_from_db()
    assert world.person.facility.code == "T-AST-1" and Transfer.objects.count() == 1


def test_police_form_answers_and_discloses(world: World) -> None:
    response = world.client("police").post(
        "/registry/police-check/",
        {"iins": f"{world.person.iin}\n{world.other.iin}\n", "basis": "weapon_permit", "request_number": "F-1"},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "F-1" in page
    assert "Ахметов" not in page  # never a name
    assert Disclosure.objects.filter(request__request_number="F-1").count() == 2
