"""Identifying structures against an index: exact matches, salts, stereoisomers, isotopologues, tautomers."""

from __future__ import annotations

import pytest

from drugcontrol.chem import (
    Match,
    StructureIndex,
    UnparseableStructureError,
    compute_keys,
    identify_structure,
    standardize,
    to_mol,
)

AMPHETAMINE = "CC(N)Cc1ccccc1"
DEXAMFETAMINE = "C[C@H](N)Cc1ccccc1"
COCAINE = "COC(=O)[C@H]1[C@@H](OC(=O)c2ccccc2)C[C@@H]2CC[C@H]1N2C"
MORPHINE = "CN1CC[C@@]23[C@H]4Oc5c2c(C[C@@H]1[C@@H]3C=C[C@@H]4O)ccc5O"
MORPHINE_D3 = "[2H]C([2H])([2H])N1CC[C@]23c4c5ccc(O)c4O[C@H]2[C@@H](O)C=C[C@H]3[C@H]1C5"
EPHEDRINE = "CN[C@@H](C)[C@H](O)C1=CC=CC=C1"  # DEA-8113
PSEUDOEPHEDRINE = "CN[C@@H](C)[C@@H](O)C1=CC=CC=C1"  # DEA-8112, a diastereomer of ephedrine
PHENYLACETONE = "CC(=O)Cc1ccccc1"


def keys(smiles: str):
    return compute_keys(to_mol(smiles))


@pytest.fixture
def index() -> StructureIndex[str]:
    built: StructureIndex[str] = StructureIndex()
    for name, smiles in [
        ("amphetamine", AMPHETAMINE),
        ("cocaine", COCAINE),
        ("morphine", MORPHINE),
        ("ephedrine", EPHEDRINE),
        ("phenylacetone", PHENYLACETONE),
    ]:
        built.add(keys(smiles), name)
    return built


def forms(structure: str, index: StructureIndex[str]) -> list[tuple[str, str]]:
    return [(match.payload, match.form) for match in identify_structure(structure, index).matches]


@pytest.mark.parametrize(
    ("structure", "expected"),
    [
        (COCAINE, [("cocaine", "exact")]),
        (COCAINE + ".Cl", [("cocaine", "salt")]),
        (AMPHETAMINE + "." + AMPHETAMINE + ".OS(=O)(=O)O", [("amphetamine", "salt")]),
        (DEXAMFETAMINE, [("amphetamine", "stereoisomer")]),
        (DEXAMFETAMINE + ".OS(=O)(=O)O", [("amphetamine", "salt+stereoisomer")]),
        (MORPHINE_D3, [("morphine", "isotopologue")]),
        ("CC(O)=Cc1ccccc1", [("phenylacetone", "tautomer")]),
        ("[2H]C([2H])([2H])[C@H](N)Cc1ccccc1", [("amphetamine", "stereoisomer+isotopologue")]),
        (PSEUDOEPHEDRINE, [("ephedrine", "stereoisomer")]),
        ("[Na+].[O-]C(=O)C", []),  # sodium acetate: nothing indexed
        ("CN[C@@H](C)Cc1ccccc1", []),  # methamphetamine is not amphetamine in any form
        ("Cn1c(=O)c2c(ncn2C)n(C)c1=O", []),  # caffeine
    ],
)
def test_identify_forms(structure: str, expected: list[tuple[str, str]], index: StructureIndex[str]) -> None:
    assert forms(structure, index) == expected


def test_stereoisomer_with_tautomer_difference_names_both() -> None:
    index: StructureIndex[str] = StructureIndex()
    index.add(keys("CN[C@@H](C)C(=O)c1ccccc1"), "methcathinone")  # (S)-methcathinone, a ketone
    (match,) = identify_structure("CNC(C)=C(O)c1ccccc1", index).matches  # its enol, no stereo
    assert match.differences == {"stereo", "tautomer"}
    assert match.form == "stereoisomer+tautomer"


