"""User administration by the registry administrator, through HTTP: accounts created, changed, deactivated and
their passwords reset, in the administrator's scope only. The escalations an insider would try are refused and
audited: a superuser made through the form, a region outside one's own, a national role from a regional
administrator, one's own account, a system administrator's account."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from tests.registry.conftest import World

from drugcontrol.audit.models import AuditEvent
from drugcontrol.registry.models import Region, Role, StaffProfile

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
User = get_user_model()


@pytest.fixture
def regional_admin(world: World):
    """An administrator of Almaty (KZ-75) only."""
    user = User.objects.create_user(username="admin_almaty", password=None)
    StaffProfile.objects.create(user=user, role=Role.ADMIN, region=Region.objects.get(pk="KZ-75"))
    return user


def client_of(user):
    from django.test import Client

    client = Client(REMOTE_ADDR="10.1.2.3")
    client.force_login(user)
    return client


def test_the_administrator_creates_an_account_that_logs_in_with_the_one_time_password(world: World) -> None:
    answer = world.client("admin").post(
        "/registry/staff/new/",
        {"username": "dr_new", "role": "physician", "facility": "T-ALA-1", "email": "dr@example.kz"},
        **EN,
    )
    assert answer.status_code == 200
    password = answer.content.decode().split('id="one-time-password">')[1].split("<")[0]
    assert User.objects.get(username="dr_new").check_password(password)
    profile = StaffProfile.objects.get(user__username="dr_new")
    assert (profile.role, profile.facility_id and profile.facility.code, profile.region_id) == (
        "physician",
        "T-ALA-1",
        "KZ-75",
    )
    assert AuditEvent.objects.filter(action="registry.staff.create", object_id=str(profile.user_id)).exists()


def test_a_physician_without_a_facility_is_refused_under_the_field(world: World) -> None:
    answer = world.client("admin").post("/registry/staff/new/", {"username": "dr_x", "role": "physician"}, **EN)
    assert answer.status_code == 200 and 'class="field-error"' in answer.content.decode()
    assert not User.objects.filter(username="dr_x").exists()


def test_no_superuser_is_made_through_the_form(world: World) -> None:
    world.client("admin").post(
        "/registry/staff/new/",
        {"username": "sneaky", "role": "chief", "region": "KZ-75", "is_superuser": "on", "is_staff": "on"},
    )
    sneaky = User.objects.get(username="sneaky")
    assert not sneaky.is_superuser and not sneaky.is_staff


def test_a_regional_administrator_stays_in_their_region(world: World, regional_admin) -> None:
    client = client_of(regional_admin)
    other_region = client.post("/registry/staff/new/", {"username": "x1", "role": "chief", "region": "KZ-71"}, **EN)
    national_role = client.post("/registry/staff/new/", {"username": "x2", "role": "analyst"}, **EN)
    another_admin = client.post("/registry/staff/new/", {"username": "x3", "role": "admin", "region": "KZ-75"}, **EN)
    assert [other_region.status_code, national_role.status_code, another_admin.status_code] == [403, 403, 403]
    assert not User.objects.filter(username__in=["x1", "x2", "x3"]).exists()
    assert AuditEvent.objects.filter(action="registry.staff.refused", actor=regional_admin).count() == 3
    # Accounts of another region are not there for them (the same "not found" as an absent account) ...
    astana = world.users["physician_b"].registry_profile
    assert client.get(f"/registry/staff/{astana.pk}/").status_code == 404
    assert client.post(f"/registry/staff/{astana.pk}/active/", {"active": "0"}).status_code == 404
    assert User.objects.get(pk=astana.user_id).is_active
    # ... and one of their own cannot be moved out of the region.
    almaty = world.users["physician_a"].registry_profile
    moved = client.post(f"/registry/staff/{almaty.pk}/", {"role": "physician", "facility": "T-AST-1"}, **EN)
    assert moved.status_code == 403 and StaffProfile.objects.get(pk=almaty.pk).facility.code == "T-ALA-1"
    listed = client.get("/registry/staff/", **EN).content.decode()
    assert "physician_a" in listed and "physician_b" not in listed


def test_no_administrator_changes_their_own_account_or_a_superusers(world: World) -> None:
    admin = world.users["admin"]
    own = admin.registry_profile
    assert world.client("admin").post(f"/registry/staff/{own.pk}/active/", {"active": "0"}).status_code == 403
    root = User.objects.create_superuser(username="root", password=None)
    root_profile = StaffProfile.objects.create(user=root, role=Role.ADMIN)
    assert world.client("admin").post(f"/registry/staff/{root_profile.pk}/password/").status_code == 403


def test_deactivation_and_password_reset(world: World, settings) -> None:
    profile = world.users["physician_a"].registry_profile
    client = world.client("admin")
    assert client.post(f"/registry/staff/{profile.pk}/active/", {"active": "0"}).status_code == 302
    assert not User.objects.get(pk=profile.user_id).is_active
    assert AuditEvent.objects.filter(action="registry.staff.deactivate", object_id=str(profile.user_id)).exists()
    answer = client.post(f"/registry/staff/{profile.pk}/password/", **EN).content.decode()
    password = answer.split('id="one-time-password">')[1].split("<")[0]
    user = User.objects.get(pk=profile.user_id)
    assert user.check_password(password)
    # With a mail server configured and an address on the account, the reset goes by e-mail instead.
    settings.EMAIL_HOST = "mail.example.kz"
    user.email, user.is_active = "a@example.kz", True
    user.save(update_fields=["email", "is_active"])
    answer = client.post(f"/registry/staff/{profile.pk}/password/", {"by_email": "1"}, **EN)
    assert answer.status_code == 302 and len(mail.outbox) == 1 and mail.outbox[0].to == ["a@example.kz"]
    assert not User.objects.get(pk=profile.user_id).check_password(password)  # the old one stopped working


def test_other_roles_may_not_administer(world: World) -> None:
    for role in ("physician_a", "chief_a", "analyst", "police"):
        assert world.client(role).get("/registry/staff/").status_code == 403
        assert world.client(role).post("/registry/staff/new/", {"username": "z", "role": "admin"}).status_code == 403
