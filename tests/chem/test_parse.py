"""Reading structures: formats, size limits, typed errors and SD files with broken records."""

from __future__ import annotations

import gzip

import pytest
from rdkit import Chem

from drugcontrol.chem import (
    MAX_HEAVY_ATOMS,
    MAX_INPUT_CHARS,
    MAX_RINGS,
    ChemError,
    EmptyStructureError,
    StructureTooLargeError,
    UnparseableStructureError,
    detect_format,
    iter_sdf,
    to_mol,
)

# Published standard InChI and InChIKey of amphetamine and dextroamphetamine
# (US DEA list DEA-1100; Cayman "D-Amphetamine (CRM)"; PubChem CIDs 3007 and 5826).
AMPHETAMINE = "CC(N)Cc1ccccc1"
AMPHETAMINE_KEY = "KWTSXDURSIMDCE-UHFFFAOYSA-N"
DEXAMFETAMINE = "C[C@H](N)Cc1ccccc1"
DEXAMFETAMINE_INCHI = "InChI=1S/C9H13N/c1-8(10)7-9-5-3-2-4-6-9/h2-6,8H,7,10H2,1H3/t8-/m0/s1"
DEXAMFETAMINE_KEY = "KWTSXDURSIMDCE-QMMMGPOBSA-N"


def molblock(smiles: str, name: str = "") -> str:
    mol = Chem.MolFromSmiles(smiles)
    mol.SetProp("_Name", name)
    return Chem.MolToMolBlock(mol)


# --- formats -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (AMPHETAMINE, "smiles"),
        ("  CCO ethanol  ", "smiles"),
        (DEXAMFETAMINE_INCHI, "inchi"),
        ("inchi=1S/CH4/h1H4", "inchi"),
        (molblock(AMPHETAMINE), "molblock"),
        (Chem.MolToV3KMolBlock(Chem.MolFromSmiles(AMPHETAMINE)), "molblock"),
    ],
)
def test_detect_format(text: str, expected: str) -> None:
    assert detect_format(text) == expected


def test_smiles_is_read() -> None:
    mol = to_mol(f"  {AMPHETAMINE}\n")
    assert Chem.MolToInchiKey(mol) == AMPHETAMINE_KEY
    assert mol.GetNumHeavyAtoms() == 10


def test_smiles_with_a_trailing_name_is_read() -> None:
    assert Chem.MolToSmiles(to_mol("CCO ethanol")) == "CCO"


def test_inchi_is_read_with_its_stereo() -> None:
    mol = to_mol(DEXAMFETAMINE_INCHI)
    assert Chem.MolToInchiKey(mol) == DEXAMFETAMINE_KEY
    assert Chem.MolToSmiles(mol) == Chem.MolToSmiles(Chem.MolFromSmiles(DEXAMFETAMINE))


def test_molblock_is_read_even_with_header_lines_lost_or_added() -> None:
    block = molblock(DEXAMFETAMINE, name="dexamfetamine")
    expected = Chem.MolToSmiles(Chem.MolFromSmiles(DEXAMFETAMINE))
    assert Chem.MolToSmiles(to_mol(block)) == expected
    assert Chem.MolToSmiles(to_mol(molblock(DEXAMFETAMINE).strip())) == expected  # blank name line lost
    assert Chem.MolToSmiles(to_mol("\n\n" + block)) == expected


def test_v3000_molblock_is_read() -> None:
    block = Chem.MolToV3KMolBlock(Chem.MolFromSmiles(DEXAMFETAMINE))
    assert Chem.MolToInchiKey(to_mol(block)) == DEXAMFETAMINE_KEY


def test_single_sdf_record_with_data_items_is_read_as_molblock() -> None:
    text = molblock(AMPHETAMINE) + "> <ID>\nA-1\n\n$$$$\n"
    assert Chem.MolToInchiKey(to_mol(text)) == AMPHETAMINE_KEY


def test_explicit_format_is_respected() -> None:
    with pytest.raises(UnparseableStructureError) as info:
        to_mol(DEXAMFETAMINE_INCHI, fmt="smiles")
    assert info.value.fmt == "smiles"


