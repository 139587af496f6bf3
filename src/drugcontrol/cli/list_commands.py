"""Control lists from the command line: show a list as of a date, diff, history, import and export."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import typer

from drugcontrol.cli.django_setup import setup_django
from drugcontrol.cli.import_options import ENCODING, NULL, SHEET, map_option
from drugcontrol.cli.list_sources import parse_day
from drugcontrol.cli.output import fail, print_json, print_table

app = typer.Typer(help="Control lists: versions by date, diffs, histories, imports and exports.", no_args_is_help=True)


def _snapshot(jurisdiction: str, day: date):
    setup_django()
    from drugcontrol.lists.snapshots import UnknownJurisdiction, snapshot_as_of

    try:
        return snapshot_as_of(jurisdiction, day)
    except UnknownJurisdiction as exc:
        fail(str(exc))


@app.command()
def show(
    jurisdiction: str = typer.Argument("KZ", help="Jurisdiction code."),
    as_of: str = typer.Option(None, "--as-of", help="Date (YYYY-MM-DD); default today."),
    table: str = typer.Option(None, help="Only this table."),
) -> None:
    """Print the list exactly as it was in force on a date."""
    snapshot = _snapshot(jurisdiction, parse_day(as_of, "--as-of"))
    entries = [e for e in snapshot.entries if table is None or e.table == table]
    print_table(
        ["table", "no", "name", "kind", "act", "from"],
        [
            (
                e.table,
                e.number,
                e.name("ru"),
                e.kind,
                e.added_by.number if e.added_by else "",
                e.valid_from or "",
            )
            for e in entries
        ],
    )
    typer.echo(f"{len(entries)} entries in force on {snapshot.as_of}")


@app.command()
def diff(
    jurisdiction: str = typer.Argument("KZ", help="Jurisdiction code."),
    date_from: str = typer.Option(..., "--from", help="Earlier date (YYYY-MM-DD)."),
    date_to: str = typer.Option(None, "--to", help="Later date (YYYY-MM-DD); default today."),
) -> None:
    """What was added, removed or changed between two dates."""
    setup_django()
    from drugcontrol.lists.snapshots import UnknownJurisdiction, list_diff

    try:
        result = list_diff(jurisdiction, parse_day(date_from, "--from"), parse_day(date_to, "--to"))
    except UnknownJurisdiction as exc:
        fail(str(exc))
    rows = [("added", e.table, e.number, e.name("ru"), e.added_by.number if e.added_by else "") for e in result.added]
    rows += [("removed", e.table, e.number, e.name("ru"), "") for e in result.removed]
    rows += [
        ("changed", c.after.table, c.after.number, c.after.name("ru"), ", ".join(c.fields)) for c in result.changed
    ]
    print_table(["change", "table", "no", "name", "act / fields"], rows)
    typer.echo(
        f"{len(result.added)} added, {len(result.removed)} removed, {len(result.changed)} changed "
        f"between {result.date_from} and {result.date_to}"
    )


@app.command()
def history(
    name: str = typer.Argument(..., help="Substance name (any language), INN, CAS or database id."),
) -> None:
    """Every version of a substance's entries, in every jurisdiction."""
    setup_django()
    from drugcontrol.lists.search import find_substances
    from drugcontrol.lists.snapshots import substance_history

    found = find_substances(name)
    if not found:
        fail(f"no substance matches {name!r}")
    for substance in found[:5]:
        typer.secho(f"{substance.name_ru or substance.name_en} / {substance.name_en} (#{substance.pk})", bold=True)
        print_table(
            ["jurisdiction", "table", "from", "until", "set by", "ended by"],
            [
                (
                    s.jurisdiction,
                    f"{s.table} {s.number}",
                    s.valid_from,
                    s.valid_to or "—",
                    s.added_by.label,
                    s.ended_by.label if s.ended_by else "",
                )
                for s in substance_history(substance)
            ],
        )


