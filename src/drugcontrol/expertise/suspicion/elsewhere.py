"""Controlled elsewhere: another jurisdiction's list version in force controls the compound.

Each foreign list is checked with its own rules (listed, its analogue rule when it has a substituent list,
its generic groups in force), through the same ``Assessor`` that decides Kazakhstan's verdicts, built once
per list version. The reason names the jurisdiction and whether its control is grounds to add the
substance to Kazakhstan's list (Law No. 279 art. 2 p. 1-1: an EAEU member state, or the UN schedules).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from drugcontrol.chem.substituents import SubstituentLibrary
from drugcontrol.expertise.suspicion.probe import Probe
from drugcontrol.expertise.suspicion.reasons import GROUNDS, Reason
from drugcontrol.listcore.identification import entry_label, entry_table
from drugcontrol.listcore.snapshot import ListedEntry, ListSnapshot

if TYPE_CHECKING:
    from drugcontrol.expertise.assess import Assessor

__all__ = ["ElsewhereSource", "ForeignList"]


@dataclass(frozen=True)
class ForeignList:
    """One other jurisdiction's list version in force: plain, picklable data."""

    snapshot: ListSnapshot
    name: str
    grounds: str
    """``eaeu``, ``un`` or ``none`` (see ``reasons.GROUNDS``)."""
    group_ids: tuple[str, ...] = ()
    substituents: SubstituentLibrary | None = None

    def __post_init__(self) -> None:
        if self.grounds not in GROUNDS:
            raise ValueError(f"The 'grounds' of a ForeignList must be one of {GROUNDS}. Got {self.grounds!r}.")

    @property
    def code(self) -> str:
        return self.snapshot.jurisdiction

    def build(self, as_of: date, *, min_parent_heavy_atoms: int = 0) -> Assessor:
        """The foreign rules, with our methodology's minimum parent size (its other clauses are ours alone)."""
        from dataclasses import replace

        from drugcontrol.expertise.assess import Assessor, all_group_definitions
        from drugcontrol.expertise.methodology import FORMAL_RULE_ONLY

        known = {d.group_id: d for d in all_group_definitions()}
        return Assessor(
            self.snapshot,
            self.substituents,
            [d for d in known.values() if d.jurisdiction == self.code],  # the screen keeps those in force
            jurisdiction=self.code,
            as_of=as_of,
            keys_on_demand=True,
            methodology=replace(FORMAL_RULE_ONLY, min_parent_heavy_atoms=min_parent_heavy_atoms),
        )


class ElsewhereSource:
    """Reasons from every foreign list given; an empty list of lists contributes nothing."""

    code = "controlled_elsewhere"

    def __init__(self, lists: list[ForeignList], as_of: date, *, min_parent_heavy_atoms: int = 0) -> None:
        self.lists = lists
        self.as_of = as_of
        self.assessors_ = [
            (foreign, foreign.build(as_of, min_parent_heavy_atoms=min_parent_heavy_atoms)) for foreign in lists
        ]

    def reasons(self, probe: Probe) -> list[Reason]:
        found = []
        for foreign, assessor in self.assessors_:
            result = assessor.rule_verdict(probe.std, prepared=probe.group_compound)
            if result is None:
                continue
            basis = result.basis
            if isinstance(basis, ListedEntry):
                name, table = entry_label(basis), entry_table(basis)
            else:
                name, table = (basis.group_id if basis is not None else ""), ""
            found.append(
                Reason(
                    "controlled_elsewhere",
                    {
                        "jurisdiction": foreign.code,
                        "jurisdiction_name": foreign.name,
                        "as_of": self.as_of.isoformat(),
                        "how": result.verdict,
                        "basis": name,
                        "table": table,
                        "grounds": foreign.grounds,
                    },
                )
            )
        return found
