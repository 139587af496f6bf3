"""Bulk screening: reading CSV, SDF and SMILES files, bad rows, output columns, and verdicts equal to single assess.

Facts the expectations rest on (Decree No. 470, see tests/expertise/test_assess.py): methamphetamine and
amphetamine are listed (amphetamine is table II item 1, analogues controlled), so 4-fluoroamphetamine is an
analogue (fluoro is item 1.57 of appendix 3); ethanol, caffeine and aspirin are on no table.
"""

from __future__ import annotations

import csv
import io
import random
from datetime import date
from pathlib import Path

import pytest
from rdkit import Chem

from drugcontrol.expertise.screening import (
    SCREEN_COLUMNS,
    ScreeningRecipe,
    ScreenInput,
    ScreenInputError,
    detect_input_format,
    read_inputs,
    row_of,
    screen_file,
    screen_inputs,
)
from drugcontrol.lists.assessors import assessor_as_of

pytestmark = pytest.mark.django_db

DAY = date(2024, 3, 1)
METH = "CNC(C)Cc1ccccc1"
FLUOROAMPHETAMINE = "CC(N)Cc1ccc(F)cc1"


@pytest.fixture(scope="module")
def recipe(django_db_setup, django_db_blocker) -> ScreeningRecipe:
    with django_db_blocker.unblock():
        return ScreeningRecipe.of(assessor_as_of("KZ", DAY))


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_csv_with_a_bad_row_and_an_empty_cell(tmp_path: Path, recipe: ScreeningRecipe) -> None:
    source = tmp_path / "seized.csv"
    source.write_text(f"id,smiles\nS-1,{METH}\nS-2,C1CC(\nS-3,\nS-4,{FLUOROAMPHETAMINE}\nS-5,CCO\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    summary = screen_file(source, out, recipe, workers=1)
    rows = _rows(out)
    assert tuple(rows[0]) == SCREEN_COLUMNS
    assert [(r["id"], r["verdict"]) for r in rows] == [
        ("S-1", "listed"),
        ("S-2", "invalid"),
        ("S-3", "invalid"),
        ("S-4", "analogue"),
        ("S-5", "not_controlled"),
    ]
    assert rows[0]["form"] == "exact" and "470" in rows[0]["rule"]
    assert "C1CC(" in rows[1]["error"] and rows[2]["error"] == "row 4: the 'smiles' cell is empty"
    analogue = rows[3]
    assert analogue["basis_name"].startswith("Amfetamine") and analogue["table"] == "II 1"
    assert "fluoro (1.57)" in analogue["explanation"] and "17-1" in analogue["rule"]
    assert rows[4]["basis_entry"] == "" and float(rows[4]["similarity"]) < 0.5
    assert summary.counts == {"listed": 1, "invalid": 2, "analogue": 1, "not_controlled": 1}
    assert summary.total == 5 and "compounds/s" in summary.line()


def test_custom_columns_and_file_level_errors(tmp_path: Path) -> None:
    source = tmp_path / "lab.tsv"
    source.write_text("Sample\tStructure\nA\tCCO\n", encoding="utf-8")
    inputs = read_inputs(source, id_column="Sample", smiles_column="Structure")
    assert inputs == [ScreenInput("A", "CCO")]
    with pytest.raises(ScreenInputError, match=r"no column .smiles..*Sample, Structure"):
        read_inputs(source)
    with pytest.raises(ScreenInputError, match=r"no column .code. for the ids"):
        read_inputs(source, id_column="code", smiles_column="Structure")
    with pytest.raises(ScreenInputError, match=r"unknown file type \.xls"):
        detect_input_format("list.xls")
    with pytest.raises(ScreenInputError, match="no such file"):
        read_inputs(tmp_path / "missing.csv")


def test_csv_without_an_id_column_numbers_the_rows(tmp_path: Path) -> None:
    source = tmp_path / "plain.csv"
    source.write_text("smiles\nCCO\nCCN\n", encoding="utf-8")
    assert [i.id for i in read_inputs(source)] == ["row 2", "row 3"]


def test_sdf_with_a_broken_record(tmp_path: Path, recipe: ScreeningRecipe) -> None:
    good = Chem.MolFromSmiles(METH)
    good.SetProp("_Name", "seizure-17")
    good.SetProp("lab_code", "L-17")
    block = Chem.MolToMolBlock(good)
    props = "> <lab_code>\nL-17\n\n"
    broken = "broken\n  RDKit\n\n  2  1  0  0  0  0  0  0  0  0999 V2000\nnot an atom line\n"
    source = tmp_path / "lab.sdf"
    source.write_text(f"{block}{props}$$$$\n{broken}M  END\n$$$$\n", encoding="utf-8")
    rows = list(screen_inputs(read_inputs(source), recipe, workers=1))
    assert [(r["id"], r["verdict"]) for r in rows] == [("seizure-17", "listed"), ("broken", "invalid")]
    assert rows[1]["error"].startswith("record 2:")
    assert read_inputs(source, id_property="lab_code")[0].id == "L-17"


def test_smiles_file_with_and_without_ids(tmp_path: Path, recipe: ScreeningRecipe) -> None:
    source = tmp_path / "list.smi"
    source.write_text(f"# seized\n{METH} meth sample 1\n\nCCO\n", encoding="utf-8")
    inputs = read_inputs(source)
    assert inputs == [ScreenInput("meth sample 1", METH), ScreenInput("line 4", "CCO")]
    assert [r["verdict"] for r in screen_inputs(inputs, recipe, workers=1)] == ["listed", "not_controlled"]


def test_duplicates_are_reported_under_each_id(recipe: ScreeningRecipe) -> None:
    inputs = [
        ScreenInput("a", METH),
        ScreenInput("b", "C1CC("),
        ScreenInput("c", METH),
        ScreenInput("d", "CN[C@@H](C)Cc1ccc2c(c1)OCO2"),  # (S)-MDMA; the decree lists MDMA
    ]
    rows = list(screen_inputs(inputs, recipe, workers=1))
    assert [r["id"] for r in rows] == ["a", "b", "c", "d"]
    assert rows[0] | {"id": "c"} == rows[2]
    assert (rows[3]["verdict"], rows[3]["form"]) == ("listed", "stereoisomer")


@pytest.mark.shared
def test_verdicts_equal_single_assess_on_a_sample(shared: Path, recipe: ScreeningRecipe) -> None:
    """A sample of forensic reference standards plus salts, isotopologues and tautomers of listed ones."""
    with (shared / "reference" / "swgdrug_monographs.csv").open(encoding="utf-8") as handle:
        smiles = [row["smiles"] for row in csv.DictReader(handle) if row["smiles"]]
    sample = random.Random(7).sample(smiles, 60)
    sample += ["CC(N)Cc1ccccc1.OS(=O)(=O)O", "[2H]C([2H])([2H])NC(C)Cc1ccccc1", "CC(=N)Cc1ccccc1", "not a smiles"]
    inputs = [ScreenInput(str(i), s) for i, s in enumerate(sample)]
    single = assessor_as_of("KZ", DAY)
    expected = [single.assess(s) for s in sample]
    screened = list(screen_inputs(inputs, recipe, workers=2, chunk_size=8))
    assert [r["verdict"] for r in screened] == [a.verdict for a in expected]
    assert [r["basis_entry"] for r in screened] == [row_of("", a)["basis_entry"] for a in expected]
    assert {a.verdict for a in expected} >= {"listed", "analogue", "not_controlled", "invalid"}


def test_two_workers_keep_the_input_order_and_report_progress(recipe: ScreeningRecipe) -> None:
    inputs = [ScreenInput(f"r{i}", s) for i, s in enumerate([METH, "CCO", FLUOROAMPHETAMINE, "CCN"] * 10)]
    seen: list[tuple[int, int]] = []
    rows = list(screen_inputs(inputs, recipe, workers=2, chunk_size=1, progress=lambda d, t: seen.append((d, t))))
    assert [r["id"] for r in rows] == [f"r{i}" for i in range(40)]
    assert [r["verdict"] for r in rows[:4]] == ["listed", "not_controlled", "analogue", "not_controlled"]
    assert seen[-1] == (40, 40) and all(t == 40 for _, t in seen)
    with pytest.raises(ValueError, match=r"'workers'.*at least 1"):
        list(screen_inputs(inputs, recipe, workers=0))


def test_output_to_an_open_file(tmp_path: Path, recipe: ScreeningRecipe) -> None:
    source = tmp_path / "one.smi"
    source.write_text("CCO ethanol\n", encoding="utf-8")
    buffer = io.StringIO()
    screen_file(source, buffer, recipe, workers=1)
    assert buffer.getvalue().splitlines()[1].startswith("ethanol,not_controlled,")
