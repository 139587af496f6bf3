"""Two-factor login with TOTP (django-otp): the token step after the password, and the enrolment of a device."""

from __future__ import annotations

from base64 import b32encode

import segno
from django import forms
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from drugcontrol.audit.actions import do_record_event
from drugcontrol.web.session_policy import HAS_DEVICE_KEY


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=_("Code from the authenticator app"),
        regex=r"^\d{6}$",
        error_messages={"invalid": _("Enter the six digits the app shows.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    allowed = url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure())
    return target if allowed else "/"


@never_cache
@login_required
def otp_verify(request: HttpRequest) -> HttpResponse:
    """The second login step: a six-digit code from the enrolled device."""
    if request.user.is_verified() or not user_has_device(request.user, confirmed=True):
        return redirect(_next_url(request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error("token", _("The code is wrong or has expired."))
    return render(request, "registration/otp_verify.html", {"form": form, "next": _next_url(request)})


@never_cache
@login_required
def otp_enrol(request: HttpRequest) -> HttpResponse:
    """Show a new device's secret (QR code and text) and confirm it with the first code it gives."""
    if user_has_device(request.user, confirmed=True) and not request.user.is_verified():
        # Enrolling another device must not be a way around the device already enrolled.
        return redirect("web:otp_verify")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name=str(_("authenticator app")), confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            with transaction.atomic():
                TOTPDevice.objects.filter(user=request.user).exclude(pk=device.pk).delete()
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                do_record_event(
                    actor=request.user, action="auth.otp.enrolled", object_type="user", object_id=request.user.pk
                )
            otp_login(request, device)
            request.session[HAS_DEVICE_KEY] = True
            return redirect(_next_url(request))
        form.add_error("token", _("The code is wrong or has expired."))
    context = {
        "form": form,
        "next": _next_url(request),
        "secret": b32encode(device.bin_key).decode(),
        "qr": segno.make(device.config_url, error="m").svg_data_uri(scale=4),
        "replacing": user_has_device(request.user, confirmed=True),
    }
    return render(request, "registration/otp_enrol.html", context)
