"""Append an event to the hash chain, and verify the chain end to end."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from drugcontrol.audit.models import AuditEvent, canonical_json
from drugcontrol.audit.verification import GENESIS_HASH, ChainRow, check_chain

# Any constant works: it names the one PostgreSQL advisory lock that serialises appends.
_CHAIN_LOCK_ID = 470_2019


@dataclass(frozen=True)
class ChainBreak:
    """The first event whose stored hash or link does not match what its content implies."""

    event_id: int
    reason: str


def lock_chain() -> None:
    """Serialise appends so two writers never fork the chain (SQLite already serialises writes)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_ID])


def acting_user(actor: Any) -> Any | None:
    """The account that acts, for the columns that keep who did something; None for a system actor (a name such as
    "cli" or a task's), which has no account."""
    return actor if getattr(actor, "is_authenticated", False) else None


def do_record_event(
    *,
    actor: Any,
    action: str,
    object_type: str = "",
    object_id: str | int = "",
    purpose: str = "",
    remote_addr: str = "",
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event; call inside the transaction of the change it records."""
    user = acting_user(actor)
    actor_name = user.get_username() if user is not None else (actor if isinstance(actor, str) else "")
    with transaction.atomic():
        lock_chain()
        last = AuditEvent.objects.order_by("-id").only("hash").first()
        event = AuditEvent(
            at=timezone.now(),
            actor=user,
            actor_name=actor_name or "",
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            purpose=purpose,
            remote_addr=remote_addr or "",
            # A JSON round trip stores exactly what is hashed (dates become strings, and so on).
            details=json.loads(canonical_json(details or {})),
            prev_hash=last.hash if last else GENESIS_HASH,
        )
        event.hash = event.compute_hash()
        event.save()
    return event


def chain_rows(*, batch_size: int = 5000) -> Iterator[ChainRow]:
    """Every stored event in order, with the hash its content implies beside the stored one."""
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=batch_size):
        yield ChainRow(event.id, event.prev_hash, event.hash, event.compute_hash())


def verify_chain(*, batch_size: int = 5000) -> ChainBreak | None:
    """Walk the whole log in order; return the first break, or None when every link holds."""
    findings, _, _ = check_chain(chain_rows(batch_size=batch_size))
    if not findings:
        return None
    first = findings[0]
    return ChainBreak(first.params["event"], first.render())
