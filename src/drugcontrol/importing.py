"""The Django side of tabular imports, shared by every domain: limits from the settings, errors in the
user's language (the rejects table itself is `drugcontrol.tabular.rejects`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext

from drugcontrol.http import attachment
from drugcontrol.messages import RowError, render
from drugcontrol.tabular.errors import TabularError
from drugcontrol.tabular.reading import ReadLimits
from drugcontrol.tabular.rejects import Problem, write_rejects_csv


def read_limits() -> ReadLimits:
    """The row and unpacked-size limits of the settings (IMPORT_MAX_ROWS, IMPORT_MAX_UNPACKED_BYTES)."""
    return ReadLimits(max_rows=settings.IMPORT_MAX_ROWS, max_unpacked_bytes=settings.IMPORT_MAX_UNPACKED_BYTES)


def translated(problem: RowError | TabularError) -> str:
    """The problem in the active language."""
    return problem.render(gettext)


def translated_code(code: str, params: dict[str, Any]) -> str:
    """A problem stored as code + parameters (a job's rejects), in the active language."""
    return render(code, params, gettext)



def translated_rows(problems: Iterable[Problem]) -> list[tuple[int, str, str, str]]:
    """(row, field, message in the active language, value) of each problem: a page's table of problems."""
    return [(p.row, p.field, translated_code(p.code, dict(p.params)), p.value) for p in problems]


def rejects_download(problems: Iterable[Problem], *, filename: str) -> HttpResponse:
    """The rejects table as a CSV download in the language of whoever downloads it."""
    response = attachment("", filename=filename)
    write_rejects_csv(response, problems, gettext)
    return response
