"""Find the listed substances a structure is an analogue of (Law No. 279, art. 1 p. 17-1).

An analogue is formed from a listed substance (the *parent*) by replacing hydrogen atoms, halogens and/or
hydroxyl groups with substituents from the list of Decree No. 470 (appendix 3); it takes the quantities
of its parent (art. 2 p. 3). The check, for one parent:

1. The parent's *retained skeleton* is the parent without its halogen atoms (F, Cl, Br, I with one
   bond) and the oxygen atoms of its hydroxyl groups (O-H with one heavy neighbour, also in COOH and
   N-OH): these are the replaceable groups. Every other atom and bond is kept.
2. The query must contain the skeleton exactly (elements, charges, aromaticity, bond orders) with no
   extra bond between two skeleton atoms, and no skeleton atom may carry more hydrogens than in the
   parent. All mappings are enumerated (bounded) because symmetric skeletons can map in several ways
   that explain the query differently; mappings equal up to the parent's symmetry are examined once.
3. Every query atom outside the mapped skeleton belongs to a connected component bonded to the
   skeleton. Each skeleton atom must account exactly for its bonds to components: one unit per
   hydrogen it lost plus one per replaceable group the parent had there (a double bond counts two).
4. A component is a parent's halogen or hydroxyl left unchanged; or exactly one listed substituent
   (monovalent, a bivalent bridging two positions or closing a ring, or a bivalent double-bonded to
   one atom such as oxo); or, at a hydroxyl, the oxygen kept with its hydrogen replaced by a listed
   monovalent substituent (O-propyl: the hydroxyl's hydrogen replaced by propyl). A replaceable group
   cannot simply disappear (hydrogen is not a listed substituent), and a substituent on a substituent
   is not a listed substituent.
5. At least one replacement is needed: the parent itself (any mapping that explains the query without
   a replacement) is the listed substance, not its analogue, and gives no match for that parent.

Stereochemistry and isotopes are ignored. Whether the query is itself on the list is for the caller to
check first (an analogue is a substance *not* on the list). Queries and parents should be standardized
(largest organic fragment, neutralised) before they come here.

Matches are ordered most specific first: more parent atoms retained, then fewer replacements.
``AnalogueScreen`` precomputes each parent's skeleton and its pattern fingerprint so that bulk
screening tests only parents whose fingerprint bits are a subset of the query's (one numpy operation
over all parents) and whose heavy-atom counts fit.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from rdkit import Chem
from rdkit.Chem import rdqueries

from drugcontrol.chem.depict import Color, depict_svg
from drugcontrol.chem.errors import ChemError, TooComplexError
from drugcontrol.chem.fingerprints import fingerprint_words
from drugcontrol.chem.substituents import Substituent, SubstituentLibrary, attachment_order

__all__ = [
    "AnalogueMatch",
    "AnalogueScreen",
    "AtomSite",
    "ParentStructure",
    "ReplacedGroup",
    "Replacement",
    "best_per_parent",
    "depict_analogue",
    "find_analogue_parents",
]

ReplacedGroup = Literal["H", "F", "Cl", "Br", "I", "OH"]

_HALOGENS: dict[int, ReplacedGroup] = {9: "F", 17: "Cl", 35: "Br", 53: "I"}
_FP_SIZE = 2048
_RAW_MATCHES_PER_DISTINCT = 16
"""Raw substructure matches allowed per distinct mapping (symmetric atoms give many raw matches)."""
_SMARTS_BONDS = {
    Chem.BondType.SINGLE: "-",
    Chem.BondType.DOUBLE: "=",
    Chem.BondType.TRIPLE: "#",
    Chem.BondType.AROMATIC: ":",
}
_SKELETON_COLOUR = (0.56, 0.77, 0.96)
_SUBSTITUENT_COLOURS = (
    (1.0, 0.65, 0.3),
    (0.55, 0.85, 0.45),
    (0.9, 0.5, 0.85),
    (1.0, 0.85, 0.3),
    (0.6, 0.6, 1.0),
)


@dataclass(frozen=True)
class ParentStructure:
    """A listed substance to test against: ``key`` is the caller's opaque id, ``mol`` its structure."""

    key: str
    mol: Chem.Mol


