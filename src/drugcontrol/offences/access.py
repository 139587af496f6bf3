"""The one gate of the offences records: who may do what, and which cases a user may open.

Participants are people, so the registry's rules apply: the same staff profiles and roles
(`registry.models.StaffProfile`), the same scope by region, one refusal for "absent" and "not yours"
(`NotFoundForUser`, 404), refusals by role audited, and every read of a case audited with its purpose.
An investigator works on the cases of their region; an analyst sees statistics of every region, suppressed;
the other roles see nothing here.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.db.models import QuerySet

from drugcontrol.audit.actions import do_record_event
from drugcontrol.errors import AccessDenied, NotFoundForUser
from drugcontrol.offences import messages as M
from drugcontrol.offences.models import Case
from drugcontrol.registry.access import profile_of
from drugcontrol.registry.models import Role, StaffProfile

CASE_OBJECT = "offences.case"


class Capability(StrEnum):
    READ_CASE = "read_case"
    EDIT_CASE = "edit_case"
    IMPORT = "import"
    STATISTICS = "statistics"
    REFER = "refer"


ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.INVESTIGATOR: frozenset(Capability),
    Role.ANALYST: frozenset({Capability.STATISTICS}),
}


def require(user: Any, capability: Capability) -> StaffProfile:
    """The user's profile when the role allows it; AccessDenied (403, audited) otherwise."""
    profile = profile_of(user)  # AccessDenied for anonymous users and users without a profile
    if capability not in ROLE_CAPABILITIES.get(profile.role, frozenset()):
        do_record_event(
            actor=user,
            action="offences.refused",
            object_type="offences.capability",
            object_id=capability.value,
            details={"role": profile.role},
        )
        raise AccessDenied(M.ROLE_MAY_NOT, role=profile.role, capability=capability.value.replace("_", " "))
    if profile.role == Role.INVESTIGATOR and not profile.region_id:
        raise AccessDenied(M.NO_REGION)
    return profile


def can(user: Any, capability: Capability) -> bool:
    try:
        profile = profile_of(user)
    except AccessDenied:
        return False
    return capability in ROLE_CAPABILITIES.get(profile.role, frozenset())


def region_scope(user: Any) -> str | None:
    """The region whose records the user may see; None means every region (statistics of an analyst)."""
    profile = profile_of(user)
    return profile.region_id if profile.role == Role.INVESTIGATOR else None


def cases_in_scope(user: Any) -> QuerySet[Case]:
    profile = require(user, Capability.READ_CASE)
    return Case.objects.filter(region_id=profile.region_id)


def check_region(user: Any, region_code: str) -> None:
    """A record may only be written in the user's own region (403: the user chose that region)."""
    profile = require(user, Capability.EDIT_CASE)
    if region_code != profile.region_id:
        do_record_event(
            actor=user,
            action="offences.refused",
            object_type="offences.region",
            object_id=region_code,
            details={"role": profile.role, "own_region": profile.region_id},
        )
        raise AccessDenied(M.OUTSIDE_REGION, region=region_code)


def access_case(user: Any, case_id: int, *, purpose: str, remote_addr: str = "") -> Case:
    """Load one case for the user (audited), or NotFoundForUser for absent and out-of-scope alike."""
    case = cases_in_scope(user).filter(pk=case_id).select_related("region", "district").first()
    if case is None:
        do_record_event(
            actor=user,
            action="offences.case.refused",
            object_type=CASE_OBJECT,
            object_id=case_id,
            purpose=purpose,
            remote_addr=remote_addr,
        )
        raise NotFoundForUser("case")
    do_record_event(
        actor=user,
        action="offences.case.read",
        object_type=CASE_OBJECT,
        object_id=case.pk,
        purpose=purpose,
        remote_addr=remote_addr,
    )
    return case