@app.command("import")
def import_list(
    path: Path = typer.Argument(..., help="CSV/TSV, XLSX or SDF file."),
    jurisdiction: str = typer.Option(..., help="Jurisdiction code the list belongs to."),
    mapping: list[str] = map_option("E.g. --map name_en=Name --map table=list_id."),
    null: list[str] = NULL,
    default_effective_date: str = typer.Option(None, help="Effective date for rows without one (YYYY-MM-DD)."),
    act_number: str = typer.Option(None, help="Number of the act that sets this list (default: the file name)."),
    act_title: str = typer.Option("", help="Title of the act."),
    act_signed: str = typer.Option(None, help="Date the act was signed (YYYY-MM-DD)."),
    act_in_force: str = typer.Option(None, help="Date the act takes effect (YYYY-MM-DD)."),
    replace: bool = typer.Option(
        False, help="The file is the whole list: entries missing from it end on the effective date."
    ),
    encoding: str = ENCODING,
    sheet: str = SHEET,
    background: bool = typer.Option(
        False, help="Queue the import for `drugcontrol worker` instead of running it here (the file must stay)."
    ),
) -> None:
    """Import an official list; every row is validated and nothing is written if any row is wrong."""
    setup_django()
    from drugcontrol.listcore.import_rows import MappingError, parse_mapping
    from drugcontrol.lists.actions.list_imports import ActInput, ImportRejected, do_import_list
    from drugcontrol.tabular.reading import TableReadError

    try:
        column_mapping = parse_mapping(mapping, null_values=null)
    except MappingError as exc:
        fail(str(exc))
    default = parse_day(default_effective_date, "--default-effective-date") if default_effective_date else None
    act = ActInput(
        number=act_number or path.name,
        title=act_title,
        signed_on=parse_day(act_signed, "--act-signed") if act_signed else None,
        in_force_from=parse_day(act_in_force, "--act-in-force") if act_in_force else default,
    )
    if background:
        _queue_import(path, jurisdiction, mapping, null, act, default, replace, encoding, sheet)
        return
    try:
        report = do_import_list(
            path,
            jurisdiction_code=jurisdiction.upper(),
            mapping=column_mapping,
            act=act,
            default_effective=default,
            replace=replace,
            encoding=encoding,
            sheet=sheet,
            actor="cli",
        )
    except TableReadError as exc:
        fail(f"{path}: {exc}")
    except ImportRejected as exc:
        for error in exc.errors[:200]:
            typer.echo(str(error), err=True)
        if len(exc.errors) > 200:
            typer.echo(f"... and {len(exc.errors) - 200} more", err=True)
        fail(f"{len(exc.errors)} error(s) in {path}; nothing was imported")
    for warning in report.warnings:
        typer.secho(f"warning: {warning}", fg=typer.colors.YELLOW, err=True)
    typer.echo(report.summary())


def _queue_import(path: Path, jurisdiction: str, mapping: list[str], null: list[str], act: Any, default: Any,
                  replace: bool, encoding: str | None, sheet: str | None) -> None:  # fmt: skip
    """Queue the import as a task (same arguments, as JSON) and say how to follow it."""
    from drugcontrol.lists.tasks import import_list_file

    if not path.is_file():
        fail(f"{path}: no such file")
    queued = import_list_file.enqueue(
        path=str(path.resolve()),
        jurisdiction=jurisdiction.upper(),
        mapping=list(mapping),
        null_values=list(null),
        act={
            "number": act.number,
            "title": act.title,
            "signed_on": act.signed_on.isoformat() if act.signed_on else None,
            "in_force_from": act.in_force_from.isoformat() if act.in_force_from else None,
        },
        default_effective=default.isoformat() if default else None,
        replace=replace,
        encoding=encoding,
        sheet=sheet,
        actor="cli",
    )
    typer.echo(f"queued as task {queued.id}; `drugcontrol worker` runs it (the audit log records the import)")


@app.command()
def export(
    jurisdiction: str = typer.Argument("KZ", help="Jurisdiction code."),
    as_of: str = typer.Option(None, "--as-of", help="Date (YYYY-MM-DD); default today."),
    fmt: str = typer.Option("bundle", "--format", help="bundle (JSON, for offline use), csv or sdf."),
    output: Path = typer.Option(..., "--output", "-o", help="File to write."),
) -> None:
    """Write the list as of a date as CSV, SDF or a self-contained list bundle."""
    snapshot = _snapshot(jurisdiction, parse_day(as_of, "--as-of"))
    if fmt == "bundle":
        from django.utils import timezone

        from drugcontrol.listcore.bundle import write_bundle
        from drugcontrol.lists.assessors import bundle_extras

        extras = bundle_extras(snapshot.jurisdiction, snapshot.as_of)
        write_bundle(snapshot, output, generated_at=timezone.now(), **extras)
    elif fmt == "csv":
        from drugcontrol.listcore.exporting import snapshot_to_csv

        output.write_text(snapshot_to_csv(snapshot), encoding="utf-8")
    elif fmt == "sdf":
        from drugcontrol.listcore.exporting import snapshot_to_sdf

        output.write_text(snapshot_to_sdf(snapshot), encoding="utf-8")
    else:
        fail(f"--format {fmt!r}: expected bundle, csv or sdf")
    typer.echo(f"wrote {len(snapshot.entries)} entries of {snapshot.jurisdiction} as of {snapshot.as_of} to {output}")


@app.command("jurisdictions")
def jurisdictions(as_json: bool = typer.Option(False, "--json", help="Print as JSON.")) -> None:
    """The jurisdictions whose lists are kept, with their table labels."""
    setup_django()
    from drugcontrol.lists.search import jurisdiction_summaries

    rows = jurisdiction_summaries()
    if as_json:
        print_json(rows)
        return
    print_table(["code", "name", "tables"], [(r["code"], r["name_en"], ", ".join(r["tables"])) for r in rows])
