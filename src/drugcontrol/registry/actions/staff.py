"""Registry users: one role each, scoped to a facility (physician) or a region (chief)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from drugcontrol.audit.actions import do_record_event
from drugcontrol.registry import messages as M
from drugcontrol.registry.access import Capability, SystemActor, require
from drugcontrol.registry.errors import RegistryError
from drugcontrol.registry.models import Facility, Region, Role, StaffProfile


def do_create_staff_user(
    username: str,
    *,
    password: str,
    role: str,
    facility: str = "",
    region: str = "",
    actor: Any,
) -> StaffProfile:
    """Create a user with a registry role. The operator at the command line (a SystemActor) is trusted."""
    if not isinstance(actor, SystemActor):
        require(actor, Capability.MANAGE_USERS)
    if role not in Role.values:
        raise RegistryError(M.NOT_ONE_OF, field="role", choices=Role.values, value=role)
    facility_obj = Facility.objects.filter(code=facility).first() if facility else None
    if facility and facility_obj is None:
        raise RegistryError(M.UNKNOWN_FACILITY, field="facility", facility=facility)
    region_obj = Region.objects.filter(code=region).first() if region else None
    if region and region_obj is None:
        raise RegistryError(M.UNKNOWN_REGION, field="region", region=region)
    if role == Role.PHYSICIAN and facility_obj is None:
        raise RegistryError(M.PHYSICIAN_NEEDS_FACILITY, field="facility")
    if role == Role.CHIEF and region_obj is None and facility_obj is None:
        raise RegistryError(M.CHIEF_NEEDS_REGION, field="region")
    if facility_obj is not None and region_obj is None:
        region_obj = facility_obj.region
    user_model = get_user_model()
    if user_model.objects.filter(username=username).exists():
        raise RegistryError(M.USER_EXISTS, field="username", username=username)
    with transaction.atomic():
        user = user_model.objects.create_user(username=username, password=password)
        profile = StaffProfile.objects.create(user=user, role=role, facility=facility_obj, region=region_obj)
        do_record_event(
            actor=actor,
            action="registry.staff.create",
            object_type="auth.user",
            object_id=user.pk,
            details={"role": role, "facility": facility, "region": region_obj.code if region_obj else ""},
        )
    return profile
