"""Known NPS: the compound is an entry of an imported reference library of new psychoactive substances.

Reference-standard catalogues, SWGDRUG monographs, partner notifications: each entry carries the
library, its own entry id, a name and the structure key made at import (``probe.structure_key``), so a
lookup is one dictionary access per compound.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from drugcontrol.expertise.suspicion.probe import Probe
from drugcontrol.expertise.suspicion.reasons import Reason

__all__ = ["KnownNpsSource", "KnownSubstance"]


@dataclass(frozen=True)
class KnownSubstance:
    """One entry of a reference library."""

    library: str
    entry: str
    name: str
    key: str
    """``structure_key`` of the entry's standardized structure."""
    first_seen: date | None = None


class KnownNpsSource:
    """Reasons from the entries of every library known on the day (an entry first seen later is not used)."""

    code = "known_nps"

    def __init__(self, entries: Iterable[KnownSubstance], as_of: date | None = None) -> None:
        self.index_: dict[str, list[KnownSubstance]] = {}
        for entry in entries:
            if as_of is not None and entry.first_seen is not None and entry.first_seen > as_of:
                continue
            self.index_.setdefault(entry.key, []).append(entry)

    def reasons(self, probe: Probe) -> list[Reason]:
        if not self.index_:
            return []
        return [
            Reason("known_nps", {"library": e.library, "entry": e.entry, "name": e.name or e.entry})
            for e in self.index_.get(probe.key, ())
        ]
