"""The references of the expertise methodology from the command line: the register of medicines and the
reference libraries of known new psychoactive substances, imported like a list (``--map FIELD=COLUMN``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer

from drugcontrol.cli.django_setup import setup_django
from drugcontrol.cli.import_options import ENCODING, NULL, SHEET, map_option
from drugcontrol.cli.output import fail

medicines_app = typer.Typer(help="The register of medicines (the methodology's exemption).", no_args_is_help=True)
libraries_app = typer.Typer(help="Reference libraries of known new psychoactive substances.", no_args_is_help=True)


def _mapping(parse: Callable[..., Any], specs: list[str], null: list[str]) -> Any:
    """The `--map` options read by `parse`; a wrong one ends the command with what is wrong."""
    from drugcontrol.tabular.mapping import MappingError

    try:
        return parse(specs, null_values=null)
    except MappingError as exc:
        fail(str(exc))


def _run(path: Path, action: Callable[[], Any]) -> None:
    from drugcontrol.lists.actions.list_imports import ImportRejected
    from drugcontrol.tabular.reading import TableReadError

    try:
        report = action()
    except TableReadError as exc:
        fail(f"{path}: {exc}")
    except ImportRejected as exc:
        for error in exc.errors[:200]:
            typer.echo(str(error), err=True)
        fail(f"{len(exc.errors)} error(s) in {path}; nothing was imported")
    typer.echo(report.summary())


@medicines_app.command("import")
def import_medicines(
    path: Path = typer.Argument(..., help="CSV/TSV or XLSX file."),
    mapping: list[str] = map_option(
        "Fields: inn, trade_name, names (| separated), smiles, registration_number, registered_from, registered_to."
    ),
    null: list[str] = NULL,
    encoding: str = ENCODING,
    sheet: str = SHEET,
) -> None:
    """Import registrations of medicines; every row is validated and nothing is written if any row is wrong."""
    setup_django()
    from drugcontrol.lists.actions.reference_imports import do_import_medicines, medicine_mapping

    columns = _mapping(medicine_mapping, mapping, null)
    _run(path, lambda: do_import_medicines(path, mapping=columns, encoding=encoding, sheet=sheet, actor="cli"))


@libraries_app.command("import")
def import_library(
    path: Path = typer.Argument(..., help="CSV/TSV, XLSX or SDF file."),
    library: str = typer.Option(..., help="The library's name, e.g. cayman or swgdrug; its entries are replaced."),
    mapping: list[str] = map_option("Fields: entry, name, smiles, first_seen."),
    null: list[str] = NULL,
    encoding: str = ENCODING,
    sheet: str = SHEET,
) -> None:
    """Import a reference library; rows without a readable structure are skipped and counted."""
    setup_django()
    from drugcontrol.lists.actions.reference_imports import do_import_known_substances, known_substance_mapping

    columns = _mapping(known_substance_mapping, mapping, null)
    _run(
        path,
        lambda: do_import_known_substances(
            path, library=library, mapping=columns, encoding=encoding, sheet=sheet, actor="cli"
        ),
    )
