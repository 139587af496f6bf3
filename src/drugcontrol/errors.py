"""The failures every domain raises at its boundary; `drugcontrol.http` answers each with one HTTP status.

Each carries a code and parameters (a `drugcontrol.messages.Message`), never a finished sentence, so the page,
the API and the command line each say it in their reader's language (`error.render(gettext)`); `str(error)` is
the English text for logs. No Django here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from drugcontrol.messages import Message, nested, render


class CodedError(Exception):
    """An error as a message code and its parameters."""

    def __init__(self, message: Message, /, **params: Any) -> None:
        self.code = message.code
        self.params = params
        super().__init__(render(self.code, params))

    def render(self, translate: Callable[[str], str] = str) -> str:
        return render(self.code, self.params, translate)

    def as_param(self) -> dict[str, Any]:
        """This error as the parameter of another message (`messages.nested`), rendered in the reader's language."""
        return {"message": self.code, "params": self.params}


class InputRefused(CodedError, ValueError):
    """Input the domain refuses; `field` names the offending field when there is one (HTTP 422, a page 400)."""

    def __init__(self, message: Message, /, *, field: str = "", **params: Any) -> None:
        super().__init__(message, **params, **({"field": field} if field else {}))  # messages may name it
        self.field = field


NOT_FOUND = Message("not_found", "%(what)s not found")
NOUNS = {  # what may be "not found", each a message of its own so that the noun is translated too
    what: Message(f"noun.{what.replace(' ', '_')}", text)
    for what, text in (
        ("person", "person"),
        ("registration", "registration"),
        ("duplicate candidate", "duplicate candidate"),
        ("merge", "merge"),
        ("grant", "emergency access"),
        ("report", "expert report"),
        ("screening job", "screening job"),
    )
}


class NotFoundForUser(CodedError, LookupError):
    """The object does not exist *or* the user may not see it: the two are deliberately indistinguishable (404)."""

    def __init__(self, what: str = "person") -> None:
        super().__init__(NOT_FOUND, what=nested(NOUNS[what]) if what in NOUNS else what)


class AccessDenied(CodedError, PermissionError):
    """The user's role does not allow this kind of operation at all, whatever the object (HTTP 403)."""


class RateLimited(CodedError, RuntimeError):
    """Too many requests in the sliding window (HTTP 429)."""
