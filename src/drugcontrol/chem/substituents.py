"""The list of substituents that turn a controlled substance into its analogue (Decree No. 470, app. 3).

Kazakhstan's law (No. 279, art. 1 p. 17-1) calls a substance an analogue when its structure is formed
from a listed narcotic or psychotropic substance by replacing hydrogen atoms, halogens and/or hydroxyl
groups with substituents named in appendix 3 of Decree No. 470. The decree names the substituents and
draws them as images, so each one is encoded here as SMILES with dummy atoms for the attachment points.

Encoding (columns ``code,name_ru,name_en,valence,smiles,isomers,excluded_by,excluded_on``, and optionally
``added_by,added_on,note``):

* ``smiles`` holds one or more SMILES separated by ``;``. A dummy atom marks each point where the
  substituent is bonded to the parent structure: ``[*:1]`` for a monovalent substituent
  (acetyl ``[*:1]C(C)=O``), ``[*:1]`` and ``[*:2]`` for a bivalent substituent that bridges two
  positions or closes a ring (methylenedioxy ``[*:1]OCO[*:2]``; both ends may also sit on one atom
  that had two hydrogens, as oxybis(ethylene) on an NH2 gives a morpholine ring), and a single
  ``[*:1]`` with a double bond for a bivalent substituent that binds one atom (oxo ``[*:1]=O``).
  ``valence`` is therefore the sum of the orders of the attachment bonds.
* A name without a locant covers every position it can mean, so each is listed: a ring attachment
  point (pyridinyl 2-, 3-, 4-; quinolinyl 2- to 8-; adamantyl 1-, 2-), a ring substituent of a
  phenyl (fluorophenyl 2-, 3-, 4-), of a benzyl (ring 2-, 3-, 4- and the alpha carbon), or a chain
  position (fluoropentyl 1- to 5-, phenylethyl 1- and 2-). Methylene is both the bridge ``-CH2-``
  (its other name "methano") and ``=CH2``.
* ``isomers = 1`` where the decree adds "и его структурные изомеры" ("and its structural isomers"):
  the row gives the straight-chain alkyl and every acyclic saturated isomer with the same carbon count
  is generated at load time (butyl 4, pentyl 8, hexyl 17, heptyl 39).
* An item excluded by a later decree keeps its row with ``excluded_by`` (decree number) and
  ``excluded_on`` (the day the exclusion took effect); ``as_of`` drops it from that day on.
* An item added by an amending decree carries ``added_by`` and ``added_on`` (the day the addition took
  effect); ``as_of`` leaves it out before that day. ``note`` records where the dating is uncertain.

Lookups compare a fragment by a canonical key in which every bond is single and every atom carries its
hydrogen count. Element, charge and hydrogen count per atom fix the bond orders of a tree and leave only
the Kekulé choice in a ring, so the key is exact and still matches a substituent that closes an aromatic
ring (buta-1,3-diene-1,4-diyl fused to a benzene ring becomes a naphthalene, whose bonds are aromatic).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import ClassVar

from rdkit import Chem

from drugcontrol.chem._rdlog import quiet_rdkit
from drugcontrol.chem.errors import ChemError

__all__ = [
    "CSV_COLUMNS",
    "REQUIRED_COLUMNS",
    "VERSION_COLUMNS",
    "Substituent",
    "SubstituentDataError",
    "SubstituentLibrary",
    "alkyl_isomers",
    "attachment_order",
    "component_key",
    "fragment_key",
    "rows_in_force",
]

REQUIRED_COLUMNS = ("code", "name_ru", "name_en", "valence", "smiles", "isomers", "excluded_by", "excluded_on")
"""Columns every row must have."""
VERSION_COLUMNS = ("added_by", "added_on", "note")
"""Optional columns dating an item's addition; a row without them is taken as in force from the start."""
CSV_COLUMNS = (*REQUIRED_COLUMNS, *VERSION_COLUMNS)
VARIANT_SEPARATOR = ";"
_MAX_ISOMER_CARBONS = 10
_BOND_ORDERS = {
    Chem.BondType.SINGLE: 1,
    Chem.BondType.AROMATIC: 1,  # an attachment bond inside an aromatic ring replaces one hydrogen
    Chem.BondType.DOUBLE: 2,
    Chem.BondType.TRIPLE: 3,
}


