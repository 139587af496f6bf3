"""`drugcontrol monitor`: score texts in bulk, train the drug-offer model, verify an evidence package offline,
export the block list."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path

import typer

from drugcontrol.cli.django_setup import setup_django
from drugcontrol.cli.output import fail, print_json

app = typer.Typer(
    help="Online-market monitoring: score texts for drug offers, train the model, verify evidence, block list.",
    no_args_is_help=True,
)
WEB_DATA = Path("../shared/data/web")


@app.command()
def score(
    input_path: Path = typer.Argument(..., metavar="INPUT.csv", help="CSV/TSV or XLSX file with a text column."),
    text_column: str = typer.Option(..., "--text-column", help="The column with the texts."),
    output: Path = typer.Option(..., "--output", "-o", help="CSV to write: the input rows, then score and verdict."),
    model: Path = typer.Option(None, "--model", help="Model file (default: the installation's, see settings)."),
) -> None:
    """Write every row of INPUT in the same order with two more columns: `score` (0–1) and `verdict`
    (`offer` or `no_offer` at the model's threshold)."""
    setup_django()
    from django.conf import settings
    from django.utils.translation import gettext as _

    from drugcontrol.errors import InputRefused
    from drugcontrol.importing import read_limits, translated
    from drugcontrol.monitoring.scoring.bulk import score_table
    from drugcontrol.monitoring.scoring.model import ModelMissing, load_model
    from drugcontrol.tabular.errors import TabularError

    path = model or Path(settings.MONITORING_MODEL_PATH)
    try:
        offer_model = load_model(path)
    except ModelMissing:
        fail(_("no drug-offer model at %(path)s; run `drugcontrol monitor train` first") % {"path": path})
    partial = output.with_name(output.name + ".partial")
    try:
        with partial.open("w", encoding="utf-8", newline="") as out:
            result = score_table(input_path, out, text_column=text_column, model=offer_model, limits=read_limits())
    except InputRefused as exc:
        partial.unlink(missing_ok=True)
        fail(f"{input_path.name}: {exc.render(_)}")
    except TabularError as exc:
        partial.unlink(missing_ok=True)
        fail(f"{input_path.name}: {translated(exc)}")
    partial.replace(output)
    typer.echo(_("%(rows)s rows scored, %(offers)s offers; written to %(output)s")
               % {"rows": result.rows, "offers": result.offers, "output": output}, err=True)  # fmt: skip


@app.command()
def train(
    data: Path = typer.Option(WEB_DATA, "--data", help="The folder of the training texts (../shared/data/web)."),
    output: Path = typer.Option(None, "--output", "-o", help="Model file (default: the installation's)."),
    sample: int = typer.Option(None, help="At most this many texts per split and label: a quick small model for "
                               "tests, not for use (its figures are not the model's; see docs/models/drug-offer.md)."),
) -> None:
    """Train the drug-offer model reproducibly; prints what it measured on the validation and test splits."""
    setup_django()
    from django.conf import settings

    from drugcontrol.monitoring.scoring.training import train_model

    if not (data / "drug_offer_listings_ru.csv").exists():
        fail(f"{data}: the training texts (drug_offer_listings_ru.csv, telegram_posts_ru.csv, darknet_pages_en/) "
             "are not there")  # fmt: skip
    model, report = train_model(data, sample=sample)
    target = output or Path(settings.MONITORING_MODEL_PATH)
    model.save(target)
    print_json({"model": str(target), "version": model.version, **report.as_dict()})


@app.command()
def verify(package: Path = typer.Argument(..., help="An evidence package (.zip) of a case.")) -> None:
    """Verify an evidence package offline: each file against SHA256SUMS, each WARC record against its SHA-256 and
    the manifest. Prints every check; exit 1 when any fails."""
    from drugcontrol.messages import render
    from drugcontrol.monitoring.evidence.package import verify_package

    report = verify_package(package)
    for check in report.checks:
        mark = "ok  " if check.passed else "FAIL"
        typer.echo(f"{mark} {render(check.code, check.params)}")
    typer.echo("verified" if report.passed else "NOT verified")
    if not report.passed:
        raise typer.Exit(1)


@app.command()
def blocklist(
    since: str = typer.Option(None, help="Only the changes since this moment (ISO 8601): a delta."),
    actor: str = typer.Option(..., "--as", help="The cyber-police user the export is made as (audited)."),
) -> None:
    """The block list as JSON (format: docs/monitoring-blocklist.md), in full or as a delta."""
    setup_django()
    from django.contrib.auth import get_user_model

    from drugcontrol.monitoring.actions.blocklist import do_export_blocklist

    user = get_user_model().objects.filter(username=actor).first()
    if user is None:
        fail(f"no user {actor}")
    moment = datetime.fromisoformat(since) if since else None
    json.dump(do_export_blocklist(actor=user, since=moment), sys.stdout, ensure_ascii=False, indent=2)
    typer.echo()
