"""Match compounds against generic group definitions (class-wide control of whole substance groups).

A generic definition (Germany's NpSG annex, China's class-wide announcements) is a core structure plus
conditions the core alone cannot express: allowed substituents per position, chain-length and mass
limits, named exceptions. Here a definition is data: ``CorePattern`` SMARTS with labelled sites and a
tuple of named ``Check`` objects. A compound is a member only when a core matches *and* every check
passes; otherwise the best near-miss says which condition failed, because that is what an expert
needs to see before writing an opinion.

``GroupScreen`` precompiles the cores once and rejects most compounds with a pattern-fingerprint
subset test, so whole libraries can be screened. Structures are reduced to their largest organic
fragment first: the annexes count the mass without the counter-ion and cover salts and charged forms.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

import numpy as np
from rdkit import Chem, DataStructs
from rdkit.Chem import Descriptors, rdqueries
from rdkit.Chem.MolStandardize import rdMolStandardize

from drugcontrol.chem.errors import EmptyStructureError
from drugcontrol.chem.fingerprints import fingerprint_words
from drugcontrol.chem.standardize import per_thread_tool

__all__ = [
    "MAX_CORE_MAPPINGS",
    "PATTERN_FP_SIZE",
    "Check",
    "CheckResult",
    "CorePattern",
    "ExcludedSubstance",
    "GroupDefinition",
    "GroupDefinitionError",
    "GroupMatch",
    "GroupScreen",
    "GroupVerdict",
    "MatchContext",
    "PreparedCompound",
    "Substituent",
    "core",
    "explain_groups",
    "fragment_smiles",
    "match_groups",
    "prepare_parent",
]

PATTERN_FP_SIZE = 2048
"""Bits of the RDKit pattern fingerprint used to skip compounds that cannot contain a core."""
MAX_CORE_MAPPINGS = 256
"""Most atom mappings of one core tried per compound; symmetric cores need a few, never hundreds."""

_JURISDICTION = re.compile(r"^[A-Z]{2}$")
_CORE_CHECK_NAME = "core"


class GroupDefinitionError(ValueError):
    """A group definition (or the set of definitions given to a screen) is malformed."""


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one named condition for one core match; ``detail`` says why, in words."""

    name: str
    passed: bool
    detail: str


class GroupVerdict(NamedTuple):
    """What another group said about the same compound (used by exclusion clauses between groups)."""

    core_found: bool
    member: bool


@dataclass(frozen=True)
class Substituent:
    """A connected piece of the molecule outside a frame (usually the matched core).

    ``links`` are the bonds (frame atom, substituent atom) that join it to the frame; a piece with
    more than one link closes a ring with the frame (a fused or bridging ring), which most legal
    texts treat differently from an ordinary substituent.
    """

    atoms: frozenset[int]
    links: tuple[tuple[int, int], ...]

    @property
    def anchors(self) -> frozenset[int]:
        """Frame atoms this piece is bonded to."""
        return frozenset(anchor for anchor, _ in self.links)

    @property
    def closes_ring(self) -> bool:
        """True when the piece is bonded to the frame more than once."""
        return len(self.links) > 1

    @property
    def root(self) -> int:
        """The substituent atom bonded to the frame (only defined for a single link)."""
        if self.closes_ring:
            raise ValueError(
                f"The substituent on atoms {sorted(self.atoms)} is bonded to the frame "
                f"{len(self.links)} times, so it has no single root atom."
            )
        return self.links[0][1]

    @property
    def anchor(self) -> int:
        """The frame atom the substituent hangs on (only defined for a single link)."""
        if self.closes_ring:
            raise ValueError(
                f"The substituent on atoms {sorted(self.atoms)} is bonded to the frame "
                f"{len(self.links)} times, so it has no single anchor atom."
            )
        return self.links[0][0]


