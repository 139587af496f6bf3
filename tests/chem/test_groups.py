"""Generic group definitions (Germany's NpSG annex, China's class-wide control) and the matching engine.

Every group ships positive and negative regression examples in ``group_examples/*.csv``: real
compounds cited from the reference files in ``../shared/data`` (the structure is checked against
that file), compounds from the literature, and constructed near-misses. Negatives pin *which*
condition fails, because a definition that catches too much (the UK's 2016 cannabinoid clause) is as
wrong as one that catches too little.
"""

from __future__ import annotations

import csv
import dataclasses
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from rdkit import Chem, DataStructs

from drugcontrol.chem.errors import EmptyStructureError
from drugcontrol.chem.group_definitions import all_definitions, cn_classes, de_npsg, definitions_for
from drugcontrol.chem.group_definitions.vocabulary import (
    METHOXY,
    alkenyl,
    alkyl,
    halo_substituted,
    headed,
    longest_chain,
    trialkylsilyl,
)
from drugcontrol.chem.groups import (
    PATTERN_FP_SIZE,
    Check,
    GroupDefinition,
    GroupDefinitionError,
    GroupScreen,
    Substituent,
    core,
    explain_groups,
    match_groups,
    prepare_parent,
)

EXAMPLES = Path(__file__).parent / "group_examples"
TODAY = date(2026, 1, 1)
SHARED_FILE_COLUMNS = {
    "reference/cayman_reference_standards.csv": ("name", "smiles"),
    "reference/psychoactives_pihkal_tihkal.csv": ("name", "smiles"),
    "lists/china_controlled.csv": ("name_en", "smiles"),
    "negatives/approved_medicines.csv": ("name", "smiles"),
    "reference/tox21_chemicals.csv": ("name", "smiles"),
}


