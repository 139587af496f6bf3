"""Problems as a code and parameters, by row and field: the core says what went wrong, the shell says it.

Messages are `drugcontrol.messages.Message`s (code + English text) placed at a row and field (`message.at(row,
field)`, a `RowError`); the shell renders an error with `error.render(gettext)`, the command line and logs with
`str()`. This module adds what a whole file needs: the errors collected by row, and the file's own refusal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from drugcontrol.messages import Message, RowError


class TabularError(ValueError):
    """A problem with the file or the mapping as a whole (not one row's): code + parameters, like a RowError."""

    def __init__(self, message: Message, *, row: int = 0, field: str = "", **params: Any) -> None:
        self.error = message.at(row, field, **params)
        super().__init__(self.error.message)

    @property
    def code(self) -> str:
        return self.error.code

    def render(self, translate: Callable[[str], str] = str) -> str:
        return self.error.render(translate)


class RowErrors:
    """The errors of a whole file, in the order found; knows which rows were rejected."""

    def __init__(self) -> None:
        self._errors: list[RowError] = []
        self._rows: set[int] = set()

    def add(self, error: RowError) -> None:
        self._errors.append(error)
        self._rows.add(error.row)

    def extend(self, errors: Iterable[RowError]) -> None:
        for error in errors:
            self.add(error)

    @property
    def rejected_rows(self) -> frozenset[int]:
        return frozenset(self._rows)

    def sorted(self) -> list[RowError]:
        return sorted(self._errors, key=lambda e: (e.row, e.field))

    def __iter__(self) -> Iterator[RowError]:
        return iter(self._errors)

    def __len__(self) -> int:
        return len(self._errors)

    def __bool__(self) -> bool:
        return bool(self._errors)


# Problems every tabular import shares.
FIELD_REQUIRED = Message("tabular.required", "is required")
DATE_REQUIRED = Message("tabular.date_required", "a date is required")
BAD_DATE = Message("tabular.bad_date", "not a valid date (YYYY-MM-DD or DD.MM.YYYY)")
NO_DATA_ROWS = Message("tabular.no_data_rows", "the file has no data rows")
IN_FUTURE = Message("tabular.in_future", "is in the future")
NOT_ONE_OF = Message("tabular.not_one_of", "must be one of %(choices)s")
