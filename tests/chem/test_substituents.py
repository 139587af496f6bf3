"""The substituent list of Decree No. 470 (appendix 3): the data file, its encoding and the lookups."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from rdkit import Chem

from drugcontrol.chem.errors import ChemError
from drugcontrol.chem.substituents import (
    CSV_COLUMNS,
    Substituent,
    SubstituentDataError,
    SubstituentLibrary,
    alkyl_isomers,
    fragment_key,
)

REPO = Path(__file__).resolve().parents[2]
CSV_PATH = REPO / "src" / "drugcontrol" / "lists" / "data" / "kz_substituents_470.csv"
DECREE_LIST = REPO.parent / "shared" / "data" / "lists" / "kz" / "substituents.txt"
ROWS = list(csv.DictReader(CSV_PATH.open(encoding="utf-8", newline="")))
ENCODED_ROWS = [row for row in ROWS if row["smiles"]]


@pytest.fixture(scope="module")
def library() -> SubstituentLibrary:
    return SubstituentLibrary.from_csv(CSV_PATH)


def _decree_items() -> dict[str, str]:
    """Code -> name as printed in the decree's list (the shared copy of appendix 3)."""
    if not DECREE_LIST.exists():
        pytest.skip(f"Reference copy of the decree's substituent list not found at {DECREE_LIST}")
    items: dict[str, str] = {}
    for line in DECREE_LIST.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        code, name, *_ = line.split("\t")
        if "." in code:
            items[code] = name
    return items


def _mol(smiles: str) -> Chem.Mol:
    mol = Chem.MolFromSmiles(smiles)
    assert mol is not None, smiles
    return mol


def _attachment_order_sum(mol: Chem.Mol) -> int:
    orders = {Chem.BondType.SINGLE: 1, Chem.BondType.DOUBLE: 2}
    return sum(orders[a.GetBonds()[0].GetBondType()] for a in mol.GetAtoms() if a.GetAtomicNum() == 0)


# --- the data file against the decree -------------------------------------------------------------


def test_csv_has_the_documented_columns() -> None:
    assert tuple(ROWS[0]) == CSV_COLUMNS


@pytest.mark.shared
def test_every_item_of_the_decree_has_one_row_with_its_name() -> None:
    decree = _decree_items()
    assert len(decree) == 98
    assert [row["code"] for row in ROWS] == list(decree)
    for row in ROWS:
        if row["code"] != "2.16":  # excluded in 2024; the decree keeps only the note of exclusion
            assert row["name_ru"] == decree[row["code"]], row["code"]
    assert decree["2.16"].startswith(ROWS[-1]["name_ru"])


def test_82_monovalent_and_16_bivalent_items() -> None:
    assert sum(row["valence"] == "1" for row in ROWS) == 82
    assert sum(row["valence"] == "2" for row in ROWS) == 16
    for row in ROWS:
        assert row["valence"] == ("1" if row["code"].startswith("1.") else "2"), row["code"]


@pytest.mark.shared
def test_isomer_flag_exactly_where_the_decree_says_and_its_structural_isomers() -> None:
    decree = _decree_items()
    flagged = {row["code"] for row in ROWS if row["isomers"] == "1"}
    assert flagged == {code for code, name in decree.items() if "и его структурные изомеры" in name}
    assert flagged == {"1.7", "1.8", "1.9", "1.43"}


def test_item_2_16_is_kept_as_excluded_by_decree_22() -> None:
    row = ROWS[-1]
    assert (row["code"], row["excluded_by"], row["excluded_on"]) == ("2.16", "22", "2024-02-06")
    assert [r["code"] for r in ROWS if r["excluded_on"]] == ["2.16"]


@pytest.mark.parametrize("row", ENCODED_ROWS, ids=[row["code"] for row in ENCODED_ROWS])
def test_row_structures_parse_and_have_as_many_attachment_bonds_as_the_valence(row: dict[str, str]) -> None:
    for smiles in row["smiles"].split(";"):
        mol = _mol(smiles)
        dummies = [a for a in mol.GetAtoms() if a.GetAtomicNum() == 0]
        assert _attachment_order_sum(mol) == int(row["valence"]), smiles
        assert {a.GetAtomMapNum() for a in dummies} == set(range(1, len(dummies) + 1)), smiles
        assert all(a.GetDegree() == 1 for a in dummies), smiles
        assert mol.GetNumAtoms() > len(dummies)


