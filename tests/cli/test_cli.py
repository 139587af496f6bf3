"""The command line: help for every command, list queries, export of a bundle and offline identification."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drugcontrol.cli.main import app

runner = CliRunner()


def test_help_explains_every_command() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("serve", "setup", "identify", "lists", "audit"):
        assert command in result.output
    lists_help = runner.invoke(app, ["lists", "--help"]).output
    for command in ("show", "diff", "history", "import", "export", "jurisdictions"):
        assert command in lists_help


@pytest.mark.django_db
def test_export_a_bundle_then_identify_offline(tmp_path: Path) -> None:
    bundle = tmp_path / "kz.json"
    result = runner.invoke(
        app, ["lists", "export", "KZ", "--as-of", "2024-03-01", "--format", "bundle", "-o", str(bundle)]
    )
    assert result.exit_code == 0, result.output
    written = json.loads(bundle.read_text(encoding="utf-8"))
    assert written["jurisdiction"] == "KZ"
    assert written["substituents"] and "2.16" not in {s["code"] for s in written["substituents"]}
    # (S)-methcathinone: a stereoisomer of methcathinone, listed without stereo.
    offline = runner.invoke(app, ["identify", "CN[C@@H](C)C(=O)c1ccccc1", "--list", str(bundle), "--json"])
    assert offline.exit_code == 0, offline.output
    verdict = json.loads(offline.output)
    assert verdict["verdict"] == "listed" and verdict["form"] == "stereoisomer"
    assert verdict["entry"]["table"] in {"I", "II"}


@pytest.mark.django_db
def test_show_diff_and_history() -> None:
    shown = runner.invoke(app, ["lists", "show", "KZ", "--as-of", "2024-03-01", "--table", "IV"])
    assert shown.exit_code == 0 and "entries in force on 2024-03-01" in shown.output
    diff = runner.invoke(app, ["lists", "diff", "KZ", "--from", "2023-12-31", "--to", "2024-03-01"])
    assert diff.exit_code == 0 and "9 added, 0 removed" in diff.output
    history = runner.invoke(app, ["lists", "history", "Трамадол"])
    assert history.exit_code == 0 and "240" in history.output


def test_errors_are_clear_and_exit_non_zero(tmp_path: Path) -> None:
    bad_bundle = tmp_path / "bad.json"
    bad_bundle.write_text("{", encoding="utf-8")
    result = runner.invoke(app, ["identify", "CCO", "--list", str(bad_bundle)])
    assert result.exit_code == 2 and "not valid JSON" in result.output
    result = runner.invoke(app, ["identify", "CCO", "--list", str(bad_bundle), "--as-of", "yesterday"])
    assert result.exit_code == 2 and "--as-of" in result.output


@pytest.mark.django_db
def test_import_errors_are_listed_by_row(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("name_en,smiles,table\nGood,CCO,I\nBad,C1CC(,I\n", encoding="utf-8")
    result = runner.invoke(
        app, ["lists", "import", str(path), "--jurisdiction", "KZ", "--default-effective-date", "2024-01-01"]
    )
    assert result.exit_code == 2
    assert "row 3, field 'smiles'" in result.output and "nothing was imported" in result.output
