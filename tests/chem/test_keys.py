"""Structure keys pinned against published InChIKeys (sources named beside each value)."""

from __future__ import annotations

import csv

import pytest
from rdkit import Chem

from drugcontrol.chem import InchiError, StructureKeys, compute_keys, standardize, to_mol

AMPHETAMINE_KEY = "KWTSXDURSIMDCE-UHFFFAOYSA-N"
DEXAMFETAMINE_KEY = "KWTSXDURSIMDCE-QMMMGPOBSA-N"
MORPHINE_KEY = "BQJCRHHNABKAKU-KBQPJGBKSA-N"
MORPHINE_D3 = "[2H]C([2H])([2H])N1CC[C@]23c4c5ccc(O)c4O[C@H]2[C@@H](O)C=C[C@H]3[C@H]1C5"
# PubChem standard InChI of amphetamine (CID 3007) and dextroamphetamine (CID 5826).
AMPHETAMINE_INCHI = "InChI=1S/C9H13N/c1-8(10)7-9-5-3-2-4-6-9/h2-6,8H,7,10H2,1H3"
DEXAMFETAMINE_INCHI = AMPHETAMINE_INCHI + "/t8-/m0/s1"


@pytest.mark.parametrize(
    ("smiles", "inchikey"),
    [
        # cocaine: DEA-9041, PsychonautWiki
        ("COC(=O)[C@H]1[C@@H](OC(=O)c2ccccc2)C[C@@H]2CC[C@H]1N2C", "ZPUCINDJVBIVPJ-LJISPDSOSA-N"),
        # caffeine: Cayman, PsychonautWiki
        ("Cn1c(=O)c2c(ncn2C)n(C)c1=O", "RYYVLZVUVIJVGH-UHFFFAOYSA-N"),
        ("CC(N)Cc1ccccc1", AMPHETAMINE_KEY),  # DEA-1100
        ("C[C@H](N)Cc1ccccc1", DEXAMFETAMINE_KEY),  # Cayman D-Amphetamine (CRM), DrugCentral
        ("CN[C@@H](C)Cc1ccccc1", "MYWUZJCMWCOHBA-VIFPVBQESA-N"),  # methamphetamine, DEA-1105
        ("CN1CC[C@@]23[C@H]4Oc5c2c(C[C@@H]1[C@@H]3C=C[C@@H]4O)ccc5O", MORPHINE_KEY),  # DEA-9300
        ("CCC(=O)N(C1CCN(CCc2ccccc2)CC1)c1ccccc1", "PJMPHNIQZUBGLI-UHFFFAOYSA-N"),  # fentanyl, DEA-9801
        ("CN1c2ccc(Cl)cc2C(=NCC1=O)c1ccccc1", "AAOVKJBEBIDNHE-UHFFFAOYSA-N"),  # diazepam, DEA-2765
        ("CN[C@@H](C)[C@H](O)C1=CC=CC=C1", "KWGRBVOPPLSCSI-WPRPVWTQSA-N"),  # ephedrine, DEA-8113
        # salts: Tox21 parent_inchikey of "(-)-Cocaine hydrochloride" and "Caffeine citrate"
        ("Cl.CN3[C@H]1CC[C@@H]3[C@H]([C@H](C1)OC(=O)c2ccccc2)C(=O)OC", "ZPUCINDJVBIVPJ-LJISPDSOSA-N"),
        ("O=C(O)C(O)(CC(=O)O)CC(=O)O.O=C2c1n(C)cnc1N(C)C(=O)N2C", "RYYVLZVUVIJVGH-UHFFFAOYSA-N"),
    ],
)
def test_inchikey_of_known_compounds(smiles: str, inchikey: str) -> None:
    keys = compute_keys(to_mol(smiles))
    assert keys.inchikey == inchikey
    assert keys.connectivity == inchikey[:14]


def test_keys_of_dextroamphetamine() -> None:
    keys = compute_keys(to_mol("C[C@H](N)Cc1ccccc1"))
    assert keys.inchi == DEXAMFETAMINE_INCHI
    assert keys.smiles == "C[C@H](N)Cc1ccccc1"
    assert keys.stereo_parent == AMPHETAMINE_KEY  # racemic amphetamine
    assert keys.isotope_parent == DEXAMFETAMINE_KEY  # no isotopes to remove
    assert keys.skeleton == AMPHETAMINE_KEY


def test_keys_of_morphine_d3() -> None:
    keys = compute_keys(to_mol(MORPHINE_D3))
    assert keys.inchikey == "BQJCRHHNABKAKU-LLQNGXJRSA-N"  # Cayman Morphine-d3 (CRM)
    assert keys.isotope_parent == MORPHINE_KEY
    assert keys.skeleton == compute_keys(to_mol("CN1CCC23c4c5ccc(O)c4OC2C(O)C=CC3C1C5")).inchikey


def test_keys_of_deuterated_dextroamphetamine_hemisulfate() -> None:
    # Tox21 "D-Amphetamine-d3 hemisulfate": parent_inchikey KWTSXDURSIMDCE-TUWYYBGVSA-N
    keys = compute_keys(to_mol("N[C@H](Cc1ccccc1)C([2H])([2H])[2H].O=S(=O)(O)O.[2H]C([2H])([2H])[C@H](N)Cc1ccccc1"))
    assert keys.inchikey == "KWTSXDURSIMDCE-TUWYYBGVSA-N"
    assert keys.isotope_parent == DEXAMFETAMINE_KEY
    assert keys.skeleton == AMPHETAMINE_KEY
    assert keys.stereo_parent not in (keys.inchikey, AMPHETAMINE_KEY)  # still deuterated


