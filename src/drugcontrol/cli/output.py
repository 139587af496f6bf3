"""Printing helpers shared by the commands: tables for people, JSON for programs, errors on stderr."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, NoReturn

import typer


def fail(message: str, code: int = 2) -> NoReturn:
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    raise typer.Exit(code)


def fail_with(error: Exception, code: int = 2) -> NoReturn:
    """Fail with an error of the domains (a code + parameters) said in the reader's language."""
    from django.utils.translation import gettext

    render = getattr(error, "render", None)
    fail(render(gettext) if callable(render) else str(error), code)


def print_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def print_table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    cells = [[str(c) for c in row] for row in rows]
    widths = [min(60, max([len(h)] + [len(r[i]) for r in cells])) for i, h in enumerate(headers)]
    typer.echo("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)))
    typer.echo("  ".join("-" * w for w in widths))
    for row in cells:
        typer.echo("  ".join(c[:w].ljust(w) for c, w in zip(row, widths, strict=True)))
