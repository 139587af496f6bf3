"""Break-the-glass: a physician or chief opens one person outside their scope, with a reason, for a few hours."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from drugcontrol.registry import messages as M
from drugcontrol.registry.access import PERSON_OBJECT, Capability, people_in_scope, require
from drugcontrol.registry.actions.common import record_change
from drugcontrol.registry.configuration import break_glass_duration
from drugcontrol.registry.errors import NotFoundForUser, RegistryError
from drugcontrol.registry.models import BreakGlassGrant, Person
from drugcontrol.registry.visible_text import visible_length

MIN_REASON_LENGTH = 10


def do_break_glass(
    person_id: int | None = None, *, iin: str = "", reason: str, actor: Any, remote_addr: str = ""
) -> BreakGlassGrant:
    """Grant the actor time-limited access to one person; refused the same way for absent and existing people."""
    require(actor, Capability.BREAK_GLASS)
    if visible_length(reason) < MIN_REASON_LENGTH:
        raise RegistryError(M.REASON_TOO_SHORT, field="reason", count=MIN_REASON_LENGTH)
    people = Person.objects.filter(merged_into__isnull=True, anonymised=False).select_related("facility")
    person = people.filter(iin=iin).first() if iin else people.filter(pk=person_id).first()
    if person is None:
        raise NotFoundForUser()
    if people_in_scope(actor).filter(pk=person.pk).exists():
        raise RegistryError(M.ALREADY_IN_SCOPE)
    now, duration = timezone.now(), break_glass_duration()
    with transaction.atomic():
        grant = BreakGlassGrant.objects.create(
            user=actor,
            person=person,
            reason=reason.strip(),
            granted_at=now,
            expires_at=now + duration,
            review_region_id=person.facility.region_id,
            remote_addr=remote_addr,
        )
        record_change(
            actor,
            "registry.break_glass.grant",
            person.pk,
            remote_addr=remote_addr,
            purpose=reason.strip(),
            details={
                "grant": grant.pk,
                "hours": duration // timedelta(hours=1),
                "review_region": grant.review_region_id,
            },
        )
    return grant


def grants_to_review(user: Any) -> list[BreakGlassGrant]:
    """Unreviewed grants into the chief's region (the person id only: the chief opens the record through the gate)."""
    profile = require(user, Capability.REVIEW_BREAK_GLASS)
    return list(
        BreakGlassGrant.objects.filter(review_region_id=profile.region_id, reviewed_at__isnull=True).select_related(
            "user"
        )
    )


def do_review_break_glass(grant_id: int, *, note: str, actor: Any, remote_addr: str = "") -> BreakGlassGrant:
    profile = require(actor, Capability.REVIEW_BREAK_GLASS)
    grant = BreakGlassGrant.objects.filter(pk=grant_id, review_region_id=profile.region_id).first()
    if grant is None:
        raise NotFoundForUser("grant")
    if grant.reviewed_at is not None:
        raise RegistryError(M.GRANT_REVIEWED)
    with transaction.atomic():
        grant.reviewed_by = actor
        grant.reviewed_at = timezone.now()
        grant.review_note = note.strip()
        grant.save(update_fields=["reviewed_by", "reviewed_at", "review_note"])
        record_change(
            actor,
            "registry.break_glass.review",
            grant.person_id,
            remote_addr=remote_addr,
            details={"grant": grant.pk, "object": PERSON_OBJECT},
        )
    return grant
