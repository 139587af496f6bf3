"""The fast paths of the group and analogue screens give the answers of the slow ones.

The group screen evaluates only the definitions one of whose cores has all its pattern-fingerprint bits in the
compound, shares one prepared structure between screens, and rules out a named exception by its heavy atoms
before computing an InChI. The analogue screen takes the query's pattern fingerprint from the group screens'
prepared structure. None of this may change a membership or a match: checked here against the full evaluation
(``explain``, every definition) and the unaided analogue screen, on the groups' own regression examples and on
a sample of the forensic reference standards in ``../shared``.
"""

from __future__ import annotations

import csv
import random
from datetime import date
from pathlib import Path

import pytest
from rdkit import Chem

from drugcontrol.chem._rdlog import quiet_rdkit
from drugcontrol.chem.analogues import AnalogueScreen, ParentStructure
from drugcontrol.chem.errors import ChemError
from drugcontrol.chem.group_definitions import all_definitions
from drugcontrol.chem.groups import GroupScreen, PreparedCompound, heavy_composition, prepare_parent
from drugcontrol.chem.parse import to_mol
from drugcontrol.chem.standardize import standardize, without_stereo
from drugcontrol.chem.substituents import SubstituentLibrary

EXAMPLES = Path(__file__).parent / "group_examples"
DAY = date(2026, 1, 1)


def _example_smiles() -> list[str]:
    found = []
    for path in sorted(EXAMPLES.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            found.extend(row["smiles"] for row in csv.DictReader(handle) if row.get("smiles"))
    return found


def _standardized(smiles: list[str]) -> list[Chem.Mol]:
    mols = []
    with quiet_rdkit():
        for text in smiles:
            try:
                mols.append(standardize(to_mol(text)).mol)
            except ChemError:
                continue
    return mols


def _members_both_ways(mols: list[Chem.Mol]) -> tuple[list[list[str]], list[list[str]]]:
    screens = [GroupScreen(all_definitions(), as_of=DAY, jurisdiction=code) for code in ("DE", "CN")]
    fast, full = [], []
    for mol in mols:
        shared = PreparedCompound(mol)
        fast.append([m.definition.group_id for screen in screens for m in screen.match(shared)])
        full.append([m.definition.group_id for screen in screens for m in screen.explain(mol) if m.is_member])
    return fast, full


def test_prescreened_membership_equals_the_full_evaluation_on_the_regression_examples() -> None:
    mols = _standardized(random.Random(5).sample(_example_smiles(), 50))
    fast, full = _members_both_ways(mols)
    assert fast == full
    assert sum(bool(m) for m in full) > 10  # the examples hold members of many groups, not only misses


def test_a_named_exception_is_still_found_and_a_same_composition_isomer_is_not_excepted() -> None:
    screen = GroupScreen(all_definitions(), as_of=DAY, jurisdiction="DE")
    phenethylamine = Chem.MolFromSmiles("NCCc1ccccc1")
    assert "DE-NpSG-1" not in [m.definition.group_id for m in screen.match(phenethylamine)]
    named = next(m for m in screen.explain(phenethylamine) if m.definition.group_id == "DE-NpSG-1")
    assert any(c.name == "not_named_exception" and not c.passed for c in named.checks)
    isomer = Chem.MolFromSmiles("CNCc1ccccc1")  # same heavy atoms, another structure: not the excepted substance
    assert heavy_composition(isomer) == heavy_composition(phenethylamine)
    amphetamine = Chem.MolFromSmiles("CC(N)Cc1ccccc1")
    assert "DE-NpSG-1" in [m.definition.group_id for m in screen.match(amphetamine)]


def test_prepare_parent_salt_charge_isotope_and_stereo() -> None:
    mol = Chem.MolFromSmiles("[2H]C([2H])([2H])N[C@@H](C)Cc1ccccc1.Cl")
    assert Chem.MolToSmiles(prepare_parent(mol)) == "CNC(C)Cc1ccccc1"
    charged = Chem.MolFromSmiles("C[NH2+]C(C)Cc1ccccc1")
    assert Chem.MolToSmiles(prepare_parent(charged)) == "CNC(C)Cc1ccccc1"
    assert not PreparedCompound(mol).same_pattern_as_input
    plain = PreparedCompound(Chem.MolFromSmiles("CN[C@@H](C)Cc1ccccc1"))
    assert plain.same_pattern_as_input  # only stereo removed: the pattern fingerprint is the input's


@pytest.mark.shared
def test_prescreened_membership_and_shared_fingerprints_on_reference_standards(shared: Path) -> None:
    with (shared / "reference" / "cayman_reference_standards.csv").open(encoding="utf-8") as handle:
        smiles = [row["smiles"] for row in csv.DictReader(handle) if row["smiles"]]
    mols = _standardized(random.Random(11).sample(smiles, 40))
    fast, full = _members_both_ways(mols)
    assert fast == full and any(fast)

    substituents = Path(__file__).parents[2] / "src" / "drugcontrol" / "lists" / "data" / "kz_substituents_470.csv"
    with substituents.open(encoding="utf-8", newline="") as handle:
        library = SubstituentLibrary.from_rows(csv.DictReader(handle), as_of=DAY, source="decree 470 appendix 3")
    parents = [ParentStructure(name, without_stereo(Chem.MolFromSmiles(s))) for name, s in (
        ("amphetamine", "CC(N)Cc1ccccc1"), ("fentanyl", "CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1"),
        ("JWH-018", "CCCCCn1cc(C(=O)c2cccc3ccccc23)c2ccccc21"),
    )]  # fmt: skip
    screen = AnalogueScreen(parents, library)
    for mol in mols:
        prepared = PreparedCompound(mol)
        words = prepared.fingerprint_words if prepared.same_pattern_as_input else None
        assert screen.find(mol, pattern_words=words) == screen.find(mol)