# --- failures ----------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", " \n\t \r\n"])
def test_empty_input_is_refused(text: str) -> None:
    with pytest.raises(EmptyStructureError) as info:
        to_mol(text)
    assert info.value.code == "empty"


def test_molfile_without_atoms_is_empty() -> None:
    with pytest.raises(EmptyStructureError):
        to_mol(Chem.MolToMolBlock(Chem.Mol()))


def test_ten_megabyte_string_is_refused_before_parsing() -> None:
    text = "C(" * 5_000_000  # not a SMILES either: a parser that ran first would call it unparseable
    with pytest.raises(StructureTooLargeError) as info:
        to_mol(text)
    assert info.value.code == "too_large"
    assert f"{MAX_INPUT_CHARS:,}" in str(info.value)


def test_smiles_with_a_thousand_rings_is_refused() -> None:
    with pytest.raises(StructureTooLargeError):
        to_mol("C1CC1" * 1000)


def test_ring_count_is_checked_in_smiles_before_parsing() -> None:
    fifty_rings = ".".join(["C1CC1"] * 50)  # 150 atoms, under the atom limit
    with pytest.raises(StructureTooLargeError, match="rings"):
        to_mol(fifty_rings)


def test_ring_count_is_checked_after_parsing_a_molfile() -> None:
    block = Chem.MolToMolBlock(Chem.MolFromSmiles(".".join(["C1CC1"] * (MAX_RINGS + 1))))
    with pytest.raises(StructureTooLargeError, match="rings"):
        to_mol(block)


def test_ring_count_from_molfile_counts_line() -> None:
    cubanes = Chem.MolFromSmiles("C12C3C4C1C5C2C3C45" * 20)  # 160 atoms, 100 rings
    with pytest.raises(StructureTooLargeError, match="at least 100 rings"):
        to_mol(Chem.MolToMolBlock(cubanes))


def test_heavy_atom_limit() -> None:
    to_mol("C" * MAX_HEAVY_ATOMS)
    with pytest.raises(StructureTooLargeError, match="heavy atoms"):
        to_mol("C" * (MAX_HEAVY_ATOMS + 1))


def test_heavy_atom_limit_for_inchi_reads_the_formula() -> None:
    with pytest.raises(StructureTooLargeError, match="InChI formula has 500"):
        to_mol("InChI=1S/C500H1002/c1-3-5")


def test_garbage_smiles_says_what_rdkit_found() -> None:
    with pytest.raises(UnparseableStructureError) as info:
        to_mol("C1CC(")
    error = info.value
    assert error.code == "unparseable"
    assert error.fmt == "smiles"
    assert "SMILES" in str(error)
    assert "syntax error" in error.reason


@pytest.mark.parametrize(
    ("smiles", "reason"),
    [("c1cccc1", "kekulize"), ("C[N](C)(C)(C)C", "valence"), ("C1CC", "unclosed ring")],
)
def test_chemically_invalid_smiles_reports_the_reason(smiles: str, reason: str) -> None:
    with pytest.raises(UnparseableStructureError, match=reason):
        to_mol(smiles)


def test_invalid_inchi_reports_the_inchi_library_reason() -> None:
    with pytest.raises(UnparseableStructureError) as info:
        to_mol("InChI=1S/garbage")
    assert info.value.fmt == "inchi"
    assert "Syntax error" in info.value.reason


def test_inchi_prefix_must_have_the_right_case() -> None:
    with pytest.raises(UnparseableStructureError, match="InChI="):
        to_mol("inchi=1S/CH4/h1H4")


def test_inchikey_is_refused_with_an_explanation() -> None:
    with pytest.raises(UnparseableStructureError, match="InChIKey"):
        to_mol(AMPHETAMINE_KEY)


def test_broken_molfile_is_unparseable() -> None:
    block = molblock("CCO").replace("  3  2  0", "  9  2  0", 1)  # counts line claims 9 atoms
    with pytest.raises(UnparseableStructureError) as info:
        to_mol(block)
    assert info.value.fmt == "molblock"
    assert "line" in info.value.reason  # RDKit names the molfile line it could not read


