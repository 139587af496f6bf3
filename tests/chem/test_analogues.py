"""Analogue screening (Law No. 279, art. 1 p. 17-1) on known pairs, each rule with its negative.

Substituent names are checked against the decree's list (appendix 3 of Decree No. 470): фтор 1.57,
хлор 1.64, метил 1.21, этил 1.70, пропил 1.48, метокси 1.28, ацетокси 1.2-3, метиленбис(окси)
[метилендиокси] 2.4, бута-1,3-диен-1,4-диил 2.1, оксо 2.8, пентан-1,5-диил 2.9, Оксибис (этилен) 2.7.
The list has no hydroxy and no octyl, and no substituent is itself substituted.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from rdkit import Chem

from drugcontrol.chem.analogues import (
    AnalogueMatch,
    AnalogueScreen,
    ParentStructure,
    best_per_parent,
    depict_analogue,
    find_analogue_parents,
)
from drugcontrol.chem.errors import ChemError, TooComplexError
from drugcontrol.chem.substituents import SubstituentLibrary

REPO = Path(__file__).resolve().parents[2]
CSV_PATH = REPO / "src" / "drugcontrol" / "lists" / "data" / "kz_substituents_470.csv"

AMPHETAMINE = "CC(N)Cc1ccccc1"  # atoms: 0 CH3, 1 CH, 2 N, 3 CH2, 4 ipso, 5-9 ring CH (7 = para)
METHAMPHETAMINE = "CNC(C)Cc1ccccc1"
METHCATHINONE = "CNC(C)C(=O)c1ccccc1"
FLUOROAMPHETAMINE_4 = "CC(N)Cc1ccc(F)cc1"
HYDROXYAMPHETAMINE_3 = "CC(N)Cc1cccc(O)c1"
MORPHINE = "CN1CC[C@]23[C@@H]4[C@H]1CC5=C2C(=C(C=C5)O)O[C@H]3[C@H](C=C4)O"

PARENTS = {
    "amphetamine": AMPHETAMINE,
    "methamphetamine": METHAMPHETAMINE,
    "methcathinone": METHCATHINONE,
    "4-fluoroamphetamine": FLUOROAMPHETAMINE_4,
    "3-hydroxyamphetamine": HYDROXYAMPHETAMINE_3,
    "morphine": MORPHINE,
}


def _mol(smiles: str) -> Chem.Mol:
    mol = Chem.MolFromSmiles(smiles)
    assert mol is not None, smiles
    return mol


@pytest.fixture(scope="module")
def library() -> SubstituentLibrary:
    return SubstituentLibrary.from_csv(CSV_PATH)


@pytest.fixture(scope="module")
def screen(library: SubstituentLibrary) -> AnalogueScreen:
    return AnalogueScreen([ParentStructure(k, _mol(s)) for k, s in PARENTS.items()], library)


def _only(matches: list[AnalogueMatch], parent: str) -> AnalogueMatch:
    found = [m for m in matches if m.parent_key == parent]
    assert len(found) == 1, [m.explain() for m in matches]
    return found[0]


def _names(match: AnalogueMatch) -> list[str]:
    return sorted(r.substituent.name_ru for r in match.replacements)


# --- positives ---------------------------------------------------------------------------------------


def test_4_fluoroamphetamine_is_amphetamine_with_fluoro_in_place_of_the_para_hydrogen(
    screen: AnalogueScreen,
) -> None:
    match = _only(screen.find(_mol(FLUOROAMPHETAMINE_4)), "amphetamine")
    (replacement,) = match.replacements
    assert replacement.substituent.name_ru == "фтор"
    assert replacement.replaced == ("H",)
    assert replacement.parent_atoms == (7,)
    assert replacement.query_atoms == (8,)  # the fluorine of CC(N)Cc1ccc(F)cc1
    assert match.parent_atom_map[7] == 7
    assert sorted(match.parent_atom_map.values()) == [0, 1, 2, 3, 4, 5, 6, 7, 9, 10]
    site = replacement.sites[0]
    assert (site.element, site.aromatic, site.ring_size) == ("C", True, 6)
    assert match.retained_atoms == 10  # all of amphetamine's heavy atoms
    assert match.explain().splitlines()[1] == (
        "- fluoro (1.57) in place of H at parent atom 7 (aromatic C, 6-membered ring)"
    )


def test_4_fluoroamphetamine_is_not_an_analogue_of_itself(screen: AnalogueScreen) -> None:
    assert [m.parent_key for m in screen.find(_mol(FLUOROAMPHETAMINE_4))] == ["amphetamine"]


def test_mephedrone_is_methcathinone_with_a_ring_methyl_and_that_comes_first(screen: AnalogueScreen) -> None:
    matches = screen.find(_mol("CNC(C)C(=O)c1ccc(C)cc1"))
    first = matches[0]
    assert first.parent_key == "methcathinone"
    assert _names(first) == ["метил"]
    assert first.replacements[0].replaced == ("H",)
    assert first.replacements[0].sites[0].aromatic
    assert all(m.specificity <= first.specificity for m in matches)


def test_halogen_in_place_of_another_halogen(screen: AnalogueScreen) -> None:
    match = _only(screen.find(_mol("CC(N)Cc1ccc(Cl)cc1")), "4-fluoroamphetamine")
    (replacement,) = match.replacements
    assert replacement.substituent.name_ru == "хлор"
    assert replacement.replaced == ("F",)
    # 4-fluoroamphetamine: atom 7 is the ring carbon, atom 8 its fluorine, which is not kept
    assert match.explain().endswith("chloro (1.64) in place of F at parent atom 7 (aromatic C, 6-membered ring)")
    assert 8 not in match.parent_atom_map


def test_codeine_is_morphine_with_methoxy_in_place_of_the_phenolic_hydroxyl(screen: AnalogueScreen) -> None:
    codeine = "CN1CC[C@]23[C@@H]4[C@H]1CC5=C2C(=C(C=C5)OC)O[C@H]3[C@H](C=C4)O"
    match = _only(screen.find(_mol(codeine)), "morphine")
    (replacement,) = match.replacements
    assert replacement.substituent.name_ru == "метокси"
    assert replacement.replaced == ("OH",)
    assert replacement.sites[0].aromatic
    assert match.retained_atoms == 20  # morphine's 21 heavy atoms less the replaced hydroxyl oxygen


def test_heroin_is_morphine_with_both_hydroxyls_acetylated(screen: AnalogueScreen) -> None:
    heroin = "CC(=O)O[C@H]1C=C[C@H]2[C@H]3CC4=C5[C@]2([C@H]1OC5=C(C=C4)OC(C)=O)CCN3C"
    match = _only(screen.find(_mol(heroin)), "morphine")
    assert _names(match) == ["ацетокси (ацетилокси)", "ацетокси (ацетилокси)"]
    assert sorted(r.replaced for r in match.replacements) == [("OH",), ("OH",)]
    assert sorted(r.sites[0].aromatic for r in match.replacements) == [False, True]


def test_o_propyl_keeps_the_hydroxyl_oxygen_and_replaces_its_hydrogen(screen: AnalogueScreen) -> None:
    # propoxy is not listed, but propyl is: the hydroxyl's hydrogen is a hydrogen atom of the parent
    propyl_ether = "CN1CC[C@]23[C@@H]4[C@H]1CC5=C2C(=C(C=C5)OCCC)O[C@H]3[C@H](C=C4)O"
    match = _only(screen.find(_mol(propyl_ether)), "morphine")
    (replacement,) = match.replacements
    assert replacement.substituent.name_ru == "пропил"
    assert replacement.replaced == ("H",)
    assert replacement.sites[0].on_hydroxyl
    assert match.retained_atoms == 21
    assert len(replacement.query_atoms) == 3


def test_oxo_in_place_of_a_hydroxyl_and_a_hydrogen(screen: AnalogueScreen) -> None:
    morphinone = "CN1CC[C@]23[C@@H]4[C@H]1CC5=C2C(=C(C=C5)O)O[C@H]3C(=O)C=C4"
    match = _only(screen.find(_mol(morphinone)), "morphine")
    (replacement,) = match.replacements
    assert replacement.substituent.name_ru == "оксо"
    assert sorted(replacement.replaced) == ["H", "OH"]
    assert replacement.parent_atoms[0] == replacement.parent_atoms[1]


def test_oxo_in_place_of_two_hydrogens_on_one_carbon(screen: AnalogueScreen) -> None:
    match = _only(screen.find(_mol(METHCATHINONE)), "methamphetamine")
    (replacement,) = match.replacements
    assert replacement.substituent.name_ru == "оксо"
    assert replacement.replaced == ("H", "H")


def test_mda_is_amphetamine_with_methylenedioxy_closing_a_ring(screen: AnalogueScreen) -> None:
    match = _only(screen.find(_mol("CC(N)Cc1ccc2OCOc2c1")), "amphetamine")
    (replacement,) = match.replacements
    assert replacement.substituent.name_ru == "метиленбис(окси) [метилендиокси]"
    assert replacement.replaced == ("H", "H")
    # the bridge spans the para carbon and a meta one: bond distances 3 and 2 from the ipso carbon (atom 4)
    distances = Chem.GetDistanceMatrix(_mol(AMPHETAMINE))[4]
    assert sorted(int(distances[atom]) for atom in replacement.parent_atoms) == [2, 3]


def test_a_fused_benzene_ring_is_buta_1_3_diene_1_4_diyl(screen: AnalogueScreen) -> None:
    match = _only(screen.find(_mol("CC(N)Cc1ccc2ccccc2c1")), "amphetamine")
    (replacement,) = match.replacements
    assert replacement.substituent.name_ru == "бута-1,3-диен-1,4-диил"
    assert len(replacement.query_atoms) == 4


@pytest.mark.parametrize(
    ("query", "name_ru"),
    [
        ("CC(Cc1ccccc1)N1CCCCC1", "пентан-1,5-диил (пентано)"),
        ("CC(Cc1ccccc1)N1CCOCC1", "Оксибис (этилен)"),
    ],
)
def test_a_bivalent_substituent_can_close_a_ring_on_one_nitrogen(
    screen: AnalogueScreen, query: str, name_ru: str
) -> None:
    match = _only(screen.find(_mol(query)), "amphetamine")
    (replacement,) = match.replacements
    assert replacement.substituent.name_ru == name_ru
    assert replacement.parent_atoms == (2, 2)  # both hydrogens of the NH2


def test_n_ethylmethamphetamine_prefers_the_parent_it_shares_most_atoms_with(screen: AnalogueScreen) -> None:
    matches = screen.find(_mol("CCN(C)C(C)Cc1ccccc1"))
    best = best_per_parent(matches)
    assert [m.parent_key for m in best] == ["methamphetamine", "amphetamine"]
    assert _names(best[0]) == ["этил"]
    assert _names(best[1]) == ["метил", "этил"]
    # the other reading of methamphetamine (its N-methyl as the ethyl's CH2) is less specific
    readings = [_names(m) for m in matches if m.parent_key == "methamphetamine"]
    assert readings == [["этил"], ["метил", "метил"]]
    assert matches[0] is best[0]


def test_symmetric_ring_is_mapped_the_way_that_keeps_the_hydroxyl(screen: AnalogueScreen) -> None:
    # 3-OH kept, 5-H -> methyl; the mirror mapping (OH -> methyl, H -> OH) is not allowed, so both
    # orientations of the ring must be tried
    match = _only(screen.find(_mol("CC(N)Cc1cc(C)cc(O)c1")), "3-hydroxyamphetamine")
    assert _names(match) == ["метил"]
    assert match.replacements[0].replaced == ("H",)
    assert match.retained_atoms == 11


def _readings(matches: list[AnalogueMatch]) -> list[tuple[str, list[str]]]:
    return [(m.parent_key, [r.describe() for r in m.replacements]) for m in matches]


@pytest.mark.parametrize(
    ("parents", "drawings"),
    [
        # carisoprodol on meprobamate: the isopropyl may sit on either of the parent's two equivalent NH2
        (
            {"meprobamate": "CCCC(C)(COC(N)=O)COC(N)=O"},
            ["CCCC(C)(COC(N)=O)COC(=O)NC(C)C", "O=C(NC(C)C)OCC(C)(COC(=O)N)CCC", "CC(C)NC(=O)OCC(CCC)(C)COC(N)=O"],
        ),
        # MDA on amphetamine: a bivalent substituent, whose two replaced hydrogens are listed in one order
        ({"amphetamine": AMPHETAMINE}, ["CC(N)Cc1ccc2OCOc2c1", "c1c(CC(C)N)ccc2c1OCO2", "O1COc2ccc(CC(N)C)cc21"]),
    ],
)
def test_every_drawing_of_a_query_reads_the_same(
    library: SubstituentLibrary, parents: dict[str, str], drawings: list[str]
) -> None:
    """Which of two symmetric readings is reported, and in which order a substituent's sites are named, follow
    the structures, not the order in which the query's atoms were drawn: a bulk row is shared by every drawing."""
    screen = AnalogueScreen([ParentStructure(k, _mol(s)) for k, s in parents.items()], library)
    readings = [_readings(screen.find(_mol(drawing))) for drawing in drawings]
    assert readings[0]
    assert all(reading == readings[0] for reading in readings[1:]), readings


