"""Nearest listed structures by fingerprint similarity, and what differs between two structures, in words.

A compound that is neither listed, an analogue nor a group member may still be a close relative of a
listed substance that deserves an expert's look. ``SimilarityIndex`` finds the nearest structures by
Tanimoto similarity of Morgan fingerprints (one vectorised call over the whole list), and
``compare_structures`` finds their maximum common substructure (MCS, bounded in time) and states each
difference the way an expert writes it: "4-fluoro in place of 4-H on the phenyl ring".

Differences are read off the MCS: every atom of either molecule outside the common part belongs to a
connected piece bonded to one or more common atoms (its anchors). Pieces of the query and of the
reference on the same anchors are paired: the query's piece stands "in place of" the reference's
(hydrogen when the reference has none there). Ring positions are numbered from the ring atom that bonds
the ring to the rest of the common part (the ipso carbon of a phenyl ring is 1).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

import numpy as np
from rdkit import Chem, DataStructs
from rdkit.Chem import rdFMCS

from drugcontrol.chem._rdlog import quiet_rdkit
from drugcontrol.chem.depict import Color, depict_svg
from drugcontrol.chem.fingerprints import bit_words, morgan_counts, morgan_fingerprint

__all__ = [
    "MCS_TIMEOUT_S",
    "SIMILAR_THRESHOLD",
    "Comparison",
    "Neighbour",
    "SimilarityIndex",
    "StructureChange",
    "compare_structures",
    "depict_comparison",
    "name_group",
]

T = TypeVar("T")

SIMILAR_THRESHOLD = 0.6
"""Tanimoto similarity (Morgan radius 2, 2048 bits) from which a compound is flagged ``similar``.

