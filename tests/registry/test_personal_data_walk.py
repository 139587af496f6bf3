"""Every URL pattern of the registry (pages and API, taken from the URL resolver) as every role: a response that
shows a person's IIN or name must have been preceded by an audit row for that person, written by that user
during that request. What the caller sent (an IIN typed into a form) does not count as shown."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from tests.registry.conftest import World, person_data
from tests.registry.register_files import MAPPING_LINES

from drugcontrol.audit.models import AuditEvent
from drugcontrol.registry.actions.break_glass import do_break_glass
from drugcontrol.registry.actions.duplicates import do_merge_people
from drugcontrol.registry.actions.people import do_create_person
from drugcontrol.registry.importing.pipeline import create_register_import
from drugcontrol.registry.importing.rows import parse_register_mapping
from drugcontrol.registry.models import DuplicateCandidate, Person

ROLES = ("physician_a", "physician_a2", "physician_b", "chief_a", "chief_b", "analyst", "police", "admin", "norole")
PREFIXES = ("registry/", "api/registry/")
PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")


def registry_routes() -> list[str]:
    """The route of every URL pattern under the registry's prefixes, as the resolver holds them."""

    def walk(patterns: list, prefix: str) -> Iterator[str]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern)

    return sorted({r for r in walk(get_resolver().url_patterns, "") if r.startswith(PREFIXES)})


@pytest.fixture
def walked(world: World) -> World:
    """The world with one object of every kind a path names: an open duplicate pair, a merge, a grant, an import."""
    twin = do_create_person(
        person_data(iin="", document_type="passport", document_number="N1", last_name="AKHMETOV", first_name="YERLAN"),
        actor=world.users["physician_a"],
    )
    world.extra["candidate"] = DuplicateCandidate.objects.get(person_b=twin)
    other_twin = do_create_person(
        person_data(last_name="Петрова", first_name="Анна", patronymic="", sex="F", birth_date=date(1995, 11, 3),
                    region="KZ-71", iin="", document_type="passport", document_number="P7"),
        actor=world.users["physician_b"],
    )  # fmt: skip
    pair = DuplicateCandidate.objects.get(person_b=other_twin)
    world.extra["merge"] = do_merge_people(pair, keep=world.other.pk, actor=world.users["chief_b"])
    world.extra["grant"] = do_break_glass(
        world.person.pk, reason="night admission, ER", actor=world.users["physician_b"]
    )
    world.extra["import"] = create_register_import(
        world.users["admin"], source_name="walk.csv", mapping=parse_register_mapping(MAPPING_LINES), upload=b"x"
    )
    return world


def path_values(world: World) -> dict[str, list[int]]:
    return {
        "person_id": [world.person.pk, world.other.pk, world.extra["candidate"].person_b_id],
        "registration_id": [world.registration.pk],
        "candidate_id": [world.extra["candidate"].pk],
        "merge_id": [world.extra["merge"].pk],
        "grant_id": [world.extra["grant"].pk],
        "job_id": [world.extra["import"].pk],
        "profile_id": [world.users["physician_a"].registry_profile.pk],
    }


def urls_of(route: str, values: dict[str, list[int]]) -> list[str]:
    names = PARAMETER.findall(route)
    assert all(name in values for name in names), f"no fixture object for a parameter of {route}"
    if not names:
        return ["/" + route]
    [name] = names  # every registry route names at most one object
    return ["/" + PARAMETER.sub(str(value), route) for value in values[name]]


def request_body(world: World) -> dict:
    """One body for every POST/PATCH: enough for the lookups and the forms to get past their validation."""
    return {
        "iin": world.person.iin,
        "purpose": "care",
        "keep": str(world.person.pk),
        "grant": str(world.extra["grant"].pk),
        "reason": "walking every registry URL",
        "note": "walk",
        "person_id": world.person.pk,
    }


def identity_tokens(person: Person) -> set[str]:
    return {t for t in (person.iin, person.last_name, person.last_name_latin) if t and len(t) >= 4}


def shown_text(response) -> str:
    content = response.content
    if response.get("Content-Type", "").startswith(("application/json", "application/fhir+json")):
        return json.dumps(response.json(), ensure_ascii=False)
    return content.decode("utf-8", errors="replace")


def shown_people(world: World, client: Client, user, method: str, url: str) -> list[tuple[str, bool]]:
    """(what was shown, whether an audit row for that person by that user was written during the request)."""
    people = {p.pk: identity_tokens(p) for p in Person.objects.all()}
    body = request_body(world)
    sent = {str(v) for v in body.values()}
    before = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    if method == "get":
        response = client.get(url)
    elif url.startswith("/api/"):
        response = getattr(client, method)(url, body, content_type="application/json")
    else:
        response = client.post(url, body)
    assert response.status_code < 500, (method, url, response.status_code)
    text = shown_text(response)
    # A name two people share (a duplicate pair) is accounted for by an audit row for either of them.
    owners: dict[str, set[int]] = {}
    for person_id, tokens in people.items():
        for token in tokens - sent:
            owners.setdefault(token, set()).add(person_id)
    audited_ids = {
        int(i)
        for i in AuditEvent.objects.filter(id__gt=before, actor=user, object_type="registry.person").values_list(
            "object_id", flat=True
        )
        if i.isdigit()
    }
    found = []
    for token, ids in sorted(owners.items()):
        if token in text:
            what = f"{method.upper()} {url} → {response.status_code} shows {token!r} of person(s) {sorted(ids)}"
            found.append((what, bool(ids & audited_ids)))
    return found


@pytest.mark.parametrize("role", ROLES)
def test_no_personal_data_leaves_without_an_audit_row(walked: World, role: str) -> None:
    client, user = walked.client(role), walked.users[role]
    values = path_values(walked)
    routes = registry_routes()
    assert "api/registry/people/<person_id>/fhir" in routes and "registry/duplicates/" in routes
    seen: list[tuple[str, bool]] = []
    # Reads first, then the writes (which may change what later requests see).
    for method in ("get", "post", "patch"):
        for route in routes:
            if method == "patch" and not route.startswith("api/"):
                continue
            for url in urls_of(route, values):
                if url.endswith("/fhir"):
                    url += "?purpose=export"
                seen += shown_people(walked, client, user, method, url)
    assert [what for what, audited in seen if not audited] == []
    if role in ("physician_a", "chief_a"):  # the walk does reach personal data, so the check above bites
        assert any("/registry/people/" in what for what, _audited in seen)
    if role == "chief_a":
        assert any("/registry/duplicates/ → 200" in what for what, _audited in seen)