def _examples() -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for path in sorted(EXAMPLES.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            rows.extend(csv.DictReader(handle))
    return rows


ROWS = _examples()


@pytest.fixture(scope="module")
def screen() -> GroupScreen:
    return GroupScreen(all_definitions(), as_of=TODAY)


def _verdict(screen: GroupScreen, smiles: str, group_id: str):
    results = {result.definition.group_id: result for result in screen.explain(Chem.MolFromSmiles(smiles))}
    return results[group_id]


def _key(smiles: str) -> str:
    return Chem.MolToInchiKey(prepare_parent(Chem.MolFromSmiles(smiles))).split("-")[0]


# --- regression examples ----------------------------------------------------------------------------


@pytest.mark.parametrize("row", ROWS, ids=[f"{r['group_id']}:{r['name']}" for r in ROWS])
def test_example_verdict_and_failing_condition(screen: GroupScreen, row: dict[str, str]) -> None:
    result = _verdict(screen, row["smiles"], row["group_id"])
    if row["expected"] == "member":
        assert result.is_member, result.explain()
    else:
        assert row["expected"] == "not_member"
        assert not result.is_member
        assert row["failing_check"] in {check.name for check in result.failed}, result.explain()


def test_every_definition_has_three_positive_and_three_negative_examples() -> None:
    counts = Counter((row["group_id"], row["expected"]) for row in ROWS)
    for definition in all_definitions():
        assert counts[(definition.group_id, "member")] >= 3, definition.group_id
        assert counts[(definition.group_id, "not_member")] >= 3, definition.group_id


def test_every_negative_names_a_check_its_definition_has() -> None:
    names = {d.group_id: {c.name for c in d.all_checks} | {"core"} for d in all_definitions()}
    for row in ROWS:
        if row["expected"] == "not_member":
            assert row["failing_check"] in names[row["group_id"]], row


@pytest.mark.shared
def test_cited_examples_have_the_structure_of_their_source(shared: Path) -> None:
    """Examples cited from a reference file carry that file's structure for the same name."""
    tables: dict[str, dict[str, str]] = {}
    for source, (name_col, smiles_col) in SHARED_FILE_COLUMNS.items():
        with (shared / source).open(encoding="utf-8", newline="") as handle:
            table: dict[str, str] = {}
            for record in csv.DictReader(handle):
                table.setdefault(record[name_col].strip(), record[smiles_col])
            tables[source] = table
    cited = [row for row in ROWS if row["source"] in tables]
    assert len(cited) >= 80
    for row in cited:
        source_smiles = tables[row["source"]].get(row["name"])
        assert source_smiles, f"{row['name']!r} is not in {row['source']}"
        assert _key(source_smiles) == _key(row["smiles"]), row["name"]


def test_examples_from_the_literature_or_constructed_say_so() -> None:
    for row in ROWS:
        assert row["source"] in {*SHARED_FILE_COLUMNS, "literature", "constructed"}, row


# --- known values the verdicts rest on ----------------------------------------------------------------


def test_mass_is_taken_without_the_counter_ion(screen: GroupScreen) -> None:
    # 25B-NBOMe free base C18H22BrNO3 has an average mass of 380.28 u; the HCl salt weighs 416.7 u.
    result = _verdict(screen, "COc1cc(CCNCc2ccccc2OC)c(OC)cc1Br.Cl", "DE-NpSG-1")
    mass = next(check for check in result.checks if check.name == "max_mass")
    assert mass.passed
    assert mass.detail.startswith("380.3 u")


def test_mass_limit_is_the_only_failure_of_a_heavy_but_allowed_structure(screen: GroupScreen) -> None:
    # 2C-I (C10H14INO2) with an N-2,4,6-tribromobenzyl group is C17H17Br3INO2: 633.9 u.
    result = _verdict(screen, "COc1cc(CCNCc2c(Br)cc(Br)cc2Br)c(OC)cc1I", "DE-NpSG-1")
    assert [check.name for check in result.failed] == ["max_mass"]
    assert "633.9 u" in result.failed[0].detail


def test_stereoisomers_salts_and_isotopes_get_the_same_verdict(screen: GroupScreen) -> None:
    plain = "CN(C)C1CCCCC1N(C)C(=O)c1ccc(Cl)c(Cl)c1"
    variants = (
        "CN(C)[C@@H]1CCCC[C@H]1N(C)C(=O)c1ccc(Cl)c(Cl)c1.Cl",
        "[2H]C([2H])([2H])N(C)C1CCCCC1N(C)C(=O)c1ccc(Cl)c(Cl)c1",
        "C[NH+](C)C1CCCCC1N(C)C(=O)c1ccc(Cl)c(Cl)c1.[Cl-]",
    )
    assert _verdict(screen, plain, "DE-NpSG-4").is_member
    for smiles in variants:
        assert _verdict(screen, smiles, "DE-NpSG-4").is_member, smiles


def test_bupropion_is_inside_group_1_and_section_1_2_is_not_structural(screen: GroupScreen) -> None:
    """Bupropion is a 2-(tert-butylamino)-3'-chloropropiophenone, i.e. a cathinone: the annex text
    covers it, and only NpSG § 1 (2) (medicinal products) keeps the law from applying."""
    result = _verdict(screen, "CC(NC(C)(C)C)C(=O)c1cccc(Cl)c1", "DE-NpSG-1")
    assert result.is_member
    assert "§ 1 (2)" in de_npsg.__doc__


def test_tryptamine_is_in_neither_group_1_nor_group_5(screen: GroupScreen) -> None:
    results = {r.definition.group_id: r for r in screen.explain(Chem.MolFromSmiles("NCCc1c[nH]c2ccccc12"))}
    assert [c.name for c in results["DE-NpSG-5.1"].failed] == ["not_named_exception"]
    assert "not_excluded_by_other_group_core" in {c.name for c in results["DE-NpSG-1"].failed}
    assert screen.match(Chem.MolFromSmiles("NCCc1c[nH]c2ccccc12")) == []


def test_nitazenes_are_matched_by_both_jurisdictions(screen: GroupScreen) -> None:
    isotonitazene = "CCN(CC)CCn1c(Cc2ccc(OC(C)C)cc2)nc2cc([N+](=O)[O-])ccc21"
    ids = [m.definition.group_id for m in screen.match(Chem.MolFromSmiles(isotonitazene))]
    assert ids == ["DE-NpSG-7", "CN-NITAZENE-CLASS"]


def test_the_fentanyl_class_explains_a_review_note_for_unlisted_substituents(screen: GroupScreen) -> None:
    # 3-phenyl on the piperidine is not among the enumerated substituents; the list ends with 等.
    result = _verdict(screen, "CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1c1ccccc1", "CN-FENTANYL-CLASS")
    assert result.is_member
    detail = next(c.detail for c in result.checks if c.name == "piperidine_substituents")
    assert "review" in detail


# --- dates and jurisdictions ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("group_id", "first_day"),
    [
        ("CN-FENTANYL-CLASS", date(2019, 5, 1)),
        ("CN-SYNTHETIC-CANNABINOID-CLASS", date(2021, 7, 1)),
        ("CN-NITAZENE-CLASS", date(2025, 7, 1)),
        ("DE-NpSG-1", date(2016, 11, 26)),
        ("DE-NpSG-7", date(2021, 7, 3)),
    ],
)
def test_a_definition_applies_from_its_first_day(group_id: str, first_day: date) -> None:
    definition = next(d for d in all_definitions() if d.group_id == group_id)
    assert definition.effective_from == first_day
    assert definition.in_force(first_day)
    assert not definition.in_force(date.fromordinal(first_day.toordinal() - 1))


