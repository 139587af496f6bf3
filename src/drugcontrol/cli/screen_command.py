"""Screen a whole file of structures: one verdict per row, written to a CSV, on every core."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from drugcontrol.cli.list_sources import load_assessor, parse_day
from drugcontrol.cli.output import fail


def _progress_bar():
    """A tqdm bar on stderr when it is a terminal, else None (logs and pipes stay clean)."""
    if not sys.stderr.isatty():
        return None, None
    from tqdm import tqdm

    bar = tqdm(total=0, unit="rows", file=sys.stderr, dynamic_ncols=True)

    def update(done: int, total: int) -> None:
        bar.total = total
        bar.n = done
        bar.refresh()

    return bar, update


def screen(
    input_path: Path = typer.Argument(..., metavar="INPUT", help="CSV/TSV, SDF (.sdf, .sdf.gz) or SMILES file."),
    output: Path = typer.Option(..., "--output", "-o", help="CSV file to write the verdicts to."),
    as_of: str = typer.Option(None, "--as-of", help="Date the list is taken as of (YYYY-MM-DD); default today."),
    jurisdiction: str = typer.Option("KZ", help="Whose list (KZ, CN, ...), read from the database."),
    list_bundle: Path = typer.Option(None, "--list", help="Offline: a list bundle JSON file instead of the database."),
    id_column: str = typer.Option("id", help="CSV column with the row ids (default: id, else the row number)."),
    smiles_column: str = typer.Option("smiles", help="CSV column with the structures."),
    id_property: str = typer.Option(None, help="SDF data item with the ids (default: the record title)."),
    workers: int = typer.Option(None, help="Processes to use (default: every core)."),
    scheduler: str = typer.Option(
        None,
        "--scheduler",
        envvar="DASK_SCHEDULER_ADDRESS",
        help="Run on a Dask cluster: the scheduler's address (tcp://HOST:PORT) instead of this machine's cores.",
    ),
) -> None:
    """Screen every structure of INPUT: listed, analogue, group, similar, not_controlled, invalid or undetermined.

    Bad rows become `invalid` with the reason; the run never stops for them. Exit code 2 when the file as a
    whole cannot be read. With --scheduler (or DASK_SCHEDULER_ADDRESS) the input is split into partitions
    screened by the workers of that Dask cluster, which receive the list once; the output is the same.
    """
    from drugcontrol.expertise.screening import ScreeningRecipe, ScreenInputError, screen_file
    from drugcontrol.expertise.screening_dask import SchedulerUnreachable

    day = parse_day(as_of)
    if workers is not None and workers < 1:
        fail(f"--workers must be at least 1, got {workers}")
    if scheduler and workers is not None:
        fail("--workers sets the processes of this machine; with --scheduler the cluster's workers do the work")
    recipe = ScreeningRecipe.of(load_assessor(jurisdiction, day, list_bundle, as_of_given=bool(as_of)))
    bar, update = _progress_bar()
    try:
        summary = screen_file(
            input_path,
            output,
            recipe,
            id_column=id_column,
            smiles_column=smiles_column,
            id_property=id_property,
            workers=workers,
            progress=update,
            scheduler=scheduler or None,
        )
    except ScreenInputError as exc:
        hint = {"smiles_column": " (choose one with --smiles-column)", "id_column": " (choose one with --id-column)"}
        fail(f"{exc}{hint.get(exc.field, '')}")
    except SchedulerUnreachable as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"{output}: cannot write ({exc.strerror})")
    finally:
        if bar is not None:
            bar.close()
    typer.echo(f"{summary.line()}; {recipe.jurisdiction} list as of {recipe.as_of}; written to {output}", err=True)
