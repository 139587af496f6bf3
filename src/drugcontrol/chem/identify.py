"""Find which known structures an input is, and in what form (salt, stereoisomer, isotopologue, tautomer).

The index knows nothing about control lists: it maps ``StructureKeys`` to any payload (a list
entry, a registry record). Lookups are dictionary hits on the four InChIKey levels of the keys,
so identifying one structure costs the same with ten entries or a hundred thousand; there is no
substructure search here.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from typing import Generic, Literal, TypeVar, get_args

from rdkit import Chem

from drugcontrol.chem.keys import StructureKeys, compute_keys
from drugcontrol.chem.parse import to_mol
from drugcontrol.chem.standardize import Standardized, standardize

__all__ = [
    "DIFFERENCE_ORDER",
    "Difference",
    "IdentifyResult",
    "Match",
    "StructureIndex",
    "identify_structure",
]

T = TypeVar("T")

Difference = Literal["salt", "stereo", "isotope", "tautomer"]
DIFFERENCE_ORDER: tuple[Difference, ...] = get_args(Difference)
"""The fixed order in which differences are named in ``Match.form``."""

_FORM_NAMES: dict[str, str] = {
    "salt": "salt",  # a salt, solvate or other charge state of the same parent
    "stereo": "stereoisomer",
    "isotope": "isotopologue",
    "tautomer": "tautomer",
}
# Closest level first: equal InChIKey, then equal after removing stereo, isotopes, everything.
_LEVELS: tuple[str, ...] = ("inchikey", "stereo_parent", "isotope_parent", "skeleton")
_LEVEL_DIFFERENCE: dict[str, frozenset[str]] = {
    "inchikey": frozenset(),
    "stereo_parent": frozenset({"stereo"}),
    "isotope_parent": frozenset({"isotope"}),
}


@dataclass(frozen=True)
class Match(Generic[T]):
    """A known structure the query matched, and how the query differs from it."""

    payload: T
    differences: frozenset[str] = frozenset()
    keys: StructureKeys | None = field(default=None, compare=False)
    """Keys of the indexed structure that matched."""

    @property
    def exact(self) -> bool:
        return not self.differences

    @property
    def form(self) -> str:
        """``"exact"``, or the differences in a fixed order, e.g. ``"salt+stereoisomer"``."""
        if not self.differences:
            return "exact"
        return "+".join(_FORM_NAMES[name] for name in DIFFERENCE_ORDER if name in self.differences)


class StructureIndex(Generic[T]):
    """Payloads indexed by the keys of their structures; one payload may have several structures."""

    def __init__(self) -> None:
        self._entries: list[tuple[StructureKeys, T]] = []
        self._by_level: dict[str, dict[str, list[int]]] = {level: {} for level in _LEVELS}

    def add(self, keys: StructureKeys, payload: T) -> None:
        """Index ``payload`` under ``keys``."""
        position = len(self._entries)
        self._entries.append((keys, payload))
        for level in _LEVELS:
            self._by_level[level].setdefault(getattr(keys, level), []).append(position)

    def lookup(
        self,
        query: Standardized | StructureKeys,
        *,
        allowed: Collection[Difference] | None = None,
    ) -> list[Match[T]]:
        """Every payload the query matches, each once at its closest level, exact matches first.

        A query given as ``Standardized`` that was a salt or another charge state adds the
        difference ``"salt"`` to every match; plain ``StructureKeys`` carry no such information.
        ``allowed`` keeps only matches whose differences are all in it (``()`` = exact only).
        """
        if isinstance(query, Standardized):
            return self._lookup(compute_keys(query), salt_form=query.salt_form, allowed=allowed)
        return self._lookup(query, salt_form=False, allowed=allowed)

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[tuple[StructureKeys, T]]:
        return iter(self._entries)

    def _lookup(
        self, keys: StructureKeys, *, salt_form: bool, allowed: Collection[Difference] | None
    ) -> list[Match[T]]:
        permitted = _validate_allowed(allowed)
        matches: list[Match[T]] = []
        seen = _PayloadSet()
        for level in _LEVELS:
            for position in self._by_level[level].get(getattr(keys, level), ()):
                entry_keys, payload = self._entries[position]
                if payload in seen:
                    continue
                seen.add(payload)
                if level in _LEVEL_DIFFERENCE:
                    differences = _LEVEL_DIFFERENCE[level]
                else:
                    differences = _layer_differences(keys.inchi, entry_keys.inchi)
                if salt_form:
                    differences = differences | {"salt"}
                if permitted is None or differences <= permitted:
                    matches.append(Match(payload, frozenset(differences), keys=entry_keys))
        return matches


@dataclass(frozen=True)
class IdentifyResult(Generic[T]):
    """What ``identify_structure`` found: the query's keys, its standardized form and the matches."""

    query: StructureKeys
    standardized: Standardized
    matches: list[Match[T]]

    @property
    def matched(self) -> bool:
        return bool(self.matches)