@dataclass(frozen=True)
class AtomSite:
    """Where in the parent a group was replaced, described well enough to name the position."""

    parent_atom: int
    element: str
    aromatic: bool
    ring_size: int | None
    """Smallest ring holding the atom, None for a chain atom."""
    on_hydroxyl: bool = False
    """True when the replaced hydrogen sat on a hydroxyl oxygen bonded to this atom."""

    def describe(self, lang: str = "en") -> str:
        """The position as a phrase: ``"at parent atom 12 (aromatic C, 6-membered ring)"`` (or Russian)."""
        if lang == "ru":
            kind = ("ароматический " if self.aromatic else "") + self.element
            place = f"{self.ring_size}-членный цикл" if self.ring_size else "цепь"
            text = f"у атома {self.parent_atom} исходного вещества ({kind}, {place})"
            return f"в гидроксиле {text}" if self.on_hydroxyl else text
        kind = ("aromatic " if self.aromatic else "") + self.element
        place = f"{self.ring_size}-membered ring" if self.ring_size else "chain"
        text = f"parent atom {self.parent_atom} ({kind}, {place})"
        return f"on the hydroxyl of {text}" if self.on_hydroxyl else f"at {text}"


@dataclass(frozen=True)
class Replacement:
    """One listed substituent put in place of one group (monovalent) or two groups (bivalent).

    ``parent_atoms`` and ``replaced`` run in parallel, one entry per replaced group: the skeleton atom
    that carried it and what it was (oxo on a CH2 gives two entries for the same atom). When the
    hydrogen of a hydroxyl is replaced (the oxygen stays), the entry is the atom bearing the hydroxyl,
    ``"H"``, and a site marked ``on_hydroxyl``; the oxygen is in the match's ``parent_atom_map``.
    ``query_atoms`` are the substituent's atoms in the query, the first one bonded to the skeleton.
    """

    parent_atoms: tuple[int, ...]
    replaced: tuple[ReplacedGroup, ...]
    substituent: Substituent
    query_atoms: tuple[int, ...]
    sites: tuple[AtomSite, ...]

    def describe(self, lang: str = "en") -> str:
        """One line: ``"fluoro (1.57) in place of H at parent atom 7 (aromatic C, 6-membered ring)"``."""
        name = f"{self.substituent.name(lang)} ({self.substituent.code})"
        pairs = zip(self.replaced, self.sites, strict=True)
        if lang == "ru":
            places = " и ".join(f"{group} {site.describe('ru')}" for group, site in pairs)
            return f"{name} вместо {places}"
        places = " and ".join(f"{group} {site.describe()}" for group, site in pairs)
        return f"{name} in place of {places}"


@dataclass(frozen=True)
class AnalogueMatch:
    """The query explained as ``parent_key`` with ``replacements`` (parent atom -> query atom map)."""

    parent_key: str
    replacements: tuple[Replacement, ...]
    parent_atom_map: dict[int, int] = field(hash=False)
    """Parent atom index -> query atom index for every parent atom kept in the query."""

    @property
    def retained_atoms(self) -> int:
        """Parent heavy atoms found unchanged in the query."""
        return len(self.parent_atom_map)

    @property
    def specificity(self) -> tuple[int, int]:
        """Sort key, larger is more specific: (parent atoms retained, minus the number of replacements)."""
        return (self.retained_atoms, -len(self.replacements))

    def explain(self, lang: str = "en") -> str:
        """A few lines a person can check against the two structures."""
        if lang == "ru":
            head = (
                f"Аналог {self.parent_key}: замен {len(self.replacements)}, "
                f"сохранено атомов исходного вещества {self.retained_atoms}."
            )
        else:
            head = (
                f"Analogue of {self.parent_key}: {len(self.replacements)} replacement(s), "
                f"{self.retained_atoms} parent atoms retained."
            )
        return "\n".join([head, *(f"- {r.describe(lang)}" for r in self.replacements)])


@dataclass(frozen=True)
class _Skeleton:
    """A parent prepared for matching: skeleton pattern, replaceable groups and prefilter data."""

    key: str
    mol: Chem.Mol
    pattern: Chem.Mol
    parent_index: tuple[int, ...]
    """Parent atom index of each skeleton (pattern) atom."""
    hydrogens: tuple[int, ...]
    groups: tuple[tuple[tuple[int, ReplacedGroup], ...], ...]
    """Per skeleton atom: (parent atom index, kind) of each halogen or hydroxyl on it."""
    symmetry: tuple[int, ...]
    sites: dict[int, tuple[str, bool, int | None]]
    """Parent atom -> (element, aromatic, smallest ring size or None), to name positions."""
    n_bonds: int
    heavy_atoms: int
    max_query_heavy_atoms: int
    fp_words: np.ndarray


