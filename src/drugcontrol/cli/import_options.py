"""The options every file import takes, declared once so that they read and behave alike in every command.

Typer copies an option's declaration for each command that uses it, so one constant serves them all.
"""

from __future__ import annotations

from typing import Any

import typer

MAP_HELP = "FIELD=COLUMN, repeatable. Unmapped fields use a column of the same name."
NULL = typer.Option([], "--null", help="A cell text that means 'empty', e.g. --null '<NO_STRUCTURE>'.")
ENCODING = typer.Option(
    None, help="Text encoding of a CSV, e.g. cp1251 (default: UTF-8); the delimiter (, ; or tab) is recognised."
)
SHEET = typer.Option(None, help="XLSX sheet name (default: the first).")
SKIP_INVALID = typer.Option(
    False, "--skip-invalid", help="Write the valid rows and the invalid ones to --rejects (default: all or nothing)."
)
REJECTS = typer.Option(None, "--rejects", help="Where to write the rejected rows (CSV: row, field, message, value).")


def map_option(example: str) -> Any:
    """The repeatable `--map FIELD=COLUMN` option, its help ending with `example` (the fields or a sample)."""
    return typer.Option([], "--map", help=f"{MAP_HELP} {example}")
