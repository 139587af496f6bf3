"""Registry users: one role each, scoped to a facility (physician) or a region (chief); their administration.

Who administers whom: the operator at the command line (a `SystemActor`) and a registry administrator without a
region (national) manage every registry account; an administrator with a region manages physicians and chiefs of
that region only. No administrator makes a superuser or Django staff account, changes such an account, or changes
their own (so nobody widens their own scope). Every change writes its audit row in its transaction.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.db import transaction
from django.db.models import QuerySet

from drugcontrol.audit.actions import do_record_event
from drugcontrol.registry import messages as M
from drugcontrol.registry.access import Capability, SystemActor, require
from drugcontrol.registry.errors import AccessDenied, NotFoundForUser, RegistryError
from drugcontrol.registry.models import Facility, Region, Role, StaffProfile

#: The roles a regional administrator may give (the others see the whole country's data).
REGIONAL_ROLES = frozenset({Role.PHYSICIAN, Role.CHIEF})


@dataclass(frozen=True)
class StaffChange:
    profile: StaffProfile
    one_time_password: str = ""  # shown once to the administrator when no e-mail was sent
    emailed: bool = False


def one_time_password() -> str:
    """A random password for the administrator to hand over; the user changes it after logging in."""
    return secrets.token_urlsafe(12)


def _admin_region(actor: Any) -> str | None:
    """The region the actor administers; None means every region (the operator, a national administrator)."""
    if isinstance(actor, SystemActor):
        return None
    return require(actor, Capability.MANAGE_USERS).region_id


def staff_in_scope(actor: Any) -> QuerySet[StaffProfile]:
    """The registry accounts the actor administers."""
    region = _admin_region(actor)
    profiles = StaffProfile.objects.select_related("user", "facility", "region").order_by("user__username")
    return profiles if region is None else profiles.filter(region_id=region, role__in=REGIONAL_ROLES)


def load_staff(actor: Any, profile_id: int) -> StaffProfile:
    """One account in the actor's scope; anything else is "not found" (nothing tells absent from not yours)."""
    profile = staff_in_scope(actor).filter(pk=profile_id).first()
    if profile is None:
        raise NotFoundForUser("account")
    return profile


def _resolve(role: str, facility: str, region: str) -> tuple[Facility | None, Region | None]:
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
    if facility_obj is not None:
        region_obj = facility_obj.region
    return facility_obj, region_obj


def _check_grant(actor: Any, role: str, region: Region | None) -> None:
    """A regional administrator gives only the regional roles, only in their region (audited refusal)."""
    admin_region = _admin_region(actor)
    if admin_region is None:
        return
    if role not in REGIONAL_ROLES or region is None or region.pk != admin_region:
        do_record_event(
            actor=actor,
            action="registry.staff.refused",
            object_type="auth.user",
            details={"role": role, "region": region.pk if region else ""},
        )
        raise AccessDenied(M.STAFF_OUT_OF_SCOPE)


def _check_target(actor: Any, profile: StaffProfile) -> None:
    user = profile.user
    if user.is_superuser or user.is_staff or (not isinstance(actor, SystemActor) and user.pk == actor.pk):
        raise AccessDenied(M.STAFF_PROTECTED)


def do_create_staff_user(
    username: str,
    *,
    password: str,
    role: str,
    facility: str = "",
    region: str = "",
    email: str = "",
    actor: Any,
) -> StaffProfile:
    """Create a user with a registry role. The operator at the command line (a SystemActor) is trusted."""
    facility_obj, region_obj = _resolve(role, facility, region)
    _check_grant(actor, role, region_obj)
    user_model = get_user_model()
    if user_model.objects.filter(username=username).exists():
        raise RegistryError(M.USER_EXISTS, field="username", username=username)
    with transaction.atomic():
        user = user_model.objects.create_user(username=username, password=password, email=email)
        profile = StaffProfile.objects.create(user=user, role=role, facility=facility_obj, region=region_obj)
        do_record_event(
            actor=actor,
            action="registry.staff.create",
            object_type="auth.user",
            object_id=user.pk,
            details={"role": role, "facility": facility, "region": region_obj.code if region_obj else ""},
        )
    return profile


def do_update_staff_user(
    profile: StaffProfile, *, role: str, facility: str = "", region: str = "", email: str = "", actor: Any
) -> StaffProfile:
    """Change an account's role, facility, region or e-mail, within the actor's scope before and after."""
    _check_target(actor, profile)
    facility_obj, region_obj = _resolve(role, facility, region)
    _check_grant(actor, role, region_obj)
    with transaction.atomic():
        before = {"role": profile.role, "facility": profile.facility_id or "", "region": profile.region_id or ""}
        profile.role, profile.facility, profile.region = role, facility_obj, region_obj
        profile.save(update_fields=["role", "facility", "region"])
        profile.user.email = email
        profile.user.save(update_fields=["email"])
        do_record_event(
            actor=actor,
            action="registry.staff.update",
            object_type="auth.user",
            object_id=profile.user_id,
            details={
                "before": before,
                "after": {"role": role, "facility": facility, "region": region_obj.code if region_obj else ""},
            },
        )
    return profile


def do_set_staff_active(profile: StaffProfile, *, active: bool, actor: Any) -> StaffProfile:
    """Deactivate (the user can no longer log in; the records they wrote stay theirs) or reactivate an account."""
    _check_target(actor, profile)
    with transaction.atomic():
        profile.user.is_active = active
        profile.user.save(update_fields=["is_active"])
        do_record_event(
            actor=actor,
            action="registry.staff.activate" if active else "registry.staff.deactivate",
            object_type="auth.user",
            object_id=profile.user_id,
        )
    return profile


def mail_configured() -> bool:
    return bool(settings.EMAIL_HOST)


def do_reset_staff_password(profile: StaffProfile, *, by_email: bool, actor: Any, request: Any = None) -> StaffChange:
    """By e-mail (a one-use link from Django's password reset, when mail is configured and the account has an
    address), or a one-time password shown once to the administrator; either way the old password stops working."""
    _check_target(actor, profile)
    user = profile.user
    if by_email and not user.email:
        raise RegistryError(M.STAFF_EMAIL_REQUIRED, field="email")
    by_email = by_email and mail_configured()
    password = one_time_password()  # by e-mail too: the old password stops working at once
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        do_record_event(
            actor=actor,
            action="registry.staff.password_reset",
            object_type="auth.user",
            object_id=user.pk,
            details={"by_email": by_email},
        )
    if by_email:
        form = PasswordResetForm({"email": user.email})
        if form.is_valid():
            form.save(
                request=request,
                use_https=bool(request and request.is_secure()),
                domain_override=None if request is not None else "localhost",
            )
    return StaffChange(profile=profile, one_time_password="" if by_email else password, emailed=by_email)