@dataclass
class _Query:
    mol: Chem.Mol
    hydrogens: tuple[int, ...]
    neighbours: tuple[tuple[tuple[int, int], ...], ...]
    """Per atom: (neighbour index, attachment order) pairs; order 0 marks a bond type never allowed."""
    heavy_atoms: int
    _ranks: tuple[int, ...] | None = None
    _pieces: dict[tuple[frozenset[int], tuple[tuple[int, int], ...]], tuple[Substituent, ...]] = field(
        default_factory=dict
    )

    def listed_as(
        self, atoms: Sequence[int], attachments: Sequence[tuple[int, int]], library: SubstituentLibrary
    ) -> tuple[Substituent, ...]:
        """``library.match_component`` remembered per piece: other mappings and parents meet it again."""
        if len(atoms) > library.max_heavy_atoms:
            return ()
        cache_key = (frozenset(atoms), tuple(sorted(attachments)))
        found = self._pieces.get(cache_key)
        if found is None:
            found = self._pieces[cache_key] = library.match_component(self.mol, atoms, attachments)
        return found

    def symmetry_ranks(self) -> tuple[int, ...]:
        """Canonical ranks without tie breaking: equal ranks mark atoms the query's symmetry exchanges."""
        if self._ranks is None:
            self._ranks = tuple(Chem.CanonicalRankAtoms(self.mol, breakTies=False))
        return self._ranks


class _DrawingFreeOrder:
    """Orders mappings onto one query by the query's canonical atom ranks (ties broken), computed on first use:
    two drawings of one compound number its atoms differently, and the same mapping then sorts the same."""

    def __init__(self, mol: Chem.Mol) -> None:
        self.mol = mol
        self._ranks: list[int] | None = None

    def key(self, image: tuple[int, ...]) -> tuple[int, ...]:
        if self._ranks is None:
            self._ranks = list(Chem.CanonicalRankAtoms(self.mol))
        ranks = self._ranks
        return tuple(ranks[index] for index in image)


@dataclass(frozen=True)
class _Component:
    atoms: tuple[int, ...]
    attachments: tuple[tuple[int, int, int], ...]
    """(skeleton position, component atom, bond order) per bond to the skeleton."""


def _without_explicit_hydrogens(mol: Chem.Mol, what: str) -> Chem.Mol:
    """``mol`` without hydrogen atoms; the molecule itself when it has none (every caller only reads it)."""
    if mol is None or mol.GetNumAtoms() == 0:
        raise ChemError(f"The {what} has no atoms.")
    if mol.GetNumHeavyAtoms() == mol.GetNumAtoms() and not mol.HasQuery():
        return mol  # no hydrogen, dummy or query atom: the per-atom check below would find nothing
    has_hydrogen_atoms = False
    for atom in mol.GetAtoms():
        number = atom.GetAtomicNum()
        if number == 0 or atom.HasQuery():
            raise ChemError(
                f"The {what} holds a dummy or query atom (index {atom.GetIdx()}); a real structure is needed."
            )
        has_hydrogen_atoms = has_hydrogen_atoms or number == 1
    return Chem.RemoveHs(mol) if has_hydrogen_atoms else Chem.Mol(mol)


def _fp_words(mol: Chem.Mol) -> np.ndarray:
    """The pattern fingerprint as 64-bit words (the same bit layout for parents and queries)."""
    return fingerprint_words(Chem.PatternFingerprint(mol, fpSize=_FP_SIZE))


def _group_kind(atom: Chem.Atom, hydrogens: int) -> ReplacedGroup | None:
    """What a terminal atom is as a replaceable group: a halogen, a hydroxyl, or None for anything else."""
    if atom.GetFormalCharge() != 0:
        return None
    if atom.GetAtomicNum() in _HALOGENS and hydrogens == 0:
        return _HALOGENS[atom.GetAtomicNum()]
    if atom.GetAtomicNum() == 8 and hydrogens == 1:
        return "OH"
    return None


def _replaceable_group(atom: Chem.Atom) -> ReplacedGroup | None:
    return _group_kind(atom, atom.GetTotalNumHs()) if atom.GetDegree() == 1 else None


