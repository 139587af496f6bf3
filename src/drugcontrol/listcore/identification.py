"""Is this compound on the list in force? Exact, salt, stereoisomer, isotopologue or tautomer of an entry."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from drugcontrol.listcore.snapshot import ListedEntry, ListSnapshot

if TYPE_CHECKING:
    from rdkit import Chem

    from drugcontrol.chem.identify import Match
    from drugcontrol.chem.keys import StructureKeys
    from drugcontrol.chem.standardize import Standardized

FORM_TEXT = {
    "exact": "the listed substance itself",
    "salt": "a salt or other form (counter-ions or charge state differ) of the listed substance",
    "stereoisomer": "a stereoisomer of the listed substance",
    "isotopologue": "an isotopically labelled form of the listed substance",
    "tautomer": "a tautomer of the listed substance",
}


@dataclass(frozen=True)
class Identification:
    verdict: Literal["listed", "not_listed"]
    query: StructureKeys
    standardized: Standardized
    matches: tuple[Match[ListedEntry], ...]
    jurisdiction: str
    as_of: str

    @property
    def entry(self) -> ListedEntry | None:
        return self.matches[0].payload if self.matches else None

    @property
    def form(self) -> str | None:
        return self.matches[0].form if self.matches else None

    def explanation(self) -> str:
        if not self.matches:
            return (
                f"Not on the {self.jurisdiction} list in force on {self.as_of} "
                "(no exact, salt, stereo or isotopic form)."
            )
        match = self.matches[0]
        entry = match.payload
        what = " and ".join(FORM_TEXT.get(part, part) for part in match.form.split("+"))
        act = f", controlled by {entry.added_by.label}" if entry.added_by else ""
        return (
            f"Listed: {what} {entry.name('en')} ({entry.name('ru')}), "
            f"table {entry.table}{' ' + entry.number if entry.number else ''} of the {self.jurisdiction} list "
            f"in force on {self.as_of}{act}."
        )


def identify(structure: str | Chem.Mol, snapshot: ListSnapshot) -> Identification:
    """Identify a structure against a snapshot; raises ChemError subclasses for bad input."""
    from drugcontrol.chem.identify import identify_structure

    result = identify_structure(structure, snapshot.structure_index)
    return Identification(
        verdict="listed" if result.matches else "not_listed",
        query=result.query,
        standardized=result.standardized,
        matches=tuple(result.matches),
        jurisdiction=snapshot.jurisdiction,
        as_of=snapshot.as_of.isoformat(),
    )
