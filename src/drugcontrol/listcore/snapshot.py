"""A list as it stood on one date: the unit that identification, diffs and bundles work on."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any

from drugcontrol.listcore.thresholds import Thresholds

if TYPE_CHECKING:
    from drugcontrol.chem.identify import StructureIndex
    from drugcontrol.chem.keys import StructureKeys

LANGUAGES = ("ru", "kk", "en")


@dataclass(frozen=True)
class ActInput:
    """A legal act as an import names it; the list it belongs to is the import's."""

    number: str
    title: str = ""
    issuer: str = ""
    signed_on: date | None = None
    in_force_from: date | None = None
    url: str = ""


@dataclass(frozen=True)
class ActRef(ActInput):
    """The legal act behind a list version: who signed what, and from when it is in force."""

    jurisdiction: str = field(kw_only=True)

    @property
    def label(self) -> str:
        signed = f" of {self.signed_on.isoformat()}" if self.signed_on else ""
        return f"No. {self.number}{signed}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "jurisdiction": self.jurisdiction,
            "number": self.number,
            "title": self.title,
            "issuer": self.issuer,
            "signed_on": self.signed_on.isoformat() if self.signed_on else None,
            "in_force_from": self.in_force_from.isoformat() if self.in_force_from else None,
            "url": self.url,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ActRef:
        return cls(
            jurisdiction=data["jurisdiction"],
            number=str(data["number"]),
            title=data.get("title", ""),
            issuer=data.get("issuer", ""),
            signed_on=date.fromisoformat(data["signed_on"]) if data.get("signed_on") else None,
            in_force_from=date.fromisoformat(data["in_force_from"]) if data.get("in_force_from") else None,
            url=data.get("url", ""),
        )


@dataclass(frozen=True)
class ListedEntry:
    """One substance (or plant, preparation, group) on the list, in the version valid on the snapshot date."""

    substance_id: str
    names: Mapping[str, str]
    kind: str
    table: str
    section: str = ""
    number: str = ""
    note: str = ""
    inn: str = ""
    cas: str = ""
    synonyms: tuple[str, ...] = ()
    smiles: str = ""
    keys: StructureKeys | None = None
    thresholds: tuple[Thresholds, ...] = ()
    analogues_controlled: bool = False
    valid_from: date | None = None
    added_by: ActRef | None = None

    def name(self, language: str = "en") -> str:
        """The name in a language, falling back to Russian (the decree's language), then any name."""
        for lang in (language, "ru", "en", "kk"):
            if self.names.get(lang):
                return self.names[lang]
        return self.substance_id

    def comparable(self) -> dict[str, Any]:
        """What a diff compares: the legal content of the entry, not its bookkeeping."""
        return {
            "table": self.table,
            "section": self.section,
            "number": self.number,
            "note": self.note,
            "smiles": self.smiles,
            "analogues_controlled": self.analogues_controlled,
            "thresholds": [t.to_dict() for t in self.thresholds],
        }


@dataclass(frozen=True)
class ListSnapshot:
    """Exactly what one jurisdiction controlled on one date."""

    jurisdiction: str
    as_of: date
    entries: tuple[ListedEntry, ...]
    acts: tuple[ActRef, ...] = field(default=())

    @cached_property
    def by_substance(self) -> dict[str, ListedEntry]:
        return {entry.substance_id: entry for entry in self.entries}

    @cached_property
    def structure_index(self) -> StructureIndex[ListedEntry]:
        """Key index over the entries with a structure, built once per snapshot."""
        from drugcontrol.chem.identify import StructureIndex

        index: StructureIndex[ListedEntry] = StructureIndex()
        for entry in self.entries:
            if entry.keys is not None:
                index.add(entry.keys, entry)
        return index

    def tables(self) -> list[str]:
        return sorted({entry.table for entry in self.entries})

    def filter(self, entries: Iterable[ListedEntry]) -> ListSnapshot:
        return ListSnapshot(self.jurisdiction, self.as_of, tuple(entries), self.acts)
