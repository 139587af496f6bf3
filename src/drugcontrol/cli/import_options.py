"""The options every file import takes, declared once so that they read and behave alike in every command.

Typer copies an option's declaration for each command that uses it, so one constant serves them all.
"""

from __future__ import annotations

import typer

MAP_HELP = "FIELD=COLUMN, repeatable. Unmapped fields use a column of the same name."
NULL = typer.Option([], "--null", help="A cell text that means 'empty', e.g. --null '<NO_STRUCTURE>'.")
ENCODING = typer.Option(
    None, help="Text encoding of a CSV, e.g. cp1251 (default: UTF-8); the delimiter (, ; or tab) is recognised."
)
SHEET = typer.Option(None, help="XLSX sheet name (default: the first).")
