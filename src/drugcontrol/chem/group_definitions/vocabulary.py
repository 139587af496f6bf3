"""The vocabulary legal texts use for substituents ("Alkyl (bis C6)", "Methoxy", "取代的C3-C8烃基").

Each ``Kind`` answers one question: is this substituent (a ``Substituent`` hanging on one frame atom)
an instance of the named group? Kinds are small and composable (``headed`` puts a fixed head such as
``C(=O)O`` before a tail kind), so a definition module reads like the annex it encodes. The checks
built from kinds (``substituent_check``) report the offending substituent as SMILES.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from rdkit import Chem

from drugcontrol.chem.groups import (
    Check,
    GroupDefinitionError,
    MatchContext,
    Substituent,
)

__all__ = [
    "ACETOXY",
    "AMINO",
    "CARBAMOYL",
    "CARBOXY",
    "CYANO",
    "ETHYL",
    "HALOGEN",
    "HYDROXY",
    "METHOXY",
    "METHYL",
    "METHYLTHIO",
    "NITRO",
    "OXO",
    "PHENYL",
    "TRIFLUOROMETHOXY",
    "TRIFLUOROMETHYL",
    "Kind",
    "alkenyl",
    "alkyl",
    "alkynyl",
    "any_of",
    "carbon_chain",
    "cycloalkyl",
    "element_set",
    "elements_within",
    "exact",
    "halo_substituted",
    "headed",
    "heavy_mass",
    "longest_chain",
    "pieces_on",
    "reach",
    "ring_systems",
    "split_pieces",
    "substituent_check",
    "trialkylsilyl",
]

_HALOGENS = frozenset({9, 17, 35, 53})
_MAX_SMARTS_MATCHES = 64


@dataclass(frozen=True)
class Kind:
    """A named kind of substituent; ``test(mol, atoms, root, anchor)`` decides membership."""

    label: str
    test: Callable[[Chem.Mol, frozenset[int], int, int], bool]

    def matches(self, mol: Chem.Mol, sub: Substituent) -> bool:
        """True when the single-link substituent ``sub`` is of this kind."""
        if sub.closes_ring:
            return False
        return self.test(mol, sub.atoms, sub.root, sub.anchor)

    def __or__(self, other: Kind) -> Kind:
        return any_of(f"{self.label} or {other.label}", self, other)


def any_of(label: str, *kinds: Kind) -> Kind:
    """A substituent that is any one of ``kinds``."""

    def test(mol: Chem.Mol, atoms: frozenset[int], root: int, anchor: int) -> bool:
        return any(kind.test(mol, atoms, root, anchor) for kind in kinds)

    return Kind(label, test)


@functools.lru_cache(maxsize=256)
def _anchored_query(smarts: str) -> Chem.Mol:
    query = Chem.MolFromSmarts(smarts)
    if query is None or query.GetNumAtoms() < 2:
        raise GroupDefinitionError(
            f"The substituent SMARTS {smarts!r} is not valid or has no atom after the anchor '*'."
        )
    return query


def _anchored_matches(mol: Chem.Mol, smarts: str, root: int, anchor: int) -> Iterable[tuple[int, ...]]:
    query = _anchored_query(smarts)
    for match in mol.GetSubstructMatches(query, uniquify=False, maxMatches=_MAX_SMARTS_MATCHES):
        if match[0] == anchor and match[1] == root:
            yield match


def exact(label: str, smarts: str) -> Kind:
    """A fixed group written as SMARTS whose first atom is the anchor: ``exact("methoxy", "*-[OX2][CH3]")``.

    The substituent must be exactly the pattern's atoms after the anchor (nothing more).
    """
    size = _anchored_query(smarts).GetNumAtoms() - 1

    def test(mol: Chem.Mol, atoms: frozenset[int], root: int, anchor: int) -> bool:
        if len(atoms) != size:
            return False
        return any(frozenset(match[1:]) == atoms for match in _anchored_matches(mol, smarts, root, anchor))

    return Kind(label, test)


def _all_carbon_acyclic(mol: Chem.Mol, atoms: frozenset[int]) -> bool:
    return all(mol.GetAtomWithIdx(i).GetAtomicNum() == 6 and not mol.GetAtomWithIdx(i).IsInRing() for i in atoms)


def _internal_bonds(mol: Chem.Mol, atoms: frozenset[int]) -> list[Chem.Bond]:
    return [bond for bond in mol.GetBonds() if bond.GetBeginAtomIdx() in atoms and bond.GetEndAtomIdx() in atoms]


def _anchor_bond_single(mol: Chem.Mol, root: int, anchor: int) -> bool:
    bond = mol.GetBondBetweenAtoms(root, anchor)
    return bond is not None and bond.GetBondType() == Chem.BondType.SINGLE


def _hydrocarbon_chain(max_c: int, min_c: int, *, need: Chem.BondType | None, allow: frozenset) -> Callable:
    def test(mol: Chem.Mol, atoms: frozenset[int], root: int, anchor: int) -> bool:
        if not min_c <= len(atoms) <= max_c or not _all_carbon_acyclic(mol, atoms):
            return False
        if not _anchor_bond_single(mol, root, anchor):
            return False
        types = {bond.GetBondType() for bond in _internal_bonds(mol, atoms)}
        if not types <= allow:
            return False
        return need is None or need in types

    return test


_SINGLE = frozenset({Chem.BondType.SINGLE})
_UNSATURATED = frozenset({Chem.BondType.SINGLE, Chem.BondType.DOUBLE, Chem.BondType.TRIPLE})


def alkyl(max_c: int, min_c: int = 1) -> Kind:
    """Saturated acyclic hydrocarbon group, branched or not, with ``min_c``..``max_c`` carbons."""
    return Kind(f"alkyl (C{min_c}–C{max_c})", _hydrocarbon_chain(max_c, min_c, need=None, allow=_SINGLE))


def alkenyl(max_c: int, min_c: int = 2) -> Kind:
    """Acyclic hydrocarbon group with at least one C=C and no C≡C."""
    allow = frozenset({Chem.BondType.SINGLE, Chem.BondType.DOUBLE})
    return Kind(f"alkenyl (≤C{max_c})", _hydrocarbon_chain(max_c, min_c, need=Chem.BondType.DOUBLE, allow=allow))


def alkynyl(max_c: int, min_c: int = 2) -> Kind:
    """Acyclic hydrocarbon group with at least one C≡C."""
    return Kind(f"alkynyl (≤C{max_c})", _hydrocarbon_chain(max_c, min_c, need=Chem.BondType.TRIPLE, allow=_UNSATURATED))


def carbon_chain(max_c: int, min_c: int = 1) -> Kind:
    """Acyclic hydrocarbon group, saturated or not, branched or not ("Kohlenstoffkette bis C10")."""
    return Kind(f"carbon chain (C{min_c}–C{max_c})", _hydrocarbon_chain(max_c, min_c, need=None, allow=_UNSATURATED))


def cycloalkyl(max_ring: int, min_ring: int = 3) -> Kind:
    """A saturated carbocycle bonded directly by one ring atom, ring size ``min_ring``..``max_ring``."""

    def test(mol: Chem.Mol, atoms: frozenset[int], root: int, anchor: int) -> bool:
        if not min_ring <= len(atoms) <= max_ring or not _anchor_bond_single(mol, root, anchor):
            return False
        if any(mol.GetAtomWithIdx(i).GetAtomicNum() != 6 or mol.GetAtomWithIdx(i).GetIsAromatic() for i in atoms):
            return False
        rings = [set(ring) for ring in mol.GetRingInfo().AtomRings() if set(ring) <= atoms]
        bonds = _internal_bonds(mol, atoms)
        return (
            len(rings) == 1
            and rings[0] == set(atoms)
            and all(bond.GetBondType() == Chem.BondType.SINGLE for bond in bonds)
        )

    return Kind(f"cycloalkyl (ring {min_ring}–{max_ring})", test)


def trialkylsilyl(max_c: int = 12) -> Kind:
    """Si bearing three alkyl groups with at most ``max_c`` carbons together."""

    def test(mol: Chem.Mol, atoms: frozenset[int], root: int, anchor: int) -> bool:
        si = mol.GetAtomWithIdx(root)
        if si.GetAtomicNum() != 14 or si.GetTotalNumHs() or not _anchor_bond_single(mol, root, anchor):
            return False
        rest = atoms - {root}
        if len(rest) > max_c or not _all_carbon_acyclic(mol, rest):
            return False
        branches = [n.GetIdx() for n in si.GetNeighbors() if n.GetIdx() != anchor]
        return len(branches) == 3 and all(
            bond.GetBondType() == Chem.BondType.SINGLE for bond in _internal_bonds(mol, atoms)
        )

    return Kind(f"trialkylsilyl (≤{max_c} C)", test)


def headed(label: str, head_smarts: str, tail: Kind | None = None, *, tails: int | tuple[int, int] = 1) -> Kind:
    """A fixed head followed by tail groups: ``headed("alkoxy", "*-[OX2:1]", alkyl(7))``.

    The head SMARTS starts with the anchor ``*``; its atom mapped ``:1`` carries the tail(s). With
    ``tail=None`` the head must be the whole substituent. ``tails`` is the exact number of tail pieces
    on the ``:1`` atom or a (min, max) range (``(0, 1)`` makes the tail optional).
    """
    query = _anchored_query(head_smarts)
    tail_positions = [atom.GetIdx() for atom in query.GetAtoms() if atom.GetAtomMapNum() == 1]
    if tail is not None and len(tail_positions) != 1:
        raise GroupDefinitionError(f"The head SMARTS {head_smarts!r} must mark exactly one atom ':1' for the tail.")
    low, high = (tails, tails) if isinstance(tails, int) else tails

    def test(mol: Chem.Mol, atoms: frozenset[int], root: int, anchor: int) -> bool:
        for match in _anchored_matches(mol, head_smarts, root, anchor):
            head = frozenset(match[1:])
            if not head <= atoms:
                continue
            rest = atoms - head
            if tail is None:
                if not rest:
                    return True
                continue
            if _tails_fit(mol, rest, head, match[tail_positions[0]], tail, low, high):
                return True
        return False

    return Kind(label, test)


def _tails_fit(
    mol: Chem.Mol, rest: frozenset[int], head: frozenset[int], carrier: int, tail: Kind, low: int, high: int
) -> bool:
    pieces = split_pieces(mol, rest)
    if not low <= len(pieces) <= high:
        return False
    for piece in pieces:
        links = [(a, b) for b in piece for a in (n.GetIdx() for n in mol.GetAtomWithIdx(b).GetNeighbors()) if a in head]
        if len(links) != 1 or links[0][0] != carrier:
            return False
        if not tail.test(mol, piece, links[0][1], carrier):
            return False
    return True


def split_pieces(mol: Chem.Mol, atoms: frozenset[int]) -> list[frozenset[int]]:
    """Connected pieces of ``atoms`` (bonds to atoms outside the set are ignored)."""
    left = set(atoms)
    pieces: list[frozenset[int]] = []
    while left:
        stack = [left.pop()]
        piece = set(stack)
        while stack:
            idx = stack.pop()
            for neighbor in mol.GetAtomWithIdx(idx).GetNeighbors():
                n_idx = neighbor.GetIdx()
                if n_idx in left:
                    left.discard(n_idx)
                    piece.add(n_idx)
                    stack.append(n_idx)
        pieces.append(frozenset(piece))
    return pieces


def longest_chain(mol: Chem.Mol, atoms: Iterable[int], *, elements: frozenset[int] | None = None) -> int:
    """Most atoms on one continuous path through the non-ring atoms of ``atoms`` (ring atoms not counted).

    Legal texts say "durchgehende Kettenlänge ... Atome von Ringstrukturen werden nicht einbezogen":
    rings cut a chain into separate segments and the longest segment counts. ``elements`` (atomic
    numbers) further restricts which atoms may belong to the chain.
    """
    chain_atoms = {
        i
        for i in atoms
        if not mol.GetAtomWithIdx(i).IsInRing()
        and (elements is None or mol.GetAtomWithIdx(i).GetAtomicNum() in elements)
    }
    best = 0
    for piece in split_pieces(mol, frozenset(chain_atoms)):
        far, _ = _farthest(mol, piece, next(iter(piece)))
        _, length = _farthest(mol, piece, far)
        best = max(best, length)
    return best


def _farthest(mol: Chem.Mol, piece: frozenset[int], start: int) -> tuple[int, int]:
    """BFS in a tree: the atom farthest from ``start`` and the path length in atoms."""
    depth = {start: 1}
    queue = [start]
    for idx in queue:
        for neighbor in mol.GetAtomWithIdx(idx).GetNeighbors():
            n_idx = neighbor.GetIdx()
            if n_idx in piece and n_idx not in depth:
                depth[n_idx] = depth[idx] + 1
                queue.append(n_idx)
    far = max(depth, key=depth.__getitem__)
    return far, depth[far]


def heavy_mass(mol: Chem.Mol, atoms: Iterable[int]) -> float:
    """Average mass of ``atoms`` including their implicit hydrogens (a substituent's own mass)."""
    table = Chem.GetPeriodicTable()
    h_mass = table.GetAtomicWeight(1)
    total = 0.0
    for i in atoms:
        atom = mol.GetAtomWithIdx(i)
        total += table.GetAtomicWeight(atom.GetAtomicNum()) + h_mass * atom.GetTotalNumHs()
    return total


def substituent_check(
    name: str,
    summary: str,
    *,
    at: str | Sequence[str] | Callable[[MatchContext], Iterable[int]],
    allowed: Sequence[Kind],
    frame: Callable[[MatchContext], frozenset[int]] | None = None,
    ring_closure: Callable[[MatchContext, Substituent], tuple[bool, str]] | None = None,
    required: bool = False,
) -> Check:
    """A check that every substituent on the atoms ``at`` is one of the ``allowed`` kinds.

    ``at`` is a site label, several labels, or a function returning molecule atoms. Pieces bonded to
    the frame more than once (rings closed onto the core) fail unless ``ring_closure`` accepts them.
    With ``required`` at least one substituent must be present (e.g. "R1 must be an acyl group").
    """
    labels = (at,) if isinstance(at, str) else at

    def positions(ctx: MatchContext) -> list[int]:
        if callable(labels):
            return list(labels(ctx))
        return [atom for label in labels for atom in ctx.site_atoms(label)]

    def test(ctx: MatchContext) -> tuple[bool, str]:
        chosen = positions(ctx)
        frame_atoms = frame(ctx) if frame is not None else None
        seen: set[frozenset[int]] = set()
        found: list[str] = []
        for atom in chosen:
            for sub in ctx.substituents_at(atom, frame_atoms):
                if sub.atoms in seen:
                    continue
                seen.add(sub.atoms)
                text = ctx.fragment_smiles(sub)
                if sub.closes_ring:
                    if ring_closure is None:
                        return False, f"{text} closes a ring onto the core, which is not allowed here"
                    ok, why = ring_closure(ctx, sub)
                    if not ok:
                        return False, f"{text}: {why}"
                    found.append(f"{text} ({why})")
                    continue
                kind = next((kind for kind in allowed if kind.matches(ctx.mol, sub)), None)
                if kind is None:
                    return False, f"{text} is not an allowed substituent (allowed: {_labels(allowed)})"
                found.append(f"{text} = {kind.label}")
        if required and not found:
            return False, f"no substituent present; one of {_labels(allowed)} is required"
        return True, "; ".join(found) if found else "hydrogen only"

    return Check(name, summary, test)


def _labels(kinds: Sequence[Kind]) -> str:
    return ", ".join(kind.label for kind in kinds)


HALOGEN = any_of(
    "halogen",
    *(exact(symbol, f"*-[{symbol}]") for symbol in ("F", "Cl", "Br", "I")),
)
METHYL = exact("methyl", "*-[CH3]")
ETHYL = exact("ethyl", "*-[CH2][CH3]")
METHOXY = exact("methoxy", "*-[OX2][CH3]")
METHYLTHIO = exact("methylthio", "*-[SX2][CH3]")
HYDROXY = exact("hydroxy", "*-[OX2H1]")
AMINO = exact("amino", "*-[NX3H2]")
CYANO = exact("cyano", "*-C#N")
NITRO = any_of("nitro", exact("nitro", "*-[N+](=O)[O-]"), exact("nitro", "*-N(=O)=O"))
OXO = exact("oxo", "*=O")
TRIFLUOROMETHYL = exact("trifluoromethyl", "*-C(F)(F)F")
TRIFLUOROMETHOXY = exact("trifluoromethoxy", "*-OC(F)(F)F")
PHENYL = exact("phenyl", "*-c1ccccc1")
CARBOXY = exact("carboxy", "*-C(=O)[OH1]")
CARBAMOYL = exact("carbamoyl", "*-C(=O)[NH2]")
ACETOXY = exact("acetoxy", "*-OC(=O)[CH3]")


def element_set(symbols: str) -> frozenset[int]:
    """Atomic numbers of a space-separated list of element symbols ("C H N O")."""
    table = Chem.GetPeriodicTable()
    return frozenset(table.GetAtomicNumber(symbol) for symbol in symbols.split())


def elements_within(mol: Chem.Mol, atoms: Iterable[int], allowed: frozenset[int]) -> bool:
    """True when every atom of ``atoms`` is one of the ``allowed`` atomic numbers."""
    return all(mol.GetAtomWithIdx(i).GetAtomicNum() in allowed for i in atoms)


def halo_substituted(kind: Kind, *, silyl: bool = False) -> Kind:
    """``kind`` that may also carry halogen atoms (and trialkylsilyl groups with ``silyl``).

    Annexes say "the groups named may be substituted with F, Cl, Br, I (and trialkylsilyl)": the
    halogens and silyl groups are taken off and the rest must still be of ``kind``.
    """
    silyl_kind = trialkylsilyl()

    def test(mol: Chem.Mol, atoms: frozenset[int], root: int, anchor: int) -> bool:
        removed: set[int] = set()
        for i in atoms:
            atom = mol.GetAtomWithIdx(i)
            if atom.GetAtomicNum() in _HALOGENS and atom.GetDegree() == 1 and i != root:
                removed.add(i)
            elif silyl and atom.GetAtomicNum() == 14 and i != root:
                piece, carrier = _silyl_group(mol, atoms, i, root)
                if piece and silyl_kind.test(mol, piece, i, carrier):
                    removed |= piece
        rest = atoms - removed
        return bool(rest) and root in rest and kind.test(mol, rest, root, anchor)

    carriers = "F/Cl/Br/I" + ("/trialkylsilyl" if silyl else "")
    return Kind(f"{kind.label} [may carry {carriers}]", test)


def _silyl_group(mol: Chem.Mol, atoms: frozenset[int], si: int, root: int) -> tuple[frozenset[int], int]:
    """A silicon atom hanging off the group: Si plus its branches away from ``root``, and its carrier atom."""
    away: list[frozenset[int]] = []
    carrier = -1
    for neighbor in mol.GetAtomWithIdx(si).GetNeighbors():
        if neighbor.GetIdx() not in atoms:
            continue
        branch = reach(mol, neighbor.GetIdx(), atoms - {si})
        if root in branch:
            carrier = neighbor.GetIdx()
        else:
            away.append(branch)
    if carrier < 0:
        return frozenset(), -1
    return frozenset({si}.union(*away)), carrier


def reach(mol: Chem.Mol, start: int, allowed: frozenset[int]) -> frozenset[int]:
    """``start`` and every atom of ``allowed`` connected to it through ``allowed`` atoms."""
    seen = {start}
    stack = [start]
    while stack:
        idx = stack.pop()
        for neighbor in mol.GetAtomWithIdx(idx).GetNeighbors():
            n_idx = neighbor.GetIdx()
            if n_idx in allowed and n_idx not in seen:
                seen.add(n_idx)
                stack.append(n_idx)
    return frozenset(seen)


def pieces_on(
    mol: Chem.Mol, atoms: frozenset[int], frame: frozenset[int]
) -> list[tuple[frozenset[int], tuple[int, int]]]:
    """Connected pieces of ``atoms`` with their (frame atom, first atom) link; (-1, -1) unless exactly one."""
    result = []
    for piece in split_pieces(mol, atoms):
        links = [(n.GetIdx(), i) for i in piece for n in mol.GetAtomWithIdx(i).GetNeighbors() if n.GetIdx() in frame]
        result.append((piece, links[0] if len(links) == 1 else (-1, -1)))
    return result


def ring_systems(mol: Chem.Mol, atoms: Iterable[int] | None = None) -> list[frozenset[int]]:
    """Fused ring systems (rings sharing a bond), optionally only rings lying inside ``atoms``."""
    inside = None if atoms is None else frozenset(atoms)
    rings = [frozenset(ring) for ring in mol.GetRingInfo().AtomRings() if inside is None or set(ring) <= inside]
    systems: list[set[int]] = []
    for ring in rings:
        merged = set(ring)
        for system in [s for s in systems if len(s & ring) >= 2]:
            merged |= system
            systems.remove(system)
        systems.append(merged)
    changed = True
    while changed:
        changed = False
        for first in systems:
            for second in systems:
                if first is not second and len(first & second) >= 2:
                    first |= second
                    systems.remove(second)
                    changed = True
                    break
            if changed:
                break
    return [frozenset(system) for system in systems]
