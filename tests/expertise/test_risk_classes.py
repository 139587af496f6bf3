"""Risk classes are data: every shipped class matches its dated examples and none of its counter-examples,
and a new class is described by a file alone."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from rdkit import Chem

from drugcontrol.chem.parse import to_mol
from drugcontrol.chem.standardize import standardize
from drugcontrol.expertise.suspicion import RiskClassSource, SuspicionScreen
from drugcontrol.expertise.suspicion.risk_classes import RiskClassError, load_risk_classes, shipped_risk_classes

CLASSES = shipped_risk_classes()


def test_the_shipped_classes() -> None:
    assert {c.class_id for c in CLASSES} == {
        "arylcyclohexylamine",
        "designer_benzodiazepine",
        "nitazene",
        "synthetic_cathinone",
    }


@pytest.mark.parametrize("risk_class", CLASSES, ids=lambda c: c.class_id)
def test_examples_match_and_counter_examples_do_not(risk_class) -> None:
    assert len(risk_class.examples) >= 2 and risk_class.counter_examples
    for example in risk_class.examples:
        assert example.seen is not None, example.name
        assert risk_class.matches(Chem.MolFromSmiles(example.smiles)), example.name
    for counter in risk_class.counter_examples:
        assert not risk_class.matches(Chem.MolFromSmiles(counter.smiles)), counter.name


NEW_CLASS = """
id = "test_family"
name = "A family described for the test"
described = 2026-12-01
description = "a 2-aminoindane"
smarts = ["[NX3]C1Cc2ccccc2C1"]

[[example]]
name = "2-aminoindane"
smiles = "NC1Cc2ccccc2C1"
seen = 2010-01-01

[[counter_example]]
name = "indane"
smiles = "C1Cc2ccccc2C1"
"""


def test_a_new_class_is_a_file_and_makes_the_verdict_reason(tmp_path: Path) -> None:
    (tmp_path / "risk_class_test_family.toml").write_text(NEW_CLASS, encoding="utf-8")
    (family,) = load_risk_classes(tmp_path)
    screen = SuspicionScreen(risk_classes=RiskClassSource([family]))
    found = screen.collect(standardize(to_mol("CNC1Cc2ccc(Br)cc2C1")))
    assert [(r.code, r.params["risk_class"], r.params["since"]) for r in found.reasons] == [
        ("risk_class", "test_family", "2026-12-01")
    ]
    assert screen.collect(standardize(to_mol("C1Cc2ccccc2C1"))).reasons == ()
    assert RiskClassSource([family], as_of=date(2026, 1, 1)).classes == []


def test_a_bad_class_file_is_named(tmp_path: Path) -> None:
    (tmp_path / "risk_class_bad.toml").write_text(NEW_CLASS.replace("[NX3]C1Cc2ccccc2C1", "[NX3"), encoding="utf-8")
    with pytest.raises(RiskClassError, match="test_family"):
        load_risk_classes(tmp_path)