def test_match_groups_respects_as_of() -> None:
    acetylfentanyl = Chem.MolFromSmiles("CC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1")
    definitions = cn_classes.DEFINITIONS
    assert match_groups(acetylfentanyl, definitions, as_of=date(2019, 4, 30)) == []
    found = match_groups(acetylfentanyl, definitions, as_of=date(2019, 5, 1))
    assert [m.definition.group_id for m in found] == ["CN-FENTANYL-CLASS"]


def test_effective_to_is_exclusive() -> None:
    ended = dataclasses.replace(cn_classes.NITAZENE_CLASS, group_id="CN-TEST", effective_to=date(2025, 8, 1))
    assert ended.in_force(date(2025, 7, 31))
    assert not ended.in_force(date(2025, 8, 1))


def test_jurisdiction_filter_and_explain_groups() -> None:
    mephedrone = Chem.MolFromSmiles("CNC(C)C(=O)c1ccc(C)cc1")
    found = match_groups(mephedrone, all_definitions(), as_of=TODAY, jurisdiction="DE")
    assert [m.definition.group_id for m in found] == ["DE-NpSG-1"]
    assert match_groups(mephedrone, all_definitions(), as_of=TODAY, jurisdiction="CN") == []
    explained = explain_groups(mephedrone, all_definitions(), as_of=TODAY, jurisdiction="CN")
    assert [r.definition.group_id for r in explained] == [d.group_id for d in cn_classes.DEFINITIONS]
    assert all(not r.core_found and r.failed[0].name == "core" for r in explained)


def test_a_newer_group_does_not_exclude_group_1_before_it_existed() -> None:
    # Group 9 (2025) takes brorphine-like cores away from group 1 only once it is in force.
    orphine = Chem.MolFromSmiles("CC(c1ccccc1)N1CCC(n2c(=O)[nH]c3ccccc32)CC1")
    before = {m.definition.group_id for m in match_groups(orphine, de_npsg.DEFINITIONS, as_of=date(2024, 1, 1))}
    after = {m.definition.group_id for m in match_groups(orphine, de_npsg.DEFINITIONS, as_of=TODAY)}
    assert "DE-NpSG-9" not in before
    assert after == {"DE-NpSG-9"}


def test_a_nitrogen_bonded_to_element_a_in_a_fused_ring_is_outside_group_1_on_every_date() -> None:
    # Indapamide (literature): its indoline nitrogen closes a ring onto element A through a bond of the
    # frame itself. 1.2 a excludes that from 2016 on, not only once group 2.2 (2019) claims the core.
    indapamide = Chem.MolFromSmiles("CC1Cc2ccccc2N1NC(=O)c1ccc(Cl)c(S(N)(=O)=O)c1")
    for day in (date(2018, 1, 1), TODAY):
        assert not match_groups(indapamide, de_npsg.DEFINITIONS, as_of=day), day


def test_definitions_for_unknown_jurisdiction_says_what_exists() -> None:
    assert definitions_for("CN") == cn_classes.DEFINITIONS
    with pytest.raises(ValueError, match=r"must be one of \['CN', 'DE'\]"):
        definitions_for("KZ")