def test_keto_and_enol_share_only_the_skeleton() -> None:
    keto = compute_keys(to_mol("CC(=O)Cc1ccccc1"))  # phenylacetone (P2P), DEA-8501
    enol = compute_keys(to_mol("CC(O)=Cc1ccccc1"))
    assert keto.inchikey == "QCCDLTOVEPVEJK-UHFFFAOYSA-N"
    assert enol.inchikey != keto.inchikey
    assert enol.stereo_parent != keto.stereo_parent
    assert enol.skeleton == keto.skeleton == keto.inchikey


@pytest.mark.parametrize(
    ("smiles", "inchi"),
    [("CC(N)Cc1ccccc1", AMPHETAMINE_INCHI), ("C[C@H](N)Cc1ccccc1", DEXAMFETAMINE_INCHI)],
)
def test_inchi_and_molfile_inputs_give_the_same_keys_as_smiles(smiles: str, inchi: str) -> None:
    from_smiles = compute_keys(to_mol(smiles))
    assert compute_keys(to_mol(inchi)) == from_smiles
    mol = Chem.MolFromSmiles(smiles)
    assert compute_keys(to_mol(Chem.MolToMolBlock(mol))) == from_smiles
    assert compute_keys(to_mol(Chem.MolToV3KMolBlock(mol))) == from_smiles


def test_molfile_of_labelled_salt_gives_the_same_keys_as_smiles() -> None:
    smiles = MORPHINE_D3 + ".Cl"
    block = Chem.MolToMolBlock(Chem.MolFromSmiles(smiles))
    assert compute_keys(to_mol(block)) == compute_keys(to_mol(smiles))


def test_standardized_and_raw_molecule_give_the_same_keys() -> None:
    mol = to_mol("C[C@H](N)Cc1ccccc1.Cl")
    assert compute_keys(mol) == compute_keys(standardize(mol))


def test_input_is_not_mutated() -> None:
    mol = Chem.MolFromSmiles(MORPHINE_D3 + ".Cl")
    before = Chem.MolToSmiles(mol)
    compute_keys(mol)
    assert Chem.MolToSmiles(mol) == before


def test_dummy_atoms_have_no_inchi() -> None:
    with pytest.raises(InchiError) as info:
        compute_keys(to_mol("*CC(N)Cc1ccccc1"))
    assert info.value.code == "no_inchi"


def test_dict_round_trip() -> None:
    keys = compute_keys(to_mol("C[C@H](N)Cc1ccccc1"))
    data = keys.to_dict()
    assert data["inchikey"] == DEXAMFETAMINE_KEY
    assert set(data) == {
        "smiles",
        "inchi",
        "inchikey",
        "connectivity",
        "stereo_parent",
        "isotope_parent",
        "skeleton",
    }
    assert StructureKeys.from_dict(data) == keys


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"skeleton": None}, "exactly the fields"),
        ({"extra": "x"}, "exactly the fields"),
        ({"inchikey": "not-a-key"}, "must be an InChIKey"),
        ({"smiles": ""}, "non-empty string"),
        ({"connectivity": "ABCDEFGHIJKLMN"}, "first block"),
    ],
)
def test_from_dict_refuses_bad_data(change: dict[str, str | None], message: str) -> None:
    data: dict[str, object] = dict(compute_keys(to_mol("CC(N)Cc1ccccc1")).to_dict())
    for field, value in change.items():
        if value is None:
            del data[field]
        else:
            data[field] = value
    with pytest.raises(ValueError, match=message):
        StructureKeys.from_dict(data)


@pytest.mark.shared
def test_keys_agree_with_published_inchikeys_of_psychoactives(shared) -> None:
    """Every fifth compound of the PiHKAL/TiHKAL/PsychonautWiki file, InChIKeys from that file."""
    with (shared / "reference" / "psychoactives_pihkal_tihkal.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))[::5]
    assert len(rows) >= 90
    mismatches = [row["name"] for row in rows if compute_keys(to_mol(row["smiles"])).inchikey != row["inchi"]]
    assert mismatches == []


def test_connection_layers_are_shared_by_every_form_of_a_structure() -> None:
    from drugcontrol.chem.keys import connection_layers, standard_inchi

    def layers(smiles: str) -> str:
        return connection_layers(standard_inchi(standardize(to_mol(smiles)).mol))

    racemic = layers("CC(N)Cc1ccccc1")
    assert racemic == "C9H13N/c1-8(10)7-9-5-3-2-4-6-9"  # amphetamine's InChI, formula and connections
    assert layers("C[C@H](N)Cc1ccccc1") == racemic  # stereo lives in a later layer
    assert layers("[2H]C([2H])([2H])C(N)Cc1ccccc1") == racemic  # so do isotopes
    assert layers("CC(N)Cc1ccc(F)cc1") != racemic
    assert connection_layers("InChI=1S/H2O/h1H2") == "H2O/"


def test_compute_keys_accepts_the_inchi_the_caller_already_has() -> None:
    from drugcontrol.chem.keys import standard_inchi

    std = standardize(to_mol("C[C@H](N)Cc1ccccc1.OS(=O)(=O)O"))
    assert compute_keys(std, inchi=standard_inchi(std.mol)) == compute_keys(std)