A screening threshold, not a legal one: a flag only asks an expert to look. Chosen from the sweep of
``bench/eval_timesplit.py`` (README, "Evaluation"): on China's list split in time, the substances listed
later and caught by screening (rules plus ``similar``) stay at 92-94 % from 0.40 up to 0.60 and fall to
81-83 % at 0.65, while the approved medicines flagged only as ``similar`` fall from 2.3 % at 0.50 to 0.6 %
at 0.60. 0.60 is the last value before recall collapses, and keeps the ``similar`` false positives under
1 %. Single-position relatives of listed substances score about 0.6-0.7 (4-fluoroamphetamine against
amphetamine 0.60; pyridine in place of the phenyl of methamphetamine 0.63).
"""
MCS_TIMEOUT_S = 0.5
"""Wall-time bound of one maximum-common-substructure search; a search cut short keeps its best so far."""

_HIGHLIGHT_COMMON: Color = (0.56, 0.77, 0.96)
_HIGHLIGHT_DIFFERENT: Color = (1.0, 0.65, 0.3)

_GROUP_NAMES_SOURCE = {
    "*F": "fluoro",
    "*Cl": "chloro",
    "*Br": "bromo",
    "*I": "iodo",
    "*C": "methyl",
    "*CC": "ethyl",
    "*CCC": "propyl",
    "*C(C)C": "isopropyl",
    "*CCCC": "butyl",
    "*C(C)(C)C": "tert-butyl",
    "*CCCCC": "pentyl",
    "*C=C": "vinyl",
    "*CC=C": "allyl",
    "*C#C": "ethynyl",
    "*O": "hydroxy",
    "*OC": "methoxy",
    "*OCC": "ethoxy",
    "*SC": "methylthio",
    "*N": "amino",
    "*NC": "methylamino",
    "*N(C)C": "dimethylamino",
    "*C(F)(F)F": "trifluoromethyl",
    "*OC(F)(F)F": "trifluoromethoxy",
    "*[N+](=O)[O-]": "nitro",
    "*C#N": "cyano",
    "*=O": "oxo",
    "*C=O": "formyl",
    "*C(C)=O": "acetyl",
    "*OC(C)=O": "acetoxy",
    "*C(=O)O": "carboxy",
    "*C(=O)OC": "methoxycarbonyl",
    "*C(N)=O": "carbamoyl",
    "*c1ccccc1": "phenyl",
    "*c1ccco1": "furan-2-yl",
    "*c1ccoc1": "furan-3-yl",
    "*c1cccs1": "thiophen-2-yl",
    "*c1ccsc1": "thiophen-3-yl",
    "*c1ccccn1": "pyridin-2-yl",
    "*c1cccnc1": "pyridin-3-yl",
    "*c1ccncc1": "pyridin-4-yl",
    "*C1CCCO1": "tetrahydrofuran-2-yl",
    "*C1CCCC1": "cyclopentyl",
    "*C1CCCCC1": "cyclohexyl",
    "*Cc1ccccc1": "benzyl",
    "*C1CC1": "cyclopropyl",
    "*OCO*": "methylenedioxy",
    "*OCCO*": "ethylenedioxy",
    "*CC*": "ethano",
    "*CCC*": "propano",
    "*CCCC*": "butano",
    "*C*": "methylene",
    "*O*": "oxy",
}


def _fragment_key(smiles: str) -> str:
    """Canonical form of a fragment SMILES with ``*`` anchors (unsanitised: cut rings need not kekulise)."""
    mol = Chem.MolFromSmiles(smiles, sanitize=False)
    if mol is None:
        return smiles
    return Chem.MolToSmiles(mol)


_GROUP_NAMES = {_fragment_key(smiles): name for smiles, name in _GROUP_NAMES_SOURCE.items()}


def name_group(fragment_smiles: str) -> str:
    """A common name for a group written with ``*`` anchors (``"*F"`` → ``"fluoro"``), else the SMILES."""
    key = _fragment_key(fragment_smiles)
    return _GROUP_NAMES.get(key, key)


@dataclass(frozen=True)
class Neighbour(Generic[T]):
    """One indexed structure and its similarity to the query."""

    payload: T
    score: float
    position: int
    """Index of the structure in the order it was added."""


class SimilarityIndex(Generic[T]):
    """Fingerprints of known structures, searched for the nearest neighbours of a query in one call."""

    def __init__(self, items: Iterable[tuple[Chem.Mol, T]] = ()) -> None:
        self._fps: list[DataStructs.ExplicitBitVect] = []
        self._payloads: list[T] = []
        self._mols: list[Chem.Mol] = []
        self._words: np.ndarray | None = None
        self._on_bits: np.ndarray | None = None
        for mol, payload in items:
            self.add(mol, payload)

    def add(self, mol: Chem.Mol, payload: T) -> None:
        """Index ``mol`` (kept as given; callers pass standardized structures) under ``payload``."""
        self._fps.append(morgan_fingerprint(mol))
        self._payloads.append(payload)
        self._mols.append(mol)
        self._words = self._on_bits = None  # the word matrix is rebuilt at the next search

    def __len__(self) -> int:
        return len(self._payloads)

    def mol(self, position: int) -> Chem.Mol:
        """The indexed structure at ``position``."""
        return self._mols[position]

    def scores(self, mol: Chem.Mol) -> np.ndarray:
        """Tanimoto similarity of ``mol`` to every indexed structure, in index order.

        Counted over the fingerprints' 64-bit words (one AND and one bit count over the whole index), with the
        same integer counts and the same division as RDKit's ``TanimotoSimilarity``, so the same doubles. The
        query's bits come from ``morgan_counts``, which the NPS-likeness features of the same structure reuse.
        """
        if not self._fps:
            return np.zeros(0)
        if self._words is None or self._on_bits is None:
            self._words = np.vstack([bit_words(morgan_counts(m)) for m in self._mols])
            self._on_bits = np.bitwise_count(self._words).sum(axis=1, dtype=np.int64)
        words = bit_words(morgan_counts(mol))
        common = np.bitwise_count(self._words & words).sum(axis=1, dtype=np.int64)
        union = self._on_bits + int(np.bitwise_count(words).sum()) - common
        if not union.all():  # two empty fingerprints: RDKit's own convention
            return np.asarray(DataStructs.BulkTanimotoSimilarity(morgan_fingerprint(mol), self._fps))
        return common / union

    def nearest(self, mol: Chem.Mol, *, k: int = 5, min_score: float = 0.0) -> list[Neighbour[T]]:
        """The ``k`` most similar structures scoring at least ``min_score``, best first (ties by index)."""
        if k < 1:
            raise ValueError(f"The 'k' parameter of nearest must be at least 1. Got {k}.")
        scores = self.scores(mol)
        if not scores.size:
            return []
        # best first, ties by index; for one neighbour, the first of the best without sorting
        order = [int(np.argmax(scores))] if k == 1 else np.lexsort((np.arange(scores.size), -scores))[:k]
        return [Neighbour(self._payloads[i], float(scores[i]), int(i)) for i in order if scores[i] >= min_score]


@dataclass(frozen=True)
class StructureChange:
    """One difference at one place of the common part: what the query has where the reference has another."""

    added: tuple[str, ...]
    """Names of the query's groups at this place (empty: hydrogen)."""
    removed: tuple[str, ...]
    """Names of the reference's groups at this place (empty: hydrogen)."""
    place: str
    """Where, in words: ``"on the phenyl ring"``, ``"at the chain N"``."""
    locants: tuple[int, ...]
    """Ring positions of the anchors (1 = the ring atom bonded to the rest), empty when not numbered."""
    query_atoms: tuple[int, ...]
    reference_atoms: tuple[int, ...]

    def describe(self) -> str:
        """``"4-fluoro in place of 4-H on the phenyl ring"``."""
        return f"{self._side(self.added)} in place of {self._side(self.removed)} {self.place}"

    def _side(self, names: tuple[str, ...]) -> str:
        if not names:
            return " and ".join(f"{n}-H" for n in self.locants) if self.locants else "H"
        prefix = ",".join(str(n) for n in self.locants) + "-" if self.locants else ""
        return prefix + " and ".join(names)


