"""The Django side of tabular imports, shared by every domain: limits from the settings, errors in the
user's language, and the rejects table as a CSV a spreadsheet opens safely.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TextIO

from django.conf import settings
from django.utils.translation import gettext

from drugcontrol.messages import RowError, render
from drugcontrol.spreadsheet_safety import SafeCsvWriter
from drugcontrol.tabular.errors import TabularError
from drugcontrol.tabular.reading import ReadLimits

REJECTS_COLUMNS = ("row", "field", "message", "value")


def read_limits() -> ReadLimits:
    """The row and unpacked-size limits of the settings (IMPORT_MAX_ROWS, IMPORT_MAX_UNPACKED_BYTES)."""
    return ReadLimits(max_rows=settings.IMPORT_MAX_ROWS, max_unpacked_bytes=settings.IMPORT_MAX_UNPACKED_BYTES)


def translated(problem: RowError | TabularError) -> str:
    """The problem in the active language."""
    return problem.render(gettext)


def translated_code(code: str, params: dict[str, Any]) -> str:
    """A problem stored as code + parameters (a job's rejects), in the active language."""
    return render(code, params, gettext)


def write_rejects_csv(handle: TextIO, problems: Iterable[tuple[int, str, str, str]]) -> int:
    """The rejects table (row, field, message, value) as CSV, every cell spreadsheet-safe; returns the lines."""
    writer = SafeCsvWriter(handle)
    writer.writerow(REJECTS_COLUMNS)
    count = 0
    for row, field, message, value in problems:
        writer.writerow([row, field, message, value])
        count += 1
    return count