@dataclass(frozen=True)
class CorePattern:
    """One core structure of a definition as SMARTS; atom map numbers label the legal positions.

    ``sites`` maps a position label (``"bridge"``, ``"N"``, ``"R1"``) to a SMARTS map number; several
    atoms may share a map number, so a label can name a whole ring. Build it with ``core()``.
    """

    name: str
    smarts: str
    sites: tuple[tuple[str, int], ...] = ()

    def __post_init__(self) -> None:
        compiled = _compile_core(self.smarts)
        used = {label for label, _ in self.sites}
        if len(used) != len(self.sites):
            raise GroupDefinitionError(f"The core '{self.name}' names a site label twice.")
        for label, number in self.sites:
            if number not in compiled.map_atoms:
                raise GroupDefinitionError(
                    f"The core '{self.name}' maps site '{label}' to :{number}, which is not in its SMARTS."
                )

    @property
    def query(self) -> Chem.Mol:
        """The compiled SMARTS query (shared between all users of the same SMARTS)."""
        return _compile_core(self.smarts).query

    def site_positions(self, label: str) -> tuple[int, ...]:
        """Query-atom positions labelled ``label`` (raises ``KeyError`` for an unknown label)."""
        for site_label, number in self.sites:
            if site_label == label:
                return _compile_core(self.smarts).map_atoms[number]
        raise KeyError(f"The core '{self.name}' has no site '{label}'; it has {self.site_labels}.")

    @property
    def site_labels(self) -> tuple[str, ...]:
        """All site labels of this core, in definition order."""
        return tuple(label for label, _ in self.sites)


def core(name: str, smarts: str, **sites: int) -> CorePattern:
    """Build a ``CorePattern``: ``core("indole", "...[c:1]...[n:2]...", bridge=1, side_chain=2)``."""
    return CorePattern(name=name, smarts=smarts, sites=tuple(sites.items()))


class _CompiledCore(NamedTuple):
    query: Chem.Mol
    map_atoms: Mapping[int, tuple[int, ...]]


@functools.lru_cache(maxsize=512)
def _compile_core(smarts: str) -> _CompiledCore:
    query = Chem.MolFromSmarts(smarts)
    if query is None:
        raise GroupDefinitionError(f"The core SMARTS {smarts!r} could not be parsed by RDKit.")
    map_atoms: dict[int, list[int]] = {}
    for atom in query.GetAtoms():
        number = atom.GetAtomMapNum()
        if number:
            map_atoms.setdefault(number, []).append(atom.GetIdx())
    return _CompiledCore(query, {number: tuple(idx) for number, idx in map_atoms.items()})


@functools.lru_cache(maxsize=512)
def _pattern_fp(smarts: str) -> DataStructs.ExplicitBitVect:
    return Chem.PatternFingerprint(_compile_core(smarts).query, PATTERN_FP_SIZE)


@dataclass(frozen=True)
class Check:
    """A named condition of a definition that SMARTS cannot say (mass, chain length, allowed groups).

    ``test`` receives the ``MatchContext`` of one core match and returns ``(passed, detail)``.
    ``requires`` lists other group ids whose verdicts the test asks for (exclusion clauses).
    """

    name: str
    summary: str
    test: Callable[[MatchContext], tuple[bool, str]]
    requires: tuple[str, ...] = ()

    def run(self, ctx: MatchContext) -> CheckResult:
        """Evaluate the condition on one core match."""
        passed, detail = self.test(ctx)
        return CheckResult(self.name, bool(passed), detail)