def _prepare_parent(parent: ParentStructure, library: SubstituentLibrary) -> _Skeleton:
    mol = _without_explicit_hydrogens(parent.mol, f"parent {parent.key!r}")
    kinds = {a.GetIdx(): kind for a in mol.GetAtoms() if (kind := _replaceable_group(a)) is not None}
    removed = sorted(kinds)
    removed_set = set(removed)
    kept = [a.GetIdx() for a in mol.GetAtoms() if a.GetIdx() not in removed_set]
    if not kept:
        raise ChemError(f"Parent {parent.key!r} has no atoms left once its halogens and hydroxyls are set aside.")
    pattern = Chem.RWMol(mol)
    plain = Chem.RWMol(mol)
    for atom in mol.GetAtoms():
        query = rdqueries.AtomNumEqualsQueryAtom(atom.GetAtomicNum())
        query.ExpandQuery(rdqueries.IsAromaticQueryAtom(negate=not atom.GetIsAromatic()))
        query.ExpandQuery(rdqueries.FormalChargeEqualsQueryAtom(atom.GetFormalCharge()))
        query.ExpandQuery(rdqueries.HCountLessQueryAtom(atom.GetTotalNumHs() + 1))
        pattern.ReplaceAtom(atom.GetIdx(), query)
        plain.GetAtomWithIdx(atom.GetIdx()).SetNoImplicit(True)
        plain.GetAtomWithIdx(atom.GetIdx()).SetNumExplicitHs(atom.GetTotalNumHs())
    for bond in mol.GetBonds():
        symbol = _SMARTS_BONDS.get(bond.GetBondType())
        if symbol is None:
            raise ChemError(f"Parent {parent.key!r} has a {bond.GetBondType()} bond (index {bond.GetIdx()}).")
        pattern.ReplaceBond(bond.GetIdx(), Chem.MolFromSmarts(f"*{symbol}*").GetBondWithIdx(0))
    for index in sorted(removed, reverse=True):
        pattern.RemoveAtom(index)
        plain.RemoveAtom(index)
    skeleton_plain = plain.GetMol()
    skeleton_plain.UpdatePropertyCache(strict=False)
    Chem.FastFindRings(skeleton_plain)
    groups: dict[int, list[tuple[int, ReplacedGroup]]] = {i: [] for i in kept}
    for index, kind in kinds.items():
        groups[mol.GetAtomWithIdx(index).GetNeighbors()[0].GetIdx()].append((index, kind))
    hydrogens = tuple(mol.GetAtomWithIdx(i).GetTotalNumHs() for i in kept)
    ranks = list(Chem.CanonicalRankAtoms(mol, breakTies=False))
    ring_sizes: dict[int, int] = {}
    for ring in mol.GetRingInfo().AtomRings():
        for index in ring:
            ring_sizes[index] = min(ring_sizes.get(index, len(ring)), len(ring))
    sites = {a.GetIdx(): (a.GetSymbol(), a.GetIsAromatic(), ring_sizes.get(a.GetIdx())) for a in mol.GetAtoms()}
    slots = sum(hydrogens) + len(removed)
    return _Skeleton(
        key=parent.key,
        mol=mol,
        pattern=pattern.GetMol(),
        parent_index=tuple(kept),
        hydrogens=hydrogens,
        groups=tuple(tuple(groups[i]) for i in kept),
        symmetry=tuple(ranks[i] for i in kept),
        sites=sites,
        n_bonds=skeleton_plain.GetNumBonds(),
        heavy_atoms=len(kept),
        max_query_heavy_atoms=len(kept) + slots * max(library.max_heavy_atoms, 1),
        fp_words=_fp_words(skeleton_plain),
    )


def _prepare_query(query_mol: Chem.Mol) -> _Query:
    return _query_of(_without_explicit_hydrogens(query_mol, "query"))


def _query_of(mol: Chem.Mol) -> _Query:
    neighbours: list[list[tuple[int, int]]] = [[] for _ in range(mol.GetNumAtoms())]
    for bond in mol.GetBonds():
        begin, end, order = bond.GetBeginAtomIdx(), bond.GetEndAtomIdx(), attachment_order(bond)
        neighbours[begin].append((end, order))
        neighbours[end].append((begin, order))
    return _Query(
        mol=mol,
        hydrogens=tuple(a.GetTotalNumHs() for a in mol.GetAtoms()),
        neighbours=tuple(tuple(n) for n in neighbours),
        heavy_atoms=mol.GetNumAtoms(),
    )


def _site(skeleton: _Skeleton, parent_atom: int, *, on_hydroxyl: bool = False) -> AtomSite:
    element, aromatic, ring_size = skeleton.sites[parent_atom]
    return AtomSite(parent_atom, element, aromatic, ring_size, on_hydroxyl)


