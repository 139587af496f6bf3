"""Changes made through Django admin are audited: roles and group memberships of users, group permissions,
registry staff profiles, and edits of substances and legal acts, which also reach the published list at once
(no cached snapshot serves the old text). Every change goes through the admin's own forms over HTTP."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group, Permission
from django.forms import MultiWidget
from django.test import Client
from django.utils import timezone

from drugcontrol.audit.actions import verify_chain
from drugcontrol.audit.models import AuditEvent
from drugcontrol.lists.models import Jurisdiction, LegalAct, Substance
from drugcontrol.registry.models import Facility, Role, StaffProfile

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_site(django_user_model) -> Client:
    client = Client()
    client.force_login(django_user_model.objects.create_superuser("root", "", "a-long-password-1"))
    return client


def change_form(client: Client, url: str) -> dict[str, Any]:
    """The admin form's current values as a browser would post them back unchanged."""
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        value = form[name].value()
        if isinstance(field.widget, MultiWidget):
            for i, part in enumerate(field.widget.decompress(value)):
                data[f"{name}_{i}"] = "" if part is None else str(part)
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        elif value is not None:
            data[name] = value
    return data


def post(client: Client, url: str, **changes: Any) -> None:
    data = change_form(client, url) | changes
    data = {k: v for k, v in data.items() if v is not False}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response


def last_event(action: str, object_type: str) -> AuditEvent:
    event = AuditEvent.objects.filter(action=action, object_type=object_type).order_by("-id").first()
    assert event is not None and event.actor_name == "root"
    return event


def test_making_a_user_superuser_and_adding_a_group_is_audited(admin_site: Client, django_user_model) -> None:
    joined = timezone.now().replace(microsecond=0)  # the admin's date and time fields keep whole seconds
    user = django_user_model.objects.create_user("clerk", "", "a-long-password-2", date_joined=joined)
    group = Group.objects.create(name="list administrators")
    post(admin_site, f"/admin/auth/user/{user.pk}/change/", is_superuser="on", is_staff="on", groups=[group.pk])
    event = last_event("admin.changed", "auth.user")
    assert event.object_id == str(user.pk)
    assert event.details["changes"] == {
        "is_staff": [False, True],
        "is_superuser": [False, True],
        "groups": [[], ["list administrators"]],
    }
    assert verify_chain() is None


def test_a_password_set_in_the_admin_is_audited_without_the_hash(admin_site: Client, django_user_model) -> None:
    user = django_user_model.objects.create_user("clerk", "", "a-long-password-2")
    response = admin_site.post(
        f"/admin/auth/user/{user.pk}/password/",
        {"password1": "another-long-password-9", "password2": "another-long-password-9", "set_usable_password": "true"},
    )
    assert response.status_code == 302
    event = last_event("admin.changed", "auth.user")
    user.refresh_from_db()
    assert event.object_id == str(user.pk) and "password" in str(event.details["admin_message"])
    assert user.password not in str(event.details) and "another-long-password-9" not in str(event.details)


def test_adding_a_user_is_audited_without_the_password(admin_site: Client, django_user_model) -> None:
    response = admin_site.post(
        "/admin/auth/user/add/",
        {
            "username": "newcomer",
            "password1": "a-long-password-3",
            "password2": "a-long-password-3",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    event = last_event("admin.added", "auth.user")
    assert event.details["object"] == "newcomer" and event.details["password_set"] is True
    assert "a-long-password-3" not in str(event.details)


def test_a_group_given_a_permission_is_audited(admin_site: Client) -> None:
    group = Group.objects.create(name="analysts")
    permission = Permission.objects.get(codename="view_auditevent")
    post(admin_site, f"/admin/auth/group/{group.pk}/change/", permissions=[permission.pk])
    event = last_event("admin.changed", "auth.group")
    assert event.details["changes"] == {"permissions": [[], [str(permission)]]}


def test_a_staff_role_change_and_removal_are_audited(admin_site: Client, django_user_model) -> None:
    facility = Facility.objects.create(code="T-1", name="Dispensary", region_id="KZ-75")
    user = django_user_model.objects.create_user("doctor", "", "a-long-password-2")
    profile = StaffProfile.objects.create(user=user, role=Role.PHYSICIAN, facility=facility)
    url = f"/admin/registry/staffprofile/{profile.pk}/change/"
    post(admin_site, url, role=Role.CHIEF, facility="", region="KZ-75")
    event = last_event("admin.changed", "registry.staffprofile")
    assert event.details["changes"] == {
        "role": ["physician", "chief"],
        "facility": [facility.pk, None],
        "region": [None, "KZ-75"],
    }
    response = admin_site.post(f"/admin/registry/staffprofile/{profile.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not StaffProfile.objects.filter(pk=profile.pk).exists()
    deleted = last_event("admin.deleted", "registry.staffprofile")
    assert deleted.details["was"]["role"] == "chief" and deleted.object_id == str(profile.pk)


def test_the_break_glass_hours_changed_in_the_admin_are_audited(admin_site: Client) -> None:
    from drugcontrol.registry.models import RegistryConfig

    config = RegistryConfig.objects.first() or RegistryConfig.objects.create()
    old = config.break_glass_hours
    post(admin_site, f"/admin/registry/registryconfig/{config.pk}/change/", break_glass_hours=old + 21)
    assert last_event("admin.changed", "registry.registryconfig").details["changes"] == {
        "break_glass_hours": [old, old + 21]
    }


def test_a_substance_renamed_in_the_admin_is_published_at_once_and_audited(admin_site: Client) -> None:
    def tramadol_names() -> set[str]:
        listed = admin_site.get("/api/lists/KZ", {"as_of": "2024-03-01", "table": "III"}).json()["entries"]
        return {e["name_ru"] for e in listed}

    assert "Трамадол" in tramadol_names()  # the snapshot is now cached
    revision = Jurisdiction.objects.get(code="KZ").revision
    tramadol = Substance.objects.get(name_ru="Трамадол")
    post(admin_site, f"/admin/lists/substance/{tramadol.pk}/change/", name_ru="Трамадол (гидрохлорид)")
    names = tramadol_names()
    assert "Трамадол (гидрохлорид)" in names and "Трамадол" not in names
    assert Jurisdiction.objects.get(code="KZ").revision != revision
    event = last_event("admin.changed", "lists.substance")
    assert event.details["changes"] == {"name_ru": ["Трамадол", "Трамадол (гидрохлорид)"]}


def test_a_legal_act_edited_in_the_admin_is_published_at_once_and_audited(admin_site: Client) -> None:
    def act_titles() -> set[str]:
        listed = admin_site.get("/api/lists/KZ", {"as_of": "2024-03-01", "table": "III"}).json()["entries"]
        return {e["act"]["title"] for e in listed if e["act"] and e["act"]["number"] == "240"}

    act = LegalAct.objects.get(jurisdiction_id="KZ", number="240")
    assert act_titles() == {act.title}
    post(admin_site, f"/admin/lists/legalact/{act.pk}/change/", title="Corrected title of decree 240")
    assert act_titles() == {"Corrected title of decree 240"}
    event = last_event("admin.changed", "lists.legalact")
    assert event.details["changes"] == {"title": [act.title, "Corrected title of decree 240"]}


def test_the_structure_of_a_substance_cannot_be_edited_in_the_admin(admin_site: Client) -> None:
    tramadol = Substance.objects.get(name_ru="Трамадол")
    form = admin_site.get(f"/admin/lists/substance/{tramadol.pk}/change/").context["adminform"].form
    assert "structure_input" not in form.fields  # keys are computed by imports, never typed over
