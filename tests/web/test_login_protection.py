"""Login through HTTP: lockout after wrong passwords, the password rules, and TOTP two-factor login."""

from __future__ import annotations

import hashlib
import hmac
import re
import struct
from base64 import b32decode

import pytest
from django.test import Client
from django.utils import timezone

from drugcontrol.audit.models import AuditEvent
from drugcontrol.registry.models import Facility, Role, StaffProfile

pytestmark = pytest.mark.django_db

RIGHT = "juniper-caravan-73"


def login(client: Client, username: str, password: str):
    return client.post("/accounts/login/", {"username": username, "password": password, "next": "/registry/"})


def test_wrong_passwords_lock_the_user_out_from_that_address_and_then_the_right_one_is_refused(
    django_user_model, settings
) -> None:
    django_user_model.objects.create_user("narcologist", "", RIGHT)
    attacker = Client(REMOTE_ADDR="10.9.8.7")
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert 'id="login-error"' in login(attacker, "narcologist", f"guess-number-{attempt}").content.decode()
    locked = login(attacker, "narcologist", "guess-number-last")
    assert locked.status_code == 429 and 'id="locked-out"' in locked.content.decode()
    right = login(attacker, "narcologist", RIGHT)
    assert right.status_code == 429
    assert attacker.get("/").wsgi_request.user.is_authenticated is False
    # The lockout is per user *and* address: the clinician at her own workstation still logs in.
    assert login(Client(REMOTE_ADDR="10.1.1.1"), "narcologist", RIGHT).status_code == 302


@pytest.mark.parametrize(
    ("password", "rule"),
    [
        ("short-pw-1", "password_too_short"),
        ("password1234", "password_too_common"),
        ("narcologist-7", "password_too_similar"),
    ],
)
def test_a_new_password_must_be_long_uncommon_and_unlike_the_user_name(django_user_model, password, rule) -> None:
    user = django_user_model.objects.create_user("narcologist", "", RIGHT)
    client = Client()
    client.force_login(user)
    fields = {"old_password": RIGHT, "new_password1": password, "new_password2": password}
    refused = client.post("/accounts/password_change/", fields)
    assert refused.status_code == 200
    assert [e.code for e in refused.context["form"].errors.as_data()["new_password2"]] == [rule]
    user.refresh_from_db()
    assert user.check_password(RIGHT)


def registry_physician(django_user_model):
    user = django_user_model.objects.create_user("dr_almaty", "", RIGHT)
    facility = Facility.objects.create(code="T-2FA-1", name="Almaty dispensary", region_id="KZ-75")
    StaffProfile.objects.create(user=user, role=Role.PHYSICIAN, facility=facility)
    return user


def code_for(secret: str, *, steps_ahead: int = 0) -> str:
    """The six digits an authenticator app shows (RFC 6238: HMAC-SHA-1, 30 s), from the secret the page displayed."""
    counter = int(timezone.now().timestamp()) // 30 + steps_ahead
    digest = hmac.new(b32decode(secret), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def test_a_registry_role_enrols_a_device_and_then_logs_in_with_a_token(django_user_model, settings) -> None:
    settings.OTP_REQUIRED_FOR_REGISTRY_ROLES = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # a wrong code delays the next try by seconds; this test does not wait
    user = registry_physician(django_user_model)
    client = Client()
    assert login(client, "dr_almaty", RIGHT).status_code == 302
    # The password alone opens nothing: pages lead to the enrolment, the API refuses.
    page = client.get("/registry/")
    assert page.status_code == 302 and page.url.startswith("/accounts/two-factor/setup/")
    assert client.get("/api/registry/me").status_code == 403
    setup = client.get(page.url).content.decode()
    secret = re.search(r'id="otp-secret">([A-Z2-7]+)<', setup).group(1)
    assert 'src="data:image/svg+xml' in setup  # the QR code of the same secret
    wrong = client.post("/accounts/two-factor/setup/", {"token": "000000" if code_for(secret) != "000000" else "1"})
    assert 'id="otp-error"' in wrong.content.decode()
    confirmed = client.post("/accounts/two-factor/setup/", {"token": code_for(secret), "next": "/registry/"})
    assert confirmed.status_code == 302 and confirmed.url == "/registry/"
    assert client.get("/registry/").status_code == 200
    assert AuditEvent.objects.filter(action="auth.otp.enrolled", object_id=str(user.pk)).exists()

    # The next login asks for the token after the password, and a wrong one is refused.
    later = Client()
    login(later, "dr_almaty", RIGHT)
    asked = later.get("/registry/")
    assert asked.status_code == 302 and asked.url.startswith("/accounts/two-factor/?")
    # A second enrolment is no way around the first device.
    assert later.get("/accounts/two-factor/setup/").url.startswith("/accounts/two-factor/")
    refused = later.post("/accounts/two-factor/", {"token": "12345x", "next": "/registry/"})
    assert 'id="otp-error"' in refused.content.decode() and later.get("/registry/").status_code == 302
    # The code of the next period: the one just used for the enrolment cannot be replayed.
    accepted = later.post("/accounts/two-factor/", {"token": code_for(secret, steps_ahead=1), "next": "/registry/"})
    assert accepted.status_code == 302 and accepted.url == "/registry/"
    assert later.get("/registry/").status_code == 200


def test_without_the_setting_a_user_without_a_device_logs_in_with_the_password(django_user_model) -> None:
    registry_physician(django_user_model)
    client = Client()
    login(client, "dr_almaty", RIGHT)
    assert client.get("/registry/").status_code == 200