def _components(
    query: _Query, image: tuple[int, ...], position: dict[int, int], max_atoms: int
) -> list[_Component] | None:
    """Connected pieces of the query outside the skeleton, grown from the skeleton outwards.

    None when a piece is bigger than ``max_atoms`` (no listed substituent is), is bonded through a bond
    type never allowed, or is not bonded to the skeleton at all (a second molecule).
    """
    seen = set(image)
    pieces: list[_Component] = []
    covered = len(image)
    for q in image:
        for start, _ in query.neighbours[q]:
            if start in seen:
                continue
            seen.add(start)
            atoms = [start]
            attachments: list[tuple[int, int, int]] = []
            todo = [start]
            while todo:
                current = todo.pop()
                for other, order in query.neighbours[current]:
                    if other in position:
                        attachments.append((position[other], current, order))
                    elif other not in seen:
                        seen.add(other)
                        atoms.append(other)
                        todo.append(other)
                        if len(atoms) > max_atoms:
                            return None
            if any(order == 0 for _, _, order in attachments):
                return None
            pieces.append(_Component(tuple(atoms), tuple(attachments)))
            covered += len(atoms)
    return pieces if covered == query.heavy_atoms else None


def _unchanged_group(query: _Query, piece: _Component) -> ReplacedGroup | None:
    """The group a one-atom piece is when it could be the parent's halogen or hydroxyl left in place."""
    if len(piece.atoms) != 1 or len(piece.attachments) != 1 or piece.attachments[0][2] != 1:
        return None
    return _group_kind(query.mol.GetAtomWithIdx(piece.atoms[0]), query.hydrogens[piece.atoms[0]])


def _substituent_on_hydroxyl(
    query: _Query, piece: _Component, library: SubstituentLibrary
) -> tuple[Substituent, int, tuple[int, ...]] | None:
    """For a piece ``O-R`` on one bond: (R as a listed monovalent substituent, the O, R's atoms)."""
    if len(piece.attachments) != 1 or piece.attachments[0][2] != 1:
        return None
    oxygen = piece.attachments[0][1]
    atom = query.mol.GetAtomWithIdx(oxygen)
    if atom.GetAtomicNum() != 8 or atom.GetFormalCharge() != 0 or query.hydrogens[oxygen] != 0:
        return None
    members = set(piece.atoms)
    inner = [(other, order) for other, order in query.neighbours[oxygen] if other in members]
    if len(inner) != 1 or inner[0][1] != 1:
        return None
    rest = tuple(a for a in piece.atoms if a != oxygen)
    found = query.listed_as(rest, [(inner[0][0], 1)], library)
    return (found[0], oxygen, rest) if found else None


def _interpret(
    skeleton: _Skeleton, query: _Query, image: tuple[int, ...], library: SubstituentLibrary
) -> AnalogueMatch | Literal["parent"] | None:
    """Explain the query through one skeleton mapping: a match, ``"parent"`` (no replacement) or None."""
    position = {q: i for i, q in enumerate(image)}
    ends_inside = 0
    lost_h = [skeleton.hydrogens[i] - query.hydrogens[q] for i, q in enumerate(image)]
    for i, q in enumerate(image):
        units = 0
        for other, order in query.neighbours[q]:
            if other in position:
                ends_inside += 1
            else:
                units += order
        if units != lost_h[i] + len(skeleton.groups[i]):
            return None  # each lost hydrogen and each replaceable group is one unit of attachment
    if ends_inside != 2 * skeleton.n_bonds:
        return None  # a new bond between skeleton atoms changes the skeleton itself
    pieces = _components(query, image, position, library.max_heavy_atoms + 1)  # +1: a kept hydroxyl O
    if pieces is None:
        return None
    free_groups = [list(g) for g in skeleton.groups]
    atom_map = {skeleton.parent_index[i]: q for i, q in enumerate(image)}
    listed: list[tuple[_Component, Substituent]] = []
    on_hydroxyl: list[tuple[_Component, Substituent, int, tuple[int, ...]]] = []
    for piece in pieces:
        kind = _unchanged_group(query, piece)
        at = piece.attachments[0][0]
        slot = next((g for g in free_groups[at] if g[1] == kind), None) if kind else None
        if slot is not None:
            free_groups[at].remove(slot)
            atom_map[slot[0]] = piece.atoms[0]
            continue
        found = query.listed_as(piece.atoms, [(a, o) for _, a, o in piece.attachments], library)
        if found:
            listed.append((piece, found[0]))
            continue
        kept_oxygen = _substituent_on_hydroxyl(query, piece, library)
        if kept_oxygen is None or not any(g[1] == "OH" for g in free_groups[at]):
            return None
        on_hydroxyl.append((piece, *kept_oxygen))
    replacements: list[Replacement] = []
    for piece, substituent, oxygen, rest in on_hydroxyl:
        at = piece.attachments[0][0]
        slot = next((g for g in free_groups[at] if g[1] == "OH"), None)
        if slot is None:
            return None  # two pieces claim the same hydroxyl
        free_groups[at].remove(slot)
        atom_map[slot[0]] = oxygen
        site = _site(skeleton, skeleton.parent_index[at], on_hydroxyl=True)
        replacements.append(Replacement((site.parent_atom,), ("H",), substituent, rest, (site,)))
    hydrogen_slots = list(lost_h)
    # a halogen put in place takes a halogen position first, so F -> Cl reads as a halogen swap; then the pieces
    # and their bonds go in the skeleton's order, not the order in which the query happens to be drawn
    listed.sort(
        key=lambda item: (
            _unchanged_group(query, item[0]) not in _HALOGENS.values(),
            sorted(position for position, _, _ in item[0].attachments),
            item[1].code,
        )
    )
    for piece, substituent in listed:
        parent_atoms: list[int] = []
        replaced: list[ReplacedGroup] = []
        is_halogen = _unchanged_group(query, piece) in _HALOGENS.values()
        for at, _, order in sorted(piece.attachments):
            for _ in range(order):
                if free_groups[at]:
                    preferred = [g for g in free_groups[at] if not is_halogen or g[1] != "OH"]
                    group = (preferred or free_groups[at])[0]
                    free_groups[at].remove(group)
                    replaced.append(group[1])
                elif hydrogen_slots[at] > 0:
                    hydrogen_slots[at] -= 1
                    replaced.append("H")
                else:
                    return None
                parent_atoms.append(skeleton.parent_index[at])
        sites = tuple(_site(skeleton, p) for p in parent_atoms)
        replacements.append(Replacement(tuple(parent_atoms), tuple(replaced), substituent, piece.atoms, sites))
    if not replacements:
        return "parent"
    replacements.sort(key=lambda r: (r.parent_atoms, r.substituent.code))
    return AnalogueMatch(skeleton.key, tuple(replacements), atom_map)


