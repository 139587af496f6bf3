"""Assess one structure: listed, analogue, group, similar or not controlled; optionally print the report."""

from __future__ import annotations

import getpass
from datetime import datetime
from pathlib import Path

import typer

from drugcontrol.cli.list_sources import load_assessor, parse_day, read_structure_arg
from drugcontrol.cli.output import print_json

_COLOURS = {
    "listed": typer.colors.RED,
    "analogue": typer.colors.RED,
    "group": typer.colors.RED,
    "suspected": typer.colors.MAGENTA,
    "similar": typer.colors.YELLOW,
    "not_controlled": typer.colors.GREEN,
    "undetermined": typer.colors.YELLOW,
}


def assess(
    structure: str = typer.Argument(..., help="SMILES, InChI, or a path to a molfile."),
    as_of: str = typer.Option(None, "--as-of", help="Date the list is taken as of (YYYY-MM-DD); default today."),
    jurisdiction: str = typer.Option("KZ", help="Whose list (KZ, CN, ...), read from the database."),
    list_bundle: Path = typer.Option(
        None, "--list", help="Offline: a list bundle JSON file (docs/list-bundle.md) instead of the database."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the assessment as JSON."),
    report: Path = typer.Option(
        None, "--report", help="Also write the expert report as PDF (or HTML when the name ends in .html)."
    ),
    lang: str = typer.Option("ru", "--lang", help="Language of the report: ru, kk or en."),
) -> None:
    """One verdict: listed, analogue, group, suspected, similar, not_controlled, invalid (exit code 1) or
    undetermined."""
    text = read_structure_arg(structure)
    day = parse_day(as_of)
    assessor = load_assessor(jurisdiction, day, list_bundle, as_of_given=bool(as_of))
    assessment = assessor.assess(text)
    if as_json:
        print_json(assessment.to_dict())
    else:
        typer.secho(assessment.verdict.upper(), bold=True, fg=_COLOURS.get(assessment.verdict))
        for line in assessment.explanation:
            typer.echo(f"- {line}")
        if assessment.rule:
            typer.echo(f"rule: {assessment.rule}")
        if assessment.methodology is not None:
            typer.echo(f"methodology: {assessment.methodology.label}")
        for t in assessment.thresholds:
            form = f" [{t.form}]" if t.form else ""
            typer.echo(
                f"quantities{form} ({t.unit}): small {t.raw[0] or '—'}; large {t.raw[1] or '—'}; "
                f"especially large {t.raw[2] or '—'}"
            )
    if report is not None:
        _write_report(report, text, assessor, database=list_bundle is None, lang=lang)
    if assessment.verdict == "invalid":
        raise typer.Exit(1)


def _write_report(path: Path, text: str, assessor, *, database: bool, lang: str) -> None:
    """With the database: a numbered, audited report. Offline: an unregistered report named by the input hash."""
    from drugcontrol.cli.django_setup import setup_django

    setup_django()
    from django.utils import translation

    from drugcontrol import __version__
    from drugcontrol.expertise.report import report_content
    from drugcontrol.lists.report_rendering import render_report_html, render_report_pdf

    with translation.override(lang):
        if database:
            from drugcontrol.lists.actions.expert_reports import do_create_report

            stored = do_create_report(structure=text, assessor=assessor, actor=f"cli:{getpass.getuser()}", lang=lang)
            content, record = stored.content, stored
        else:
            assessment = assessor.assess(text)
            number = f"{assessor.jurisdiction}-OFFLINE-{assessment.input_sha256[:12]}"
            content = report_content(
                assessment,
                structure=text,
                number=number,
                generated_at=datetime.now().astimezone(),
                software_version=__version__,
                acts=assessor.snapshot.acts,
                groups_in_force=assessor.groups_in_force,
                substituents_as_of=assessor.as_of.isoformat() if assessor.substituents is not None else "",
                lang=lang,
            )
            record = None
        if path.suffix.lower() in {".html", ".htm"}:
            path.write_text(render_report_html(content, record), encoding="utf-8")
        else:
            path.write_bytes(render_report_pdf(content, record))
    typer.echo(f"report {content['number']} written to {path}", err=True)