@dataclass(frozen=True)
class ExcludedSubstance:
    """A substance a definition names as an exception (matched on connectivity, so all stereoisomers)."""

    name: str
    smiles: str
    reason: str = "named as an exception in the text"

    @functools.cached_property
    def connectivity_key(self) -> str:
        """First block of the InChIKey of the parent structure."""
        mol = Chem.MolFromSmiles(self.smiles)
        if mol is None:
            raise GroupDefinitionError(f"The excluded substance {self.name!r} has an unreadable SMILES.")
        return Chem.MolToInchiKey(prepare_parent(mol)).split("-")[0]

    @functools.cached_property
    def heavy_composition(self) -> tuple[tuple[int, int], ...]:
        """Heavy atoms per element of the parent structure: a compound with others cannot share its key."""
        mol = Chem.MolFromSmiles(self.smiles)
        if mol is None:
            raise GroupDefinitionError(f"The excluded substance {self.name!r} has an unreadable SMILES.")
        return heavy_composition(prepare_parent(mol))


def heavy_composition(mol: Chem.Mol) -> tuple[tuple[int, int], ...]:
    """(atomic number, count) of every element but hydrogen, sorted. Two structures with the same first
    InChIKey block have the same heavy atoms, so a different composition rules that out without an InChI."""
    counts: dict[int, int] = {}
    for atom in mol.GetAtoms():
        number = atom.GetAtomicNum()
        if number != 1:
            counts[number] = counts.get(number, 0) + 1
    return tuple(sorted(counts.items()))


@dataclass(frozen=True)
class GroupDefinition:
    """A generic group definition of one jurisdiction, valid from ``effective_from``.

    ``cores`` are alternatives (any may match). ``max_mass_without_counterion`` and
    ``excluded_substances`` become the checks ``max_mass`` and ``not_named_exception``, run before
    ``checks``. ``encoding_notes`` records where the encoding had to interpret the legal text,
    ``text_version`` which wording was encoded and ``effective_from_basis`` where the date comes from
    (a date that could not be confirmed says so there).
    """

    group_id: str
    jurisdiction: str
    name_en: str
    name_local: str
    act: str
    effective_from: date
    effective_to: date | None
    rule_text: str
    cores: tuple[CorePattern, ...]
    checks: tuple[Check, ...] = ()
    max_mass_without_counterion: float | None = None
    excluded_substances: tuple[ExcludedSubstance, ...] = ()
    encoding_notes: str = ""
    text_version: str = ""
    effective_from_basis: str = ""

    def __post_init__(self) -> None:
        where = f"The group definition {self.group_id!r}"
        if not _JURISDICTION.match(self.jurisdiction):
            raise GroupDefinitionError(
                f"{where} has jurisdiction {self.jurisdiction!r}; expected a two-letter upper-case code such as 'DE'."
            )
        if not self.cores:
            raise GroupDefinitionError(f"{where} has no core structure.")
        if self.effective_to is not None and self.effective_to <= self.effective_from:
            raise GroupDefinitionError(f"{where} ends ({self.effective_to}) before it starts ({self.effective_from}).")
        if self.max_mass_without_counterion is not None and self.max_mass_without_counterion <= 0:
            raise GroupDefinitionError(f"{where} has a non-positive mass limit.")
        names = [check.name for check in self.all_checks]
        if len(set(names)) != len(names) or _CORE_CHECK_NAME in names:
            raise GroupDefinitionError(f"{where} has duplicate check names or a check called 'core': {names}.")

    def in_force(self, as_of: date) -> bool:
        """True when the definition applies on ``as_of`` (start inclusive, end exclusive)."""
        return self.effective_from <= as_of and (self.effective_to is None or as_of < self.effective_to)

    @functools.cached_property
    def all_checks(self) -> tuple[Check, ...]:
        """The automatic checks (mass, named exceptions) followed by the definition's own checks."""
        automatic: list[Check] = []
        if self.max_mass_without_counterion is not None:
            automatic.append(_max_mass_check(self.max_mass_without_counterion))
        if self.excluded_substances:
            automatic.append(_named_exception_check(self.excluded_substances))
        return (*automatic, *self.checks)

    @property
    def required_groups(self) -> frozenset[str]:
        """Group ids whose verdicts this definition's checks ask for."""
        return frozenset(group_id for check in self.all_checks for group_id in check.requires)


