"""`drugcontrol warning`: notifications in and out, screening, coverage, draft amendments, the Decree 366 procedure,
time to control."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from drugcontrol.cli.django_setup import ensure_data_dir, setup_django
from drugcontrol.cli.import_options import REJECTS, SKIP_INVALID, map_option
from drugcontrol.cli.list_sources import parse_day
from drugcontrol.cli.output import fail, print_json, print_table

app = typer.Typer(help=__doc__, no_args_is_help=True)


@app.command("import")
def import_file(
    path: Path = typer.Argument(..., help="CSV/TSV, XLSX or SDF file of notifications, or a JSON document."),
    mapping: list[str] = map_option("E.g. --map name=Name --map smiles=SMILES --map reported_on=Date."),
    skip_invalid: bool = SKIP_INVALID,
    rejects: Path = REJECTS,
    sender: str = typer.Option("", help="Who sent the notifications, for rows without a sender column."),
    background: bool = typer.Option(False, help="Queue the import for `drugcontrol worker` (large files)."),
) -> None:
    """Import notifications; each is screened against Kazakhstan's list in force today."""
    setup_django()
    from django.utils.translation import gettext

    from drugcontrol.earlywarning.actions.importing import (
        ALL_OR_NOTHING,
        SKIP_INVALID,
        do_queue_import,
        import_notifications,
    )
    from drugcontrol.earlywarning.actions.recording import DocumentRejected, do_receive_document
    from drugcontrol.tabular.mapping import MappingError
    from drugcontrol.tabular.rejects import write_rejects_csv

    if not path.is_file():
        fail(f"{path}: no such file")
    if path.suffix.lower() == ".json":
        try:
            stored = do_receive_document(path.read_bytes(), actor="cli", source=f"file {path.name}")
        except DocumentRejected as exc:
            for problem in exc.problems[:200]:
                typer.echo(f"{problem.field}: {problem.message}", err=True)
            fail(f"{len(exc.problems)} problem(s) in {path}; nothing was recorded")
        typer.echo(f"{len(stored)} notification(s) recorded")
        return
    mode = SKIP_INVALID if skip_invalid else ALL_OR_NOTHING
    try:
        if background:
            ensure_data_dir()
            job = do_queue_import(path, list(mapping), mode=mode, actor="cli", sender=sender)
            typer.echo(f"queued as import {job.pk} (task {job.task_id}); `drugcontrol worker` runs it")
            return
        outcome = import_notifications(path, list(mapping), mode=mode, actor="cli", sender=sender)
    except MappingError as exc:
        fail(str(exc))
    for problem in outcome.problems[:200]:
        typer.echo(str(problem), err=True)
    if outcome.problems and rejects is not None:
        with rejects.open("w", encoding="utf-8", newline="") as handle:
            write_rejects_csv(handle, outcome.problems, gettext)
        typer.echo(f"rejected rows written to {rejects}", err=True)
    if outcome.problems and not outcome.written:
        fail(f"{len(outcome.problems)} problem(s) in {path}; nothing was recorded")
    typer.echo(f"{outcome.imported} notification(s) recorded, {outcome.rejected_rows} row(s) rejected")


@app.command("export")
def export(
    output: Path = typer.Option(None, "--output", "-o", help="File to write (default: standard output)."),
    fmt: str = typer.Option(
        "", "--format", help="json, csv, xlsx or sdf (default: from the output's extension, else json)."
    ),
) -> None:
    """Kazakhstan's own first detections (our notifications and seizures of new substances) for partners: the
    notifications document (docs/notification.schema.json), or CSV/XLSX/SDF in the import's column names."""
    setup_django()
    from drugcontrol.earlywarning.exporting import FORMATS, own_detections_document, table_rows

    fmt = (fmt or (output.suffix.lstrip(".") if output is not None else "") or "json").lower()
    if fmt not in ("json", *FORMATS):
        fail(f"--format {fmt!r}: one of json, {', '.join(FORMATS)}")
    if fmt == "json":
        content: str | bytes = json.dumps(own_detections_document(), ensure_ascii=False, indent=2) + "\n"
    else:
        content = FORMATS[fmt][1](table_rows())
    if output is None:
        if isinstance(content, bytes):
            fail("an XLSX export needs --output")
        sys.stdout.write(content)
    else:
        output.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        typer.echo(f"written to {output}")