# --- explanations --------------------------------------------------------------------------------------


def test_explain_lists_every_condition_with_its_reason(screen: GroupScreen) -> None:
    text = _verdict(screen, "NCCc1ccc(O)c(O)c1", "DE-NpSG-1").explain()
    assert text.startswith("DE-NpSG-1 Compounds derived from 2-phenethylamine (NpSG Anlage 1 Nr. 1")
    assert "not a member" in text
    assert "[FAIL] element_a_substituents: *O: hydroxy" in text
    assert "[pass] max_mass: 153.2 u" in text


def test_explain_without_core_names_the_cores(screen: GroupScreen) -> None:
    text = _verdict(screen, "CCO", "CN-NITAZENE-CLASS").explain()
    assert "none of the core structures found (2-(arylalkyl)-1-(2-aminoethyl)-1H-benzimidazole)" in text


def test_match_returns_members_with_all_checks(screen: GroupScreen) -> None:
    found = screen.match(Chem.MolFromSmiles("CC(N)Cc1ccccc1"))
    assert [m.definition.group_id for m in found] == ["DE-NpSG-1"]
    assert [c.name for c in found[0].checks] == [c.name for c in de_npsg.GROUP_1.all_checks]
    assert found[0].core_name.startswith("2-phenylethan-1-amine")
    assert len(found[0].matched_atoms) == 4


def test_match_many_is_lazy_and_ordered(screen: GroupScreen) -> None:
    mols = [Chem.MolFromSmiles(s) for s in ("CCO", "CC(N)Cc1ccccc1")]
    results = list(screen.match_many(iter(mols)))
    assert results[0] == []
    assert [m.definition.group_id for m in results[1]] == ["DE-NpSG-1"]


# --- the prefilter is only a speed-up ------------------------------------------------------------------


@pytest.mark.shared
def test_pattern_fingerprint_never_hides_a_core_match(shared: Path) -> None:
    """For every core and reference compound: a substructure match implies the fingerprint subset."""
    with (shared / "reference" / "cayman_reference_standards.csv").open(encoding="utf-8") as handle:
        smiles = [row["smiles"] for row in csv.DictReader(handle) if row["smiles"]]
    mols = [m for m in (Chem.MolFromSmiles(s) for s in smiles[::3]) if m is not None]
    parents = [prepare_parent(m) for m in mols]
    fps = [Chem.PatternFingerprint(p, PATTERN_FP_SIZE) for p in parents]
    matched = 0
    for definition in all_definitions():
        for core_pattern in definition.cores:
            probe = Chem.PatternFingerprint(core_pattern.query, PATTERN_FP_SIZE)
            for parent, fp in zip(parents, fps, strict=True):
                if parent.HasSubstructMatch(core_pattern.query):
                    matched += 1
                    assert DataStructs.AllProbeBitsMatch(probe, fp), (core_pattern.name, Chem.MolToSmiles(parent))
    assert matched > 500


# --- engine: validation and failures ---------------------------------------------------------------------


def _tiny_definition(**changes) -> GroupDefinition:
    base = GroupDefinition(
        group_id="XX-TEST",
        jurisdiction="XX",
        name_en="test",
        name_local="test",
        act="test act",
        effective_from=date(2020, 1, 1),
        effective_to=None,
        rule_text="test",
        cores=(core("benzene", "c1ccccc1"),),
    )
    return dataclasses.replace(base, **changes)


def test_bad_core_smarts_is_refused_with_the_smarts_in_the_message() -> None:
    with pytest.raises(GroupDefinitionError, match=r"'c1ccc\(' could not be parsed"):
        core("broken", "c1ccc(")


def test_site_labels_must_exist_in_the_smarts() -> None:
    with pytest.raises(GroupDefinitionError, match="maps site 'side' to :7"):
        core("indole", "c1ccc2[nH]ccc2c1", side=7)


