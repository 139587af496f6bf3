"""One seizure (or a case's several) qualified: its quantity class and the article, part and penalty.

The shell resolves the substance (a list entry by name, or a structure through the expertise engine, which
names the parent of an analogue) and passes the entry whose thresholds apply; everything after that is here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from drugcontrol.listcore.snapshot import ListedEntry
from drugcontrol.listcore.thresholds import QuantityClass, Thresholds
from drugcontrol.offences.law.articles import SIZED_ACTIONS, Suggestion, check_action, check_circumstances, suggest
from drugcontrol.offences.law.sizes import Amount, SizeResult, classify, gravest


@dataclass(frozen=True)
class Basis:
    """The list entry whose thresholds applied, and how the substance relates to it."""

    entry: ListedEntry
    relation: str  # "listed" or "analogue" (an analogue takes its parent's quantities)
    thresholds: tuple[Thresholds, ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "substance_id": self.entry.substance_id,
            "name": self.entry.name("ru"),
            "name_en": self.entry.names.get("en", ""),
            "table": self.entry.table,
            "number": self.entry.number,
            "relation": self.relation,
            "act": self.entry.added_by.label if self.entry.added_by else "",
        }


@dataclass(frozen=True)
class Qualification:
    size: QuantityClass | None
    sizes: tuple[SizeResult, ...]
    bases: tuple[Basis, ...]
    action: str
    circumstances: frozenset[str]
    act_date: date
    suggestion: Suggestion
    side_by_side: tuple[Suggestion, ...]

    def to_dict(self) -> dict[str, object]:
        first = self.sizes[0] if self.sizes else None
        return {
            "size": self.size.value if self.size else None,
            "basis": self.bases[0].to_dict() if self.bases else None,
            "bases": [b.to_dict() for b in self.bases],
            "thresholds": first.thresholds.to_dict() if first else None,
            "sizes": [
                {"size": s.size.value, "amount": str(s.amount), "unit": s.unit, "form": s.thresholds.form}
                for s in self.sizes
            ],
            "action": self.action,
            "circumstances": sorted(self.circumstances),
            "date": self.act_date.isoformat(),
            "article": self.suggestion.part.article,
            "part": self.suggestion.part.part,
            "penalty": self.suggestion.part.penalty.to_dict(),
            "code_version": self.suggestion.version.version,
            "grounds": list(self.suggestion.grounds),
            "side_by_side": [s.to_dict() for s in self.side_by_side],
        }


def qualify(
    items: Sequence[tuple[Basis, Amount]],
    *,
    action: str,
    act_date: date,
    circumstances: Sequence[str] = (),
) -> Qualification:
    """Classify every substance (each by its own basis) and suggest the part for the gravest class."""
    action = check_action(action)
    found = check_circumstances(circumstances)
    day = act_date.isoformat()
    sizes = tuple(classify(basis.thresholds, amount, entry=basis.entry.name("ru"), day=day) for basis, amount in items)
    size = gravest(s.size for s in sizes)
    in_force, side = suggest(action, size if action in SIZED_ACTIONS else None, found, act_date)
    return Qualification(
        size=size,
        sizes=sizes,
        bases=tuple(b for b, _ in items),
        action=action,
        circumstances=found,
        act_date=act_date,
        suggestion=in_force,
        side_by_side=tuple(side),
    )
