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

__all__ = [
    "MORGAN_RADIUS",
    "MORGAN_SIZE",
    "bit_words",
    "fingerprint_words",
    "morgan_counts",
    "morgan_fingerprint",
    "tanimoto",
]

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


def morgan_counts(mol: Chem.Mol) -> np.ndarray:
    """Morgan radius-2 counts over ``MORGAN_SIZE`` bits (uint32; a bit of ``morgan_fingerprint`` is set where its
    count is not 0). The counts of the last ``_COUNTS_KEPT`` molecules asked about are kept (per thread, by
    identity: callers pass standardized structures, which are read-only), so the similarity search and the
    NPS-likeness features of one structure share one computation, also when a bulk run scores a whole chunk of
    structures before it assesses them one by one."""
    kept = getattr(_local, "counts", None)
    if kept is None:
        kept = _local.counts = {}
    found = kept.get(id(mol))
    if found is not None and found[0] is mol:
        return found[1]
    if mol is None:
        raise ValueError("morgan_counts needs a molecule, got None.")
    counts = _generator().GetCountFingerprintAsNumPy(mol)
    if len(kept) >= _COUNTS_KEPT:
        del kept[next(iter(kept))]  # the oldest (dicts keep insertion order)
    kept[id(mol)] = (mol, counts)  # the molecule is held, so its id is not reused while the entry lives
    return counts


_COUNTS_KEPT = 256
"""Molecules whose Morgan counts are kept per thread: more than a screening chunk holds."""


def bit_words(bits: np.ndarray) -> np.ndarray:
    """A 0/1 (or count) vector of ``MORGAN_SIZE`` entries as 64-bit words of its non-zero positions, for bit counts
    over many fingerprints at once (the same layout for every fingerprint made here, not RDKit's)."""
    return np.packbits(bits != 0).view(np.uint64)


def tanimoto(first: Chem.Mol, second: Chem.Mol) -> float:
    """Tanimoto similarity of the Morgan fingerprints of two molecules (0 to 1)."""
    return DataStructs.TanimotoSimilarity(morgan_fingerprint(first), morgan_fingerprint(second))


def fingerprint_words(fp: DataStructs.ExplicitBitVect) -> np.ndarray:
    """The bits of a fingerprint as 64-bit words, for subset tests over many fingerprints at once
    (``~np.any(many & ~words, axis=1)``: which of ``many`` have all their bits in ``fp``)."""
    return np.frombuffer(bytes.fromhex(DataStructs.BitVectToFPSText(fp)), dtype=np.uint64)
