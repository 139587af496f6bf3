"""Identify one structure against a list in force: from the database, or offline from a list bundle."""

from __future__ import annotations

from pathlib import Path

import typer

from drugcontrol.cli.list_sources import load_snapshot, parse_day, read_structure_arg, render_steps
from drugcontrol.cli.output import fail, print_json

LANGUAGES = ("ru", "kk", "en")


def identify(
    structure: str = typer.Argument(..., help="SMILES, InChI, or a path to a molfile."),
    as_of: str = typer.Option(None, "--as-of", help="Date the list is taken as of (YYYY-MM-DD); default today."),
    jurisdiction: str = typer.Option("KZ", help="Whose list (KZ, CN, US, ...), read from the database."),
    list_bundle: Path = typer.Option(
        None,
        "--list",
        help="Offline: a list bundle JSON file (see docs/list-bundle.md) instead of the database.",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the verdict as JSON."),
    lang: str = typer.Option("en", "--lang", help="Language of the explanation and messages: ru, kk or en."),
) -> None:
    """Is the compound listed (exact, salt, stereoisomer, isotopologue or tautomer of an entry)?"""
    from drugcontrol.chem.errors import ChemError
    from drugcontrol.listcore.identification import identify as identify_in

    if lang not in LANGUAGES:
        fail(f"--lang must be one of {', '.join(LANGUAGES)}, got {lang!r}")
    text = read_structure_arg(structure, lang)
    day = parse_day(as_of)
    snapshot = load_snapshot(jurisdiction, day, list_bundle, as_of_given=bool(as_of))
    try:
        result = identify_in(text, snapshot)
    except ChemError as exc:
        fail(f"structure: {exc}")
    entry = result.entry
    explanation = render_steps(result.steps(), lang)
    if as_json:
        print_json(
            {
                "verdict": result.verdict,
                "form": result.form,
                "jurisdiction": snapshot.jurisdiction,
                "as_of": snapshot.as_of.isoformat(),
                "query_smiles": result.query.smiles,
                "query_inchikey": result.query.inchikey,
                "entry": None
                if entry is None
                else {
                    "names": dict(entry.names),
                    "table": entry.table,
                    "number": entry.number,
                    "act": entry.added_by.to_dict() if entry.added_by else None,
                    "thresholds": [t.to_dict() for t in entry.thresholds],
                },
                "explanation": " ".join(explanation),
                "steps": [
                    {**step.to_dict(), "text": text} for step, text in zip(result.steps(), explanation, strict=True)
                ],
            }
        )
        return
    typer.secho(result.verdict.upper(), bold=True, fg=typer.colors.RED if entry else typer.colors.GREEN)
    for line in explanation:
        typer.echo(line)
    if entry is not None:
        for t in entry.thresholds:
            form = f" [{t.form}]" if t.form else ""
            typer.echo(
                f"quantities{form} ({t.unit}): small {t.raw[0] or '—'}; large {t.raw[1] or '—'}; "
                f"especially large {t.raw[2] or '—'}"
            )
