"""Messages as a code and parameters: the core says what went wrong, the shell says it in the reader's language.

A `Message` is a stable code with its English text (`%(name)s` placeholders), which is also the msgid of its
translations; the shell renders it with `render(code, params, gettext)`, the command line and logs in English
with `str()`. Every message is registered by code, so a problem stored as code + parameters (a rejects table, a
job's result, an audit row) can be rendered again later, in the language of whoever reads it. Every domain
declares its messages with this one class (tabular imports, the registry, the domains to come); a problem of
one row of a file is a message placed at its row and field (`message.at(row, field)`, a `RowError`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
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

    def at(self, row: int, field: str, value: str = "", /, **params: Any) -> RowError:
        """This problem placed at a row and field of a file (`value`: what the cell held)."""
        return RowError(row, field, self.code, tuple(sorted(params.items())), value)


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


AT_ROW = Message("tabular.at_row", "row %(row)s: %(message)s")
AT_ROW_FIELD = Message("tabular.at_row_field", "row %(row)s, field %(field)r: %(message)s")
WITH_VALUE = Message("tabular.with_value", "%(text)s (value %(value)r)")
# A problem kept before problems were kept as code + parameters: its text, in the language it was written in.
AS_WRITTEN = Message("tabular.as_written", "%(text)s")


@dataclass(frozen=True)
class RowError:
    """One problem: the row as the person sees it in the file (header = 1; 0 = the file as a whole) and field."""

    row: int
    field: str
    code: str
    params: tuple[tuple[str, Any], ...] = ()
    value: str = ""

    def render(self, translate: Callable[[str], str] = str) -> str:
        return render(self.code, dict(self.params), translate)

    @property
    def message(self) -> str:
        """In English, for the command line and logs."""
        return self.render()

    def describe(self, translate: Callable[[str], str] = str) -> str:
        """Where and what, in the language of `translate` (the command line passes gettext)."""
        text = render(AT_ROW_FIELD.code if self.field else AT_ROW.code,
                      {"row": self.row, "field": self.field, "message": self.render(translate)}, translate)  # fmt: skip
        return render(WITH_VALUE.code, {"text": text, "value": self.value[:60]}, translate) if self.value else text

    def __str__(self) -> str:
        return self.describe()

    def stored(self) -> list[Any]:
        """This problem as JSON ([row, field, code, params, value]), to be rendered later in the reader's language."""
        return [self.row, self.field, self.code, dict(self.params), self.value]

    @classmethod
    def from_stored(cls, item: Sequence[Any]) -> RowError:
        """A problem kept by `stored()`."""
        row, field, code, params, value = item
        return cls(row, field, code, tuple(sorted(params.items())), value)
