"""What the NPS-likeness model sees of a structure: Morgan count fingerprints and a few RDKit descriptors.

Counts rather than bits, because a new psychoactive substance often differs from its parent by one more
methyl or halogen, which a bit fingerprint cannot see. The descriptors are the cheap whole-molecule ones
(size, polarity, charge-bearing nitrogen, rings): the full RDKit descriptor set costs
milliseconds a molecule and would dominate bulk screening. Changing anything here changes what a stored
model means, so ``FEATURE_SET`` names the recipe and a model records it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

import numpy as np
from rdkit import Chem
from rdkit.Chem import rdFingerprintGenerator, rdMolDescriptors

__all__ = ["COUNT_BITS", "FEATURE_SET", "descriptor_names", "featurize"]

FEATURE_SET = "morgan-count-r2-1024+desc10/v2"
"""The name of this recipe; a model trained on another recipe is refused at load."""
COUNT_BITS = 1024
"""Folded Morgan count features (radius 2)."""
_RADIUS = 2

_BASIC_AMINE = Chem.MolFromSmarts("[NX3;!$(NC=[O,S,N]);!$(N-a);!$(N-[SX4]);!$(N#*);!$(N=*)]")
"""A nitrogen that can carry a charge at body pH: most psychoactive substances have one."""


def _basic_amines(mol: Chem.Mol) -> float:
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


_local = threading.local()  # generators are cheap to reuse but not documented as thread-safe


def _generator() -> rdFingerprintGenerator.FingerprintGenerator64:
    generator = getattr(_local, "generator", None)
    if generator is None:
        generator = rdFingerprintGenerator.GetMorganGenerator(radius=_RADIUS, fpSize=COUNT_BITS)
        _local.generator = generator
    return generator


def featurize(mols: Sequence[Chem.Mol]) -> np.ndarray:
    """A float32 matrix, one row per molecule: fingerprint counts, then ``descriptor_names()``."""
    width = COUNT_BITS + len(_DESCRIPTORS)
    matrix = np.zeros((len(mols), width), dtype=np.float32)
    generator = _generator()
    for row, mol in enumerate(mols):
        for bit, count in generator.GetCountFingerprint(mol).GetNonzeroElements().items():
            matrix[row, bit] = count  # a few dozen set bits: cheaper than a 1,024-wide array per molecule
        matrix[row, COUNT_BITS:] = [function(mol) for _, function in _DESCRIPTORS]
    return matrix