class SubstituentDataError(ChemError):
    """A row of the substituent list is malformed; the message names the row and the column."""

    code: ClassVar[str] = "substituent_data"


@dataclass(frozen=True)
class Substituent:
    """One item of the list: its code in the decree, names, valence and every structure it covers."""

    code: str
    name_ru: str
    name_en: str
    valence: int
    smiles_variants: tuple[str, ...]
    added_by: str = ""
    """Number of the act that added the item (empty when it was in the list from the start)."""
    added_on: date | None = None
    """Day the addition took effect."""

    def name(self, lang: str = "en") -> str:
        """The name in Russian (``"ru"``) or English (anything else)."""
        return self.name_ru if lang == "ru" else self.name_en


def attachment_order(bond: Chem.Bond) -> int:
    """How many hydrogens of the parent an attachment bond stands for; 0 for bond types never allowed."""
    return _BOND_ORDERS.get(bond.GetBondType(), 0)


def component_key(mol: Chem.Mol, atoms: Sequence[int], attachments: Sequence[tuple[int, int]]) -> str:
    """Canonical key of the atoms ``atoms`` of ``mol`` bonded to the rest through ``attachments``.

    ``attachments`` gives one ``(atom index, bond order)`` per bond that leaves the fragment. The key is
    a SMILES in which all bonds are single, every atom shows its hydrogen count and charge, and each
    attachment is a dummy atom whose isotope is the order of its bond (``[2*][O]`` is oxo).
    """
    inside = {atom: position for position, atom in enumerate(atoms)}
    normal = Chem.RWMol()
    for atom_index in atoms:
        source = mol.GetAtomWithIdx(atom_index)
        atom = Chem.Atom(source.GetAtomicNum())
        atom.SetFormalCharge(source.GetFormalCharge())
        atom.SetNoImplicit(True)
        atom.SetNumExplicitHs(source.GetTotalNumHs())
        normal.AddAtom(atom)
    for atom_index in atoms:
        for bond in mol.GetAtomWithIdx(atom_index).GetBonds():
            other = bond.GetOtherAtomIdx(atom_index)
            if other in inside and atom_index < other:
                normal.AddBond(inside[atom_index], inside[other], Chem.BondType.SINGLE)
    for atom_index, order in attachments:
        dummy = Chem.Atom(0)
        dummy.SetIsotope(order)
        dummy.SetNoImplicit(True)
        position = normal.AddAtom(dummy)
        normal.AddBond(inside[atom_index], position, Chem.BondType.SINGLE)
    normal.UpdatePropertyCache(strict=False)
    return Chem.MolToSmiles(normal, allHsExplicit=True)


def fragment_key(fragment: Chem.Mol) -> str:
    """Canonical key of a fragment whose attachment points are dummy atoms (``*``), as in the list.

    Raises ``ChemError`` when the fragment has no dummy atom or a dummy atom is not bonded to exactly one
    atom of the fragment by a single, double, triple or aromatic bond.
    """
    atoms: list[int] = []
    attachments: list[tuple[int, int]] = []
    for atom in fragment.GetAtoms():
        if atom.GetAtomicNum() != 0:
            atoms.append(atom.GetIdx())
            continue
        bonds = atom.GetBonds()
        if len(bonds) != 1 or bonds[0].GetOtherAtom(atom).GetAtomicNum() == 0:
            raise ChemError(
                f"Attachment point (dummy atom {atom.GetIdx()}) must be bonded to exactly one atom of the "
                f"fragment; it has {len(bonds)} bonds."
            )
        order = attachment_order(bonds[0])
        if order == 0:
            raise ChemError(
                f"Attachment point (dummy atom {atom.GetIdx()}) has a {bonds[0].GetBondType()} bond; "
                "only single, double, triple or aromatic bonds attach a substituent."
            )
        attachments.append((bonds[0].GetOtherAtomIdx(atom.GetIdx()), order))
    if not attachments:
        raise ChemError("A substituent fragment needs at least one attachment point (a dummy atom '*').")
    if not atoms:
        raise ChemError("A substituent fragment needs at least one atom besides its attachment points.")
    return component_key(fragment, atoms, attachments)


