"""Similarity: nearest structures by Morgan fingerprints, and differences in words read off the MCS.

The expected sentences are the substitutions as chemists name these pairs: 4-fluoroamphetamine is
amphetamine with fluorine at the para (4-) position of the phenyl ring; MDA carries a methylenedioxy
bridge on positions 3 and 4; methamphetamine is N-methylamphetamine; furanylfentanyl has a furan-2-yl
carbonyl where fentanyl has its propanoyl (ethyl on the carbonyl).
"""

from __future__ import annotations

import pytest
from rdkit import Chem
from rdkit.Chem import rdFingerprintGenerator

from drugcontrol.chem.fingerprints import morgan_fingerprint, tanimoto
from drugcontrol.chem.similarity import (
    SIMILAR_THRESHOLD,
    SimilarityIndex,
    compare_structures,
    depict_comparison,
    name_group,
)

AMPHETAMINE = "CC(N)Cc1ccccc1"
FENTANYL = "CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1"
CAFFEINE = "Cn1cnc2c1c(=O)n(C)c(=O)n2C"


def _mol(smiles: str) -> Chem.Mol:
    mol = Chem.MolFromSmiles(smiles)
    assert mol is not None, smiles
    return mol


@pytest.mark.parametrize(
    ("query", "reference", "expected"),
    [
        ("CC(N)Cc1ccc(F)cc1", AMPHETAMINE, "4-fluoro in place of 4-H on the phenyl ring"),
        ("CC(N)Cc1ccccc1F", AMPHETAMINE, "2-fluoro in place of 2-H on the phenyl ring"),
        ("CC(N)Cc1cccc(Cl)c1", AMPHETAMINE, "3-chloro in place of 3-H on the phenyl ring"),
        ("CC(N)Cc1ccc2OCOc2c1", AMPHETAMINE, "3,4-methylenedioxy in place of 3-H and 4-H on the phenyl ring"),
        ("CNC(C)Cc1ccccc1", AMPHETAMINE, "methyl in place of H at the chain N"),
        (AMPHETAMINE, "CC(N)Cc1ccc(Cl)cc1", "4-H in place of 4-chloro on the phenyl ring"),
        ("O=C(c1ccco1)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1", FENTANYL, "furan-2-yl in place of ethyl at the chain C"),
        ("CC(N)Cc1ccncc1", AMPHETAMINE, "pyridin-4-yl in place of phenyl at the chain C"),
    ],
)
def test_differences_are_stated_as_substitutions(query: str, reference: str, expected: str) -> None:
    comparison = compare_structures(_mol(query), _mol(reference))
    assert comparison.differences == (expected,)
    assert not comparison.timed_out


def test_identical_structures_have_no_difference_and_share_every_atom() -> None:
    comparison = compare_structures(_mol(FENTANYL), _mol(FENTANYL))
    assert comparison.differences == ()
    assert comparison.common_atoms == _mol(FENTANYL).GetNumHeavyAtoms()


def test_the_common_part_maps_query_atoms_to_reference_atoms() -> None:
    query = _mol("CC(N)Cc1ccc(F)cc1")
    comparison = compare_structures(query, _mol(AMPHETAMINE))
    assert len(comparison.query_atoms) == len(comparison.reference_atoms) == 10
    fluorine = next(a.GetIdx() for a in query.GetAtoms() if a.GetSymbol() == "F")
    assert fluorine not in comparison.query_atoms
    assert comparison.changes[0].query_atoms == (fluorine,)


def test_a_search_cut_at_its_time_bound_finishes_and_says_so() -> None:
    big = _mol("C1CC2CC3CC4CC5CC6CC7CC8CC9CC%10CC%11CC%12CC%13CCC%13CC%12CC%11CC%10CC9CC8CC7CC6CC5CC4CC3CC2C1")
    other = _mol("C1CC2CC3CC4CC5CC6CC7CC8CC9CC%10CC%11CC%12CCC%12CC%11CC%10CC9CC8CC7CC6CC5CC4CC3CC2C1CCCC")
    comparison = compare_structures(big, other, timeout_s=0.2)
    assert comparison.timed_out
    assert comparison.query_atoms  # the best common part found so far is kept


def test_compare_refuses_a_non_positive_timeout() -> None:
    with pytest.raises(ValueError, match="timeout_s"):
        compare_structures(_mol(AMPHETAMINE), _mol(AMPHETAMINE), timeout_s=0)