def _max_mass_check(limit: float) -> Check:
    def test(ctx: MatchContext) -> tuple[bool, str]:
        verdict = "within" if ctx.mass <= limit else "above"
        return ctx.mass <= limit, f"{ctx.mass:.1f} u without counter-ion, {verdict} the {limit:g} u limit"

    return Check("max_mass", f"molecular mass without counter-ion at most {limit:g} u", test)


def _named_exception_check(excluded: tuple[ExcludedSubstance, ...]) -> Check:
    counts = {sum(n for _, n in substance.heavy_composition) for substance in excluded}

    def test(ctx: MatchContext) -> tuple[bool, str]:
        # the InChI (milliseconds) only for a compound of the same composition, which is counted (atom by atom in
        # Python) only for a compound with as many atoms other than hydrogen as an excepted substance
        if ctx.mol.GetNumAtoms() - len(ctx.mol.GetAtomsMatchingQuery(_HYDROGEN)) in counts:
            composition = ctx.heavy_composition
            for substance in excluded:
                if substance.heavy_composition == composition and substance.connectivity_key == ctx.connectivity_key:
                    return False, f"this is {substance.name}: {substance.reason}"
        return True, "not one of the excepted substances (" + ", ".join(s.name for s in excluded) + ")"

    names = ", ".join(s.name for s in excluded)
    return Check("not_named_exception", f"not one of the substances the definition excepts: {names}", test)


@dataclass(frozen=True)
class GroupMatch:
    """The verdict of one definition on one compound, with every check's result.

    For a member all checks passed. For a near-miss (``is_member`` false) the checks say which
    condition failed; a compound without any core gets the single failed check ``core``.
    """

    definition: GroupDefinition
    core_name: str
    matched_atoms: tuple[int, ...]
    checks: tuple[CheckResult, ...]

    @property
    def is_member(self) -> bool:
        """True when a core matched and every check passed."""
        return bool(self.checks) and all(result.passed for result in self.checks)

    @property
    def core_found(self) -> bool:
        """True when one of the cores matched (whatever the checks said)."""
        return bool(self.matched_atoms)

    @property
    def failed(self) -> tuple[CheckResult, ...]:
        """The checks that did not pass, in evaluation order."""
        return tuple(result for result in self.checks if not result.passed)

    def explain(self) -> str:
        """Several lines a person can read: the verdict, then each condition with its reason."""
        d = self.definition
        head = f"{d.group_id} {d.name_en} ({d.act}, in force from {d.effective_from.isoformat()})"
        if not self.core_found:
            return f"{head}: not a member — {self.checks[0].detail}."
        verdict = "member" if self.is_member else "not a member"
        lines = [f"{head}: {verdict} (core: {self.core_name}, atoms {list(self.matched_atoms)})"]
        for result in self.checks:
            mark = "pass" if result.passed else "FAIL"
            lines.append(f"  [{mark}] {result.name}: {result.detail}")
        return "\n".join(lines)


