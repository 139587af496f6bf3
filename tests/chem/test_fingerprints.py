"""One Morgan count computation serves the similarity search and the NPS-likeness features of a structure.

The shared counts must give exactly what each consumer computed on its own before: the bits of
``morgan_fingerprint`` (so every Tanimoto score, and every ``similar`` verdict, stays the same) and the 1,024-bit
counts the risk model was trained on (a model's scores must not move by one bit).
"""

from __future__ import annotations

import numpy as np
from rdkit import Chem, DataStructs
from rdkit.Chem import rdFingerprintGenerator

from drugcontrol.chem.fingerprints import morgan_counts, morgan_fingerprint
from drugcontrol.chem.similarity import SimilarityIndex
from drugcontrol.expertise.risk.features import COUNT_BITS, featurize

STRUCTURES = (
    "CC(N)Cc1ccccc1",
    "CC(N)Cc1ccc(F)cc1",
    "CNC(C)Cc1ccc2c(c1)OCO2",
    "CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1",
    "CCCCCn1cc(C(=O)c2cccc3ccccc23)c2ccccc21",
    "CCN(CC)CCn1c(Cc2ccc(OC(C)C)cc2)nc2cc([N+](=O)[O-])ccc21",
    "Cn1cnc2c1c(=O)n(C)c(=O)n2C",
    "CCCCCCCCCCCCCCCCCC(=O)O",
    "OCCCC(=O)O",
    "C[N+](C)(C)CC(=O)[O-]",
    "[2H]C([2H])([2H])NC(C)Cc1ccccc1",
    "O=C1CCCCC1",
)


def _mols() -> list[Chem.Mol]:
    return [Chem.MolFromSmiles(s) for s in STRUCTURES]


def test_the_counts_carry_the_bits_of_the_morgan_fingerprint() -> None:
    for mol in _mols():
        assert set(np.flatnonzero(morgan_counts(mol)).tolist()) == set(morgan_fingerprint(mol).GetOnBits())


def test_the_features_are_the_counts_of_the_1024_bit_generator() -> None:
    generator = rdFingerprintGenerator.GetMorganGenerator(radius=2, fpSize=COUNT_BITS)
    mols = _mols()
    expected = np.array([generator.GetCountFingerprintAsNumPy(m) for m in mols], dtype=np.float32)
    assert featurize(mols)[:, :COUNT_BITS].tobytes() == expected.tobytes()


def test_similarity_scores_are_rdkits_tanimoto_to_the_last_bit() -> None:
    mols = _mols()
    index = SimilarityIndex((mol, number) for number, mol in enumerate(mols))
    fingerprints = [morgan_fingerprint(m) for m in mols]
    for mol in mols:
        expected = np.asarray(DataStructs.BulkTanimotoSimilarity(morgan_fingerprint(mol), fingerprints))
        assert index.scores(mol).tobytes() == expected.tobytes()
    assert [n.payload for n in index.nearest(mols[1], k=1)] == [1]