def _outcome_signature(match: AnalogueMatch, query: _Query) -> tuple[object, ...]:
    """Two explanations that differ only by the query's own symmetry get the same signature."""
    ranks = query.symmetry_ranks()
    replacements = sorted(
        (r.parent_atoms, r.replaced, r.substituent.code, tuple(sorted(ranks[a] for a in r.query_atoms)))
        for r in match.replacements
    )
    return (tuple(replacements), frozenset((p, ranks[q]) for p, q in match.parent_atom_map.items()))


class AnalogueScreen:
    """Parents prepared once for screening many queries; ``find(query)`` lists the analogue matches.

    ``max_matches_per_parent`` bounds the distinct skeleton mappings examined per parent and
    ``time_limit_s`` the wall time per query; beyond either bound ``find`` raises ``TooComplexError``
    rather than give an answer that might be incomplete. ``prefilter=False`` skips the fingerprint and
    atom-count prefilters (for checking that they never drop a true match).
    """

    def __init__(
        self,
        parents: Sequence[ParentStructure],
        library: SubstituentLibrary,
        *,
        max_matches_per_parent: int = 64,
        time_limit_s: float = 2.0,
        prefilter: bool = True,
    ) -> None:
        if max_matches_per_parent < 1:
            raise ValueError(f"max_matches_per_parent must be at least 1. Got {max_matches_per_parent}.")
        if time_limit_s <= 0:
            raise ValueError(f"time_limit_s must be positive. Got {time_limit_s}.")
        self.library = library
        self.max_matches_per_parent = max_matches_per_parent
        self.time_limit_s = time_limit_s
        self.prefilter = prefilter
        self._skeletons = tuple(_prepare_parent(p, library) for p in parents)
        count = len(self._skeletons)
        words = _FP_SIZE // 64
        self._fp_matrix = np.vstack([s.fp_words for s in self._skeletons]) if count else np.zeros((0, words), np.uint64)
        self._min_heavy = np.array([s.heavy_atoms for s in self._skeletons], dtype=np.int64)
        self._max_heavy = np.array([s.max_query_heavy_atoms for s in self._skeletons], dtype=np.int64)
        self._last_passing: tuple[Chem.Mol, np.ndarray | None, np.ndarray] | None = None

    def __len__(self) -> int:
        return len(self._skeletons)

    def pattern_words(self, query_mol: Chem.Mol) -> np.ndarray:
        """The query's pattern fingerprint as the prefilter reads it, for ``find(pattern_words=...)``: a caller
        that searches one query more than once (parents that decide, then others) makes it once."""
        return _fp_words(_without_explicit_hydrogens(query_mol, "query"))

    def candidates(self, query_mol: Chem.Mol) -> list[str]:
        """Keys of the parents that pass the prefilters for this query (the ones ``find`` examines)."""
        query = _prepare_query(query_mol)
        return [self._skeletons[i].key for i in self._candidate_indices(query)]

    def find(
        self, query_mol: Chem.Mol, *, pattern_words: np.ndarray | None = None, among: np.ndarray | None = None
    ) -> list[AnalogueMatch]:
        """Every way the query is an analogue of a parent, most specific first.

        ``pattern_words``: the query's pattern fingerprint as words when the caller already has it (the group
        screens compute the same one), so it is not computed twice. ``among``: a boolean mask over the parents
        (``mask``) limiting the search to those; the bounds (mappings, time) then count those parents only.
        """
        mol = _without_explicit_hydrogens(query_mol, "query")
        deadline = time.perf_counter() + self.time_limit_s
        candidates = self._candidates_of(mol, pattern_words, among)
        if not candidates:
            return []  # most queries stop here, before the per-atom tables are built
        order = _DrawingFreeOrder(mol)
        mapped = [
            (skeleton, self._mappings(skeleton, mol, order)) for skeleton in (self._skeletons[i] for i in candidates)
        ]
        mapped = [(skeleton, images) for skeleton, images in mapped if images]
        if not mapped:
            return []  # no skeleton is in the query: no atom tables either
        query = _query_of(mol)
        found: list[AnalogueMatch] = []
        for skeleton, images in mapped:
            found.extend(self._interpret_all(skeleton, images, query, deadline))
        found.sort(key=lambda m: (-m.specificity[0], -m.specificity[1], m.parent_key))
        return found

    def check_bounds(
        self, query_mol: Chem.Mol, *, pattern_words: np.ndarray | None = None, among: np.ndarray | None = None
    ) -> None:
        """Raise ``TooComplexError`` where ``find`` would for too many mappings, without interpreting any: for
        parents whose matches are not wanted but whose bounds still apply."""
        mol = _without_explicit_hydrogens(query_mol, "query")
        for index in self._candidates_of(mol, pattern_words, among):
            self._mappings(self._skeletons[index], mol)

    def mask(self, keys: Iterable[str]) -> np.ndarray:
        """A boolean mask over the parents (for ``find(among=...)``): those whose key is in ``keys``."""
        wanted = set(keys)
        return np.array([s.key in wanted for s in self._skeletons], dtype=bool)

    def _candidate_indices(self, query: _Query) -> list[int]:
        return self._candidates_of(query.mol)

    def _candidates_of(
        self, mol: Chem.Mol, pattern_words: np.ndarray | None = None, among: np.ndarray | None = None
    ) -> list[int]:
        """Parents that pass the prefilters for ``mol`` (already without explicit hydrogens)."""
        if not self.prefilter:
            return list(range(len(self._skeletons))) if among is None else np.flatnonzero(among).tolist()
        passing = self._passing(mol, pattern_words)
        return np.flatnonzero(passing if among is None else passing & among).tolist()

    def _passing(self, mol: Chem.Mol, pattern_words: np.ndarray | None) -> np.ndarray:
        """The prefilters' mask over every parent, kept for the last molecule and fingerprint given (an assessment
        asks for the parents that decide, then for the smaller ones, with the same two objects)."""
        last = self._last_passing
        if last is not None and last[0] is mol and last[1] is pattern_words and pattern_words is not None:
            return last[2]
        heavy = mol.GetNumAtoms()
        passing = (self._min_heavy <= heavy) & (heavy <= self._max_heavy)
        sized = np.flatnonzero(passing)
        if sized.size:  # the pattern-fingerprint test on the parents of a fitting size only
            query_words = _fp_words(mol) if pattern_words is None else pattern_words
            passing[sized] = ~np.any(self._fp_matrix[sized] & ~query_words, axis=1)
        self._last_passing = (mol, pattern_words, passing)
        return passing

    def _mappings(
        self, skeleton: _Skeleton, mol: Chem.Mol, order: _DrawingFreeOrder | None = None
    ) -> list[tuple[int, ...]]:
        """The distinct mappings of the skeleton onto the query, one per symmetry class; raises
        ``TooComplexError`` beyond the bounds. With ``order``, each class is represented by, and the classes
        come in, the order of the query's canonical atom ranks, so that the reading chosen among symmetric ones
        (which parent atom a substituent replaces) is the same however the query was drawn."""
        params = Chem.SubstructMatchParameters()
        params.uniquify = False
        params.useChirality = False
        raw_cap = self.max_matches_per_parent * _RAW_MATCHES_PER_DISTINCT
        params.maxMatches = raw_cap
        raw = mol.GetSubstructMatches(skeleton.pattern, params)
        if len(raw) >= raw_cap:
            raise TooComplexError(
                f"Parent {skeleton.key!r} maps onto the query in {raw_cap} or more ways; the query is too "
                "symmetric or repetitive to be screened within the bound."
            )
        if order is not None and raw:
            raw = sorted(raw, key=order.key)
        mappings: dict[frozenset[tuple[int, int]], tuple[int, ...]] = {}
        for image in raw:
            mappings.setdefault(frozenset(zip(skeleton.symmetry, image, strict=True)), image)
        if len(mappings) > self.max_matches_per_parent:
            raise TooComplexError(
                f"Parent {skeleton.key!r} maps onto the query in {len(mappings)} distinct ways, more than "
                f"the bound of {self.max_matches_per_parent}."
            )
        return list(mappings.values())

    def _interpret_all(
        self, skeleton: _Skeleton, images: list[tuple[int, ...]], query: _Query, deadline: float
    ) -> list[AnalogueMatch]:
        matches: dict[tuple[object, ...], AnalogueMatch] = {}
        for image in images:
            if time.perf_counter() > deadline:
                raise TooComplexError(
                    f"Screening the query took longer than {self.time_limit_s} s (stopped at parent {skeleton.key!r})."
                )
            outcome = _interpret(skeleton, query, image, self.library)
            if outcome == "parent":
                return []  # the query is this parent itself: listed, not an analogue
            if isinstance(outcome, AnalogueMatch):
                matches.setdefault(_outcome_signature(outcome, query), outcome)
        return list(matches.values())


