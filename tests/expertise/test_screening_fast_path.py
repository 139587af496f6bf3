"""Bulk screening's fast path gives the verdicts of the full single assessment.

A screening row is made without the maximum common substructure, without the nearest training examples of a
likeness flag, with the InChI keys only for structures a listed one could be, with the installed model pinned for
the run, and with the parents below the methodology's minimum size only counted against the bounds (the single
assessment names their formal matches). A single assessment does all of it. Whatever the path, the verdict, its
basis, the rule, the risk score, the other jurisdictions and the reference-library entries must be the same; only
the explanation is shorter (the differences are shown when someone opens the row and assesses it on its own).
"""

from __future__ import annotations

import csv
import random
from datetime import date
from pathlib import Path

import pytest

from drugcontrol.expertise.screening import ScreeningRecipe, ScreenInput, row_of, screen_inputs
from drugcontrol.expertise.suspicion import Reason
from drugcontrol.lists.assessors import assessor_as_of

pytestmark = pytest.mark.django_db

DAY = date(2024, 3, 1)
COMPARED = ("verdict", "form", "basis_entry", "table", "rule", "risk", "elsewhere", "known_as", "smiles", "error")


def _reference_sample(shared: Path) -> list[str]:
    picked: list[str] = []
    for name, count in (
        ("cayman_reference_standards.csv", 12),
        ("psychoactives_pihkal_tihkal.csv", 5),
        ("swgdrug_monographs.csv", 5),
    ):
        with (shared / "reference" / name).open(encoding="utf-8", newline="") as handle:
            smiles = [row["smiles"] for row in csv.DictReader(handle) if row["smiles"]]
        picked += random.Random(470).sample(smiles, count)
    return picked


@pytest.mark.shared
def test_fast_path_and_full_path_give_the_same_verdicts(shared: Path, risk_model_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("DRUGCONTROL_RISK_MODEL", str(risk_model_path))
    sample = [
        *_reference_sample(shared),
        "CC(N)Cc1ccc(F)cc1",  # an analogue of amphetamine
        "CCN(CC)CCn1c(Cc2ccc(OC(C)C)cc2)nc2cc([N+](=O)[O-])ccc21",  # isotonitazene: a risk class
        "CCCCCn1cc(C(=O)c2cccc3ccccc23)c2ccccc21",  # JWH-018
        "CN[C@@H](C)Cc1ccc2c(c1)OCO2.Cl",  # a salt of a listed stereoisomer
        "CCCCCCCCO",
        "CC(O)CCC(=O)O",  # GHV: a formal analogue of GHB only, which the methodology sets aside (not searched in bulk)
        "C" + "C(=O)" * 50,  # GHB's skeleton maps onto it in 93 ways: undetermined on both paths
        "not a smiles",
    ]
    full = assessor_as_of("KZ", DAY)
    expected = [row_of(str(i), full.assess(s)) for i, s in enumerate(sample)]
    recipe = ScreeningRecipe.of(full)
    screened = list(screen_inputs([ScreenInput(str(i), s) for i, s in enumerate(sample)], recipe, workers=1))

    assert [{c: r[c] for c in COMPARED} for r in screened] == [{c: r[c] for c in COMPARED} for r in expected]
    verdicts = {r["verdict"] for r in expected}
    assert verdicts >= {"listed", "analogue", "suspected", "not_controlled", "invalid", "undetermined"}
    ghv = sample.index("CC(O)CCC(=O)O")
    assert "set aside" in expected[ghv]["explanation"] and "smaller parents" in screened[ghv]["explanation"]
    assert all(r["risk"] for r in expected if r["verdict"] in {"suspected", "similar", "not_controlled"})
    differences = [(s, e) for s, e in zip(screened, expected, strict=True) if "Difference:" in e["explanation"]]
    assert differences and not any("Difference:" in s["explanation"] for s, _ in differences)


def test_a_bulk_likeness_flag_says_where_its_nearest_examples_are_shown() -> None:
    flag = Reason("nps_likeness", {"score": "0.912", "threshold": "0.784", "model": "nps-likeness/abc"})
    (step,) = flag.steps()
    assert "assessed on its own" in step.text and "0.912" in step.text
    named = Reason("nps_likeness", {**flag.params, "nearest": "4-FA (0.81)"})
    assert "4-FA (0.81)" in named.steps()[0].text