@dataclass(frozen=True)
class Comparison:
    """The maximum common substructure of a query and a reference, and their differences in words."""

    mcs_smarts: str
    common_atoms: int
    timed_out: bool
    query_atoms: tuple[int, ...]
    """Query atoms in the common part."""
    reference_atoms: tuple[int, ...]
    """Reference atoms in the common part, in the same order as ``query_atoms``."""
    changes: tuple[StructureChange, ...]

    @property
    def differences(self) -> tuple[str, ...]:
        """Each change as one sentence."""
        return tuple(change.describe() for change in self.changes)


class _Deadline(rdFMCS.MCSProgress):
    """Stops an MCS search at a wall-clock deadline (RDKit's own timeout counts whole seconds)."""

    def __init__(self, seconds: float) -> None:
        super().__init__()
        self.deadline = time.perf_counter() + seconds

    def __call__(self, stat: object, params: object) -> bool:
        return time.perf_counter() < self.deadline


def _mcs_parameters(timeout_s: float) -> rdFMCS.MCSParameters:
    params = rdFMCS.MCSParameters()
    params.AtomTyper = rdFMCS.AtomCompare.CompareElements
    params.AtomCompareParameters.RingMatchesRingOnly = True
    params.BondTyper = rdFMCS.BondCompare.CompareOrder
    params.BondCompareParameters.RingMatchesRingOnly = True
    params.BondCompareParameters.CompleteRingsOnly = True
    params.Timeout = max(1, int(np.ceil(timeout_s)))  # backstop; the callback enforces the real bound
    params.ProgressCallback = _Deadline(timeout_s)
    return params