def find_analogue_parents(
    query_mol: Chem.Mol,
    parents: Sequence[ParentStructure],
    library: SubstituentLibrary,
    *,
    max_matches_per_parent: int = 64,
) -> list[AnalogueMatch]:
    """Every way ``query_mol`` is an analogue of one of ``parents``, most specific first.

    For one query; to screen many, build an ``AnalogueScreen`` once and call ``find``.
    """
    screen = AnalogueScreen(parents, library, max_matches_per_parent=max_matches_per_parent)
    return screen.find(query_mol)


def best_per_parent(matches: Sequence[AnalogueMatch]) -> list[AnalogueMatch]:
    """The most specific match of each parent, most specific first (other readings are dropped).

    A query can often be read in more than one way against one parent (N-ethyl-N-methyl from
    methamphetamine: ethyl on the NH, or methyl on the NH and methyl on the N-methyl); the reading that
    keeps most of the parent with fewest replacements is the one to report.
    """
    ordered = sorted(matches, key=lambda m: (-m.specificity[0], -m.specificity[1], m.parent_key))
    best: dict[str, AnalogueMatch] = {}
    for match in ordered:
        best.setdefault(match.parent_key, match)
    return list(best.values())


def depict_analogue(
    query_mol: Chem.Mol,
    match: AnalogueMatch,
    *,
    lang: str = "en",
    width: int = 500,
    height: int = 360,
    legend: str | None = None,
) -> str:
    """SVG of the query: the parent's skeleton in blue, each substituent in its own colour with its name;
    ``legend`` is the caption (the caller names the parent; by default its key)."""
    mol = _without_explicit_hydrogens(query_mol, "query")
    skeleton_atoms = set(match.parent_atom_map.values())
    atom_colours: dict[int, Color] = dict.fromkeys(skeleton_atoms, _SKELETON_COLOUR)
    notes: dict[int, str] = {}
    owner: dict[int, int] = dict.fromkeys(skeleton_atoms, -1)
    for number, replacement in enumerate(match.replacements):
        colour = _SUBSTITUENT_COLOURS[number % len(_SUBSTITUENT_COLOURS)]
        for atom in replacement.query_atoms:
            if atom >= mol.GetNumAtoms():
                raise ValueError(f"The match names query atom {atom}, but the query has {mol.GetNumAtoms()} atoms.")
            atom_colours[atom] = colour
            owner[atom] = number
        notes[replacement.query_atoms[0]] = replacement.substituent.name("ru" if lang == "kk" else lang)
    bond_colours: dict[int, Color] = {}
    for bond in mol.GetBonds():
        begin, end = bond.GetBeginAtomIdx(), bond.GetEndAtomIdx()
        if begin in owner and end in owner and owner[begin] == owner[end]:
            bond_colours[bond.GetIdx()] = atom_colours[begin]
    if legend is None:
        legend = f"аналог {match.parent_key}" if lang == "ru" else f"analogue of {match.parent_key}"
    return depict_svg(
        mol,
        width=width,
        height=height,
        atom_colors=atom_colours,
        bond_colors=bond_colours,
        atom_notes=notes,
        legend=legend,
    )
