"""Morgan fingerprints: the one fingerprint the system compares structures by.

Morgan radius 2 (ECFP4-like) bits are the usual measure of "structurally similar" in forensic and
medicinal chemistry; fixing the radius and size here keeps every score in the system comparable (a score
stored in a report today means the same tomorrow).
"""

from __future__ import annotations

import threading

import numpy as np
from rdkit import Chem, DataStructs
from rdkit.Chem import rdFingerprintGenerator

__all__ = ["MORGAN_RADIUS", "MORGAN_SIZE", "fingerprint_words", "morgan_fingerprint", "tanimoto"]

MORGAN_RADIUS = 2
"""Radius of the Morgan environments (2 = ECFP4-like, bonds up to two atoms away from the centre)."""
MORGAN_SIZE = 2048
"""Bits per fingerprint; 2048 keeps bit collisions rare for molecules of drug size."""

_local = threading.local()  # generators are cheap to reuse but not documented as thread-safe


def _generator() -> rdFingerprintGenerator.FingerprintGenerator64:
    generator = getattr(_local, "morgan", None)
    if generator is None:
        generator = rdFingerprintGenerator.GetMorganGenerator(radius=MORGAN_RADIUS, fpSize=MORGAN_SIZE)
        _local.morgan = generator
    return generator


def morgan_fingerprint(mol: Chem.Mol) -> DataStructs.ExplicitBitVect:
    """Morgan radius-2 bit fingerprint of ``mol`` (not modified); raises ``ValueError`` for no molecule."""
    if mol is None:
        raise ValueError("morgan_fingerprint needs a molecule, got None.")
    return _generator().GetFingerprint(mol)


def tanimoto(first: Chem.Mol, second: Chem.Mol) -> float:
    """Tanimoto similarity of the Morgan fingerprints of two molecules (0 to 1)."""
    return DataStructs.TanimotoSimilarity(morgan_fingerprint(first), morgan_fingerprint(second))


def fingerprint_words(fp: DataStructs.ExplicitBitVect) -> np.ndarray:
    """The bits of a fingerprint as 64-bit words, for subset tests over many fingerprints at once
    (``~np.any(many & ~words, axis=1)``: which of ``many`` have all their bits in ``fp``)."""
    return np.frombuffer(bytes.fromhex(DataStructs.BitVectToFPSText(fp)), dtype=np.uint64)
