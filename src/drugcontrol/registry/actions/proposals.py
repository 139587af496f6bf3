"""Who is due for deregistration: sustained remission, or no contact, beyond the configured periods."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import F
from django.db.models.functions import Coalesce

from drugcontrol.registry.access import Capability, people_in_scope, require
from drugcontrol.registry.models import DeregistrationReason, Registration, RegistryConfig, Status


@dataclass(frozen=True)
class Proposal:
    registration_id: int
    person_id: int
    reason: str
    since: date


def _months_before(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def deregistration_proposals(registrations: Any, today: date) -> list[Proposal]:
    """Proposals among the given registrations (a queryset already limited to what the reader may see)."""
    config = RegistryConfig.current()
    remission_cutoff = _months_before(today, config.remission_months)
    contact_cutoff = _months_before(today, config.unreachable_months)
    open_ones = registrations.exclude(status=Status.DEREGISTERED)
    proposals: dict[int, Proposal] = {}
    for reg in open_ones.filter(status=Status.REMISSION, remission_since__lte=remission_cutoff).values(
        "id", "person_id", "remission_since"
    ):
        since = reg["remission_since"]
        proposals[reg["id"]] = Proposal(reg["id"], reg["person_id"], DeregistrationReason.REMISSION, since)
    silent = open_ones.annotate(contact=Coalesce(F("last_contact_on"), F("registered_on"))).filter(
        contact__lte=contact_cutoff
    )
    for reg in silent.values("id", "person_id", "contact"):
        proposals.setdefault(
            reg["id"], Proposal(reg["id"], reg["person_id"], DeregistrationReason.UNREACHABLE, reg["contact"])
        )
    return sorted(proposals.values(), key=lambda p: (p.since, p.registration_id))


def proposals_for(user: Any, today: date) -> list[Proposal]:
    require(user, Capability.PROPOSALS)
    return deregistration_proposals(Registration.objects.filter(person__in=people_in_scope(user)), today)


def proposals_everywhere(today: date) -> list[Proposal]:
    """The whole register (for the command line run by the operator)."""
    return deregistration_proposals(Registration.objects.all(), today)
