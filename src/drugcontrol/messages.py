"""Messages as a code and parameters: the core says what went wrong, the shell says it in the reader's language.

A `Message` is a stable code with its English text (`%(name)s` placeholders), which is also the msgid of its
translations; the shell renders it with `render(code, params, gettext)`, the command line and logs in English
with `str()`. Every message is registered by code, so a problem stored as code + parameters (a rejects table, a
job's result, an audit row) can be rendered again later, in the language of whoever reads it. Every domain
declares its messages with this one class (tabular imports, the registry, the domains to come).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

_CATALOGUE: dict[str, Message] = {}


@dataclass(frozen=True)
class Message:
    """A problem's code and its English text; declaring one registers it."""

    code: str
    text: str

    def __post_init__(self) -> None:
        known = _CATALOGUE.setdefault(self.code, self)
        if known.text != self.text:
            raise ValueError(f"message code {self.code!r} declared twice with different texts")


def render(code: str, params: Mapping[str, Any], translate: Callable[[str], str] = str) -> str:
    """The message of `code` with its parameters, translated by `translate` (the shell passes gettext).

    A parameter that is itself a message (`nested(…)`: the detail of an invalid IIN, the noun of "not found") is
    rendered in the same language first.
    """
    text = translate(_CATALOGUE[code].text)
    if not params:
        return text
    return text % {name: _rendered(value, translate) for name, value in params.items()}


def nested(message: Message, /, **params: Any) -> dict[str, Any]:
    """A message as the parameter of another, in a form that stores as JSON with the outer one's parameters."""
    return {"message": message.code, "params": params}


def _rendered(value: Any, translate: Callable[[str], str]) -> Any:
    if isinstance(value, Mapping) and value.keys() == {"message", "params"} and value["message"] in _CATALOGUE:
        return render(value["message"], value["params"], translate)
    return value


def declared(code: str) -> bool:
    return code in _CATALOGUE