class MatchContext:
    """One core match on one prepared molecule, with cached helpers the checks use.

    ``atoms`` are molecule atom indices in query-atom order; ``site()``/``site_atoms()`` translate a
    position label of the core into molecule atoms. Nothing here changes the molecule.
    """

    def __init__(self, evaluation: _Evaluation, core_pattern: CorePattern, atoms: tuple[int, ...]) -> None:
        self._evaluation = evaluation
        self.core = core_pattern
        self.atoms = atoms
        self.core_atoms = frozenset(atoms)
        self.memo: dict[str, object] = {}
        """Scratch space for checks of the same definition that share an expensive result."""

    @property
    def mol(self) -> Chem.Mol:
        """The prepared parent molecule (largest organic fragment, neutralised, no isotopes or stereo)."""
        return self._evaluation.mol

    @property
    def mass(self) -> float:
        """Average mass of the parent fragment with natural isotopes (the counter-ion is not counted)."""
        return self._evaluation.compound.mass

    @property
    def connectivity_key(self) -> str:
        """First block of the parent's InChIKey (same for all stereoisomers)."""
        return self._evaluation.compound.connectivity_key

    @property
    def heavy_composition(self) -> tuple[tuple[int, int], ...]:
        """Heavy atoms per element of the parent (see ``heavy_composition``)."""
        return self._evaluation.compound.heavy_composition

    def site(self, label: str) -> int:
        """The molecule atom at a single-atom site (raises ``KeyError`` if the label names several)."""
        found = self.site_atoms(label)
        if len(found) != 1:
            raise KeyError(f"The site '{label}' of core '{self.core.name}' covers {len(found)} atoms.")
        return found[0]

    def site_atoms(self, label: str) -> tuple[int, ...]:
        """Molecule atoms at the query positions labelled ``label``."""
        return tuple(self.atoms[position] for position in self.core.site_positions(label))

    def substituents(self, frame: frozenset[int] | None = None) -> tuple[Substituent, ...]:
        """Connected pieces of the molecule outside ``frame`` (default: the matched core atoms)."""
        return self._evaluation.compound.substituents(self.core_atoms if frame is None else frame)

    def substituents_at(self, atom: int, frame: frozenset[int] | None = None) -> tuple[Substituent, ...]:
        """Pieces outside ``frame`` that are bonded to frame atom ``atom``."""
        return tuple(sub for sub in self.substituents(frame) if atom in sub.anchors)

    def fragment_smiles(self, sub: Substituent) -> str:
        """SMILES of a substituent with ``*`` for the frame atoms it hangs on (for explanations)."""
        return self._evaluation.compound.fragment_smiles(sub)

    def group_verdict(self, group_id: str) -> GroupVerdict | None:
        """Verdict of another definition on the same compound, or None when it is not in force."""
        return self._evaluation.verdict_of(group_id)


def fragment_smiles(mol: Chem.Mol, sub: Substituent, symbols: Sequence[str] | None = None) -> str:
    """SMILES of ``sub`` with its anchors written as ``*`` (``symbols``: precomputed atom symbols)."""
    anchors = sub.anchors
    use = sub.atoms | anchors
    atom_symbols = list(symbols) if symbols is not None else [atom.GetSmarts() for atom in mol.GetAtoms()]
    for anchor in anchors:
        atom_symbols[anchor] = "*"
    bonds = [
        bond.GetIdx()
        for idx in sub.atoms
        for bond in mol.GetAtomWithIdx(idx).GetBonds()
        if bond.GetOtherAtomIdx(idx) in anchors
        or (bond.GetOtherAtomIdx(idx) in sub.atoms and bond.GetOtherAtomIdx(idx) > idx)
    ]
    return Chem.MolFragmentToSmiles(
        mol,
        atomsToUse=sorted(use),
        bondsToUse=bonds or None,
        atomSymbols=atom_symbols,
        canonical=True,
        isomericSmiles=False,
    )


def _components_outside(mol: Chem.Mol, frame: frozenset[int]) -> tuple[Substituent, ...]:
    seen: set[int] = set(frame)
    pieces: list[Substituent] = []
    for start in range(mol.GetNumAtoms()):
        if start in seen:
            continue
        atoms: set[int] = set()
        links: list[tuple[int, int]] = []
        stack = [start]
        seen.add(start)
        while stack:
            idx = stack.pop()
            atoms.add(idx)
            for neighbor in mol.GetAtomWithIdx(idx).GetNeighbors():
                n_idx = neighbor.GetIdx()
                if n_idx in frame:
                    links.append((n_idx, idx))
                elif n_idx not in seen:
                    seen.add(n_idx)
                    stack.append(n_idx)
        if links:
            pieces.append(Substituent(frozenset(atoms), tuple(sorted(links))))
    return tuple(pieces)


