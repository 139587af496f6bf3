"""What a signed-in session may do before anything else runs: registry roles expire after a short idle time, and a
user who has a TOTP device (or must have one) is sent to the token step until the session is verified."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_otp import user_has_device

# The session remembers whether its user had a TOTP device when it began (or enrolled one in it), so that a request
# does not ask the database; a device enrolled in another session is asked for from the next login on.
HAS_DEVICE_KEY = "drugcontrol_otp_device"
# Likewise whether the user held a registry role at login (a role given later applies from the next login).
REGISTRY_ROLE_KEY = "drugcontrol_registry_role"
# The idle time is refreshed at most once a minute: one session write a minute, not one per request.
IDLE_REFRESH = timedelta(minutes=1)

# Reachable before the second factor: the token and enrolment pages themselves, logging out, the language switch,
# static files and the health probe.
OPEN_PREFIXES = ("/accounts/two-factor/", "/accounts/logout/", "/i18n/", "/static/", "/healthz")


def has_registry_role(user: object) -> bool:
    """A registry role is a staff profile of the register (the relation the registry app adds to the user)."""
    return getattr(user, "registry_profile", None) is not None


def session_has_registry_role(request: HttpRequest) -> bool:
    if REGISTRY_ROLE_KEY not in request.session:
        request.session[REGISTRY_ROLE_KEY] = has_registry_role(request.user)
    return request.session[REGISTRY_ROLE_KEY]


def second_factor_missing(request: HttpRequest) -> str:
    """'verify' when the session still owes a token, 'enrol' when the user must first enrol a device, else ''."""
    user = request.user
    if not user.is_authenticated or user.is_verified():
        return ""
    if HAS_DEVICE_KEY not in request.session:
        request.session[HAS_DEVICE_KEY] = user_has_device(user, confirmed=True)
    if request.session[HAS_DEVICE_KEY]:
        return "verify"
    if settings.OTP_REQUIRED_FOR_REGISTRY_ROLES and session_has_registry_role(request):
        return "enrol"
    return ""


def refresh_idle_expiry(request: HttpRequest) -> None:
    """Sliding expiry: each request starts the idle time again (to within IDLE_REFRESH)."""
    idle = timedelta(seconds=settings.REGISTRY_SESSION_IDLE_SECONDS)
    remaining = request.session.get_expiry_date() - timezone.now()
    if remaining > idle or remaining < idle - IDLE_REFRESH:
        request.session.set_expiry(timezone.now() + idle)


def remember_device_at_login(sender: object, request: HttpRequest, user: object, **kwargs: object) -> None:
    """Receiver of user_logged_in: whether this session will owe a token, and its idle time for a registry role."""
    if request is not None and hasattr(request, "session"):
        request.session[HAS_DEVICE_KEY] = user_has_device(user, confirmed=True)
        request.session[REGISTRY_ROLE_KEY] = has_registry_role(user)
        if request.session[REGISTRY_ROLE_KEY]:
            refresh_idle_expiry(request)


class SessionPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            if session_has_registry_role(request):
                refresh_idle_expiry(request)
            if not request.path.startswith(OPEN_PREFIXES) and (step := second_factor_missing(request)):
                return self._second_factor(request, step)
        return self.get_response(request)

    @staticmethod
    def _second_factor(request: HttpRequest, step: str) -> HttpResponse:
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": _("Two-factor login is not complete for this session.")}, status=403)
        target = reverse("web:otp_verify" if step == "verify" else "web:otp_enrol")
        return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