def test_find_analogue_parents_for_a_single_query(library: SubstituentLibrary) -> None:
    parents = [ParentStructure("amphetamine", _mol(AMPHETAMINE))]
    (match,) = find_analogue_parents(_mol("CC(N)Cc1ccc(Br)cc1"), parents, library)
    assert _names(match) == ["бром"]


# --- negatives ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "why"),
    [
        (AMPHETAMINE, "the parent itself is listed, not an analogue"),
        ("C[C@H](N)Cc1ccccc1", "a stereoisomer of the parent is the parent"),
        ("CC(N)Cc1cccs1", "benzene ring replaced by thiophene: skeleton changed"),
        ("CC(N)CC1CCCC1", "ring contracted and saturated: skeleton changed"),
        ("CC(O)Cc1ccccc1", "N replaced by O: skeleton changed"),
        ("NC1Cc2ccccc2C1", "new bond between two skeleton atoms (2-aminoindane)"),
        ("CC(N)Cc1ccc(O)cc1", "hydroxy is not a listed substituent"),
        ("CCCCCCCCc1ccc(CC(C)N)cc1", "octyl is not listed"),
        ("CC(N)Cc1ccc(CCF)cc1", "a substituted substituent (2-fluoroethyl) is not listed"),
        ("CC(N)Cc1ccc(OCCC)cc1", "propoxy is not listed and the ring carbon had no hydroxyl"),
    ],
)
def test_not_an_analogue_of_amphetamine(screen: AnalogueScreen, query: str, why: str) -> None:
    assert "amphetamine" not in [m.parent_key for m in screen.find(_mol(query))], why


