"""The methodology and the suspected verdict through every interface: HTTP API, screening CSV, CLI, bundle."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from django.test import Client
from typer.testing import CliRunner

from drugcontrol.cli.main import app
from drugcontrol.expertise.screening import SCREEN_COLUMNS, ScreeningRecipe, ScreenInput, screen_inputs, write_rows
from drugcontrol.lists.assessors import assessor_as_of
from drugcontrol.lists.models import RegisteredMedicine

pytestmark = pytest.mark.django_db

ISOTONITAZENE = "CCN(CC)CCn1c(Cc2ccc(OC(C)C)cc2)nc2cc([N+](=O)[O-])ccc21"
GABA = "NCCCC(=O)O"
runner = CliRunner()


def _assess(**payload: object) -> dict:
    response = Client().post("/api/lists/assess", payload, content_type="application/json")
    assert response.status_code == 200
    return response.json()


def test_the_api_gives_the_methodology_the_set_aside_match_and_the_reasons() -> None:
    gaba = _assess(structure=GABA, as_of="2024-03-01")
    assert gaba["verdict"] == "not_controlled"
    assert gaba["methodology"]["version"] == "1"
    assert gaba["methodology"]["parameters"]["min_parent_heavy_atoms"] == 8
    assert gaba["set_aside"][0]["code"] == "min_parent_size" and gaba["set_aside"][0]["params"]["atoms"] == "7"
    suspected = _assess(structure=ISOTONITAZENE, as_of="2019-07-05")
    assert suspected["verdict"] == "suspected" and suspected["controlled"] is False
    assert {"code": "risk_class", "params": suspected["reasons"][-1]["params"]} in suspected["reasons"]
    assert any(step["params"].get("risk_class") == "nitazene" for step in suspected["steps"])


def test_the_explanation_is_translated_in_the_request_language() -> None:
    response = Client().post(
        "/api/lists/assess",
        {"structure": GABA, "as_of": "2024-03-01"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="ru",
    )
    text = " ".join(response.json()["explanation"])
    assert "Формальное совпадение с аналогом не учтено" in text and "ГОМК" in text


def test_the_screening_csv_has_risk_elsewhere_and_known_as() -> None:
    recipe = ScreeningRecipe.of(assessor_as_of("KZ", date(2019, 7, 5)))
    rows = list(screen_inputs([ScreenInput("a", ISOTONITAZENE), ScreenInput("b", GABA)], recipe, workers=1))
    assert [r["verdict"] for r in rows] == ["suspected", "not_controlled"]
    assert {"risk", "elsewhere", "known_as"} <= set(SCREEN_COLUMNS)
    assert rows[0]["known_as"] == "" and rows[1]["elsewhere"] == ""
    handle = io.StringIO()
    write_rows(rows, handle)
    header = next(csv.reader(io.StringIO(handle.getvalue())))
    assert header[header.index("similarity") + 1 : header.index("similarity") + 4] == ["risk", "elsewhere", "known_as"]


def test_medicines_import_from_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "register.csv"
    path.write_text("МНН,SMILES,Номер,С\nmethoxyphenamine,CNC(C)Cc1ccccc1OC,TEST-0002,2020-01-01\n", encoding="utf-8")
    result = runner.invoke(
        app,
        ["medicines", "import", str(path), "--map", "inn=МНН", "--map", "smiles=SMILES",
         "--map", "registration_number=Номер", "--map", "registered_from=С"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "1 written" in result.output
    assert RegisteredMedicine.objects.get(registration_number="TEST-0002").inn == "methoxyphenamine"


def test_a_library_import_with_a_wrong_mapping_says_which(tmp_path: Path) -> None:
    path = tmp_path / "lib.csv"
    path.write_text("id,smiles\n1,CCO\n", encoding="utf-8")
    result = runner.invoke(app, ["nps-libraries", "import", str(path), "--library", "x", "--map", "entry=Item"])
    assert result.exit_code != 0
    assert "Item" in result.output


def test_the_bundle_names_the_methodology(tmp_path: Path) -> None:
    bundle = tmp_path / "kz.json"
    result = runner.invoke(app, ["lists", "export", "KZ", "--as-of", "2024-03-01", "-o", str(bundle)])
    assert result.exit_code == 0, result.output
    assert json.loads(bundle.read_text(encoding="utf-8"))["methodology"]["version"] == "1"


def test_offline_assessment_applies_the_bundle_methodology(tmp_path: Path) -> None:
    bundle = tmp_path / "kz.json"
    assert runner.invoke(app, ["lists", "export", "KZ", "--as-of", "2024-03-01", "-o", str(bundle)]).exit_code == 0
    result = runner.invoke(app, ["assess", GABA, "--list", str(bundle), "--json"])
    data = json.loads(result.output)
    assert data["verdict"] != "analogue" and data["set_aside"][0]["code"] == "min_parent_size"
    assert data["methodology"]["version"] == "1"