def prepare_parent(mol: Chem.Mol) -> Chem.Mol:
    """The compound the annexes speak about: largest organic fragment, neutralised, no isotopes or stereo.

    The annexes cover salts, charged forms, stereoisomers and isotope-substituted compounds and count
    the mass without the counter-ion, so the parent is what gets matched. The input is not changed;
    each step runs only when the molecule needs it (asked of RDKit's atom queries, not atom by atom in
    Python), because bulk screening calls this for every row.
    """
    return _prepare(mol)[0]


def _prepare(mol: Chem.Mol) -> tuple[Chem.Mol, bool]:
    """``prepare_parent`` and whether anything but stereo was changed (fragments, charges, isotopes, H atoms)."""
    if mol is None or mol.GetNumAtoms() == 0:
        raise EmptyStructureError("An empty molecule was given; a group match needs at least one atom.")
    parent, changed = mol, False
    if len(Chem.GetMolFrags(mol)) > 1:
        fragments = Chem.GetMolFrags(mol, asMols=True, sanitizeFrags=True)
        organic = [frag for frag in fragments if any(atom.GetAtomicNum() == 6 for atom in frag.GetAtoms())]
        parent = max(organic or fragments, key=lambda frag: (frag.GetNumHeavyAtoms(), Descriptors.MolWt(frag)))
        changed = True
    if parent.GetAtomsMatchingQuery(_CHARGED):
        parent, changed = per_thread_tool("group_uncharger", rdMolStandardize.Uncharger).uncharge(parent), True
    labelled = [atom.GetIdx() for atom in parent.GetAtomsMatchingQuery(_ISOTOPE)]
    parent = Chem.Mol(parent)  # the one copy: the input is never changed
    for index in labelled:
        parent.GetAtomWithIdx(index).SetIsotope(0)
        changed = True
    if parent.GetAtomsMatchingQuery(_HYDROGEN):
        parent, changed = Chem.RemoveHs(parent), True
    Chem.RemoveStereochemistry(parent)  # the annexes cover every stereoisomer
    return parent, changed


_CHARGED = rdqueries.FormalChargeEqualsQueryAtom(0, negate=True)
_ISOTOPE = rdqueries.IsotopeEqualsQueryAtom(0, negate=True)
_HYDROGEN = rdqueries.AtomNumEqualsQueryAtom(1)


class PreparedCompound:
    """One compound prepared once for every group screen that looks at it (Kazakhstan's and other
    jurisdictions' definitions): the parent of ``prepare_parent`` and what the checks derive from it,
    each computed at most once."""

    def __init__(self, mol: Chem.Mol) -> None:
        self.mol, changed = _prepare(mol)
        self.same_pattern_as_input = not changed
        """True when only stereo was removed: the pattern fingerprint, which ignores stereo, is the input's."""
        self._substituents: dict[frozenset[int], tuple[Substituent, ...]] = {}
        self._fragments: dict[Substituent, str] = {}

    @functools.cached_property
    def mass(self) -> float:
        return Descriptors.MolWt(self.mol)

    @functools.cached_property
    def connectivity_key(self) -> str:
        return Chem.MolToInchiKey(self.mol).split("-")[0]

    @functools.cached_property
    def heavy_composition(self) -> tuple[tuple[int, int], ...]:
        return heavy_composition(self.mol)

    @functools.cached_property
    def atom_symbols(self) -> tuple[str, ...]:
        return tuple(atom.GetSmarts() for atom in self.mol.GetAtoms())

    @functools.cached_property
    def fingerprint(self) -> DataStructs.ExplicitBitVect:
        return Chem.PatternFingerprint(self.mol, PATTERN_FP_SIZE)

    @functools.cached_property
    def fingerprint_words(self) -> np.ndarray:
        return fingerprint_words(self.fingerprint)

    @functools.cached_property
    def fingerprint_bits(self) -> int:
        """The fingerprint as one integer (``_bits_int``): a subset test of a few dozen cores is a few integer
        operations, cheaper than one array operation."""
        return _bits_int(self.fingerprint_words)

    def substituents(self, frame: frozenset[int]) -> tuple[Substituent, ...]:
        """``_components_outside`` the frame, once per frame: symmetric core mappings and several definitions
        often ask for the same one."""
        found = self._substituents.get(frame)
        if found is None:
            found = self._substituents[frame] = _components_outside(self.mol, frame)
        return found

    def fragment_smiles(self, sub: Substituent) -> str:
        """``fragment_smiles`` of a piece, once per piece."""
        found = self._fragments.get(sub)
        if found is None:
            found = self._fragments[sub] = fragment_smiles(self.mol, sub, self.atom_symbols)
        return found