def test_two_substituents_on_an_atom_that_had_one_hydrogen(screen: AnalogueScreen) -> None:
    # methamphetamine's NH has one hydrogen; two more methyls make a quaternary ammonium
    found = screen.find(_mol("C[N+](C)(C)C(C)Cc1ccccc1"))
    assert "methamphetamine" not in [m.parent_key for m in found]
    # one more methyl on the same nitrogen replaces its one hydrogen and is an analogue
    assert "methamphetamine" in [m.parent_key for m in screen.find(_mol("CN(C)C(C)Cc1ccccc1"))]


def test_a_halogen_of_the_parent_cannot_just_disappear(library: SubstituentLibrary) -> None:
    parents = [ParentStructure("4-fluoroamphetamine", _mol(FLUOROAMPHETAMINE_4))]
    assert find_analogue_parents(_mol("CC(N)Cc1ccccc1C"), parents, library) == []


def test_a_detached_fragment_is_not_explained(library: SubstituentLibrary) -> None:
    # salts must be standardized to their parent compound first
    parents = [ParentStructure("amphetamine", _mol(AMPHETAMINE))]
    assert find_analogue_parents(_mol("CC(N)Cc1ccc(F)cc1.Cl"), parents, library) == []


def test_an_excluded_library_cannot_match_what_it_no_longer_lists() -> None:
    fluoro = {
        "code": "1.57",
        "name_ru": "фтор",
        "name_en": "fluoro",
        "valence": "1",
        "smiles": "[*:1]F",
        "isomers": "0",
        "excluded_by": "99",
        "excluded_on": "2030-01-01",
    }  # a made-up future exclusion
    rows = [fluoro]
    parents = [ParentStructure("amphetamine", _mol(AMPHETAMINE))]
    query = _mol(FLUOROAMPHETAMINE_4)
    in_force = SubstituentLibrary.from_rows(rows, as_of=date(2029, 12, 31))
    assert len(find_analogue_parents(query, parents, in_force)) == 1
    assert find_analogue_parents(query, parents, SubstituentLibrary.from_rows(rows)) == []


