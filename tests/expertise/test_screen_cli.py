"""``drugcontrol screen``: verdicts to a CSV from the database or a bundle, the summary line, exit codes."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drugcontrol.cli.main import app

runner = CliRunner()


def _verdicts(path: Path) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [(row["id"], row["verdict"]) for row in csv.DictReader(handle)]


@pytest.mark.django_db
def test_screen_from_the_database_with_two_workers(tmp_path: Path) -> None:
    source = tmp_path / "seized.csv"
    source.write_text("code,structure\nA,CNC(C)Cc1ccccc1\nB,C1CC(\nC,CCO\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    args = ["screen", str(source), "-o", str(out), "--as-of", "2024-03-01", "--workers", "2"]
    result = runner.invoke(app, [*args, "--id-column", "code", "--smiles-column", "structure"])
    assert result.exit_code == 0, result.output
    assert _verdicts(out) == [("A", "listed"), ("B", "invalid"), ("C", "not_controlled")]
    assert "3 rows: listed 1, not_controlled 1, invalid 1" in result.output
    assert "compounds/s; KZ list as of 2024-03-01" in result.output


@pytest.mark.django_db
def test_screen_offline_with_a_bundle(tmp_path: Path) -> None:
    bundle = tmp_path / "kz.json"
    exported = runner.invoke(app, ["lists", "export", "KZ", "--as-of", "2024-03-01", "-o", str(bundle)])
    assert exported.exit_code == 0, exported.output
    source = tmp_path / "lab.smi"
    source.write_text("CC(N)Cc1ccc(F)cc1 4-FA\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    result = runner.invoke(app, ["screen", str(source), "-o", str(out), "--list", str(bundle), "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert _verdicts(out) == [("4-FA", "analogue")]


@pytest.mark.django_db
def test_errors_exit_with_code_2_and_say_what_is_wrong(tmp_path: Path) -> None:
    source = tmp_path / "seized.csv"
    source.write_text("code,structure\nA,CCO\n", encoding="utf-8")
    out = str(tmp_path / "out.csv")
    missing = runner.invoke(app, ["screen", str(source), "-o", out])
    assert missing.exit_code == 2 and "no column “smiles”" in missing.output and "--smiles-column" in missing.output
    assert runner.invoke(app, ["screen", str(tmp_path / "none.csv"), "-o", out]).exit_code == 2
    bad_date = runner.invoke(app, ["screen", str(source), "-o", out, "--as-of", "soon"])
    assert bad_date.exit_code == 2 and "--as-of 'soon'" in bad_date.output
    workers = runner.invoke(app, ["screen", str(source), "-o", out, "--workers", "0"])
    assert workers.exit_code == 2 and "--workers" in workers.output
    unknown = runner.invoke(app, ["screen", str(source), "-o", out, "--jurisdiction", "XX"])
    assert unknown.exit_code == 2 and "unknown jurisdiction 'XX'" in unknown.output
    assert not Path(out).exists()