@pytest.mark.parametrize(
    ("fragment", "name"),
    [("*F", "fluoro"), ("F*", "fluoro"), ("*OC", "methoxy"), ("*c1ccccc1", "phenyl"), ("*OCO*", "methylenedioxy")],
)
def test_common_groups_are_named(fragment: str, name: str) -> None:
    assert name_group(fragment) == name


def test_an_unnamed_group_is_given_as_its_smiles() -> None:
    assert name_group("*C(C)(C)CC(C)(C)C") == "*C(C)(C)CC(C)(C)C"


# --- nearest neighbours ----------------------------------------------------------------------------


@pytest.fixture
def index() -> SimilarityIndex[str]:
    return SimilarityIndex(
        [(_mol(AMPHETAMINE), "amphetamine"), (_mol(FENTANYL), "fentanyl"), (_mol(CAFFEINE), "caffeine")]
    )


def test_nearest_finds_the_parent_of_a_ring_substituted_amphetamine(index: SimilarityIndex[str]) -> None:
    found = index.nearest(_mol("CC(N)Cc1ccc(F)cc1"), k=3)
    assert found[0].payload == "amphetamine"
    assert found[0].score > found[1].score >= found[2].score
    assert found[0].position == 0
    assert index.mol(found[0].position).GetNumAtoms() == 10


def test_nearest_of_an_indexed_structure_scores_one(index: SimilarityIndex[str]) -> None:
    found = index.nearest(_mol(CAFFEINE), k=1)
    assert found[0].payload == "caffeine" and found[0].score == pytest.approx(1.0)


def test_nearest_honours_k_and_the_minimum_score(index: SimilarityIndex[str]) -> None:
    assert len(index.nearest(_mol(AMPHETAMINE), k=2)) == 2
    assert [n.payload for n in index.nearest(_mol(AMPHETAMINE), k=3, min_score=0.99)] == ["amphetamine"]
    with pytest.raises(ValueError, match="'k'"):
        index.nearest(_mol(AMPHETAMINE), k=0)


def test_an_empty_index_has_no_neighbours() -> None:
    assert SimilarityIndex().nearest(_mol(AMPHETAMINE)) == []
    assert len(SimilarityIndex()) == 0


def test_tanimoto_is_symmetric_and_one_for_the_same_structure() -> None:
    a, b = _mol(AMPHETAMINE), _mol("CC(N)Cc1ccc(F)cc1")
    assert tanimoto(a, b) == pytest.approx(tanimoto(b, a))
    assert tanimoto(a, a) == pytest.approx(1.0)
    assert 0.0 < tanimoto(a, _mol(CAFFEINE)) < SIMILAR_THRESHOLD


def test_fingerprints_are_the_published_morgan_radius_two_2048_bits_and_refuse_none() -> None:
    """Reports cite "Morgan radius 2, 2048 bits": another laboratory with RDKit gets the same bits and scores."""
    reference = rdFingerprintGenerator.GetMorganGenerator(radius=2, fpSize=2048)
    for smiles in (AMPHETAMINE, CAFFEINE, "CC(N)Cc1ccc(F)cc1"):
        assert morgan_fingerprint(_mol(smiles)) == reference.GetFingerprint(_mol(smiles))
    with pytest.raises(ValueError, match="None"):
        morgan_fingerprint(None)


def test_the_similar_threshold_flags_4_aminoamphetamine_and_not_amphetamine_4_carboxamide() -> None:
    index = SimilarityIndex()
    index.add(_mol(AMPHETAMINE), "amphetamine")
    flagged = index.nearest(_mol("CC(N)Cc1ccc(N)cc1"), k=1, min_score=SIMILAR_THRESHOLD)
    assert [(n.payload, round(n.score, 3)) for n in flagged] == [("amphetamine", 0.625)]
    assert index.nearest(_mol("CC(N)Cc1ccc(C(N)=O)cc1"), k=1, min_score=SIMILAR_THRESHOLD) == []


def test_depiction_highlights_the_common_part() -> None:
    query = _mol("CC(N)Cc1ccc(F)cc1")
    svg = depict_comparison(query, compare_structures(query, _mol(AMPHETAMINE)), legend="amphetamine 0.60")
    assert svg.startswith("<svg") and "amphetamine 0.60" in svg