def test_exact_matches_come_first() -> None:
    index: StructureIndex[str] = StructureIndex()
    index.add(keys(AMPHETAMINE), "amphetamine")
    index.add(keys(DEXAMFETAMINE), "dexamfetamine")
    assert forms(DEXAMFETAMINE, index) == [("dexamfetamine", "exact"), ("amphetamine", "stereoisomer")]
    assert forms(AMPHETAMINE, index) == [("amphetamine", "exact"), ("dexamfetamine", "stereoisomer")]


def test_payload_with_several_structures_is_reported_once_at_its_closest_level() -> None:
    index: StructureIndex[str] = StructureIndex()
    index.add(keys(AMPHETAMINE), "amphetamine entry")
    index.add(keys(DEXAMFETAMINE), "amphetamine entry")
    assert len(index) == 2
    assert forms(DEXAMFETAMINE, index) == [("amphetamine entry", "exact")]


def test_unhashable_payloads_are_deduplicated_by_equality() -> None:
    index: StructureIndex[dict[str, int]] = StructureIndex()
    index.add(keys(AMPHETAMINE), {"entry": 1})
    index.add(keys(DEXAMFETAMINE), {"entry": 1})
    matches = index.lookup(keys(DEXAMFETAMINE))
    assert [(match.payload, match.form) for match in matches] == [({"entry": 1}, "exact")]


def test_lookup_by_keys_knows_nothing_of_salts(index: StructureIndex[str]) -> None:
    salt_keys = keys(COCAINE + ".Cl")
    assert [match.form for match in index.lookup(salt_keys)] == ["exact"]
    assert [match.form for match in index.lookup(standardize(to_mol(COCAINE + ".Cl")))] == ["salt"]


def test_allowed_differences_filter_matches(index: StructureIndex[str]) -> None:
    salt = standardize(to_mol(DEXAMFETAMINE + ".Cl"))
    assert index.lookup(salt, allowed=()) == []
    assert index.lookup(salt, allowed={"salt"}) == []
    assert [match.form for match in index.lookup(salt, allowed={"salt", "stereo"})] == ["salt+stereoisomer"]
    with pytest.raises(ValueError, match="'allowed' parameter"):
        index.lookup(salt, allowed={"racemate"})  # type: ignore[arg-type]


def test_match_form_names_in_fixed_order() -> None:
    assert Match("x", frozenset()).form == "exact"
    assert Match("x", frozenset({"salt"})).form == "salt"
    assert Match("x", frozenset({"isotope"})).form == "isotopologue"
    everything = frozenset({"tautomer", "isotope", "stereo", "salt"})
    assert Match("x", everything).form == "salt+stereoisomer+isotopologue+tautomer"
    assert Match("x", frozenset({"stereo", "salt"})).form == "salt+stereoisomer"


def test_result_carries_the_query_keys_and_the_standardized_form(index: StructureIndex[str]) -> None:
    result = identify_structure(COCAINE + ".Cl", index)
    assert result.query.inchikey == "ZPUCINDJVBIVPJ-LJISPDSOSA-N"  # DEA-9041
    assert result.standardized.removed_fragments == ("Cl",)
    assert result.matched
    assert result.matches[0].keys == keys(COCAINE)


def test_identify_accepts_a_molecule_and_leaves_it_alone(index: StructureIndex[str]) -> None:
    from rdkit import Chem

    mol = Chem.MolFromSmiles(MORPHINE_D3 + ".Cl")
    before = Chem.MolToSmiles(mol)
    assert [match.form for match in identify_structure(mol, index).matches] == ["salt+isotopologue"]
    assert Chem.MolToSmiles(mol) == before


def test_unreadable_structure_raises(index: StructureIndex[str]) -> None:
    with pytest.raises(UnparseableStructureError):
        identify_structure("C1CC(", index)


def test_empty_index_matches_nothing() -> None:
    empty: StructureIndex[str] = StructureIndex()
    assert len(empty) == 0
    assert identify_structure(COCAINE, empty).matches == []
