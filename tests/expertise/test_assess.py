"""One verdict per compound against Kazakhstan's demo list (Decree No. 470) and China's class definitions.

Facts the expectations rest on, from the decree and the law, not from the code:
- amphetamine is table II item 1 of Decree No. 470, analogues controlled, quantities 0-0,2 / 0,2-3,0 / 3,0 g;
- MDMA is table I item 10 (listed as the racemate); para-fluorofentanyl is table I item 55;
- fluoro is item 1.57 of appendix 3; amino (1.2-4) was added by an amending decree (975 or 677; the
  later, in force 11.10.2021, is used) and carboxamide (1.73) by 240 or 22 (the later, in force 06.02.2024);
- an analogue takes its parent's quantities (Law No. 279, art. 2 p. 3);
- China's class-wide control of fentanyl-related substances took effect on 1 May 2019.
"""

from __future__ import annotations

import hashlib
from datetime import date

import pytest

from drugcontrol.expertise import VERDICTS, Assessor
from drugcontrol.expertise.methodology import methodology_in_force
from drugcontrol.listcore.steps import render_step
from drugcontrol.lists.assessors import assessor_as_of

pytestmark = pytest.mark.django_db

TODAY = date(2024, 3, 1)
FORMAL_RULE = methodology_in_force(date(2026, 1, 1))
"""Methodology version 0: the law's wording alone (no minimum parent size, no exemption, no ``suspected``)."""
AMPHETAMINE_QUANTITIES = ("0-0,2", "0,2-3,0", "3,0")


@pytest.fixture
def kz() -> Assessor:
    return assessor_as_of("KZ", TODAY)


def test_listed_exact(kz: Assessor) -> None:
    result = kz.assess("CC(N)Cc1ccccc1")
    assert (result.verdict, result.form) == ("listed", "exact")
    assert (result.entry.table, result.entry.number) == ("II", "1")
    assert result.thresholds[0].raw == AMPHETAMINE_QUANTITIES
    assert "470" in result.rule and result.controlled


def test_listed_salt(kz: Assessor) -> None:
    result = kz.assess("CC(N)Cc1ccccc1.OS(=O)(=O)O")
    assert (result.verdict, result.form) == ("listed", "salt")
    assert any("O=S(=O)(O)O" in step for step in result.explanation)


def test_listed_stereoisomer_of_a_racemate(kz: Assessor) -> None:
    result = kz.assess("CN[C@@H](C)Cc1ccc2c(c1)OCO2")  # (S)-MDMA; the decree lists MDMA
    assert (result.verdict, result.form) == ("listed", "stereoisomer")
    assert (result.entry.table, result.entry.number) == ("I", "10")


def test_analogue_names_parent_replacement_and_takes_the_parent_quantities(kz: Assessor) -> None:
    result = kz.assess("CC(N)Cc1ccc(F)cc1")  # 4-fluoroamphetamine
    assert result.verdict == "analogue" and result.controlled
    best = result.parents[0]
    assert best.entry.names["en"] == "Amfetamine" and best.entry.analogues_controlled
    assert [r.substituent.code for r in best.match.replacements] == ["1.57"]
    assert best.match.replacements[0].replaced == ("H",)
    assert result.thresholds[0].raw == AMPHETAMINE_QUANTITIES
    assert "17-1" in result.rule and "art. 2 p. 3" in result.rule
    assert result.basis is best.entry
    assert {p.entry.names["en"] for p in result.parents} >= {"Amfetamine", "Dexamfetamine", "Levamfetamine"}


def test_a_listed_compound_is_never_reported_as_an_analogue(kz: Assessor) -> None:
    para_fluorofentanyl = "CCC(=O)N(c1ccc(F)cc1)C1CCN(CCc2ccccc2)CC1"
    from drugcontrol.chem.parse import to_mol

    assert kz.analogue_screen_.find(to_mol(para_fluorofentanyl)), "it is also fentanyl with a fluoro"
    result = kz.assess(para_fluorofentanyl)
    assert result.verdict == "listed" and result.parents == ()
    assert result.entry.table == "I"


@pytest.mark.parametrize(
    ("smiles", "code", "first_day", "verdict_before"),
    [
        # 4-aminoamphetamine: amino, added by 975 or 677; the day before, close enough to amphetamine to be flagged
        ("CC(N)Cc1ccc(N)cc1", "1.2-4", date(2021, 10, 11), "similar"),
        ("CC(N)Cc1ccc(C(N)=O)cc1", "1.73", date(2024, 2, 6), "not_controlled"),  # carboxamide, added by 240 or 22
    ],
)
def test_a_substituent_counts_only_from_the_day_it_was_added(
    smiles: str, code: str, first_day: date, verdict_before: str
) -> None:
    after = assessor_as_of("KZ", first_day).assess(smiles)
    assert after.verdict == "analogue"
    assert [r.substituent.code for r in after.parents[0].match.replacements] == [code]
    before = assessor_as_of("KZ", date.fromordinal(first_day.toordinal() - 1)).assess(smiles)
    assert before.verdict == verdict_before and before.parents == ()  # by similarity alone, if at all