# --- screening machinery -------------------------------------------------------------------------------

SCREEN_QUERIES = [
    FLUOROAMPHETAMINE_4,
    "CNC(C)C(=O)c1ccc(C)cc1",
    "CC(N)Cc1ccc2OCOc2c1",
    "CC(N)Cc1ccc2ccccc2c1",
    "CCN(C)C(C)Cc1ccccc1",
    "CN1CC[C@]23[C@@H]4[C@H]1CC5=C2C(=C(C=C5)OC)O[C@H]3[C@H](C=C4)O",
    "CC(N)Cc1cc(C)cc(O)c1",
    "CC(Cc1ccccc1)N1CCOCC1",
    "c1ccccc1",
]


def test_prefilters_never_drop_a_true_match(library: SubstituentLibrary, screen: AnalogueScreen) -> None:
    parents = [ParentStructure(k, _mol(s)) for k, s in PARENTS.items()]
    brute = AnalogueScreen(parents, library, prefilter=False)
    for smiles in SCREEN_QUERIES:
        query = _mol(smiles)
        with_prefilter = [m.explain() for m in screen.find(query)]
        assert with_prefilter == [m.explain() for m in brute.find(query)], smiles
        assert {m.parent_key for m in brute.find(query)} <= set(screen.candidates(query)), smiles


