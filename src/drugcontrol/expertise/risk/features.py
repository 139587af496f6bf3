"""What the NPS-likeness model sees of a structure: Morgan count fingerprints and a few RDKit descriptors.

Counts rather than bits, because a new psychoactive substance often differs from its parent by one more
methyl or halogen, which a bit fingerprint cannot see. The descriptors are the cheap whole-molecule ones
(size, polarity, charge-bearing nitrogen, rings, halogens): the full RDKit descriptor set costs
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

FEATURE_SET = "morgan-count-r2-1024+desc16/v1"
"""The name of this recipe; a model trained on another recipe is refused at load."""
COUNT_BITS = 1024
"""Folded Morgan count features (radius 2); counts are capped at 255 by RDKit's uint8 array."""
_RADIUS = 2

_PATTERNS = {
    "basic_amine": Chem.MolFromSmarts("[NX3;H2,H1,H0;!$(NC=[O,S,N]);!$(N-a);!$(N-[SX4]);!$(N#*);!$(N=*)]"),
    "aromatic_n": Chem.MolFromSmarts("[n]"),
    "carbonyl": Chem.MolFromSmarts("[CX3]=[OX1]"),
}
_HALOGENS = (9, 17, 35, 53)


def _count(pattern: Chem.Mol) -> Callable[[Chem.Mol], float]:
    return lambda mol: float(len(mol.GetSubstructMatches(pattern, uniquify=True, maxMatches=32)))


def _element_counts(mol: Chem.Mol) -> tuple[float, float, float, float, float]:
    heavy = n = o = s = hal = 0
    for atom in mol.GetAtoms():
        number = atom.GetAtomicNum()
        if number > 1:
            heavy += 1
        if number == 7:
            n += 1
        elif number == 8:
            o += 1
        elif number == 16:
            s += 1
        elif number in _HALOGENS:
            hal += 1
    return float(heavy), float(n), float(o), float(s), float(hal)


_DESCRIPTORS: tuple[tuple[str, Callable[[Chem.Mol], float]], ...] = (
    ("exact_mass", rdMolDescriptors.CalcExactMolWt),
    ("tpsa", rdMolDescriptors.CalcTPSA),
    ("logp", lambda mol: rdMolDescriptors.CalcCrippenDescriptors(mol)[0]),
    ("hbd", rdMolDescriptors.CalcNumHBD),
    ("hba", rdMolDescriptors.CalcNumHBA),
    ("rotatable_bonds", rdMolDescriptors.CalcNumRotatableBonds),
    ("rings", rdMolDescriptors.CalcNumRings),
    ("aromatic_rings", rdMolDescriptors.CalcNumAromaticRings),
    ("fraction_csp3", rdMolDescriptors.CalcFractionCSP3),
    ("formal_charge", lambda mol: float(Chem.GetFormalCharge(mol))),
    *((name, _count(pattern)) for name, pattern in _PATTERNS.items()),
)
_ELEMENT_NAMES = ("heavy_atoms", "nitrogen", "oxygen", "sulfur", "halogens")


def descriptor_names() -> tuple[str, ...]:
    """Names of the descriptor columns, after the ``COUNT_BITS`` fingerprint columns."""
    return tuple(name for name, _ in _DESCRIPTORS) + _ELEMENT_NAMES


_local = threading.local()  # generators are cheap to reuse but not documented as thread-safe


def _generator() -> rdFingerprintGenerator.FingerprintGenerator64:
    generator = getattr(_local, "generator", None)
    if generator is None:
        generator = rdFingerprintGenerator.GetMorganGenerator(radius=_RADIUS, fpSize=COUNT_BITS)
        _local.generator = generator
    return generator


def featurize(mols: Sequence[Chem.Mol]) -> np.ndarray:
    """A float32 matrix, one row per molecule: fingerprint counts, then ``descriptor_names()``."""
    width = COUNT_BITS + len(_DESCRIPTORS) + len(_ELEMENT_NAMES)
    matrix = np.zeros((len(mols), width), dtype=np.float32)
    generator = _generator()
    for row, mol in enumerate(mols):
        matrix[row, :COUNT_BITS] = generator.GetCountFingerprintAsNumPy(mol)
        column = COUNT_BITS
        for _, function in _DESCRIPTORS:
            matrix[row, column] = function(mol)
            column += 1
        matrix[row, column:] = _element_counts(mol)
    return matrix