def test_group_member_only_from_the_date_the_class_took_effect() -> None:
    valerylfentanyl = "CCCCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1"
    member = assessor_as_of("CN", date(2019, 5, 1)).assess(valerylfentanyl)
    assert member.verdict == "group" and member.controlled
    assert member.group.group_id == "CN-FENTANYL-CLASS"
    assert member.rule.startswith(member.group.act)
    before = assessor_as_of("CN", date(2019, 4, 30)).assess(valerylfentanyl)
    assert before.verdict == "undetermined"  # no CN entry and no class in force on that day: nothing to decide by
    assert before.groups == ()


def test_kazakhstan_applies_no_foreign_group(kz: Assessor) -> None:
    assert kz.groups_in_force == ()


def test_similar_gives_the_nearest_entry_and_the_difference() -> None:
    kz = assessor_as_of("KZ", TODAY, methodology=FORMAL_RULE)  # Germany's NpSG makes it suspected (methodology 1)
    result = kz.assess("CNC(C)Cc1ccncc1")  # methamphetamine with a pyridine ring: not a substitution
    assert result.verdict == "similar" and not result.controlled
    assert result.similarity >= kz.similar_threshold
    nearest = result.similar[0]
    assert "МЕТАМФЕТАМИН" in nearest.entry.names["ru"].upper()
    assert "pyridin-4-yl in place of phenyl at the chain C" in nearest.differences


def test_caffeine_is_not_controlled(kz: Assessor) -> None:
    result = kz.assess("Cn1cnc2c1c(=O)n(C)c(=O)n2C")
    assert result.verdict == "not_controlled" and not result.controlled
    assert result.similarity < kz.similar_threshold
    assert result.basis is None and result.thresholds == ()


@pytest.mark.parametrize(
    ("text", "code"),
    [("garbage((", "unparseable"), ("", "empty"), ("   ", "empty"), ("KWTSXDURSIMDCE-UHFFFAOYSA-N", "unparseable")],
)
def test_invalid_input_gives_the_reason(kz: Assessor, text: str, code: str) -> None:
    result = kz.assess(text)
    assert result.verdict == "invalid" and result.error_code == code
    assert result.error_message and result.error_message in result.explanation[0]


def test_a_pathological_structure_is_undetermined_not_a_hang(kz: Assessor) -> None:
    polyketone = "C" + "C(=O)" * 50  # 101 heavy atoms: GHB's skeleton maps onto it in 93 ways
    result = kz.assess(polyketone)
    assert result.verdict == "undetermined" and result.error_code == "too_complex"


def test_a_structure_beyond_the_size_limits_is_undetermined(kz: Assessor) -> None:
    result = kz.assess("C" * 500)
    assert result.verdict == "undetermined" and result.error_code == "too_large"


def test_the_time_bound_gives_undetermined() -> None:
    base = assessor_as_of("KZ", TODAY)
    hurried = Assessor(base.snapshot, base.substituents, time_limit_s=1e-9)
    result = hurried.assess("CC(N)Cc1ccc(F)cc1")
    assert result.verdict == "undetermined" and result.error_code == "too_complex"


@pytest.mark.parametrize(
    "text", ["*", "[Na+].[Cl-]", "C1CC", "InChI=1S/garbage", "\n\n  0  0  0  0  0  0  0  0  0  0999 V2000\nM  END"]
)
def test_assess_never_raises(kz: Assessor, text: str) -> None:
    assert kz.assess(text).verdict in VERDICTS


def test_the_input_hash_is_the_sha256_of_the_text_as_given(kz: Assessor) -> None:
    text = "CC(N)Cc1ccc(F)cc1 "
    assert kz.assess(text).input_sha256 == hashlib.sha256(text.encode()).hexdigest()


def test_every_step_renders_from_its_template(kz: Assessor) -> None:
    for text in ("CC(N)Cc1ccc(F)cc1", "CC(N)Cc1ccccc1", "CNC(C)Cc1ccncc1", "garbage(("):
        for step in kz.assess(text).steps:
            assert step.text == render_step(step, str, "en")
            assert "%(" not in step.text and "Step(" not in step.text and "Names(" not in step.text


def test_to_dict_is_json_ready(kz: Assessor) -> None:
    import json

    data = json.loads(json.dumps(kz.assess("CC(N)Cc1ccc(F)cc1").to_dict()))
    assert data["verdict"] == "analogue" and data["parents"][0]["name"] == "Amfetamine"
    assert data["thresholds"][0]["raw"] == list(AMPHETAMINE_QUANTITIES)


def test_parameters_are_validated() -> None:
    base = assessor_as_of("KZ", TODAY)
    with pytest.raises(ValueError, match="similar_threshold"):
        Assessor(base.snapshot, None, similar_threshold=0)
    with pytest.raises(ValueError, match="time_limit_s"):
        Assessor(base.snapshot, None, time_limit_s=0)


def test_assess_parsed_gives_the_same_verdict_as_assess(kz: Assessor) -> None:
    from rdkit import Chem

    for smiles in ("CC(N)Cc1ccc(F)cc1", "CN[C@@H](C)Cc1ccccc1", "Cn1cnc2c1c(=O)n(C)c(=O)n2C"):
        mol = Chem.MolFromSmiles(smiles)
        canonical = Chem.MolToSmiles(mol)
        parsed, whole = kz.assess_parsed(mol, canonical), kz.assess(mol)
        assert (parsed.verdict, parsed.form, parsed.basis) == (whole.verdict, whole.form, whole.basis)
        assert parsed.input_sha256 == hashlib.sha256(canonical.encode()).hexdigest()