def test_several_sdf_records_are_not_one_molfile() -> None:
    text = molblock("CCO") + "$$$$\n" + molblock("CCN") + "$$$$\n"
    with pytest.raises(UnparseableStructureError, match="more than one"):
        to_mol(text)


def test_rdkit_log_noise_does_not_reach_stderr_or_logging(
    capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    broken_molfile = molblock("CCO").replace("  3  2  0", "  9  2  0", 1)
    for text in ["C1CC(", "c1cccc1", "InChI=1S/garbage", broken_molfile]:
        with pytest.raises(ChemError):
            to_mol(text)
    assert capfd.readouterr().err == ""
    assert [record for record in caplog.records if record.name == "rdkit"] == []


def test_every_error_is_a_value_error_with_a_code() -> None:
    with pytest.raises(ValueError) as info:
        to_mol("C1CC(")
    assert isinstance(info.value, ChemError)
    assert info.value.code


def test_wrong_arguments_are_programming_errors() -> None:
    with pytest.raises(TypeError):
        to_mol(b"CCO")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="'fmt' parameter"):
        to_mol("CCO", fmt="sdf")  # type: ignore[arg-type]


# --- SD files ----------------------------------------------------------------------------------

BROKEN_RECORD = "broken\n  by hand\n\n  this is not a counts line\nM  END\n> <ID>\nX-2\n\n$$$$\n"


def sdf_with_one_broken_record() -> str:
    data_items = "> <ID>\nX-1\n\n> <NOTE>\nline one\nline two\n\n$$$$\n"
    good_1 = molblock(AMPHETAMINE, name="amphetamine") + data_items
    good_3 = molblock("CCO", name="ethanol") + "> <ID>\nX-3\n\n$$$$\n"
    return good_1 + BROKEN_RECORD + good_3


def test_sdf_broken_record_is_reported_and_reading_goes_on() -> None:
    records = list(iter_sdf(sdf_with_one_broken_record()))
    assert [record.index for record in records] == [1, 2, 3]
    first, broken, last = records
    assert first.ok and Chem.MolToInchiKey(first.mol) == AMPHETAMINE_KEY
    assert first.title == "amphetamine"
    assert first.props == {"ID": "X-1", "NOTE": "line one\nline two"}
    assert first.mol.GetProp("ID") == "X-1"
    assert broken.mol is None
    assert isinstance(broken.error, UnparseableStructureError)
    assert broken.props == {"ID": "X-2"}  # kept so that the broken record can be named
    assert last.ok and Chem.MolToSmiles(last.mol) == "CCO"


def test_sdf_from_bytes_path_and_gzip(tmp_path) -> None:
    text = sdf_with_one_broken_record()
    path = tmp_path / "batch.sdf"
    path.write_text(text, encoding="utf-8")
    gz_path = tmp_path / "batch.sdf.gz"
    with gzip.open(gz_path, "wt", encoding="utf-8") as handle:
        handle.write(text)
    for source in (text.encode("utf-8"), path, str(path), gz_path):
        assert [record.ok for record in iter_sdf(source)] == [True, False, True]


def test_sdf_last_record_without_terminator_is_read() -> None:
    text = molblock("CCO") + "$$$$\n" + molblock("CCN")
    assert [Chem.MolToSmiles(record.mol) for record in iter_sdf(text)] == ["CCO", "CCN"]


def test_sdf_oversized_record_is_skipped_without_stopping() -> None:
    huge = molblock("CCO") + "> <BLOB>\n" + ("x" * 80 + "\n") * 1500 + "\n$$$$\n"
    records = list(iter_sdf(huge + molblock("CCN") + "$$$$\n"))
    assert isinstance(records[0].error, StructureTooLargeError)
    assert records[1].ok and records[1].index == 2


def test_sdf_latin1_file_is_read(tmp_path) -> None:
    path = tmp_path / "latin1.sdf"
    path.write_bytes((molblock("CCO", name="Äthanol") + "$$$$\n").encode("latin-1"))
    (record,) = iter_sdf(path)
    assert record.title == "Äthanol"


def test_missing_sdf_file_fails_at_once(tmp_path) -> None:
    with pytest.raises(FileNotFoundError):
        iter_sdf(tmp_path / "missing.sdf")
