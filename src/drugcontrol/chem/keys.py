"""Identity keys of a structure: what to compare when asking "is this the same substance?".

InChIKeys are published for most controlled substances and survive any drawing of the structure,
so the keys are InChIKeys of the standardized parent and of three reduced forms of it. Two
structures differing only in stereo share ``stereo_parent``; only in isotope labels share
``isotope_parent``; in stereo, isotopes and tautomeric form at once still share ``skeleton``.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from rdkit import Chem

from drugcontrol.chem._rdlog import quiet_rdkit
from drugcontrol.chem.errors import InchiError
from drugcontrol.chem.standardize import (
    Standardized,
    standardize,
    to_canonical_tautomer,
    without_isotopes,
    without_stereo,
)

__all__ = ["StructureKeys", "compute_keys", "connection_layers", "standard_inchi"]

_INCHIKEY = re.compile(r"^[A-Z]{14}-[A-Z]{10}-[A-Z]$")
_STEREO_LAYERS = frozenset("btms")
"""InChI stereo layers: double bond, tetrahedral, inverted, stereo type (main and isotopic)."""
_ISOTOPE_LAYER = frozenset("i")


@dataclass(frozen=True)
class StructureKeys:
    """Keys of one standardized parent structure (see ``compute_keys``)."""

    smiles: str
    """Canonical isomeric SMILES of the standardized parent."""
    inchi: str
    """Standard InChI of the standardized parent."""
    inchikey: str
    connectivity: str
    """First block of the InChIKey: the skeleton with hydrogens, without stereo or isotopes."""
    stereo_parent: str
    """InChIKey of the parent with all stereo removed (isotopes kept)."""
    isotope_parent: str
    """InChIKey of the parent with all isotope labels removed (stereo kept)."""
    skeleton: str
    """InChIKey of the canonical tautomer of the parent without stereo and isotopes."""

    _KEY_FIELDS: ClassVar[tuple[str, ...]] = ("inchikey", "stereo_parent", "isotope_parent", "skeleton")

    def to_dict(self) -> dict[str, str]:
        """Plain ``{field: value}`` for JSON."""
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> StructureKeys:
        """Rebuild keys stored with ``to_dict``; raises ``ValueError`` naming the bad field."""
        names = [field.name for field in dataclasses.fields(cls)]
        missing = [name for name in names if name not in data]
        unknown = sorted(set(data) - set(names))
        if missing or unknown:
            raise ValueError(
                f"Structure keys must have exactly the fields {names}; missing {missing}, unknown {unknown}."
            )
        values: dict[str, str] = {}
        for name in names:
            value = data[name]
            if not isinstance(value, str) or not value:
                raise ValueError(f"Structure key field {name!r} must be a non-empty string. Got {value!r} instead.")
            values[name] = value
        for name in cls._KEY_FIELDS:
            if not _INCHIKEY.match(values[name]):
                raise ValueError(f"Structure key field {name!r} must be an InChIKey. Got {values[name]!r} instead.")
        if values["connectivity"] != values["inchikey"][:14]:
            raise ValueError(
                f"Structure key field 'connectivity' must be the first block of the InChIKey "
                f"{values['inchikey']!r}. Got {values['connectivity']!r} instead."
            )
        return cls(**values)


def compute_keys(mol_or_standardized: Chem.Mol | Standardized, *, inchi: str | None = None) -> StructureKeys:
    """Keys of a structure; a raw ``Chem.Mol`` is passed through ``standardize`` first.

    ``inchi``: the ``standard_inchi`` of the standardized parent, when the caller has already made it.
    Raises ``InchiError`` when no InChI can be made (query or dummy atoms), and the errors of
    ``standardize`` for raw molecules.
    """
    std = mol_or_standardized if isinstance(mol_or_standardized, Standardized) else standardize(mol_or_standardized)
    parent = std.mol
    inchi = inchi or _inchi(parent)
    inchikey = _inchikey(inchi)
    no_isotopes = without_isotopes(parent)
    bare = without_stereo(no_isotopes)
    # An InChI without stereo layers took nothing from the stereo of its input, so dropping the stereo
    # changes nothing; without isotope layers too, dropping isotope labels (and with them explicit
    # hydrogens and stereo marks that were no stereo) only removes what the InChI never used.
    stereo_used = _has_layer(inchi, _STEREO_LAYERS)
    stereo_parent = _inchikey(_inchi(without_stereo(parent))) if stereo_used else inchikey
    isotopes_used = stereo_used or _has_layer(inchi, _ISOTOPE_LAYER)
    return StructureKeys(
        smiles=std.smiles,
        inchi=inchi,
        inchikey=inchikey,
        connectivity=inchikey[:14],
        stereo_parent=stereo_parent,
        isotope_parent=_inchikey(_inchi(no_isotopes)) if isotopes_used else inchikey,
        skeleton=_inchikey(_inchi(to_canonical_tautomer(bare))),
    )


def standard_inchi(mol: Chem.Mol) -> str:
    """Standard InChI of ``mol`` as given (pass a standardized parent); raises ``InchiError``."""
    return _inchi(mol)


def connection_layers(inchi: str) -> str:
    """The formula and connectivity layers of an InChI, e.g. ``C9H13N/c1-8(10)7-9-5-3-2-4-6-9``.

    Every key level of one structure shares them: stereo, isotope labels and where tautomeric hydrogens
    sit are written in later layers, and a tautomer keeps the bonds between heavy atoms. Structures whose
    connection layers differ therefore match at no level, which makes them a cheap prefilter.
    """
    layers = inchi.split("/")
    connectivity = layers[2] if len(layers) > 2 and layers[2].startswith("c") else ""
    return f"{layers[1] if len(layers) > 1 else ''}/{connectivity}"


def _has_layer(inchi: str, prefixes: frozenset[str]) -> bool:
    """True when the InChI has a layer (after the formula) starting with one of ``prefixes``."""
    return any(layer[:1] in prefixes for layer in inchi.split("/")[2:])


def _inchi(mol: Chem.Mol) -> str:
    with quiet_rdkit() as log:
        try:
            inchi = Chem.MolToInchi(mol)
        except (RuntimeError, ValueError) as exc:
            inchi = ""
            reason = str(exc)
        else:
            reason = ""
    if not inchi:
        raise InchiError(
            f"No InChI could be made for {Chem.MolToSmiles(mol)!r}: "
            f"{reason or log.reason() or 'the InChI library refused the structure'}."
        )
    return inchi


def _inchikey(inchi: str) -> str:
    with quiet_rdkit():
        key = Chem.InchiToInchiKey(inchi)
    if not key:
        raise InchiError(f"No InChIKey could be made from {inchi!r}.")
    return key