@pytest.mark.parametrize(
    ("code", "formula"),
    [
        ("1.2-2", "C2H3O"),  # acetyl CH3CO-
        ("1.2-3", "C2H3O2"),  # acetoxy CH3COO-
        ("1.2-4", "H2N"),  # the decree prints -NH2
        ("1.16", "C6H13N2O"),
        ("1.20", "C9H11N2O"),
        ("1.23", "C5H11N2"),
        ("1.24", "C7H14N"),
        ("1.30", "C7H14NO2"),
        ("1.49-1", "C6H11O"),
        ("1.50", "C7H13"),
        ("1.52", "C4H6F3"),
        ("1.55-1", "C9H12N"),
        ("2.1", "C4H4"),
        ("2.4", "CH2O2"),
        ("2.7", "C4H8O"),
        ("2.12", "C2H4O2"),
        ("2.15", "C2H2O"),
    ],
)
def test_named_groups_have_the_formula_their_name_gives(code: str, formula: str) -> None:
    from rdkit.Chem.rdMolDescriptors import CalcMolFormula

    row = next(r for r in ROWS if r["code"] == code)
    for smiles in row["smiles"].split(";"):
        mol = Chem.RWMol(_mol(smiles))
        for atom in mol.GetAtoms():  # keep each atom's hydrogens when the attachment points go
            atom.SetNumExplicitHs(atom.GetTotalNumHs())
            atom.SetNoImplicit(True)
        for index in sorted((a.GetIdx() for a in mol.GetAtoms() if a.GetAtomicNum() == 0), reverse=True):
            mol.RemoveAtom(index)
        bare = mol.GetMol()
        bare.UpdatePropertyCache(strict=False)
        assert CalcMolFormula(bare) == formula, smiles


@pytest.mark.parametrize(
    ("code", "hydride"),
    [
        ("1.1", "C1C2CC3CC1CC(C2)C3"),  # adamantane: 1- and 2-
        ("1.39", "c1ccc2ccccc2c1"),  # naphthalene: 1- and 2-
        ("1.44", "c1ccncc1"),  # pyridine: 2-, 3-, 4-
        ("1.45", "C1CCNC1"),  # pyrrolidine: 1-, 2-, 3-
        ("1.51", "c1ccsc1"),  # thiophene: 2-, 3-
        ("1.54", "c1ccccc1"),
        ("1.61", "c1ccc2ncccc2c1"),  # quinoline: 2- to 8-
    ],
)
def test_ring_names_without_a_locant_cover_every_attachment_position(code: str, hydride: str) -> None:
    parent = _mol(hydride)
    positions = set()
    for atom in parent.GetAtoms():
        if atom.GetTotalNumHs():
            editable = Chem.RWMol(parent)
            dummy = editable.AddAtom(Chem.Atom(0))
            editable.AddBond(atom.GetIdx(), dummy, Chem.BondType.SINGLE)
            editable.GetAtomWithIdx(atom.GetIdx()).SetNumExplicitHs(atom.GetTotalNumHs() - 1)
            editable.GetAtomWithIdx(atom.GetIdx()).SetNoImplicit(True)
            Chem.SanitizeMol(editable)
            positions.add(Chem.MolToSmiles(editable))
    row = next(r for r in ROWS if r["code"] == code)
    encoded = {Chem.MolToSmiles(_mol(s.replace("[*:1]", "*"))) for s in row["smiles"].split(";")}
    assert encoded == positions


# --- isomer expansion ------------------------------------------------------------------------------


@pytest.mark.parametrize(("carbons", "count"), [(1, 1), (2, 1), (3, 2), (4, 4), (5, 8), (6, 17), (7, 39), (8, 89)])
def test_alkyl_isomer_counts_follow_the_number_of_alkyl_radicals(carbons: int, count: int) -> None:
    # 1, 1, 2, 4, 8, 17, 39, 89: rooted quartic trees, OEIS A000598
    assert len(alkyl_isomers(carbons)) == count