def _formula_signature(mol: Chem.Mol, atoms: Iterable[int], orders: Iterable[int]) -> tuple[object, ...]:
    """Cheap necessary condition for an equal key: element, charge and hydrogens of each atom, bond orders."""
    atom_part = sorted(
        (a.GetAtomicNum(), a.GetFormalCharge(), a.GetTotalNumHs()) for a in (mol.GetAtomWithIdx(i) for i in atoms)
    )
    return (tuple(atom_part), tuple(sorted(orders)))


@lru_cache(maxsize=_MAX_ISOMER_CARBONS)
def alkyl_isomers(carbons: int) -> tuple[str, ...]:
    """SMILES (attachment ``[*:1]``) of every structural isomer of the alkyl group C(n)H(2n+1).

    Grows the alkyl one carbon at a time onto every carbon that still has a hydrogen and keeps each
    distinct canonical SMILES, so the counts follow the number of rooted trees of valence four
    (1, 1, 2, 4, 8, 17, 39, 89 for one to eight carbons).
    """
    if not 1 <= carbons <= _MAX_ISOMER_CARBONS:
        raise ValueError(f"The number of carbons must be between 1 and {_MAX_ISOMER_CARBONS}. Got {carbons}.")
    generation = {Chem.MolToSmiles(Chem.MolFromSmiles("[*:1]C"))}
    for _ in range(carbons - 1):
        grown: set[str] = set()
        for smiles in generation:
            mol = Chem.MolFromSmiles(smiles)
            for atom in mol.GetAtoms():
                if atom.GetAtomicNum() != 6 or atom.GetTotalNumHs() == 0:
                    continue
                bigger = Chem.RWMol(mol)
                new_index = bigger.AddAtom(Chem.Atom(6))
                bigger.AddBond(atom.GetIdx(), new_index, Chem.BondType.SINGLE)
                Chem.SanitizeMol(bigger)
                grown.add(Chem.MolToSmiles(bigger))
        generation = grown
    return tuple(sorted(generation))


def _alkyl_carbons(mol: Chem.Mol) -> int | None:
    """Carbon count when ``mol`` is a saturated acyclic alkyl with one attachment point, else None."""
    carbons = [a for a in mol.GetAtoms() if a.GetAtomicNum() == 6]
    dummies = [a for a in mol.GetAtoms() if a.GetAtomicNum() == 0]
    if len(carbons) + len(dummies) != mol.GetNumAtoms() or len(dummies) != 1:
        return None
    if mol.GetRingInfo().NumRings() or any(b.GetBondType() != Chem.BondType.SINGLE for b in mol.GetBonds()):
        return None
    return len(carbons)


def _parse_variant(smiles: str, where: str) -> Chem.Mol:
    with quiet_rdkit() as log:
        mol = Chem.MolFromSmiles(smiles)
    if mol is None:
        raise SubstituentDataError(f"{where}: SMILES {smiles!r} cannot be parsed ({log.reason() or 'no reason'}).")
    return mol


def _valence_of(mol: Chem.Mol, where: str) -> int:
    total = 0
    for atom in mol.GetAtoms():
        if atom.GetAtomicNum() == 0:
            bonds = atom.GetBonds()
            if len(bonds) != 1:
                raise SubstituentDataError(f"{where}: an attachment point must have exactly one bond.")
            total += attachment_order(bonds[0])
    return total


def _parse_date(text: str, where: str, column: str = "excluded_on") -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise SubstituentDataError(f"{where}: '{column}' must be a date YYYY-MM-DD. Got {text!r}.") from None


@dataclass(frozen=True)
class _Entry:
    substituent: Substituent
    keys: tuple[str, ...]
    signatures: tuple[tuple[object, ...], ...]
    heavy_atoms: int


