"""What a signed-in session may do before anything else runs: registry roles expire after a short idle time, and a
user who has a TOTP device (or must have one) is sent to the token step until the session is verified."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_otp import user_has_device

# Reachable before the second factor: the token and enrolment pages themselves, logging out, the language switch,
# static files and the health probe.
OPEN_PREFIXES = ("/accounts/two-factor/", "/accounts/logout/", "/i18n/", "/static/", "/healthz")


def has_registry_role(user: object) -> bool:
    """A registry role is a staff profile of the register (the relation the registry app adds to the user)."""
    return getattr(user, "registry_profile", None) is not None


def second_factor_missing(request: HttpRequest) -> str:
    """'verify' when the session still owes a token, 'enrol' when the user must first enrol a device, else ''."""
    user = request.user
    if not user.is_authenticated or user.is_verified():
        return ""
    if user_has_device(user, confirmed=True):
        return "verify"
    if settings.OTP_REQUIRED_FOR_REGISTRY_ROLES and has_registry_role(user):
        return "enrol"
    return ""


class SessionPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            if has_registry_role(request.user):
                # Sliding: every request starts the idle time again.
                request.session.set_expiry(settings.REGISTRY_SESSION_IDLE_SECONDS)
            if not request.path.startswith(OPEN_PREFIXES) and (step := second_factor_missing(request)):
                return self._second_factor(request, step)
        return self.get_response(request)

    @staticmethod
    def _second_factor(request: HttpRequest, step: str) -> HttpResponse:
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": _("Two-factor login is not complete for this session.")}, status=403)
        target = reverse("web:otp_verify" if step == "verify" else "web:otp_enrol")
        return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