def compare_structures(query: Chem.Mol, reference: Chem.Mol, *, timeout_s: float = MCS_TIMEOUT_S) -> Comparison:
    """MCS of ``query`` and ``reference`` (neither modified) and each difference stated in words.

    Elements and bond orders must match, and rings match only complete rings, so a phenyl never
    half-matches a pyridine. When the search is cut at ``timeout_s`` the best common part found so
    far is used and ``timed_out`` is set.
    """
    if timeout_s <= 0:
        raise ValueError(f"The 'timeout_s' parameter of compare_structures must be positive. Got {timeout_s}.")
    q = Chem.RemoveHs(query)
    r = Chem.RemoveHs(reference)
    with quiet_rdkit():
        result = rdFMCS.FindMCS([q, r], _mcs_parameters(timeout_s))
    pattern = Chem.MolFromSmarts(result.smartsString) if result.numAtoms else None
    if pattern is None:
        changes = (
            StructureChange(
                (_whole(q),),
                (_whole(r),),
                "as a whole",
                (),
                tuple(range(q.GetNumAtoms())),
                tuple(range(r.GetNumAtoms())),
            ),
        )
        return Comparison("", 0, bool(result.canceled), (), (), changes)
    q_match = q.GetSubstructMatch(pattern)
    r_match = r.GetSubstructMatch(pattern)
    if not q_match or not r_match:  # cannot happen for a valid MCS; kept so a bad result never crashes
        return Comparison(result.smartsString, 0, bool(result.canceled), (), (), ())
    q_match, r_match = _without_dangling_ring_atoms(q, r, q_match, r_match)
    r_to_q = dict(zip(r_match, q_match, strict=True))
    q_to_r = dict(zip(q_match, r_match, strict=True))
    added = _pieces(q, set(q_match))
    removed = _pieces(r, set(r_match))
    by_anchor: dict[tuple[int, ...], tuple[list[tuple[int, ...]], list[tuple[int, ...]]]] = {}
    for atoms, anchors in added:
        key = tuple(sorted(q_to_r[a] for a in anchors))
        by_anchor.setdefault(key, ([], []))[0].append(atoms)
    for atoms, anchors in removed:
        key = tuple(sorted(anchors))
        by_anchor.setdefault(key, ([], []))[1].append(atoms)
    changes = []
    for anchors in sorted(by_anchor):
        q_pieces, r_pieces = by_anchor[anchors]
        place, locants = _place(r, anchors, set(r_match))
        changes.append(
            StructureChange(
                added=tuple(name_group(_piece_smiles(q, p, [r_to_q[a] for a in anchors])) for p in q_pieces),
                removed=tuple(name_group(_piece_smiles(r, p, anchors)) for p in r_pieces),
                place=place,
                locants=locants,
                query_atoms=tuple(a for p in q_pieces for a in p),
                reference_atoms=tuple(a for p in r_pieces for a in p),
            )
        )
    return Comparison(
        mcs_smarts=result.smartsString,
        common_atoms=len(q_match),
        timed_out=bool(result.canceled),
        query_atoms=tuple(q_match),
        reference_atoms=tuple(r_match),
        changes=tuple(changes),
    )


def _without_dangling_ring_atoms(
    q: Chem.Mol, r: Chem.Mol, q_match: Sequence[int], r_match: Sequence[int]
) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Drop common ring atoms held by no common ring bond (the ipso atom of a ring replaced as a whole).

    Without this, pyridin-4-yl in place of phenyl would read as a ring piece hanging on the old ipso
    carbon. Only leaves of the common part are dropped, so it stays connected.
    """
    q_set, r_set = set(q_match), set(r_match)
    keep = []
    for qa, ra in zip(q_match, r_match, strict=True):
        dangling = False
        for mol, atom_index, common in ((q, qa, q_set), (r, ra, r_set)):
            atom = mol.GetAtomWithIdx(atom_index)
            if not atom.IsInRing():
                continue
            ring_bonds = [b for b in atom.GetBonds() if b.IsInRing() and b.GetOtherAtomIdx(atom_index) in common]
            inside = [n for n in atom.GetNeighbors() if n.GetIdx() in common]
            if not ring_bonds and len(inside) <= 1:
                dangling = True
        if not dangling:
            keep.append((qa, ra))
    return tuple(qa for qa, _ in keep), tuple(ra for _, ra in keep)


def _whole(mol: Chem.Mol) -> str:
    return Chem.MolToSmiles(mol)


def _pieces(mol: Chem.Mol, common: set[int]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Connected pieces outside ``common``: (atoms, common atoms they are bonded to)."""
    seen = set(common)
    pieces = []
    for start in range(mol.GetNumAtoms()):
        if start in seen:
            continue
        seen.add(start)
        atoms, anchors, todo = [start], set(), [start]
        while todo:
            current = todo.pop()
            for neighbour in mol.GetAtomWithIdx(current).GetNeighbors():
                index = neighbour.GetIdx()
                if index in common:
                    anchors.add(index)
                elif index not in seen:
                    seen.add(index)
                    atoms.append(index)
                    todo.append(index)
        pieces.append((tuple(sorted(atoms)), tuple(sorted(anchors))))
    return pieces