def test_butyl_isomers_are_n_iso_sec_and_tert_butyl() -> None:
    expected = {"[*:1]CCCC", "[*:1]CC(C)C", "[*:1]C(C)CC", "[*:1]C(C)(C)C"}
    assert set(alkyl_isomers(4)) == {Chem.MolToSmiles(_mol(s)) for s in expected}


def test_alkyl_isomers_are_saturated_acyclic_and_of_the_right_formula() -> None:
    for smiles in alkyl_isomers(6):
        mol = _mol(smiles)
        assert sum(a.GetAtomicNum() == 6 for a in mol.GetAtoms()) == 6
        assert sum(a.GetTotalNumHs() for a in mol.GetAtoms()) == 13
        assert mol.GetRingInfo().NumRings() == 0


def test_alkyl_isomers_refuse_an_out_of_range_size() -> None:
    with pytest.raises(ValueError, match="between 1 and 10"):
        alkyl_isomers(0)


@pytest.mark.parametrize(("code", "count"), [("1.7", 4), ("1.43", 8), ("1.8", 17), ("1.9", 39)])
def test_library_expands_the_flagged_alkyls(library: SubstituentLibrary, code: str, count: int) -> None:
    assert len(library.get(code).smiles_variants) == count
    assert len(library.keys_of(code)) == count


# --- versions --------------------------------------------------------------------------------------


def test_current_library_drops_the_excluded_item(library: SubstituentLibrary) -> None:
    assert len(library) == 97
    assert "2.16" not in library
    assert library.excluded == ("2.16",)
    assert library.unencoded == ()


def test_as_of_keeps_an_item_until_the_day_its_exclusion_takes_effect() -> None:
    before = SubstituentLibrary.from_csv(CSV_PATH, as_of=date(2024, 2, 5))
    assert before.excluded == ()
    assert before.unencoded == ("2.16",)  # in force then, but its structure is not in the data
    on_the_day = SubstituentLibrary.from_csv(CSV_PATH, as_of=date(2024, 2, 6))
    assert on_the_day.excluded == ("2.16",)


# --- lookups ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fragment", "name_ru"),
    [
        ("*F", "фтор"),
        ("*Cl", "хлор"),
        ("*C", "метил"),
        ("*OC", "метокси"),
        ("*C(F)(F)F", "трифторметил"),
        ("*C(C)(C)C", "бутил и его структурные изомеры"),
        ("*CC(C)CC", "пентил и его структурные изомеры"),
        ("*CCCCCF", "фторпентил"),
        ("*c1ccc(F)cc1", "фторфенил"),
        ("*Cc1ccccc1Cl", "хлорбензил"),
        ("*c1cccc2ncccc12", "хинолинил (хинолил)"),
        ("*N1CCOCC1", "морфолин-4-ил (морфолино)"),
        ("*[N+](=O)[O-]", "нитро"),
        ("*OCO*", "метиленбис(окси) [метилендиокси]"),
        ("*O*", "окси (эпокси)"),
        ("*=O", "оксо"),
        ("*C*", "метилен (метано)"),
        ("*=C", "метилен (метано)"),
        ("*CCOCC*", "Оксибис (этилен)"),
        ("*C=CC=C*", "бута-1,3-диен-1,4-диил"),
    ],
)
def test_match_fragment_names_the_listed_substituent(library: SubstituentLibrary, fragment: str, name_ru: str) -> None:
    found = library.match_fragment(_mol(fragment))
    assert found is not None
    assert found.name_ru == name_ru


@pytest.mark.parametrize(
    "fragment",
    [
        "*O",  # hydroxy is not on the list
        "*CCCCCCCC",  # octyl: the list stops at heptyl
        "*CCF",  # fluoroethyl: a substituent on a substituent
        "*OCCC",  # propoxy is not listed (methoxy and ethoxy are)
        "*C(=O)O",  # carboxy
        "*CCCCCC*",  # hexane-1,6-diyl
        "*=S",  # thioxo
    ],
)
def test_match_fragment_finds_nothing_for_unlisted_groups(library: SubstituentLibrary, fragment: str) -> None:
    assert library.match_fragment(_mol(fragment)) is None


