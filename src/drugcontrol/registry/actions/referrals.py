"""Referrals to a narcologist's examination: created by an investigator, seen by the facility of the region.

Creating one is a change audited like every register change; listing them is a read of personal data,
audited once per list with the ids shown, within the register's own scope (facility or region).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from drugcontrol.audit.actions import acting_user, do_record_event
from drugcontrol.registry import messages as M
from drugcontrol.registry.access import Capability, profile_of, require
from drugcontrol.registry.errors import RegistryError
from drugcontrol.registry.models import ExaminationReferral, Facility, Region, Role

REFERRAL_OBJECT = "registry.referral"


@dataclass(frozen=True)
class ReferralData:
    region_code: str
    full_name: str
    referred_on: date
    source: str
    source_ref: str = ""
    iin: str = ""
    age: int | None = None
    sex: str = ""


def facility_for_region(region_code: str) -> Facility:
    """The facility a region's referrals go to: its first active facility (the regional dispensary)."""
    facility = Facility.objects.filter(region_id=region_code, active=True).order_by("code").first()
    if facility is None:
        raise RegistryError(M.NO_FACILITY_IN_REGION, field="region", region=region_code)
    return facility


def do_refer_for_examination(data: ReferralData, *, actor: Any, remote_addr: str = "") -> ExaminationReferral:
    require(actor, Capability.REFER_FOR_EXAMINATION)
    if not data.full_name.strip():
        raise RegistryError(M.REFERRAL_NAME_REQUIRED, field="full_name")
    region = Region.objects.filter(pk=data.region_code).first()
    if region is None:
        raise RegistryError(M.NO_FACILITY_IN_REGION, field="region", region=data.region_code)
    with transaction.atomic():
        referral = ExaminationReferral.objects.create(
            facility=facility_for_region(region.pk),
            region=region,
            full_name=data.full_name.strip(),
            iin=data.iin,
            age=data.age,
            sex=data.sex,
            source=data.source,
            source_ref=data.source_ref,
            referred_on=data.referred_on,
            referred_by=acting_user(actor),
        )
        do_record_event(
            actor=actor,
            action="registry.referral.create",
            object_type=REFERRAL_OBJECT,
            object_id=referral.pk,
            remote_addr=remote_addr,
            details={"facility": referral.facility_id, "source": data.source, "source_ref": data.source_ref},
        )
    return referral


def referrals_in_scope(user: Any) -> QuerySet[ExaminationReferral]:
    """The register's scope: a physician's facility, a chief's region; nobody else."""
    profile = profile_of(user)
    referrals = ExaminationReferral.objects.select_related("facility", "region")
    if profile.role == Role.PHYSICIAN and profile.facility_id:
        return referrals.filter(facility_id=profile.facility_id)
    if profile.role == Role.CHIEF and profile.region_id:
        return referrals.filter(region_id=profile.region_id)
    return referrals.none()


def do_list_referrals(user: Any, *, remote_addr: str = "", limit: int = 200) -> list[ExaminationReferral]:
    require(user, Capability.READ_REFERRALS)
    shown = list(referrals_in_scope(user)[:limit])
    do_record_event(
        actor=user,
        action="registry.referral.list",
        object_type=REFERRAL_OBJECT,
        object_id="",
        purpose="care",
        remote_addr=remote_addr,
        details={"ids": [r.pk for r in shown]},
    )
    return shown
