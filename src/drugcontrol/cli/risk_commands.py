"""`drugcontrol expertise …`: build the NPS-likeness model from the reference data."""

from __future__ import annotations

import os
import time
from pathlib import Path

import typer

from drugcontrol.cli.output import fail, print_json

app = typer.Typer(help="Expertise tools: the NPS-likeness model.", no_args_is_help=True)

REFERENCE_ENV = "DRUGCONTROL_REFERENCE_DATA"


def default_reference_dir() -> Path:
    """``$DRUGCONTROL_REFERENCE_DATA``, else ``../shared/data`` beside the working folder or beside the source tree."""
    named = os.environ.get(REFERENCE_ENV)
    if named:
        return Path(named)
    for base in (Path.cwd(), Path(__file__).resolve().parents[3]):
        candidate = base.parent / "shared" / "data"
        if candidate.is_dir():
            return candidate
    return Path.cwd().parent / "shared" / "data"


@app.command("train-risk")
def train_risk(
    output: Path = typer.Option(
        None, "--output", "-o", help="Model file to write (default: $DRUGCONTROL_RISK_MODEL or DATA_DIR/models/)."
    ),
    data: Path = typer.Option(
        None, "--data", help=f"Reference data folder (default: ${REFERENCE_ENV} or ../shared/data)."
    ),
    seed: int = typer.Option(None, help="Random seed (default: the fixed seed of the model card)."),
    sources: str = typer.Option(
        None,
        help="Only these sources, comma-separated (KZ,CN,US,Cayman,SWGDRUG,PiHKAL,Tox21,medicines): a small model.",
    ),
    rounds: int = typer.Option(None, help="Boosting rounds (default: the model card's)."),
    folds: int = typer.Option(None, help="Cross-validation folds (default: the model card's)."),
    as_json: bool = typer.Option(False, "--json", help="Print the model's figures as JSON."),
) -> None:
    """Train the NPS-likeness model (reproducible: the same data and seed give the same file) and write it.

    The threshold is chosen by cross-validation on the training data (0.5 % false positives); the figures,
    the data hashes and the version are stored in the file and printed.
    """
    from drugcontrol.expertise.risk.data import SOURCES
    from drugcontrol.expertise.risk.model import default_model_path
    from drugcontrol.expertise.risk.train import FOLDS, ROUNDS, SEED, train_from_folder

    folder = data or default_reference_dir()
    if not folder.is_dir():
        fail(f"reference data folder not found: {folder} (give it with --data or {REFERENCE_ENV})")
    chosen = tuple(s.strip() for s in sources.split(",") if s.strip()) if sources else None
    unknown = sorted(set(chosen or ()) - {s.code for s in SOURCES})
    if unknown:
        fail(f"--sources: unknown source(s) {', '.join(unknown)}; known: {', '.join(s.code for s in SOURCES)}")
    if (rounds is not None and rounds < 1) or (folds is not None and folds < 2):
        fail("--rounds must be at least 1 and --folds at least 2")
    started = time.perf_counter()
    try:
        model = train_from_folder(
            folder,
            seed=SEED if seed is None else seed,
            rounds=rounds or ROUNDS,
            folds=folds or FOLDS,
            sources=chosen,
        )
    except FileNotFoundError as exc:
        fail(str(exc))
    target = model.save(output or default_model_path())
    summary = {
        "file": str(target),
        "version": model.version,
        "threshold": model.threshold,
        "operating_fpr": model.operating_fpr,
        "cross_validation": model.meta["cross_validation"],
        "positives": model.meta["training"]["positives"],
        "negatives": model.meta["training"]["negatives"],
        "seconds": round(time.perf_counter() - started, 1),
    }
    if as_json:
        print_json(summary)
        return
    typer.echo(f"{summary['file']}: {model.version}")
    typer.echo(f"  {summary['positives']:,} positives, {summary['negatives']:,} negatives, {summary['seconds']} s")
    for point in model.meta["cross_validation"]["points"]:
        typer.echo(
            f"  cross-validated recall {100 * point['recall']:.1f} % at {100 * point['fpr']:.2f} % false positives "
            f"(target {100 * point['fpr_target']:.1f} %, threshold {point['threshold']:.4f})"
        )
    typer.echo(f"  flags at {model.threshold:.4f} ({100 * model.operating_fpr:.1f} % point)")
