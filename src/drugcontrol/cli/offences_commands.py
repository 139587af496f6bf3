"""`drugcontrol offences ...`: qualify a seizure by the law in force on the date; import and demo data."""

from __future__ import annotations

from pathlib import Path

import typer

from drugcontrol.cli.django_setup import setup_django
from drugcontrol.cli.import_options import REJECTS, SKIP_INVALID, map_option
from drugcontrol.cli.output import fail, print_json

app = typer.Typer(help="Offences, seizures and drug laboratories.", no_args_is_help=True)
LANGUAGES = ("ru", "kk", "en")


@app.command()
def qualify(
    substance: str = typer.Option("", "--substance", help="Name of the substance as the list writes it."),
    smiles: str = typer.Option("", "--smiles", help="Structure (SMILES): assessed by the expertise engine."),
    mass: str = typer.Option(None, "--mass", help="Net mass in grams."),
    plants: str = typer.Option(None, "--plants", help="Number of plants (cultivation)."),
    day: str = typer.Option(..., "--date", help="Date of the act and seizure, YYYY-MM-DD."),
    action: str = typer.Option(..., "--action", help="possession, sale, transport_for_sale, manufacture, ..."),
    form: str = typer.Option("", "--form", help="dried, undried, solution, tablets, plants, dry_residue, ..."),
    circumstance: list[str] = typer.Option([], "--circumstance", help="group, criminal_group, repeated, ..."),
    as_json: bool = typer.Option(False, "--json", help="Print size, basis, article, part and penalty as JSON."),
    lang: str = typer.Option("en", "--lang", help="Language of the answer: ru, kk or en."),
) -> None:
    """Quantity class, article, part and penalty under the Criminal Code in force on the date (and before/after
    the 2025 reform side by side)."""
    if lang not in LANGUAGES:
        fail(f"--lang must be one of {', '.join(LANGUAGES)}, got {lang!r}")
    setup_django()
    from django.utils import translation

    from drugcontrol.errors import InputRefused
    from drugcontrol.offences.qualification import SeizureInput, qualify_seizures
    from drugcontrol.offences.rendering import article_label, penalty_text, size_label

    if substance and smiles:
        fail("give --substance or --smiles, not both")
    with translation.override(lang):
        try:
            result = qualify_seizures(
                [SeizureInput(substance=substance, smiles=smiles, mass=mass, plants=plants, form=form)],
                action=action,
                act_date=day,
                circumstances=circumstance,
            )
        except InputRefused as exc:
            fail(f"--{exc.field}: {exc.render(translation.gettext)}" if exc.field else exc.render(translation.gettext))
        data = result.to_dict()
        if as_json:
            data["penalty_text"] = penalty_text(data["penalty"])
            for other in data["side_by_side"]:
                other["penalty_text"] = penalty_text(other["penalty"])
            print_json(data)
            return
        basis = data["basis"]
        typer.echo(f"{translation.gettext('size')}: {size_label(data['size'])}")
        if basis:
            typer.echo(
                f"{translation.gettext('basis')}: {basis['name']} ({translation.gettext('table')} {basis['table']}, "
                f"{basis['relation']})"
            )
        typer.secho(f"{article_label(data['article'], data['part'])} [{data['code_version']}]", bold=True)
        typer.echo(f"{translation.gettext('penalty')}: {penalty_text(data['penalty'])}")
        for other in data["side_by_side"]:
            typer.echo(
                f"  {other['code_version']}: {article_label(other['article'], other['part'])} — "
                f"{penalty_text(other['penalty'])}"
            )


@app.command("import")
def import_file(
    path: Path = typer.Argument(..., exists=True, dir_okay=False),
    user: str = typer.Option(..., "--user", help="The investigator the records are written as."),
    mapping: list[str] = map_option("E.g. --map case_number=No --map net_g=Mass."),
    skip_invalid: bool = SKIP_INVALID,
    rejects: Path = REJECTS,
) -> None:
    """Import cases and seizures from CSV/XLSX (one row per seizure), all-or-nothing unless --skip-invalid."""
    setup_django()
    from django.contrib.auth import get_user_model
    from django.utils.translation import gettext

    from drugcontrol.offences.importing import run_import_file
    from drugcontrol.tabular.rejects import write_rejects_csv

    actor = get_user_model().objects.filter(username=user).first()
    if actor is None:
        fail(f"--user: no user {user!r}")
    result = run_import_file(path, actor=actor, mapping=mapping, skip_invalid=skip_invalid)
    typer.echo(f"written: {result.written}; rejected: {len(result.problems)}")
    for problem in result.problems[:20]:
        typer.echo(f"  {problem.describe(gettext)}")
    if rejects is not None and result.problems:
        with rejects.open("w", encoding="utf-8", newline="") as handle:
            write_rejects_csv(handle, result.problems, gettext)
    if result.problems and not skip_invalid:
        raise typer.Exit(1)


@app.command("demo")
def demo(cases: int = typer.Option(300, "--cases", help="How many synthetic cases.")) -> None:
    """Load synthetic demo cases (never real people)."""
    setup_django()
    from drugcontrol.offences.demo import do_load_offences_demo

    typer.echo(do_load_offences_demo(actor="setup", cases=cases))
