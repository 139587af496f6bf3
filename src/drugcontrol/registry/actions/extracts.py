"""Pseudonymised extracts for ministry analysts: a keyed hash instead of identity, coarse dates only."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from drugcontrol.audit.actions import do_record_event
from drugcontrol.registry.access import Capability, require
from drugcontrol.registry.models import Registration


@dataclass(frozen=True)
class ExtractRow:
    pseudonym: str
    birth_year: int
    sex: str
    region: str
    diagnosis: str
    registered_month: str
    status: str


def pseudonym(person_id: int) -> str:
    """Stable within one installation (same person, same pseudonym), not reversible without the secret key."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"registry-person:{person_id}".encode(), hashlib.sha256).hexdigest()[:16]


def pseudonymised_extract(user: Any, *, region: str = "", remote_addr: str = "") -> list[ExtractRow]:
    require(user, Capability.PSEUDONYMISED_EXTRACT)
    rows = Registration.objects.filter(person__merged_into__isnull=True)
    if region:
        rows = rows.filter(person__region_id=region)
    values = rows.values_list(
        "person_id", "person__birth_year", "person__sex", "person__region_id", "diagnosis_id", "registered_on", "status"
    ).order_by("person_id", "registered_on")
    result = [
        ExtractRow(pseudonym(pid), year, sex, reg, diag, f"{on:%Y-%m}", status)
        for pid, year, sex, reg, diag, on, status in values
    ]
    do_record_event(
        actor=user,
        action="registry.extract",
        object_type="registry.extract",
        remote_addr=remote_addr,
        details={"rows": len(result), "region": region},
    )
    return result
