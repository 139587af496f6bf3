"""Is this compound on the list in force? Exact, salt, stereoisomer, isotopologue or tautomer of an entry.

The explanation is built here once, as steps (``listcore.steps``); the page, the API, the CLI and the
assessment render those steps, each in its reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from drugcontrol.listcore.snapshot import ListedEntry, ListSnapshot
from drugcontrol.listcore.steps import Step, gettext_noop

if TYPE_CHECKING:
    from rdkit import Chem

    from drugcontrol.chem.identify import Match
    from drugcontrol.chem.keys import StructureKeys
    from drugcontrol.chem.standardize import Standardized

FORM_STEPS: dict[str, str] = {
    "exact": gettext_noop("The structure is the listed substance itself."),
    "salt": gettext_noop("It is a salt or other form of the listed substance (counter-ions or charge state differ)."),
    "stereoisomer": gettext_noop("It is a stereoisomer of the listed substance."),
    "isotopologue": gettext_noop("It is an isotopically labelled form of the listed substance."),
    "tautomer": gettext_noop("It is a tautomer of the listed substance."),
}
"""One sentence per difference named in ``Match.form`` (``"salt+stereoisomer"`` gives two)."""


def entry_label(entry: ListedEntry) -> str:
    """How an explanation names an entry: the English name, then the decree's Russian one when it differs."""
    ru = entry.names.get("ru", "")
    en = entry.names.get("en", "")
    if ru and en and ru.casefold() != en.casefold():
        return f"{en} ({ru})"
    return en or ru or entry.name()


def entry_table(entry: ListedEntry) -> str:
    """The table and the row number of an entry: ``"II 12"``."""
    return f"{entry.table} {entry.number}".strip()


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

    def steps(self) -> tuple[Step, ...]:
        """The verdict as steps (English templates and parameters) for a shell to render in any language."""
        where = {"jurisdiction": self.jurisdiction, "as_of": self.as_of}
        if not self.matches:
            return (
                Step(
                    gettext_noop(
                        "Not on the %(jurisdiction)s list in force on %(as_of)s in any form (exact, salt, "
                        "stereoisomer, isotopic form or tautomer)."
                    ),
                    where,
                ),
            )
        match = self.matches[0]
        entry = match.payload
        steps = [
            Step(
                gettext_noop(
                    "Listed: %(name)s, table %(table)s of the %(jurisdiction)s list in force on %(as_of)s, "
                    "set by act %(act)s."
                ),
                {
                    "name": entry_label(entry),
                    "table": entry_table(entry),
                    "act": entry.added_by.label if entry.added_by else "—",
                    **where,
                },
            ),
            *(Step(FORM_STEPS[part]) for part in match.form.split("+") if part in FORM_STEPS),
        ]
        others = [m.payload for m in self.matches[1:]]
        if others:
            steps.append(
                Step(
                    gettext_noop("Also listed as: %(entries)s."),
                    {"entries": "; ".join(f"{entry_label(e)} ({entry_table(e)})" for e in others)},
                )
            )
        return tuple(steps)


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