def test_fingerprint_prefilter_drops_unrelated_parents(screen: AnalogueScreen) -> None:
    assert "morphine" not in screen.candidates(_mol(FLUOROAMPHETAMINE_4))
    assert screen.candidates(_mol("CCO")) == []


def test_too_many_mappings_raise_too_complex(library: SubstituentLibrary) -> None:
    toluene = AnalogueScreen([ParentStructure("toluene", _mol("Cc1ccccc1"))], library, max_matches_per_parent=1)
    with pytest.raises(TooComplexError, match="toluene"):
        toluene.find(_mol("Cc1ccc(C)cc1"))  # either methyl can be toluene's


def test_time_limit_raises_too_complex(library: SubstituentLibrary) -> None:
    slow = AnalogueScreen([ParentStructure("amphetamine", _mol(AMPHETAMINE))], library, time_limit_s=1e-9)
    with pytest.raises(TooComplexError, match="longer than"):
        slow.find(_mol(FLUOROAMPHETAMINE_4))


def test_bad_bounds_are_refused(library: SubstituentLibrary) -> None:
    with pytest.raises(ValueError, match="max_matches_per_parent"):
        AnalogueScreen([], library, max_matches_per_parent=0)
    with pytest.raises(ValueError, match="time_limit_s"):
        AnalogueScreen([], library, time_limit_s=0)


def test_unparsed_query_is_refused(screen: AnalogueScreen) -> None:
    with pytest.raises(ChemError, match="query has no atoms"):
        screen.find(Chem.MolFromSmiles("not a smiles"))


def test_query_with_a_dummy_atom_is_refused(screen: AnalogueScreen) -> None:
    with pytest.raises(ChemError, match="dummy or query atom"):
        screen.find(_mol("*CC(N)Cc1ccccc1"))


def test_parent_made_only_of_replaceable_groups_is_refused(library: SubstituentLibrary) -> None:
    with pytest.raises(ChemError, match="no atoms left"):
        AnalogueScreen([ParentStructure("hydrogen peroxide", _mol("OO"))], library)


def test_explicit_hydrogens_in_the_query_do_not_matter(screen: AnalogueScreen) -> None:
    query = Chem.AddHs(_mol(FLUOROAMPHETAMINE_4))
    assert [m.parent_key for m in screen.find(query)] == ["amphetamine"]


def test_explanation_in_russian(screen: AnalogueScreen) -> None:
    match = _only(screen.find(_mol(FLUOROAMPHETAMINE_4)), "amphetamine")
    assert match.explain("ru").splitlines() == [
        "Аналог amphetamine: замен 1, сохранено атомов исходного вещества 10.",
        "- фтор (1.57) вместо H у атома 7 исходного вещества (ароматический C, 6-членный цикл)",
    ]


def test_depiction_marks_skeleton_and_substituent(screen: AnalogueScreen) -> None:
    query = _mol("CNC(C)C(=O)c1ccc(C)cc1")
    match = screen.find(query)[0]
    svg = depict_analogue(query, match)
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert "analogue of methcathinone" in svg
    assert "#8EC4F4" in svg  # the parent's skeleton
    assert "#FFA54C" in svg  # the first substituent
    in_russian = depict_analogue(query, match, lang="ru")
    assert ">метил</text>" in in_russian
    assert "аналог methcathinone" in in_russian
