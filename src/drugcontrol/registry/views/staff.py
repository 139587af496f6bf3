"""User administration for the registry administrator: accounts of their scope, created, changed, (de)activated,
their passwords reset. Thin: the form shapes input, `actions.staff` decides and audits."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from drugcontrol.registry.actions import staff
from drugcontrol.registry.errors import RegistryError
from drugcontrol.registry.forms import StaffForm
from drugcontrol.registry.views.pages import _form_error, registry_view


@registry_view
def staff_list(request: HttpRequest) -> HttpResponse:
    profiles = staff.staff_in_scope(request.user)
    return render(request, "registry/staff_list.html", {"profiles": profiles, "mail": staff.mail_configured()})


def _show_password(request: HttpRequest, change: staff.StaffChange) -> HttpResponse:
    return render(request, "registry/staff_password.html", {"change": change})


@registry_view
def staff_new(request: HttpRequest) -> HttpResponse:
    staff.staff_in_scope(request.user)  # the role check (403 for anyone but an administrator)
    form = StaffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        password = staff.one_time_password()
        try:
            profile = staff.do_create_staff_user(
                form.cleaned_data["username"], password=password, **form.codes(), actor=request.user
            )
        except RegistryError as exc:
            _form_error(form, exc)
        else:
            return _show_password(request, staff.StaffChange(profile=profile, one_time_password=password))
    return render(request, "registry/staff_form.html", {"form": form, "title": _("New account")})


@registry_view
def staff_edit(request: HttpRequest, profile_id: int) -> HttpResponse:
    profile = staff.load_staff(request.user, profile_id)
    initial: dict[str, Any] = {
        "username": profile.user.username,
        "email": profile.user.email,
        "role": profile.role,
        "facility": profile.facility.code if profile.facility else None,
        "region": profile.region_id,
    }
    form = StaffForm(request.POST or None, initial=initial)
    form.fields["username"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            staff.do_update_staff_user(profile, **form.codes(), actor=request.user)
        except RegistryError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("registry:staff")
    return render(
        request, "registry/staff_form.html", {"form": form, "title": profile.user.username, "profile": profile}
    )


@registry_view
@require_POST
def staff_active(request: HttpRequest, profile_id: int) -> HttpResponse:
    profile = staff.load_staff(request.user, profile_id)
    active = request.POST.get("active") == "1"
    staff.do_set_staff_active(profile, active=active, actor=request.user)
    messages.success(request, _("The account is active again.") if active else _("The account is deactivated."))
    return redirect("registry:staff")


@registry_view
@require_POST
def staff_password(request: HttpRequest, profile_id: int) -> HttpResponse:
    profile = staff.load_staff(request.user, profile_id)
    try:
        change = staff.do_reset_staff_password(
            profile, by_email=request.POST.get("by_email") == "1", actor=request.user, request=request
        )
    except RegistryError as exc:
        messages.error(request, exc.render(_))
        return redirect("registry:staff")
    if change.emailed:
        messages.success(
            request, _("A link to set a new password was sent to %(email)s.") % {"email": profile.user.email}
        )
        return redirect("registry:staff")
    return _show_password(request, change)
