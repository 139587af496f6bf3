"""Disclosing that an IIN is already on the register: never a silent yes/no.

A clinician entering a patient, or a chief importing a regional file, needs to know that the person is already
registered (to open that record, or to ask for a transfer); anyone else would use the same answer as an oracle.
So the answer is handled as DHIS2 tracker handles a search hit in a protected program: each person found is a
*disclosure*, written to the audit log against that person (who, when, the purpose; the person's id stands for
the IIN, so the trace shows in the person's access report and does not outlive anonymisation), counted against
a per-user limit over a sliding day (`REGISTRY_DISCLOSURES_PER_DAY`), and answered with what to do next: open
the record when it is in the user's scope, otherwise emergency access (break the glass) or a transfer from the
responsible facility.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from drugcontrol.audit.actions import do_record_event
from drugcontrol.audit.models import AuditEvent
from drugcontrol.messages import render
from drugcontrol.registry import messages as M
from drugcontrol.registry.access import PERSON_OBJECT, is_in_ordinary_scope, profile_of
from drugcontrol.registry.actions.rate_limits import lock_user_window
from drugcontrol.registry.errors import RateLimited, RegistryError
from drugcontrol.registry.models import Person

PRESENCE_ACTION = "registry.person.presence"
WINDOW = timedelta(days=1)


@dataclass(frozen=True)
class Presence:
    """One disclosed hit: the person is on the register; `in_scope` says whether the user may open the record."""

    iin: str
    person_id: int
    in_scope: bool
    region: str
    region_name: str

    @property
    def code(self) -> str:
        return "registered_in_scope" if self.in_scope else "registered_elsewhere"

    def message(self) -> str:
        """What the person asking reads, in their language."""
        return render(*self.coded(), _)

    def coded(self) -> tuple[str, dict[str, object]]:
        if self.in_scope:
            return M.PRESENT_IN_SCOPE.code, {"id": self.person_id}
        return M.PRESENT_ELSEWHERE.code, {"region": self.region_name}


class PresenceDisclosed(RegistryError):
    """The IIN is taken: the answer is a recorded disclosure with what to do next (HTTP 409)."""

    def __init__(self, presence: Presence) -> None:
        message = M.PRESENT_IN_SCOPE if presence.in_scope else M.PRESENT_ELSEWHERE
        super().__init__(message, field="iin", **presence.coded()[1])
        self.presence = presence


def _disclosures_in_window(actor: Any) -> int:
    since = timezone.now() - WINDOW
    return AuditEvent.objects.filter(action=PRESENCE_ACTION, actor=actor, at__gt=since).count()


def do_disclose_presence(
    iins: Iterable[str], *, actor: Any, purpose: str, remote_addr: str = ""
) -> dict[str, Presence]:
    """The people on the register among `iins`, by IIN; each one found is a recorded, counted disclosure.

    Over the limit nothing is disclosed: the refusal is audited (without the IINs) and raised as RateLimited.
    """
    profile_of(actor)  # registry users only
    wanted = sorted({i for i in iins if i})
    limit = settings.REGISTRY_DISCLOSURES_PER_DAY
    with transaction.atomic():
        lock_user_window(actor)
        found: list[Person] = []
        for start in range(0, len(wanted), 900):
            found += Person.objects.filter(iin__in=wanted[start : start + 900]).select_related("facility__region")
        used = _disclosures_in_window(actor)
        over = used + len(found) > limit
        if not over:
            for person in found:
                do_record_event(
                    actor=actor,
                    action=PRESENCE_ACTION,
                    object_type=PERSON_OBJECT,
                    object_id=person.pk,
                    purpose=str(purpose),
                    remote_addr=remote_addr,
                    details={
                        "in_scope": is_in_ordinary_scope(actor, person),
                        "merged": person.merged_into_id is not None,
                    },
                )
    if over:
        do_record_event(
            actor=actor,
            action="registry.person.presence_refused",
            object_type=PERSON_OBJECT,
            purpose=str(purpose),
            remote_addr=remote_addr,
            details={"asked": len(found), "used": used, "limit": limit},
        )
        raise RateLimited(M.PRESENCE_LIMIT, limit=limit, used=used, asked=len(found))
    return {
        person.iin: Presence(
            iin=person.iin,
            person_id=person.pk,
            in_scope=is_in_ordinary_scope(actor, person),
            region=person.facility.region_id,
            region_name=str(person.facility.region),
        )
        for person in found
        if person.iin
    }


def refuse_if_registered(
    iin: str, *, exclude_id: int | None = None, actor: Any, purpose: str, remote_addr: str
) -> None:
    """Before a person is recorded with `iin`: PresenceDisclosed (after the accounting) when someone has it."""
    if not iin or not Person.objects.filter(iin=iin).exclude(pk=exclude_id).exists():
        return
    presence = do_disclose_presence([iin], actor=actor, purpose=purpose, remote_addr=remote_addr)
    if iin in presence:
        raise PresenceDisclosed(presence[iin])
