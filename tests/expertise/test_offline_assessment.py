"""Offline assessment from a list bundle: the round trip with substituents and groups, its refusals, the CLI."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drugcontrol.cli.main import app
from drugcontrol.expertise.offline import assessor_from_bundle
from drugcontrol.listcore.bundle import (
    BundleFormatError,
    bundle_contents,
    read_bundle,
    read_bundle_contents,
    snapshot_to_bundle,
)
from drugcontrol.lists.assessors import bundle_extras
from drugcontrol.lists.snapshots import snapshot_as_of

pytestmark = pytest.mark.django_db

DAY = date(2024, 3, 1)
FLUOROAMPHETAMINE = "CC(N)Cc1ccc(F)cc1"
runner = CliRunner()


@pytest.fixture
def kz_bundle() -> dict:
    return json.loads(json.dumps(snapshot_to_bundle(snapshot_as_of("KZ", DAY), **bundle_extras("KZ", DAY))))


def test_round_trip_keeps_the_substituents_and_the_verdict(kz_bundle: dict, tmp_path: Path) -> None:
    path = tmp_path / "kz.json"
    path.write_text(json.dumps(kz_bundle, ensure_ascii=False), encoding="utf-8")
    contents = read_bundle_contents(path)
    assert len(contents.substituents) == 97 and contents.groups == ()
    assert contents.substituents[0]["code"] == "1.1" and "added_on" in contents.substituents[0]
    offline = assessor_from_bundle(contents)
    result = offline.assess(FLUOROAMPHETAMINE)
    assert result.verdict == "analogue" and result.parents[0].entry.names["en"] == "Amfetamine"
    assert len(offline.substituents) == 97
    assert read_bundle(path).as_of == DAY  # the identification reader ignores the new fields


def test_a_bundle_without_substituents_still_reads_but_has_no_analogue_rule(kz_bundle: dict) -> None:
    del kz_bundle["substituents"], kz_bundle["substituents_sha256"], kz_bundle["groups"]
    contents = bundle_contents(kz_bundle)
    assert contents.substituents is None and contents.groups is None
    result = assessor_from_bundle(contents).assess(FLUOROAMPHETAMINE)
    assert result.verdict == "similar"  # without the substituent list the rule cannot be applied


def test_the_group_ids_travel_and_are_resolved() -> None:
    day = date(2020, 1, 1)
    data = json.loads(json.dumps(snapshot_to_bundle(snapshot_as_of("CN", day), **bundle_extras("CN", day))))
    assert "CN-FENTANYL-CLASS" in data["groups"] and "substituents" not in data
    result = assessor_from_bundle(bundle_contents(data)).assess("CCCCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1")
    assert result.verdict == "group"


def test_an_unknown_group_is_refused(kz_bundle: dict) -> None:
    kz_bundle["groups"] = ["XX-NOT-A-GROUP"]
    with pytest.raises(BundleFormatError, match="XX-NOT-A-GROUP"):
        assessor_from_bundle(bundle_contents(kz_bundle))


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda b: b["substituents"][0].update(smiles="[*:1]C"), "substituents_sha256"),
        (lambda b: b.update(substituents="1.57"), "substituents"),
        (lambda b: b["substituents"].append({"code": 5}), "substituents[97]"),
        (lambda b: b.update(groups=[1, 2]), "groups"),
    ],
)
def test_malformed_optional_fields_are_refused_with_the_place(kz_bundle: dict, change, where: str) -> None:
    change(kz_bundle)
    with pytest.raises(BundleFormatError) as caught:
        bundle_contents(kz_bundle)
    assert caught.value.where == where


def test_cli_assesses_offline_and_writes_the_report(kz_bundle: dict, tmp_path: Path) -> None:
    path = tmp_path / "kz.json"
    path.write_text(json.dumps(kz_bundle, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(app, ["assess", FLUOROAMPHETAMINE, "--list", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["verdict"] == "analogue" and data["thresholds"][0]["raw"][0] == "0-0,2"
    report = tmp_path / "report.pdf"
    printed = runner.invoke(app, ["assess", FLUOROAMPHETAMINE, "--list", str(path), "--report", str(report)])
    assert printed.exit_code == 0, printed.output
    assert "ANALOGUE" in printed.stdout
    assert report.read_bytes().startswith(b"%PDF")


def test_cli_with_the_database_numbers_the_report(tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    result = runner.invoke(
        app, ["assess", FLUOROAMPHETAMINE, "--as-of", "2024-03-01", "--report", str(report), "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    html = report.read_text(encoding="utf-8")
    assert "KZ-" in html and "Signature" in html and "Law No. 279" in html


def test_cli_refuses_bad_input_with_a_non_zero_exit(tmp_path: Path) -> None:
    invalid = runner.invoke(app, ["assess", "C1CC(", "--as-of", "2024-03-01"])
    assert invalid.exit_code == 1 and "INVALID" in invalid.stdout
    bad_date = runner.invoke(app, ["assess", "CC", "--as-of", "yesterday"])
    assert bad_date.exit_code == 2 and "not a date" in bad_date.output
    missing = runner.invoke(app, ["assess", "CC", "--list", str(tmp_path / "none.json")])
    assert missing.exit_code == 2 and "cannot read the file" in missing.output