@app.command("schema")
def schema() -> None:
    """Print the JSON Schema of the notifications format (the copy in docs/ is this output)."""
    from drugcontrol.earlywarning.core.json_format import SCHEMA_PATH

    sys.stdout.write(SCHEMA_PATH.read_text(encoding="utf-8"))


@app.command("screen")
def screen(as_of: str = typer.Option(None, help="The list in force on this date (default: today).")) -> None:
    """Screen every notification again against Kazakhstan's list (after the list changed)."""
    setup_django()
    from drugcontrol.earlywarning.actions.screening import do_screen_notifications

    counts = do_screen_notifications(actor="cli", day=parse_day(as_of) if as_of else None)
    typer.echo(", ".join(f"{verdict}: {count}" for verdict, count in sorted(counts.items())) or "no notifications")


@app.command("coverage")
def coverage(as_json: bool = typer.Option(False, "--json", help="Print as JSON.")) -> None:
    """The substances Kazakhstan's list does not cover, ranked by grounds for listing, reports and seizures."""
    setup_django()
    from drugcontrol.earlywarning.actions.screening import uncovered_ranked

    rows = uncovered_ranked()
    if as_json:
        print_json(
            [
                {k: v for k, v in r.items() if k not in ("first", "notifications")}
                | {"ids": [n.pk for n in r["notifications"]]}
                for r in rows
            ]
        )
        return
    print_table(
        ["ids", "name", "score", "UN", "EAEU", "countries", "seized here"],
        [
            [
                ",".join(str(n.pk) for n in r["notifications"]),
                r["name"],
                r["score"],
                len(r["grounds"].get("un", [])),
                ", ".join(e["jurisdiction"] for e in r["grounds"].get("eaeu", [])),
                ", ".join(r["grounds"].get("countries", [])),
                r["grounds"].get("seized_here", 0),
            ]
            for r in rows
        ],
    )


@app.command("draft-amendment")
def draft_amendment(
    output: Path = typer.Option(..., "--output", "-o", help="draft.docx or draft.pdf"),
    uncovered: bool = typer.Option(False, "--uncovered", help="Every substance the list does not cover."),
    ids: str = typer.Option("", "--ids", help="Notification ids, comma-separated."),
) -> None:
    """A draft amendment to Decree 470 for the chosen substances, with its justification note (DOCX or PDF)."""
    setup_django()
    from django.utils import timezone

    from drugcontrol.earlywarning.drafting.content import build_draft
    from drugcontrol.earlywarning.drafting.render import write_draft
    from drugcontrol.earlywarning.models import Notification

    if uncovered == bool(ids):
        fail("give either --uncovered or --ids")
    if uncovered:
        chosen = list(Notification.objects.filter(covered=False).exclude(status="retracted"))
    else:
        try:
            wanted = [int(i) for i in ids.split(",") if i.strip()]
        except ValueError:
            fail(f"--ids {ids!r}: expected numbers separated by commas")
        chosen = list(Notification.objects.filter(pk__in=wanted))
        missing = sorted(set(wanted) - {n.pk for n in chosen})
        if missing:
            fail(f"no notification with id {', '.join(map(str, missing))}")
    if not chosen:
        fail("no substance to include")
    if output.suffix.lower() not in (".docx", ".pdf"):
        fail(f"{output}: the output must end in .docx or .pdf")
    draft = build_draft(chosen, prepared_on=timezone.localdate())
    write_draft(draft, output)
    typer.echo(f"{len(draft.rows)} substance(s) written to {output}")


@app.command("open-procedure")
def open_procedure(
    ids: str = typer.Option(..., "--ids", help="Notification ids, comma-separated."),
    conclusion_on: str = typer.Option(..., help="Date of the forensic expert's conclusion (YYYY-MM-DD)."),
) -> None:
    """Start the Decree 366 procedure for the chosen substances."""
    setup_django()
    from drugcontrol.earlywarning.actions.procedure import do_open_procedures

    cases = do_open_procedures(
        [int(i) for i in ids.split(",") if i.strip()],
        conclusion_on=parse_day(conclusion_on, "--conclusion-on"),
        actor="cli",
    )
    typer.echo(f"{len(cases)} procedure(s) opened")