class SubstituentLibrary:
    """The substituents in force on a date, indexed by canonical key for fast fragment lookup."""

    def __init__(
        self,
        substituents: Sequence[Substituent],
        *,
        as_of: date | None = None,
        excluded: Sequence[str] = (),
        unencoded: Sequence[str] = (),
        not_yet_added: Sequence[str] = (),
    ) -> None:
        self.as_of = as_of
        self.excluded = tuple(excluded)
        """Codes of items dropped because they were excluded on or before ``as_of``."""
        self.not_yet_added = tuple(not_yet_added)
        """Codes of items left out because the act adding them took effect after ``as_of``."""
        self.unencoded = tuple(unencoded)
        """Codes in force that have no structure in the data (they can never match)."""
        self._entries: dict[str, _Entry] = {}
        self._by_key: dict[str, list[Substituent]] = {}
        self._signatures: set[tuple[object, ...]] = set()
        for substituent in substituents:
            if substituent.code in self._entries:
                raise SubstituentDataError(f"Substituent code {substituent.code!r} appears twice.")
            entry = _index_entry(substituent)
            self._entries[substituent.code] = entry
            self._signatures.update(entry.signatures)
            for key in dict.fromkeys(entry.keys):
                self._by_key.setdefault(key, []).append(substituent)
        self.max_heavy_atoms = max((e.heavy_atoms for e in self._entries.values()), default=0)
        """Heavy atoms of the largest structure in the library (a bound for prefilters)."""

    @classmethod
    def from_csv(cls, path: str | Path, as_of: date | None = None) -> SubstituentLibrary:
        """Load the list from a CSV file with ``CSV_COLUMNS`` (see the module docstring)."""
        with Path(path).open(encoding="utf-8", newline="") as handle:
            return cls.from_rows(csv.DictReader(handle), as_of=as_of, source=str(path))

    @classmethod
    def from_rows(
        cls, rows: Iterable[Mapping[str, str]], as_of: date | None = None, *, source: str = "rows"
    ) -> SubstituentLibrary:
        """Build the library from dict rows; ``as_of=None`` applies every addition and exclusion in the data.

        An item is dropped when its ``excluded_on`` is on or before ``as_of``, and left out when its
        ``added_on`` is after ``as_of``. Raises ``SubstituentDataError`` naming the row and column of the
        first malformed value.
        """
        kept: list[Substituent] = []
        excluded: list[str] = []
        unencoded: list[str] = []
        not_yet_added: list[str] = []
        for number, row in enumerate(rows, start=1):
            where = f"{source} row {number}"
            missing = [c for c in REQUIRED_COLUMNS if c not in row or row[c] is None]
            if missing:
                raise SubstituentDataError(f"{where}: missing column(s) {', '.join(missing)}.")
            code = row["code"].strip()
            where = f"{source} row {number} (code {code})"
            added_on = _added_on(row, where)
            if added_on is not None and as_of is not None and as_of < added_on:
                not_yet_added.append(code)
                continue
            excluded_on = row["excluded_on"].strip()
            if excluded_on:
                cutoff = _parse_date(excluded_on, where)
                if not row["excluded_by"].strip():
                    raise SubstituentDataError(f"{where}: 'excluded_on' is set but 'excluded_by' is empty.")
                if as_of is None or cutoff <= as_of:
                    excluded.append(code)
                    continue
            substituent = _substituent_from_row(row, where, added_on)
            if substituent is None:
                if not excluded_on:
                    raise SubstituentDataError(f"{where}: 'smiles' is empty for an item that is in force.")
                unencoded.append(code)
                continue
            kept.append(substituent)
        return cls(kept, as_of=as_of, excluded=excluded, unencoded=unencoded, not_yet_added=not_yet_added)

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[Substituent]:
        return (entry.substituent for entry in self._entries.values())

    def __contains__(self, code: object) -> bool:
        return code in self._entries

    def get(self, code: str) -> Substituent:
        """The substituent with decree code ``code``; ``KeyError`` names the code when it is not in force."""
        try:
            return self._entries[code].substituent
        except KeyError:
            raise KeyError(f"Substituent {code!r} is not in this library (as of {self.as_of}).") from None

    def keys_of(self, code: str) -> tuple[str, ...]:
        """Canonical keys of every structure the item covers (one per distinct variant)."""
        self.get(code)
        return tuple(dict.fromkeys(self._entries[code].keys))

    def match_key(self, key: str) -> tuple[Substituent, ...]:
        """Every item whose structures include the one with this key, in the order of the list."""
        return tuple(self._by_key.get(key, ()))

    def match_fragment(self, fragment: Chem.Mol) -> Substituent | None:
        """The listed substituent a fragment with dummy attachment points is, or None when it is none.

        Several items can share a structure (alpha-methylbenzyl is also 1-phenylethyl); the first in
        the order of the list is returned, ``match_key(fragment_key(...))`` gives them all.
        """
        found = self.match_key(fragment_key(fragment))
        return found[0] if found else None

    def match_component(
        self, mol: Chem.Mol, atoms: Sequence[int], attachments: Sequence[tuple[int, int]]
    ) -> tuple[Substituent, ...]:
        """Items matching atoms ``atoms`` of ``mol`` attached through ``(atom, bond order)`` pairs.

        Checks a cheap formula signature before building the canonical key, so fragments that are no
        listed substituent are rejected without canonicalisation.
        """
        signature = _formula_signature(mol, atoms, (order for _, order in attachments))
        if signature not in self._signatures:
            return ()
        return self.match_key(component_key(mol, atoms, attachments))


