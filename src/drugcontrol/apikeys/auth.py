"""django-ninja authentication with a system's key: ``Authorization: Bearer dck_…``.

Use beside the session authentication of people, e.g. ``auth=[django_auth, ApiKeyAuth(Scope.POLICE_CHECK)]``.
A key reaches an operation only when it holds the operation's scope; an operation without an ``ApiKeyAuth``
(every operation on people's records) is never reached with a key.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from ninja.errors import AuthenticationError, AuthorizationError
from ninja.security import HttpBearer

from drugcontrol.apikeys.actions import KeyRefused, ScopeRefused, do_authenticate_call
from drugcontrol.apikeys.models import ApiKey
from drugcontrol.http import client_ip

ScopeOf = Callable[[HttpRequest], str]


class ApiKeyAuth(HttpBearer):
    """The key must be valid and hold `scope` (a scope, or a function of the request for a whole router)."""

    def __init__(self, scope: str | ScopeOf) -> None:
        super().__init__()
        self.scope_of: ScopeOf = scope if callable(scope) else (lambda _request: str(scope))

    def authenticate(self, request: HttpRequest, token: str) -> ApiKey:
        try:
            key = do_authenticate_call(
                token,
                scope=self.scope_of(request),
                method=request.method or "",
                path=request.path,
                remote_addr=client_ip(request),
            )
        except KeyRefused as exc:
            raise AuthenticationError(message=str(exc)) from exc
        except ScopeRefused as exc:
            raise AuthorizationError(message=str(exc)) from exc
        # The system's account is the caller: the operation's own checks, limits and records apply to it.
        request.user = key.account
        return key


def public_without_key(request: HttpRequest) -> Any:
    """For open operations listed after an ``ApiKeyAuth``: a call without credentials passes as the public."""
    return "public" if not request.headers.get("Authorization") else None


def caller_key(request: HttpRequest) -> ApiKey | None:
    """The key a call was authenticated with, if any."""
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, ApiKey) else None
