"""Standardization to the parent compound, pinned on salts and forms of controlled substances.

Expected InChIKeys come from public reference data, not from this code: the US DEA list
(``us_dea_list.tsv``), Cayman and PiHKAL reference files, and the ``parent_inchikey`` column of
the Tox21 library, all under ``../shared/data``.
"""

from __future__ import annotations

import csv

import pytest
from rdkit import Chem

from drugcontrol.chem import (
    standardize,
    standardize_mol,
    to_canonical_tautomer,
    to_mol,
    without_isotopes,
    without_stereo,
)

COCAINE_KEY = "ZPUCINDJVBIVPJ-LJISPDSOSA-N"  # DEA-9041; Tox21 "(-)-Cocaine hydrochloride" parent
AMPHETAMINE_KEY = "KWTSXDURSIMDCE-UHFFFAOYSA-N"  # DEA-1100
DEXAMFETAMINE_KEY = "KWTSXDURSIMDCE-QMMMGPOBSA-N"  # Cayman D-Amphetamine (CRM)
MORPHINE_KEY = "BQJCRHHNABKAKU-KBQPJGBKSA-N"  # DEA-9300
MORPHINE_D3_KEY = "BQJCRHHNABKAKU-LLQNGXJRSA-N"  # Cayman Morphine-d3 (CRM)
GHB_KEY = "SJZRECIVHVDYJC-UHFFFAOYSA-N"  # DEA-2010; Tox21 sodium 4-hydroxybutanoate parent
PHENYLACETONE_KEY = "QCCDLTOVEPVEJK-UHFFFAOYSA-N"  # DEA-8501 (P2P)
BENZYL_ALCOHOL_KEY = "WVDDGKGOMKODPV-UHFFFAOYSA-N"  # Tox21 benzyl alcohol

COCAINE_HCL = "COC(=O)[C@H]1[C@@H](OC(=O)c2ccccc2)C[C@@H]2CC[C@H]1N2C.Cl"  # Cayman Cocaine (hydrochloride)
AMPHETAMINE_SULFATE = "CC(N)Cc1ccccc1.CC(N)Cc1ccccc1.OS(=O)(=O)O"
MORPHINE_D3 = "[2H]C([2H])([2H])N1CC[C@]23c4c5ccc(O)c4O[C@H]2[C@@H](O)C=C[C@H]3[C@H]1C5"


def key(mol: Chem.Mol) -> str:
    return Chem.MolToInchiKey(mol)


def test_cocaine_hydrochloride_gives_cocaine_base() -> None:
    std = standardize(to_mol(COCAINE_HCL))
    assert key(std.mol) == COCAINE_KEY
    assert "Cl" not in Chem.MolToSmiles(std.mol)
    assert std.removed_fragments == ("Cl",)
    assert not std.neutralized  # HCl drawn as a neutral molecule: no charge to remove
    assert std.has_stereo and not std.has_isotopes
    assert std.salt_form


def test_ionic_cocaine_hydrochloride_is_neutralised() -> None:
    std = standardize(to_mol("COC(=O)[C@H]1[C@@H](OC(=O)c2ccccc2)C[C@@H]2CC[C@H]1[NH+]2C.[Cl-]"))
    assert key(std.mol) == COCAINE_KEY
    assert std.removed_fragments == ("[Cl-]",)
    assert std.neutralized


def test_amphetamine_sulfate_lists_only_the_acid_as_removed() -> None:
    std = standardize(to_mol(AMPHETAMINE_SULFATE))
    assert key(std.mol) == AMPHETAMINE_KEY
    assert std.removed_fragments == ("O=S(=O)(O)O",)  # the second amphetamine is not a counter-ion
    assert not std.has_stereo


def test_sodium_oxybate_gives_ghb_ionic_or_covalent() -> None:
    ionic = standardize(to_mol("[Na+].[O-]C(=O)CCCO"))  # Tox21 Tox21_112871
    covalent = standardize(to_mol("OCCCC(=O)O[Na]"))
    for std in (ionic, covalent):
        assert key(std.mol) == GHB_KEY
        assert std.removed_fragments == ("[Na+]",)
        assert std.neutralized


def test_free_base_is_unchanged_and_not_a_salt_form() -> None:
    std = standardize(to_mol("CN[C@@H](C)Cc1ccccc1"))  # methamphetamine, DEA-1105
    assert key(std.mol) == "MYWUZJCMWCOHBA-VIFPVBQESA-N"
    assert std.removed_fragments == ()
    assert not std.neutralized
    assert not std.salt_form


def test_quaternary_ammonium_keeps_its_charge() -> None:
    std = standardize(to_mol("C[N+](C)(C)C.[Cl-]"))
    assert Chem.MolToSmiles(std.mol) == "C[N+](C)(C)C"
    assert not std.neutralized


