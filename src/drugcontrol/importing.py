"""The Django side of tabular imports, shared by every domain: limits from the settings, errors in the
user's language, and the rejects table as a CSV a spreadsheet opens safely.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, TextIO

from django.conf import settings
from django.utils.translation import gettext

from drugcontrol.tabular.errors import RowError, TabularError, render
from drugcontrol.tabular.reading import ReadLimits

REJECTS_COLUMNS = ("row", "field", "message", "value")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def read_limits() -> ReadLimits:
    """The row and unpacked-size limits of the settings (IMPORT_MAX_ROWS, IMPORT_MAX_UNPACKED_BYTES)."""
    return ReadLimits(max_rows=settings.IMPORT_MAX_ROWS, max_unpacked_bytes=settings.IMPORT_MAX_UNPACKED_BYTES)


def translated(problem: RowError | TabularError) -> str:
    """The problem in the active language."""
    return problem.render(gettext)


def translated_code(code: str, params: dict[str, Any]) -> str:
    """A problem stored as code + parameters (a job's rejects), in the active language."""
    return render(code, params, gettext)


def spreadsheet_safe(value: Any) -> str:
    """A cell a spreadsheet shows as text: a leading =, +, -, @ (a formula) gets a ' in front (OWASP)."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def write_rejects_csv(handle: TextIO, problems: Iterable[tuple[int, str, str, str]]) -> int:
    """The rejects table (row, field, message, value) as CSV, every cell spreadsheet-safe; returns the lines."""
    writer = csv.writer(handle)
    writer.writerow(REJECTS_COLUMNS)
    count = 0
    for row, field, message, value in problems:
        writer.writerow([row, spreadsheet_safe(field), spreadsheet_safe(message), spreadsheet_safe(value)])
        count += 1
    return count
