"""Typed failures of the registry; the API and the views turn each into one HTTP status."""

from __future__ import annotations


class RegistryError(ValueError):
    """Input that the register refuses; `field` names the offending field when there is one (HTTP 422)."""

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.field = field


class NotFoundForUser(LookupError):
    """The object does not exist *or* the user may not see it: the two are deliberately indistinguishable (404)."""

    def __init__(self, what: str = "person") -> None:
        super().__init__(f"{what} not found")


class AccessDenied(PermissionError):
    """The user's role does not allow this kind of operation at all, whatever the object (HTTP 403)."""


class RateLimited(RuntimeError):
    """Too many requests in the sliding window (HTTP 429)."""
