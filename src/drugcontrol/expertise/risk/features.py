"""What the NPS-likeness model sees of a structure: Morgan count fingerprints and a few RDKit descriptors.

Counts rather than bits, because a new psychoactive substance often differs from its parent by one more
methyl or halogen, which a bit fingerprint cannot see. The descriptors are the cheap whole-molecule ones
(size, polarity, charge-bearing nitrogen, rings): the full RDKit descriptor set costs
milliseconds a molecule and would dominate bulk screening. Changing anything here changes what a stored
model means, so ``FEATURE_SET`` names the recipe and a model records it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from rdkit import Chem
from rdkit.Chem import rdMolDescriptors

from drugcontrol.chem.fingerprints import MORGAN_RADIUS, MORGAN_SIZE, morgan_counts

__all__ = ["COUNT_BITS", "FEATURE_SET", "descriptor_names", "featurize"]

FEATURE_SET = "morgan-count-r2-1024+desc10/v2"
"""The name of this recipe; a model trained on another recipe is refused at load."""
COUNT_BITS = 1024
"""Folded Morgan count features (radius 2)."""
_RADIUS = 2
if (_RADIUS, 2 * COUNT_BITS) != (MORGAN_RADIUS, MORGAN_SIZE):  # the counts are the shared ones, folded in two
    raise ImportError("the NPS-likeness features need Morgan radius 2 counts over twice COUNT_BITS bits")

_BASIC_AMINE = Chem.MolFromSmarts("[NX3;!$(NC=[O,S,N]);!$(N-a);!$(N-[SX4]);!$(N#*);!$(N=*)]")
"""A nitrogen that can carry a charge at body pH: most psychoactive substances have one."""


_NITROGEN = Chem.MolFromSmarts("[#7]")


def _basic_amines(mol: Chem.Mol) -> float:
    if not mol.HasSubstructMatch(_NITROGEN):  # no nitrogen (a fifth of the inputs): no recursive pattern to test
        return 0.0
    return float(len(mol.GetSubstructMatches(_BASIC_AMINE, maxMatches=8)))


_DESCRIPTORS: tuple[tuple[str, Callable[[Chem.Mol], float]], ...] = (
    ("heavy_atoms", lambda mol: float(mol.GetNumHeavyAtoms())),
    ("exact_mass", rdMolDescriptors.CalcExactMolWt),
    ("tpsa", rdMolDescriptors.CalcTPSA),
    ("hbd", rdMolDescriptors.CalcNumHBD),
    ("heteroatoms", rdMolDescriptors.CalcNumHeteroatoms),
    ("rings", rdMolDescriptors.CalcNumRings),
    ("aromatic_rings", rdMolDescriptors.CalcNumAromaticRings),
    ("fraction_csp3", rdMolDescriptors.CalcFractionCSP3),
    ("formal_charge", lambda mol: float(Chem.GetFormalCharge(mol))),
    ("basic_amines", _basic_amines),
)
"""Each costs microseconds; logP, H-bond acceptors and rotatable bonds were left out for their cost
(together more than parsing a structure), at 1-2 points of cross-validated recall (see the model card)."""


def descriptor_names() -> tuple[str, ...]:
    """Names of the descriptor columns, after the ``COUNT_BITS`` fingerprint columns."""
    return tuple(name for name, _ in _DESCRIPTORS)


def featurize(mols: Sequence[Chem.Mol]) -> np.ndarray:
    """A float32 matrix, one row per molecule: fingerprint counts, then ``descriptor_names()``."""
    width = COUNT_BITS + len(_DESCRIPTORS)
    matrix = np.zeros((len(mols), width), dtype=np.float32)
    for row, mol in enumerate(mols):
        counts = morgan_counts(mol)  # folded in two: a bit's number modulo 1,024, as the 1,024-bit generator gives it
        matrix[row, :COUNT_BITS] = counts[:COUNT_BITS] + counts[COUNT_BITS:]
        matrix[row, COUNT_BITS:] = [function(mol) for _, function in _DESCRIPTORS]
    return matrix
