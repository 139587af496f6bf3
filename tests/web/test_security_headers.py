"""Headers and sessions through HTTP: CSP, HSTS, secure cookies, no-store on personal data, registry idle expiry."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from drugcontrol.registry.models import Facility, Role, StaffProfile

pytestmark = pytest.mark.django_db

PASSWORD = "juniper-caravan-73"


@pytest.fixture
def physician(django_user_model):
    user = django_user_model.objects.create_user("dr_almaty", "", PASSWORD)
    facility = Facility.objects.create(code="T-HDR-1", name="Almaty dispensary", region_id="KZ-75")
    StaffProfile.objects.create(user=user, role=Role.PHYSICIAN, facility=facility)
    return user


def test_pages_carry_a_policy_without_inline_script_and_https_gets_hsts() -> None:
    response = Client().get("/lists/identify/", secure=True)
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert policy["default-src"] == "'self'" and policy["object-src"] == "'none'"
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
    assert policy["frame-ancestors"] == "'none'"
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff" and response["X-Frame-Options"] == "DENY"


def test_the_session_and_csrf_cookies_are_secure_and_http_only(physician) -> None:
    client = Client()
    client.get("/accounts/login/")
    response = client.post("/accounts/login/", {"username": "dr_almaty", "password": PASSWORD})
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"]
    assert client.cookies["csrftoken"]["secure"]


def test_personal_data_is_never_stored_by_a_browser_or_proxy(physician) -> None:
    client = Client()
    client.force_login(physician)
    for url in ("/registry/", "/registry/duplicates/", "/api/registry/me", "/registry/people/999999/"):
        response = client.get(url)
        assert "no-store" in response["Cache-Control"], url
    assert "no-store" in Client().get("/api/registry/me")["Cache-Control"]  # refusals too
    assert "no-store" not in Client().get("/lists/identify/").get("Cache-Control", "")


def test_a_registry_session_ends_after_thirty_idle_minutes(physician, settings) -> None:
    assert settings.REGISTRY_SESSION_IDLE_SECONDS == 30 * 60
    client = Client()
    client.post("/accounts/login/", {"username": "dr_almaty", "password": PASSWORD})
    assert client.get("/registry/").status_code == 200
    session = Session.objects.get(session_key=client.cookies["sessionid"].value)
    idle_end = session.expire_date - timezone.now()
    assert timedelta(minutes=29) < idle_end <= timedelta(minutes=30)
    # Thirty minutes pass without a request: the stored session has expired and the register asks for a login.
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - timedelta(seconds=1))
    after = client.get("/registry/")
    assert after.status_code == 302 and after.url.startswith("/accounts/login/")


def test_other_users_keep_a_working_day(django_user_model, settings) -> None:
    django_user_model.objects.create_user("chemist", "", PASSWORD)
    client = Client()
    client.post("/accounts/login/", {"username": "chemist", "password": PASSWORD})
    client.get("/lists/identify/")
    session = Session.objects.get(session_key=client.cookies["sessionid"].value)
    assert session.expire_date - timezone.now() > timedelta(hours=7)