def test_a_ring_closing_bivalent_matches_in_its_aromatic_form(library: SubstituentLibrary) -> None:
    # naphthalene = benzene + buta-1,3-diene-1,4-diyl; in the aromatic ring the chain's bonds are aromatic
    naphthalene = _mol("c1ccc2ccccc2c1")  # atoms 3 and 8 are the fusion atoms
    chain = (9, 0, 1, 2)  # the four CH of the first ring, bonded to atoms 8 and 3
    found = library.match_component(naphthalene, chain, [(9, 1), (2, 1)])
    assert [s.code for s in found] == ["2.1"]


def test_oxo_and_oxy_bridge_are_told_apart(library: SubstituentLibrary) -> None:
    assert fragment_key(_mol("*=O")) != fragment_key(_mol("*O*"))
    assert library.match_fragment(_mol("[*:1]O[*:2]")).code == "2.6"
    assert library.match_fragment(_mol("*=O")).code == "2.8"


def test_shared_structures_list_every_item_in_decree_order(library: SubstituentLibrary) -> None:
    # alpha-methylbenzyl (an unlocanted methylbenzyl) is also 1-phenylethyl
    key = fragment_key(_mol("*C(C)c1ccccc1"))
    assert [s.code for s in library.match_key(key)] == ["1.22", "1.56"]


def test_every_variant_finds_its_own_item(library: SubstituentLibrary) -> None:
    for substituent in library:
        for smiles in substituent.smiles_variants:
            codes = [s.code for s in library.match_key(fragment_key(_mol(smiles)))]
            assert substituent.code in codes, (substituent.code, smiles)


def test_fragment_key_refuses_a_fragment_without_attachment_point() -> None:
    with pytest.raises(ChemError, match="at least one attachment point"):
        fragment_key(_mol("CC"))


def test_fragment_key_refuses_a_dummy_bonded_twice() -> None:
    with pytest.raises(ChemError, match="exactly one atom"):
        fragment_key(_mol("C*C"))


def test_get_names_a_code_not_in_force(library: SubstituentLibrary) -> None:
    with pytest.raises(KeyError, match=r"2\.16"):
        library.get("2.16")


def test_substituent_name_in_both_languages(library: SubstituentLibrary) -> None:
    item = library.get("1.57")
    assert isinstance(item, Substituent)
    assert (item.name("ru"), item.name("en")) == ("фтор", "fluoro")


# --- malformed data --------------------------------------------------------------------------------


def _row(**values: str) -> dict[str, str]:
    row = {
        "code": "9.1",
        "name_ru": "тест",
        "name_en": "test",
        "valence": "1",
        "smiles": "[*:1]C",
        "isomers": "0",
        "excluded_by": "",
        "excluded_on": "",
    }
    row.update(values)
    return row


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"smiles": "[*:1]C(("}, "cannot be parsed"),
        ({"smiles": "[*:1]CC[*:2]"}, "total order 2; 'valence' says 1"),
        ({"valence": "3"}, "must be 1 or 2"),
        ({"valence": "one"}, "must be integers"),
        ({"isomers": "1", "smiles": "[*:1]c1ccccc1"}, "saturated acyclic alkyl"),
        ({"smiles": ""}, "empty for an item that is in force"),
        ({"excluded_on": "04.02.2024", "excluded_by": "22"}, "YYYY-MM-DD"),
        ({"excluded_on": "2024-02-04"}, "'excluded_by' is empty"),
    ],
)
def test_malformed_rows_are_refused_with_the_row_named(values: dict[str, str], message: str) -> None:
    with pytest.raises(SubstituentDataError, match=message) as caught:
        SubstituentLibrary.from_rows([_row(**values)], as_of=date(2020, 1, 1))
    assert "row 1 (code 9.1)" in str(caught.value)


def test_missing_column_is_named() -> None:
    row = _row()
    del row["isomers"]
    with pytest.raises(SubstituentDataError, match="missing column"):
        SubstituentLibrary.from_rows([row])


def test_duplicate_code_is_refused() -> None:
    with pytest.raises(SubstituentDataError, match="appears twice"):
        SubstituentLibrary.from_rows([_row(), _row(smiles="[*:1]CC")])
