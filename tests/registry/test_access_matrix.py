"""Every role × every registry API endpoint: allowed, refused by role (403), refused by scope (404, the same
answer as for a person who does not exist), anonymous (401)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from tests.registry.conftest import World, person_data

from drugcontrol.registry.models import BreakGlassGrant, DuplicateCandidate, Person

ROLES = (
    "physician_a",
    "physician_a2",
    "physician_b",
    "chief_a",
    "chief_b",
    "analyst",
    "police",
    "admin",
    "norole",
    "anonymous",
)
CLINICAL_A = {"physician_a", "chief_a"}  # the people of facility T-ALA-1 (region KZ-75)
OUT_OF_SCOPE = {"physician_a2", "physician_b", "chief_b"}
CLINICAL = CLINICAL_A | OUT_OF_SCOPE


def today() -> str:
    return timezone.localdate().isoformat()


def _duplicate(world: World) -> DuplicateCandidate:
    from drugcontrol.registry.actions.people import do_create_person

    twin = do_create_person(
        person_data(iin="", document_type="passport", document_number="N1", last_name="AKHMETOV", first_name="YERLAN"),
        actor=world.users["physician_a"],
    )
    return DuplicateCandidate.objects.get(person_b=twin)


def _grant(world: World) -> BreakGlassGrant:
    from drugcontrol.registry.actions.break_glass import do_break_glass

    return do_break_glass(world.person.pk, reason="emergency admission at night", actor=world.users["physician_b"])


@dataclass(frozen=True)
class Endpoint:
    name: str
    method: str
    path: Callable[[World], str]
    body: Callable[[World, str], Any] | None
    allowed: frozenset[str]
    not_found: frozenset[str] = frozenset()  # refused by scope: 404
    ok: int = 200
    unprocessable: frozenset[str] = frozenset()  # allowed by role, refused on the merits: 422


def _e(name, method, path, body, allowed, not_found=(), ok=200, unprocessable=()) -> Endpoint:
    return Endpoint(name, method, path, body, frozenset(allowed), frozenset(not_found), ok, frozenset(unprocessable))


P = lambda suffix="": lambda w: f"/api/registry/people/{w.person.pk}{suffix}"  # noqa: E731
R = lambda suffix: lambda w: f"/api/registry/registrations/{w.registration.pk}{suffix}"  # noqa: E731
ALL_STAFF = set(ROLES) - {"norole", "anonymous"}


def _create_body(w: World, role: str) -> dict:
    from datetime import date

    from drugcontrol.registry.iin import make_iin

    facility = {"chief_a": "T-ALA-1", "chief_b": "T-AST-1"}.get(role, "")
    return {
        "last_name": "Новиков",
        "first_name": "Илья",
        "birth_date": "1990-01-02",
        "sex": "M",
        "region": "KZ-75",
        "iin": make_iin(date(1990, 1, 2), "M", 42),
        "facility": facility,
    }


ENDPOINTS = [
    _e("me", "get", lambda w: "/api/registry/me", None, ALL_STAFF),
    _e("regions", "get", lambda w: "/api/registry/regions", None, ALL_STAFF),
    _e("diagnoses", "get", lambda w: "/api/registry/diagnoses", None, ALL_STAFF),
    _e("facilities", "get", lambda w: "/api/registry/facilities", None, ALL_STAFF),
    _e("lookup", "post", lambda w: "/api/registry/people/lookup", lambda w, r: {"iin": w.person.iin}, CLINICAL_A,
       OUT_OF_SCOPE),
    _e("create", "post", lambda w: "/api/registry/people", _create_body, CLINICAL, ok=201),
    _e("card", "get", P("?purpose=care"), None, CLINICAL_A, OUT_OF_SCOPE),
    _e("update", "patch", P(), lambda w, r: {"phone": "+7 701 111 22 33"}, CLINICAL_A, OUT_OF_SCOPE),
    _e("register", "post", P("/registrations"),
       lambda w, r: {"diagnosis": "F12.1", "registered_on": today(), "grounds": "referral"}, CLINICAL_A, OUT_OF_SCOPE,
       ok=201),
    _e("status", "post", R("/status"), lambda w, r: {"status": "remission", "changed_on": today()}, CLINICAL_A,
       OUT_OF_SCOPE),
    _e("deregister", "post", R("/deregister"), lambda w, r: {"reason": "departure", "deregistered_on": today()},
       CLINICAL_A, OUT_OF_SCOPE),
    _e("visit", "post", P("/visits"), lambda w, r: {"visited_on": today()}, CLINICAL_A, OUT_OF_SCOPE, ok=201),
    _e("drug test", "post", P("/drug-tests"),
       lambda w, r: {"taken_on": today(), "substance": "morphine", "method": "urine_ia", "result": "negative"},
       CLINICAL_A, OUT_OF_SCOPE, ok=201),
    _e("treatment", "post", P("/treatments"), lambda w, r: {"kind": "outpatient", "started_on": today()}, CLINICAL_A,
       OUT_OF_SCOPE, ok=201),
    _e("ost dose", "post", P("/ost-doses"),
       lambda w, r: {"given_on": today(), "medication": "methadone", "dose_mg": "60"}, CLINICAL_A, OUT_OF_SCOPE,
       ok=201),
    _e("transfer", "post", P("/transfer"),
       lambda w, r: {"to_facility": "T-AST-1", "transferred_on": today(), "reason": "moved to Astana"}, CLINICAL_A,
       OUT_OF_SCOPE),
    _e("access report", "get", P("/access-report"), None, CLINICAL_A | {"admin"}, OUT_OF_SCOPE),
    _e("break glass", "post", lambda w: "/api/registry/break-glass",
       lambda w, r: {"person_id": w.person.pk, "reason": "emergency admission at night"}, OUT_OF_SCOPE, ok=201,
       unprocessable=CLINICAL_A),
    _e("break glass review list", "get", lambda w: "/api/registry/break-glass/review", None, {"chief_a", "chief_b"}),
    _e("break glass review", "post", lambda w: f"/api/registry/break-glass/{w.extra['grant'].pk}/review",
       lambda w, r: {"note": "checked with the hospital"}, {"chief_a"}, {"chief_b"}),
    _e("duplicates", "get", lambda w: "/api/registry/duplicates", None, {"chief_a", "chief_b"}),
    _e("merge", "post", lambda w: f"/api/registry/duplicates/{w.extra['candidate'].pk}/merge",
       lambda w, r: {"keep": w.person.pk}, {"chief_a"}, {"chief_b"}),
    _e("dismiss", "post", lambda w: f"/api/registry/duplicates/{w.extra['candidate'].pk}/dismiss", None, {"chief_a"},
       {"chief_b"}),
    _e("proposals", "get", lambda w: "/api/registry/deregistration-proposals", None, CLINICAL),
    _e("extract", "get", lambda w: "/api/registry/extract", None, {"analyst"}),
    _e("police check", "post", lambda w: "/api/registry/police-check",
       lambda w, r: {"iins": [w.person.iin], "basis": "weapon_permit", "request_number": "R-1"}, {"police"}),
]  # fmt: skip


def _call(world: World, endpoint: Endpoint, role: str):
    client = world.client(role)
    body = endpoint.body(world, role) if endpoint.body else None
    method = getattr(client, endpoint.method)
    if endpoint.method == "get":
        return method(endpoint.path(world))
    return method(endpoint.path(world), body or {}, content_type="application/json")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.name)
def test_role_matrix(world: World, endpoint: Endpoint, role: str) -> None:
    if endpoint.name in ("merge", "dismiss"):
        world.extra["candidate"] = _duplicate(world)
    if endpoint.name == "break glass review":
        world.extra["grant"] = _grant(world)
    response = _call(world, endpoint, role)
    if role == "anonymous":
        expected = 401
    elif role in endpoint.allowed:
        expected = endpoint.ok
    elif role in endpoint.unprocessable:
        expected = 422
    elif role in endpoint.not_found:
        expected = 404
    else:
        expected = 403
    assert response.status_code == expected, (endpoint.name, role, response.content[:300])


@pytest.mark.parametrize("role", sorted(OUT_OF_SCOPE))
def test_out_of_scope_and_absent_get_the_identical_answer(world: World, role: str) -> None:
    client = world.client(role)
    missing = Person.objects.order_by("-pk").first().pk + 1000
    for suffix in ("?purpose=care", "/access-report"):
        existing = client.get(f"/api/registry/people/{world.person.pk}{suffix}")
        absent = client.get(f"/api/registry/people/{missing}{suffix}")
        assert existing.status_code == absent.status_code == 404
        assert existing.json() == absent.json()
    from datetime import date

    from drugcontrol.registry.iin import make_iin

    absent_iin = make_iin(date(1970, 1, 1), "M", 5)
    a = client.post("/api/registry/people/lookup", {"iin": world.person.iin}, content_type="application/json")
    b = client.post("/api/registry/people/lookup", {"iin": absent_iin}, content_type="application/json")
    assert a.status_code == b.status_code == 404 and a.json() == b.json()
    c = client.post(f"/api/registry/registrations/{world.registration.pk}/deregister",
                    {"reason": "death", "deregistered_on": today()}, content_type="application/json")  # fmt: skip
    d = client.post("/api/registry/registrations/999999/deregister",
                    {"reason": "death", "deregistered_on": today()}, content_type="application/json")  # fmt: skip
    assert c.status_code == d.status_code == 404 and c.json() == d.json()


def test_grant_expiry_is_three_hours(world: World) -> None:
    grant = _grant(world)
    assert grant.expires_at - grant.granted_at == timedelta(hours=3)


def test_the_duplicate_threshold_is_a_setting(world: World, settings) -> None:
    """The same twin is proposed for review under the default threshold and not under a stricter one."""
    from drugcontrol.registry.actions.people import do_create_person

    settings.REGISTRY_DUPLICATE_THRESHOLD = 1.01  # above any score: nothing is proposed
    strict = do_create_person(
        person_data(iin="", document_type="passport", document_number="N2", last_name="AKHMETOV", first_name="YERLAN"),
        actor=world.users["physician_a"],
    )
    assert not DuplicateCandidate.objects.filter(person_b=strict).exists()
    settings.REGISTRY_DUPLICATE_THRESHOLD = 0.85
    twin = do_create_person(
        person_data(iin="", document_type="passport", document_number="N3", last_name="AKHMETOV", first_name="YERLAN"),
        actor=world.users["physician_a"],
    )
    assert DuplicateCandidate.objects.filter(person_b=twin).exists()