def rows_in_force(rows: Iterable[Mapping[str, str]], as_of: date) -> list[dict[str, str]]:
    """The rows of items in force on ``as_of`` (added on or before it, not yet excluded), as plain dicts.

    This is what a list bundle carries so that an offline reader builds the same library for that day.
    """
    kept: list[dict[str, str]] = []
    for number, row in enumerate(rows, start=1):
        where = f"row {number} (code {row.get('code', '')})"
        added_on = _added_on(row, where)
        excluded_on = (row.get("excluded_on") or "").strip()
        if added_on is not None and as_of < added_on:
            continue
        if excluded_on and _parse_date(excluded_on, where) <= as_of:
            continue
        kept.append({column: (row.get(column) or "") for column in CSV_COLUMNS})
    return kept


def _added_on(row: Mapping[str, str], where: str) -> date | None:
    text = (row.get("added_on") or "").strip()
    if not text:
        return None
    if not (row.get("added_by") or "").strip():
        raise SubstituentDataError(f"{where}: 'added_on' is set but 'added_by' is empty.")
    return _parse_date(text, where, "added_on")


def _substituent_from_row(row: Mapping[str, str], where: str, added_on: date | None = None) -> Substituent | None:
    """Validate one row; None when it has no structure (allowed only for an excluded item)."""
    code = row["code"].strip()
    if not code:
        raise SubstituentDataError(f"{where}: 'code' is empty.")
    try:
        valence = int(row["valence"])
        isomers = int(row["isomers"] or "0")
    except ValueError:
        raise SubstituentDataError(f"{where}: 'valence' and 'isomers' must be integers.") from None
    if valence not in (1, 2):
        raise SubstituentDataError(f"{where}: 'valence' must be 1 or 2. Got {valence}.")
    if isomers not in (0, 1):
        raise SubstituentDataError(f"{where}: 'isomers' must be 0 or 1. Got {isomers}.")
    texts = [s.strip() for s in row["smiles"].split(VARIANT_SEPARATOR) if s.strip()]
    if not texts:
        return None
    variants: list[str] = []
    for text in texts:
        mol = _parse_variant(text, where)
        found = _valence_of(mol, where)
        if found != valence:
            raise SubstituentDataError(
                f"{where}: SMILES {text!r} has attachment bonds of total order {found}; 'valence' says {valence}."
            )
        if isomers:
            carbons = _alkyl_carbons(mol)
            if carbons is None:
                raise SubstituentDataError(
                    f"{where}: 'isomers' = 1 is supported for saturated acyclic alkyl groups only. Got {text!r}."
                )
            variants.extend(alkyl_isomers(carbons))
        else:
            variants.append(Chem.MolToSmiles(mol))
    return Substituent(
        code=code,
        name_ru=row["name_ru"].strip(),
        name_en=row["name_en"].strip(),
        valence=valence,
        smiles_variants=tuple(dict.fromkeys(variants)),
        added_by=(row.get("added_by") or "").strip(),
        added_on=added_on,
    )


def _index_entry(substituent: Substituent) -> _Entry:
    keys: list[str] = []
    signatures: list[tuple[object, ...]] = []
    heavy = 0
    for smiles in substituent.smiles_variants:
        mol = _parse_variant(smiles, f"substituent {substituent.code}")
        keys.append(fragment_key(mol))
        atoms = [a.GetIdx() for a in mol.GetAtoms() if a.GetAtomicNum() != 0]
        orders = [attachment_order(a.GetBonds()[0]) for a in mol.GetAtoms() if a.GetAtomicNum() == 0]
        signatures.append(_formula_signature(mol, atoms, orders))
        heavy = max(heavy, len(atoms))
    return _Entry(substituent, tuple(keys), tuple(signatures), heavy)