def _bits_int(words: np.ndarray) -> int:
    """Fingerprint words as one Python integer (the same bit layout for cores and compounds)."""
    return int.from_bytes(words.tobytes(), "little")


class _Evaluation:
    """All verdicts of one screen on one compound; verdicts are cached so groups can refer to each other."""

    def __init__(self, screen: GroupScreen, compound: PreparedCompound, *, full: bool) -> None:
        self.screen = screen
        self.compound = compound
        self.mol = compound.mol
        self.full = full  # False: stop at the first failed check (membership only, no full explanation)
        self._verdicts: dict[str, GroupMatch] = {}
        self._in_progress: set[str] = set()

    def verdict_of(self, group_id: str) -> GroupVerdict | None:
        definition = self.screen.definitions_by_id.get(group_id)
        if definition is None:
            return None
        result = self.evaluate(definition)
        return GroupVerdict(result.core_found, result.is_member)

    def evaluate(self, definition: GroupDefinition) -> GroupMatch:
        cached = self._verdicts.get(definition.group_id)
        if cached is not None:
            return cached
        if definition.group_id in self._in_progress:
            raise GroupDefinitionError(
                f"The group {definition.group_id!r} depends on itself through its exclusion checks."
            )
        self._in_progress.add(definition.group_id)
        try:
            result = self._evaluate(definition)
        finally:
            self._in_progress.discard(definition.group_id)
        self._verdicts[definition.group_id] = result
        return result

    def _evaluate(self, definition: GroupDefinition) -> GroupMatch:
        best: GroupMatch | None = None
        best_score = -1
        for core_pattern in definition.cores:
            if not DataStructs.AllProbeBitsMatch(_pattern_fp(core_pattern.smarts), self.compound.fingerprint):
                continue
            mappings = self.mol.GetSubstructMatches(
                core_pattern.query, uniquify=False, useChirality=False, maxMatches=MAX_CORE_MAPPINGS
            )
            for atoms in mappings:
                ctx = MatchContext(self, core_pattern, tuple(atoms))
                results: list[CheckResult] = []
                for check in definition.all_checks:
                    results.append(check.run(ctx))
                    if not self.full and not results[-1].passed:
                        break
                candidate = GroupMatch(definition, core_pattern.name, tuple(atoms), tuple(results))
                if candidate.is_member:
                    return candidate
                score = sum(result.passed for result in results)
                if score > best_score:
                    best, best_score = candidate, score
        if best is not None:
            return best
        names = ", ".join(core_pattern.name for core_pattern in definition.cores)
        return GroupMatch(
            definition, "", (), (CheckResult(_CORE_CHECK_NAME, False, f"none of the core structures found ({names})"),)
        )


