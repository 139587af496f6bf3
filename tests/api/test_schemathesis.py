"""Schemathesis against the live app's OpenAPI schema: no input it generates may cause a server error.

Bounded for the suite (a fixed number of derandomised examples per operation and caller, no shrinking); run it
longer by hand with ``SCHEMATHESIS_EXAMPLES=200``. Callers: an administrator's session and a system's key
holding every scope.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
import schemathesis
from django.contrib.auth import get_user_model
from django.core import signals
from django.db import close_old_connections
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error

from drugcontrol.apikeys.actions import do_create_api_key
from drugcontrol.apikeys.scopes import Scope
from drugcontrol.registry.models import Role, StaffProfile

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "4"))


BOUNDED = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


@contextmanager
def connection_kept_between_requests() -> Iterator[None]:
    """The WSGI handler closes the database connection after each request, which would end the test's transaction;
    Django's own test client keeps it the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def server_errors(credentials: dict) -> list[str]:
    """Every operation of the live schema, fuzzed as one caller; the server errors found, one line each."""
    with connection_kept_between_requests():
        return _fuzz_every_operation(credentials)


def _fuzz_every_operation(credentials: dict) -> list[str]:
    from drugcontrol.wsgi import application

    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)
    found: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @BOUNDED
        def fuzz(case) -> None:
            case.call_and_validate(
                headers=credentials["headers"], cookies=credentials["cookies"], checks=[not_a_server_error]
            )

        try:
            fuzz()
        except Exception as exc:  # a failed check: record it and go on with the other operations
            found.append(f"{operation.method.upper()} {operation.path}: {str(exc).strip()[:2000]}")
    return found


@pytest.fixture
def administrator(db: None) -> dict:
    """Headers and cookies of an administrator's session (the CSRF token its unsafe methods need)."""
    admin = get_user_model().objects.create_superuser(username="fuzz_admin", password=None)
    StaffProfile.objects.create(user=admin, role=Role.ADMIN)
    client = Client()
    client.force_login(admin)
    client.get("/api/docs")  # sets the CSRF cookie
    cookies = {name: morsel.value for name, morsel in client.cookies.items()}
    return {"headers": {"X-CSRFToken": cookies.get("csrftoken", "")}, "cookies": cookies}


@pytest.fixture
def system_key(db: None) -> dict:
    """The header of a system's key holding every scope."""
    _key, token = do_create_api_key(
        system="fuzzer", scopes=list(Scope.values), expires_at=timezone.now() + timedelta(days=1), actor="tests"
    )
    return {"headers": {"Authorization": f"Bearer {token}"}, "cookies": {}}


def test_no_request_of_an_administrator_causes_a_server_error(administrator: dict) -> None:
    assert server_errors(administrator) == []


def test_no_request_of_a_system_key_causes_a_server_error(system_key: dict) -> None:
    assert server_errors(system_key) == []
