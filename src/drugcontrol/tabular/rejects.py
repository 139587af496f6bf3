"""The rejects table of an import: a row per problem (row, field, message, value), a CSV a spreadsheet opens safely.

One writer for every domain's import (the registry's regional registers, early-warning notifications, offences,
the command line): the problems are code + parameters (`RowError`, or a stored problem with the same fields), so
the table is rendered by `translate` in the language of whoever downloads it (the shell passes gettext). Pure: no
Django.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, Protocol

from drugcontrol.messages import render
from drugcontrol.spreadsheet_safety import SafeCsvWriter

REJECTS_COLUMNS = ("row", "field", "message", "value")


class Problem(Protocol):
    """What a rejects row needs: a `RowError`, or a stored problem (a registry import's row) with the same fields."""

    @property
    def row(self) -> int: ...
    @property
    def field(self) -> str: ...
    @property
    def code(self) -> str: ...
    @property
    def params(self) -> Mapping[str, Any] | tuple[tuple[str, Any], ...]: ...
    @property
    def value(self) -> str: ...


def write_rejects_csv(handle: Any, problems: Iterable[Problem], translate: Callable[[str], str] = str) -> int:
    """Write the rejects table to `handle` (a text file or an HTTP response), every cell spreadsheet-safe; returns
    the number of problems written."""
    writer = SafeCsvWriter(handle)
    writer.writerow(REJECTS_COLUMNS)
    count = 0
    for problem in problems:
        message = render(problem.code, dict(problem.params), translate)
        writer.writerow([problem.row, problem.field, message, problem.value])
        count += 1
    return count
