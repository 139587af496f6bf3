"""The FHIR export as an action: open the person through the access gate with a purpose, audit the export."""

from __future__ import annotations

from typing import Any

from drugcontrol.audit.actions import do_record_event
from drugcontrol.registry import messages as M
from drugcontrol.registry.access import PERSON_OBJECT, access_person, check_stated_purpose
from drugcontrol.registry.errors import AccessDenied
from drugcontrol.registry.fhir.bundle import person_bundle


def do_export_fhir(person_id: int, *, actor: Any, purpose: str, remote_addr: str = "") -> dict[str, Any]:
    """The person's record as a FHIR R4B Bundle; the gate audits the read, this adds the export (what left).

    The purpose is one listed for the actor's role (RegistryError otherwise); none at all is AccessDenied."""
    if not purpose.strip():
        raise AccessDenied(M.PURPOSE_REQUIRED)
    stated = check_stated_purpose(actor, purpose.strip())
    person = access_person(actor, person_id, purpose=stated, remote_addr=remote_addr)
    bundle = person_bundle(person)
    counts: dict[str, int] = {}
    for entry in bundle.get("entry", []):
        kind = entry["resource"]["resourceType"]
        counts[kind] = counts.get(kind, 0) + 1
    do_record_event(
        actor=actor,
        action="registry.person.fhir_export",
        object_type=PERSON_OBJECT,
        object_id=person.pk,
        purpose=stated,
        remote_addr=remote_addr,
        details={"resources": counts},
    )
    return bundle
