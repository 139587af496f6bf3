"""Data of the registry from the command line: import regional registers, export a record as FHIR, synthetic data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from drugcontrol.cli.django_setup import setup_django
from drugcontrol.cli.import_options import ENCODING, REJECTS, SHEET, SKIP_INVALID, map_option
from drugcontrol.cli.output import fail, fail_with

app = typer.Typer(
    help="Registry data: import regional registers, export a person's record as FHIR, generate synthetic data.",
    no_args_is_help=True,
)


def _user(username: str) -> Any:
    from django.contrib.auth import get_user_model
    from django.utils.translation import gettext as _

    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        fail(_("no user %(name)r; --actor must name a registry user") % {"name": username})
    return user


@app.command("import")
def import_register(
    path: Path = typer.Argument(..., help="CSV/TSV or XLSX file of a regional register."),
    mapping: list[str] = map_option("E.g. --map last_name=Фамилия --map iin=ИИН."),
    actor: str = typer.Option(..., help="Username of the registry administrator or regional chief importing."),
    skip_invalid: bool = SKIP_INVALID,
    rejects: Path = REJECTS,
    encoding: str = ENCODING,
    sheet: str = SHEET,
) -> None:
    """Import a regional register; every row is validated and nothing is written if any row is wrong."""
    setup_django()
    from django.utils.translation import gettext as _

    if skip_invalid and rejects is None:
        fail(_("--skip-invalid needs --rejects FILE, so that no rejected row goes unreported"))
    from drugcontrol.registry.errors import AccessDenied
    from drugcontrol.registry.importing.pipeline import create_register_import, run_register_import, stored_problems
    from drugcontrol.registry.importing.rows import parse_register_mapping
    from drugcontrol.registry.models import ImportStatus
    from drugcontrol.tabular.mapping import MappingError
    from drugcontrol.tabular.rejects import write_rejects_csv

    if not path.is_file():
        fail(_("%(path)s: no such file") % {"path": path})
    try:
        job = create_register_import(
            _user(actor), source_name=str(path), mapping=parse_register_mapping(mapping), skip_invalid=skip_invalid,
            remote_addr="cli",
        )  # fmt: skip
    except (MappingError, AccessDenied) as exc:
        fail_with(exc)
    job = run_register_import(job, path, encoding=encoding, sheet=sheet)
    problems = list(stored_problems(job))
    if rejects is not None and problems:
        with rejects.open("w", encoding="utf-8", newline="") as handle:
            write_rejects_csv(handle, problems, _)
    if job.status != ImportStatus.DONE:
        for error in problems[:200]:
            typer.echo(error.describe(_), err=True)
        if len(problems) > 200:
            typer.echo(_("... and %(count)s more") % {"count": len(problems) - 200}, err=True)
        fail(_("%(count)s error(s) in %(path)s; nothing was imported") % {"count": len(problems), "path": path})
    if problems:
        typer.echo(f"{len(problems)} problem(s) written to {rejects}", err=True)
    typer.echo(f"{job.created} of {job.total} rows imported from {path.name}")
    if job.duplicate_candidates:
        typer.echo(f"{job.duplicate_candidates} possible duplicate(s) queued for review")


@app.command()
def fhir(
    person_id: int = typer.Argument(..., help="Database id of the person."),
    actor: str = typer.Option(..., help="Username of the physician or chief exporting (the access gate applies)."),
    purpose: str = typer.Option(
        ..., help="Why the record leaves the register: one listed for the role, e.g. export (audited)."
    ),
    output: Path = typer.Option(None, "--output", "-o", help="File to write (default: standard output)."),
) -> None:
    """Export one person's record as a FHIR R4B Bundle (JSON)."""
    setup_django()
    from drugcontrol.registry.errors import AccessDenied, NotFoundForUser, RegistryError
    from drugcontrol.registry.fhir.bundle import FhirExportError
    from drugcontrol.registry.fhir.export import do_export_fhir

    try:
        bundle = do_export_fhir(person_id, actor=_user(actor), purpose=purpose, remote_addr="cli")
    except (NotFoundForUser, AccessDenied, RegistryError, FhirExportError) as exc:
        fail_with(exc)
    text = json.dumps(bundle, ensure_ascii=False, indent=2)
    if output is None:
        typer.echo(text)
    else:
        output.write_text(text, encoding="utf-8")
        typer.echo(f"{len(bundle.get('entry', []))} resources written to {output}")


@app.command()
def synthetic(
    people: int = typer.Option(1000, "--people", help="How many synthetic people (one registration each)."),
    events: int = typer.Option(10000, "--events", help="How many events (visits, tests, treatments, doses)."),
    seed: int = typer.Option(1, "--seed", help="Random seed: the same seed gives the same data."),
    batch_size: int = typer.Option(5000, help="Rows per insert where COPY is not available."),
) -> None:
    """Fill the register with synthetic people and events (never real people), by COPY on PostgreSQL."""
    setup_django()
    import time

    from drugcontrol.registry.synthetic.load import SyntheticLoadError, do_load_synthetic

    started = time.perf_counter()

    def progress(stage: str, count: int) -> None:
        typer.echo(f"{stage}: {count:,} written ({time.perf_counter() - started:.1f} s)", err=True)

    try:
        summary = do_load_synthetic(people, events, seed=seed, batch_size=batch_size, progress=progress)
    except SyntheticLoadError as exc:
        fail(str(exc))
    typer.echo(
        f"{summary.people:,} people and {sum(summary.events.values()):,} events written on {summary.backend} "
        f"in {time.perf_counter() - started:.1f} s ({', '.join(f'{k} {v:,}' for k, v in summary.events.items())})"
    )