def test_definition_validation() -> None:
    with pytest.raises(GroupDefinitionError, match="expected a two-letter upper-case code"):
        _tiny_definition(jurisdiction="Germany")
    with pytest.raises(GroupDefinitionError, match=r"ends .* before it starts"):
        _tiny_definition(effective_to=date(2019, 1, 1))
    with pytest.raises(GroupDefinitionError, match="no core structure"):
        _tiny_definition(cores=())
    duplicate = Check("core", "reserved", lambda ctx: (True, ""))
    with pytest.raises(GroupDefinitionError, match="duplicate check names or a check called 'core'"):
        _tiny_definition(checks=(duplicate,))


def test_screen_validation() -> None:
    with pytest.raises(TypeError, match=r"'as_of' parameter of GroupScreen must be a datetime\.date"):
        GroupScreen(cn_classes.DEFINITIONS, as_of="2024-01-01")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="'jurisdiction' parameter of GroupScreen"):
        GroupScreen(cn_classes.DEFINITIONS, as_of=TODAY, jurisdiction="china")
    with pytest.raises(GroupDefinitionError, match="repeated: \\['XX-TEST'\\]"):
        GroupScreen([_tiny_definition(), _tiny_definition()], as_of=TODAY)
    with pytest.raises(GroupDefinitionError, match="refers to groups that were not given"):
        GroupScreen([de_npsg.GROUP_1], as_of=TODAY)


def test_empty_molecule_is_a_typed_error() -> None:
    with pytest.raises(EmptyStructureError):
        prepare_parent(Chem.Mol())


def test_prepare_parent_keeps_the_input_unchanged() -> None:
    salt = Chem.MolFromSmiles("C[C@H](N)Cc1ccccc1.Cl")
    before = Chem.MolToSmiles(salt)
    parent = prepare_parent(salt)
    assert Chem.MolToSmiles(parent) == "CC(N)Cc1ccccc1"
    assert Chem.MolToSmiles(salt) == before


# --- the substituent vocabulary ----------------------------------------------------------------------


def _sub(smiles: str) -> tuple[Chem.Mol, Substituent]:
    """Molecule whose atom 0 is the frame; everything else is one substituent on it."""
    mol = Chem.MolFromSmiles(smiles)
    atoms = frozenset(range(1, mol.GetNumAtoms()))
    links = tuple((0, n.GetIdx()) for n in mol.GetAtomWithIdx(0).GetNeighbors())
    return mol, Substituent(atoms, links)


@pytest.mark.parametrize(
    ("smiles", "kind", "expected"),
    [
        ("[Si]CCCCCC", alkyl(6), True),
        ("[Si]CCCCCCC", alkyl(6), False),
        ("[Si]CC=C", alkenyl(6), True),
        ("[Si]CCC", alkenyl(6), False),
        ("[Si]C1CC1", alkyl(6), False),
        ("[Si]OC", METHOXY, True),
        ("[Si]OCC", METHOXY, False),
        ("[Si]OCCCCC", headed("alkoxy", "*-[OX2:1]", alkyl(5)), True),
        ("[Si]C(=O)OCC", headed("alkyloxycarbonyl", "*-C(=O)-[OX2:1]", alkyl(6)), True),
        ("[Si]C(=O)NCC", headed("alkyloxycarbonyl", "*-C(=O)-[OX2:1]", alkyl(6)), False),
        ("[Si]CCCCCF", halo_substituted(alkyl(5)), True),
        ("[Si]CCCCCF", alkyl(5), False),
        ("[Ge]CCCC[Si](C)(C)C", halo_substituted(alkyl(5), silyl=True), True),
        ("[Ge]CCCC[Si](C)(C)O", halo_substituted(alkyl(5), silyl=True), False),
        ("[Ge][Si](C)(C)C", trialkylsilyl(), True),
        ("[Ge][Si](C)(C)O", trialkylsilyl(), False),
    ],
)
def test_substituent_kinds(smiles: str, kind, expected: bool) -> None:
    mol, sub = _sub(smiles)
    assert kind.matches(mol, sub) is expected


def test_longest_chain_counts_non_ring_atoms_only() -> None:
    mol = Chem.MolFromSmiles("CCOc1ccccc1CCCC")  # ethoxy (3 atoms) and butyl (4) separated by a ring
    assert longest_chain(mol, range(mol.GetNumAtoms())) == 4
    mol = Chem.MolFromSmiles("CC(C)CCOC")
    assert longest_chain(mol, range(mol.GetNumAtoms())) == 6
