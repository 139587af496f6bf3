"""Is this compound on the list in force? Exact, salt, stereoisomer, isotopologue or tautomer of an entry.

The explanation is built here once, as steps (``listcore.steps``); the page, the API, the CLI and the
assessment render those steps, each in its reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from drugcontrol.listcore.snapshot import ActRef, ListedEntry, ListSnapshot
from drugcontrol.listcore.steps import Names, Step, gettext_noop

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


class EntryLabel(Names):
    """How an explanation names an entry: in the reader's language (English adds the decree's Russian name).

    As text (``str()``, an f-string) it is the English label, as before names became a parameter of their own."""

    def __str__(self) -> str:
        return self.pick("en")


def entry_label(entry: ListedEntry) -> EntryLabel:
    """The entry's names, rendered in the reader's language by the shell."""
    names = {k: v for k, v in entry.names.items() if v} or {"en": entry.name()}
    return EntryLabel(names)


def entry_table(entry: ListedEntry) -> str:
    """The table and the row number of an entry: ``"II 12"``."""
    return f"{entry.table} {entry.number}".strip()


def act_label(act: ActRef | None) -> Step | str:
    """An act as the reasoning cites it: ``No. 470 of 2019-07-03`` in the reader's language; "—" for none."""
    if act is None:
        return "—"
    if act.signed_on:
        return Step(
            gettext_noop("No. %(number)s of %(date)s"), {"number": act.number, "date": act.signed_on.isoformat()}
        )
    return Step(gettext_noop("No. %(number)s"), {"number": act.number})


def entry_ref(entry: ListedEntry) -> Step:
    """An entry with its place in the list: ``Methcathinone (Меткатинон) (table I 5)``."""
    return Step(gettext_noop("%(name)s (table %(table)s)"), {"name": entry_label(entry), "table": entry_table(entry)})


NO_LIST_VERSION = gettext_noop(
    "No list version of %(jurisdiction)s in force on %(as_of)s: the list holds no entries on that date, so no "
    "verdict can rest on it."
)
"""The one explanation of a check against an empty list or a date before its first version (identify, assess,
screening, the bundle)."""


def no_list_version(snapshot: ListSnapshot) -> bool:
    """True when no version of the list is in force on the snapshot's date (it holds no entries)."""
    return not snapshot.entries


@dataclass(frozen=True)
class Identification:
    verdict: Literal["listed", "not_listed", "undetermined"]
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
        if self.verdict == "undetermined":
            return (Step(NO_LIST_VERSION, where),)
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
                    "act": act_label(entry.added_by),
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
                    {"entries": tuple(entry_ref(e) for e in others)},
                )
            )
        return tuple(steps)


def identify(structure: str | Chem.Mol, snapshot: ListSnapshot) -> Identification:
    """Identify a structure against a snapshot; raises ChemError subclasses for bad input."""
    from drugcontrol.chem.identify import identify_structure

    result = identify_structure(structure, snapshot.structure_index)
    if no_list_version(snapshot):
        verdict: Literal["listed", "not_listed", "undetermined"] = "undetermined"
    else:
        verdict = "listed" if result.matches else "not_listed"
    return Identification(
        verdict=verdict,
        query=result.query,
        standardized=result.standardized,
        matches=tuple(result.matches),
        jurisdiction=snapshot.jurisdiction,
        as_of=snapshot.as_of.isoformat(),
    )
