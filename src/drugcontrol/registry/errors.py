"""Typed failures of the registry: the shared kinds of `drugcontrol.errors`, each answered by one HTTP status."""

from __future__ import annotations

from drugcontrol.errors import AccessDenied, InputRefused, NotFoundForUser, RateLimited


class RegistryError(InputRefused):
    """Input that the register refuses; `field` names the offending field when there is one (HTTP 422)."""


__all__ = ["AccessDenied", "NotFoundForUser", "RateLimited", "RegistryError"]