def _piece_smiles(mol: Chem.Mol, atoms: Sequence[int], anchors: Sequence[int]) -> str:
    """SMILES of a piece with each anchor written as ``*`` (a piece on no anchor is a separate molecule)."""
    anchor_set = set(anchors)
    use = sorted(set(atoms) | anchor_set)
    inside = set(atoms)
    bonds = [
        b.GetIdx()
        for b in mol.GetBonds()
        if (b.GetBeginAtomIdx() in inside or b.GetEndAtomIdx() in inside)
        and b.GetBeginAtomIdx() in use
        and b.GetEndAtomIdx() in use
    ]
    symbols = ["*" if a.GetIdx() in anchor_set else a.GetSmarts() for a in mol.GetAtoms()]
    return Chem.MolFragmentToSmiles(
        mol, atomsToUse=use, bondsToUse=bonds or None, atomSymbols=symbols, isomericSmiles=False
    )


_RING_NAMES: Mapping[tuple[int, bool, tuple[str, ...]], str] = {
    (6, True, ("C",) * 6): "phenyl ring",
    (6, True, ("C",) * 5 + ("N",)): "pyridine ring",
    (5, True, ("C",) * 4 + ("S",)): "thiophene ring",
    (5, True, ("C",) * 4 + ("O",)): "furan ring",
    (5, True, ("C",) * 4 + ("N",)): "pyrrole ring",
    (6, False, ("C",) * 5 + ("N",)): "piperidine ring",
    (5, False, ("C",) * 4 + ("N",)): "pyrrolidine ring",
    (6, False, ("C",) * 6): "cyclohexane ring",
}


def _place(mol: Chem.Mol, anchors: Sequence[int], common: set[int]) -> tuple[str, tuple[int, ...]]:
    """Words for where ``anchors`` (reference atoms) are, and their ring locants when they can be numbered."""
    if not anchors:
        return "apart from the common part", ()
    info = mol.GetRingInfo()
    rings = [ring for ring in info.AtomRings() if all(a in ring for a in anchors)]
    if rings:
        ring = min(rings, key=len)
        atoms = [mol.GetAtomWithIdx(a) for a in ring]
        signature = (len(ring), all(a.GetIsAromatic() for a in atoms), tuple(sorted(a.GetSymbol() for a in atoms)))
        name = _RING_NAMES.get(signature) or f"{len(ring)}-membered {'aromatic ' if signature[1] else ''}ring"
        return f"on the {name}", _locants(mol, ring, anchors, common)
    if len(anchors) == 1:
        atom = mol.GetAtomWithIdx(anchors[0])
        where = "ring" if atom.IsInRing() else "chain"
        return f"at the {where} {atom.GetSymbol()}", ()
    return "bridging reference atoms " + ", ".join(str(a) for a in anchors), ()


def _locants(mol: Chem.Mol, ring: Sequence[int], anchors: Sequence[int], common: set[int]) -> tuple[int, ...]:
    """Positions of ``anchors`` counted from the one ring atom bonded to the common part outside the ring."""
    ring_set = set(ring)
    if sum(mol.GetRingInfo().NumAtomRings(a) > 1 for a in ring):
        return ()  # fused rings have their own numbering; positions are not guessed
    ipso = [
        a
        for a in ring
        if any(n.GetIdx() in common and n.GetIdx() not in ring_set for n in mol.GetAtomWithIdx(a).GetNeighbors())
    ]
    if len(ipso) != 1:
        return ()
    start = ring.index(ipso[0])
    size = len(ring)
    positions = []
    for anchor in anchors:
        steps = abs(ring.index(anchor) - start)
        positions.append(min(steps, size - steps) + 1)
    return tuple(sorted(positions))


def depict_comparison(
    query: Chem.Mol, comparison: Comparison, *, legend: str = "", width: int = 500, height: int = 360
) -> str:
    """SVG of the query: the common substructure in blue, the differing atoms in orange."""
    mol = Chem.RemoveHs(query)
    common = set(comparison.query_atoms)
    colours: dict[int, Color] = {a: _HIGHLIGHT_COMMON for a in common}
    for change in comparison.changes:
        colours.update({a: _HIGHLIGHT_DIFFERENT for a in change.query_atoms})
    bond_colours: dict[int, Color] = {}
    for bond in mol.GetBonds():
        begin, end = bond.GetBeginAtomIdx(), bond.GetEndAtomIdx()
        if begin in colours and end in colours and colours[begin] == colours[end]:
            bond_colours[bond.GetIdx()] = colours[begin]
    return depict_svg(mol, width=width, height=height, atom_colors=colours, bond_colors=bond_colours, legend=legend)
