"""Helpers shared by the actions: the audit row of a change and the role/scope check."""

from __future__ import annotations

from typing import Any

from drugcontrol.audit.actions import do_record_event
from drugcontrol.registry.access import OPENED_BY_GRANT, PERSON_OBJECT, Capability, ensure_in_scope, require
from drugcontrol.registry.models import Person, StaffProfile


def record_change(
    actor: Any,
    action: str,
    person_id: int | str,
    *,
    remote_addr: str = "",
    purpose: str = "",
    details: dict[str, Any] | None = None,
) -> None:
    do_record_event(
        actor=actor,
        action=action,
        object_type=PERSON_OBJECT,
        object_id=person_id,
        purpose=purpose,
        remote_addr=remote_addr,
        details=details,
    )


def require_for_person(
    actor: Any, capability: Capability, person: Person, *, ordinary_scope: bool = False
) -> StaffProfile:
    """The role allows it and the person is in the actor's scope, or opened by a valid grant when the capability
    is one a grant opens (`OPENED_BY_GRANT`) and the operation does not ask for the `ordinary_scope`."""
    profile = require(actor, capability)
    ensure_in_scope(actor, person, grant_opens=capability in OPENED_BY_GRANT and not ordinary_scope)
    return profile