@dataclass
class GroupScreen:
    """Definitions in force on ``as_of`` (optionally one jurisdiction), compiled for repeated matching.

    >>> screen = GroupScreen(definitions, as_of=date(2024, 1, 1), jurisdiction="DE")  # doctest: +SKIP
    >>> [m.definition.group_id for m in screen.match(mol)]                              # doctest: +SKIP
    """

    definitions: Sequence[GroupDefinition]
    as_of: date
    jurisdiction: str | None = None
    definitions_by_id: dict[str, GroupDefinition] = field(init=False, repr=False)
    active: tuple[GroupDefinition, ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.as_of, date):
            raise TypeError(
                f"The 'as_of' parameter of GroupScreen must be a datetime.date. Got {self.as_of!r} instead."
            )
        if self.jurisdiction is not None and not _JURISDICTION.match(self.jurisdiction):
            raise ValueError(
                f"The 'jurisdiction' parameter of GroupScreen must be a two-letter upper-case "
                f"code such as 'DE' or None. Got {self.jurisdiction!r} instead."
            )
        ids = [definition.group_id for definition in self.definitions]
        duplicates = sorted({group_id for group_id in ids if ids.count(group_id) > 1})
        if duplicates:
            raise GroupDefinitionError(f"Group ids must be unique in one screen; repeated: {duplicates}.")
        self.active = tuple(
            definition
            for definition in self.definitions
            if definition.in_force(self.as_of)
            and (self.jurisdiction is None or definition.jurisdiction == self.jurisdiction)
        )
        self.definitions_by_id = {definition.group_id: definition for definition in self.active}
        known = {definition.group_id for definition in self.definitions}
        for definition in self.active:
            missing = sorted(definition.required_groups - known)
            if missing:
                raise GroupDefinitionError(
                    f"The group {definition.group_id!r} refers to groups that were not given to the screen: {missing}."
                )
        self._core_bits = tuple(  # compiled now so the first compound is not slower
            (number, _bits_int(fingerprint_words(_pattern_fp(core_pattern.smarts))))
            for number, definition in enumerate(self.active)
            for core_pattern in definition.cores
        )

    def match(self, mol: Chem.Mol | PreparedCompound) -> list[GroupMatch]:
        """Groups the compound belongs to (members only, each with all its check results), in order.

        A ``PreparedCompound`` may be given instead of a molecule, so that several screens share it. Only the
        definitions with a core whose pattern-fingerprint bits are all in the compound's are evaluated (one
        vectorised test over every core): the others cannot match, and most compounds stop there.
        """
        compound = mol if isinstance(mol, PreparedCompound) else PreparedCompound(mol)
        if not self._core_bits:
            return []
        bits = compound.fingerprint_bits
        possible = {number for number, core_bits in self._core_bits if core_bits & bits == core_bits}
        if not possible:
            return []
        evaluation = _Evaluation(self, compound, full=False)
        members = (evaluation.evaluate(d) for n, d in enumerate(self.active) if n in possible)
        return [result for result in members if result.is_member]

    def explain(self, mol: Chem.Mol | PreparedCompound) -> list[GroupMatch]:
        """One verdict per definition in force: the member match, the closest near-miss, or no core.

        Near-misses carry the result of every check, so all failed conditions are listed.
        """
        compound = mol if isinstance(mol, PreparedCompound) else PreparedCompound(mol)
        evaluation = _Evaluation(self, compound, full=True)
        return [evaluation.evaluate(definition) for definition in self.active]

    def match_many(self, mols: Iterable[Chem.Mol]) -> Iterator[list[GroupMatch]]:
        """``match`` for each molecule of an iterable, lazily, in order."""
        for mol in mols:
            yield self.match(mol)


def match_groups(
    mol: Chem.Mol,
    definitions: Sequence[GroupDefinition],
    *,
    as_of: date,
    jurisdiction: str | None = None,
) -> list[GroupMatch]:
    """Groups of ``definitions`` in force on ``as_of`` that the compound is a member of."""
    return GroupScreen(definitions, as_of=as_of, jurisdiction=jurisdiction).match(mol)


def explain_groups(
    mol: Chem.Mol,
    definitions: Sequence[GroupDefinition],
    *,
    as_of: date,
    jurisdiction: str | None = None,
) -> list[GroupMatch]:
    """Every definition's verdict with reasons (members and near-misses); see ``GroupMatch.explain``."""
    return GroupScreen(definitions, as_of=as_of, jurisdiction=jurisdiction).explain(mol)