def test_isotopes_and_stereo_are_kept() -> None:
    std = standardize(to_mol(MORPHINE_D3))
    assert key(std.mol) == MORPHINE_D3_KEY
    assert std.has_isotopes and std.has_stereo


@pytest.mark.parametrize("smiles", ["[Na+].[Cl-]", "[K+].[O-][Mn](=O)(=O)=O", "O.O.[Ca+2].[Cl-].[Cl-]"])
def test_inorganic_salts_are_kept_whole(smiles: str) -> None:
    std = standardize(to_mol(smiles))
    assert std.removed_fragments == ()
    assert std.mol.GetNumAtoms() == to_mol(smiles).GetNumAtoms()


def test_table_salt_is_not_a_salt_form_of_hydrogen_chloride() -> None:
    assert key(standardize(to_mol("[Na+].[Cl-]")).mol) != key(standardize(to_mol("Cl")).mol)
    # Potassium permanganate (a precursor) keeps its published InChIKey (DrugCentral, Tox21).
    assert key(standardize(to_mol("[K+].[O-][Mn](=O)(=O)=O")).mol) == "VZJVWSHVAAUDKD-UHFFFAOYSA-N"


def test_single_inorganic_molecule_is_its_own_parent() -> None:
    std = standardize(to_mol("N#[N+][O-]"))  # nitrous oxide
    assert key(std.mol) == "GQPLMRYTRLFLPF-UHFFFAOYSA-N"  # PsychonautWiki "Nitrous"; DrugCentral
    assert std.removed_fragments == ()


def test_standardize_mol_steps_are_keywords() -> None:
    salt = to_mol("C[C@H](N)Cc1ccccc1.Cl")
    assert "." in Chem.MolToSmiles(standardize_mol(salt, strip_salts=False))
    assert key(standardize_mol(salt)) == DEXAMFETAMINE_KEY
    assert key(standardize_mol(salt, remove_stereo=True)) == AMPHETAMINE_KEY
    assert key(standardize_mol(to_mol(MORPHINE_D3), remove_isotopes=True)) == MORPHINE_KEY
    enol = to_mol("CC(O)=Cc1ccccc1")
    assert key(standardize_mol(enol)) != PHENYLACETONE_KEY
    assert key(standardize_mol(enol, canonical_tautomer=True)) == PHENYLACETONE_KEY
    charged = to_mol("C[NH3+]")
    assert Chem.MolToSmiles(standardize_mol(charged, neutralize=False)) == "C[NH3+]"
    assert Chem.MolToSmiles(standardize_mol(charged)) == "CN"


def test_removing_a_deuterium_removes_the_stereocentre_it_made() -> None:
    mol = to_mol("[2H][C@@H](O)c1ccccc1")
    bare = without_isotopes(mol)
    assert key(bare) == BENZYL_ALCOHOL_KEY
    assert Chem.MolToSmiles(bare) == "OCc1ccccc1"


def test_without_stereo_and_canonical_tautomer() -> None:
    assert key(without_stereo(to_mol("C[C@H](N)Cc1ccccc1"))) == AMPHETAMINE_KEY
    assert key(to_canonical_tautomer(to_mol("CC(O)=Cc1ccccc1"))) == PHENYLACETONE_KEY


def test_inputs_are_not_mutated() -> None:
    for smiles in (COCAINE_HCL, MORPHINE_D3, "[Na+].[O-]C(=O)CCCO", "CC(O)=Cc1ccccc1"):
        mol = Chem.MolFromSmiles(smiles)
        before = Chem.MolToSmiles(mol)
        standardize(mol)
        standardize_mol(mol, remove_isotopes=True, remove_stereo=True, canonical_tautomer=True)
        without_isotopes(mol)
        without_stereo(mol)
        to_canonical_tautomer(mol)
        assert Chem.MolToSmiles(mol) == before


def test_not_a_molecule_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        standardize(None)  # type: ignore[arg-type]


@pytest.mark.shared
def test_parents_of_tox21_salts_agree_with_the_published_parent_keys(shared) -> None:
    """The Tox21 library gives a parent InChIKey for each salt; organometallics are the known exceptions."""
    with (shared / "reference" / "tox21_chemicals.csv").open(encoding="utf-8") as handle:
        salts = [row for row in csv.DictReader(handle) if "." in row["smiles"]][::4]
    compared, disagreements = 0, []
    for row in salts:
        if not any(atom.GetAtomicNum() == 6 for atom in to_mol(row["smiles"]).GetAtoms()):
            continue
        std = standardize(to_mol(row["smiles"]))
        compared += 1
        if key(std.mol) != row["parent_inchikey"]:
            disagreements.append(row["name"])
    assert compared > 300
    assert len(disagreements) <= compared // 100, disagreements