@app.command("step")
def step(
    procedure: int = typer.Argument(..., help="Procedure id."),
    code: str = typer.Argument(
        ..., help="Step: proposal, forensic_request, quantities, draft, approvals, decree, incb_notice."
    ),
    done_on: str = typer.Option(..., help="Date the step was done (YYYY-MM-DD)."),
) -> None:
    """Record a step of the procedure as done; the next steps get their due dates."""
    setup_django()
    from drugcontrol.earlywarning.actions.procedure import do_complete_step
    from drugcontrol.earlywarning.core.procedure import STEP_CODES
    from drugcontrol.earlywarning.models import ProcedureCase
    from drugcontrol.errors import InputRefused

    if code not in STEP_CODES:
        fail(f"unknown step {code!r}; steps are {', '.join(STEP_CODES)}")
    case = ProcedureCase.objects.filter(pk=procedure).first()
    if case is None:
        fail(f"no procedure {procedure}")
    try:
        do_complete_step(case, code, done_on=parse_day(done_on, "--done-on"), actor="cli")
    except InputRefused as exc:
        fail(str(exc))
    typer.echo(f"{case.name}: {code} done")


@app.command("remind")
def remind() -> None:
    """Alert the list administrators of every overdue step (run daily)."""
    setup_django()
    from drugcontrol.earlywarning.actions.procedure import do_send_reminders

    typer.echo(f"{do_send_reminders(actor='cli')} overdue step(s)")


@app.command("apply-amendment")
def apply_amendment(
    procedures: str = typer.Option(..., "--procedures", help="Procedure ids, comma-separated."),
    act_number: str = typer.Option(..., help="Number of the adopted decree."),
    signed_on: str = typer.Option(..., help="Date it was signed (YYYY-MM-DD)."),
    in_force_from: str = typer.Option(..., help="Date it comes into force (YYYY-MM-DD)."),
) -> None:
    """Apply an adopted decree: its substances become the next version of Kazakhstan's list."""
    setup_django()
    from drugcontrol.earlywarning.actions.procedure import do_apply_amendment
    from drugcontrol.earlywarning.models import ProcedureCase
    from drugcontrol.errors import InputRefused

    cases = list(ProcedureCase.objects.filter(pk__in=[int(i) for i in procedures.split(",") if i.strip()]))
    if not cases:
        fail("no such procedure")
    try:
        report = do_apply_amendment(
            cases,
            act_number=act_number,
            signed_on=parse_day(signed_on, "--signed-on"),
            in_force_from=parse_day(in_force_from, "--in-force-from"),
            actor="cli",
        )
    except InputRefused as exc:
        fail(str(exc))
    typer.echo(report.summary())


@app.command("time-to-control")
def time_to_control(as_json: bool = typer.Option(False, "--json", help="Print as JSON.")) -> None:
    """Days from first detection (anywhere, here) to control in force, per substance and per amendment."""
    setup_django()
    from drugcontrol.earlywarning.timing import act_figures
    from drugcontrol.earlywarning.timing import time_to_control as rows_of

    rows = rows_of()
    acts = act_figures()
    if as_json:
        print_json({"substances": [r.__dict__ for r in rows], "acts": acts})
        return
    print_table(
        ["act", "signed", "in force", "days", "substances added", "in-force date"],
        [
            [
                a["act"],
                a["signed_on"],
                a["in_force_from"],
                a["days"],
                a["added"],
                "estimated" if a["estimated"] else "published",
            ]
            for a in acts
        ],
    )
    typer.echo("")
    print_table(
        ["substance", "act", "in force", "days from first detection anywhere", "days from first here"],
        [
            [
                r.name,
                r.act,
                r.in_force,
                r.days_from_anywhere if r.days_from_anywhere is not None else "—",
                r.days_from_here if r.days_from_here is not None else "—",
            ]
            for r in rows
        ],
    )