def identify_structure(
    structure: str | Chem.Mol,
    index: StructureIndex[T],
    *,
    allowed: Collection[Difference] | None = None,
) -> IdentifyResult[T]:
    """Parse (if text), standardize, key and look up one structure.

    Raises the ``ChemError`` subclasses of ``to_mol``, ``standardize`` and ``compute_keys``.
    """
    mol = to_mol(structure) if isinstance(structure, str) else structure
    standardized = standardize(mol)
    keys = compute_keys(standardized)
    matches = index._lookup(keys, salt_form=standardized.salt_form, allowed=allowed)
    return IdentifyResult(query=keys, standardized=standardized, matches=matches)


def _layer_differences(query_inchi: str, entry_inchi: str) -> frozenset[str]:
    """Which InChI layers differ between two structures that share only the skeleton key.

    Standard InChI numbers atoms from the connectivity, which tautomers share, so the stereo and
    isotope layers of the two can be compared directly.
    """
    query, entry = _inchi_layers(query_inchi), _inchi_layers(entry_inchi)
    differences = {name for name in ("tautomer", "salt", "stereo", "isotope") if query[name] != entry[name]}
    return frozenset(differences or {"tautomer"})


def _inchi_layers(inchi: str) -> dict[str, str]:
    """Split a standard InChI into its main, charge, stereo and isotopic layers."""
    layers: dict[str, list[str]] = {"tautomer": [], "salt": [], "stereo": [], "isotope": []}
    parts = inchi.split("/")[1:]  # drop "InChI=1S"
    isotopic = False
    for position, part in enumerate(parts):
        isotopic = isotopic or part.startswith("i")
        if isotopic:
            layers["isotope"].append(part)
        elif position == 0 or part[:1] in ("c", "h"):  # formula, connections, hydrogens
            layers["tautomer"].append(part)
        elif part[:1] in ("q", "p"):  # charge, protonation
            layers["salt"].append(part)
        elif part[:1] in ("b", "t", "m", "s"):
            layers["stereo"].append(part)
        else:
            layers["tautomer"].append(part)
    return {name: "/".join(found) for name, found in layers.items()}


class _PayloadSet:
    """Membership by equality for payloads that may or may not be hashable."""

    def __init__(self) -> None:
        self._hashable: set[object] = set()
        self._other: list[object] = []

    def __contains__(self, payload: object) -> bool:
        try:
            return payload in self._hashable
        except TypeError:
            return payload in self._other

    def add(self, payload: object) -> None:
        try:
            self._hashable.add(payload)
        except TypeError:
            self._other.append(payload)


def _validate_allowed(allowed: Collection[Difference] | None) -> frozenset[str] | None:
    if allowed is None:
        return None
    permitted = frozenset(allowed)
    unknown = permitted - set(DIFFERENCE_ORDER)
    if unknown:
        raise ValueError(f"The 'allowed' parameter must hold only {DIFFERENCE_ORDER}. Got {sorted(unknown)} instead.")
    return permitted
