"""The expertise methodology as versioned data: which parameters turn the formal rule into a verdict.

Law No. 279 art. 1 p. 17-1 defines an analogue by substitution, but art. 1-2 gives the determination to a
forensic expertise and art. 2 p. 3 speaks of compounds "similar in structure and properties". The formal
rule is therefore necessary, not sufficient; the methodology says, per version and with dates, what else
applies: a minimum parent size, the registered-medicines exemption, and whether ``suspected`` is given.
The parameters live in ``data/methodology.toml`` (never constants in code); every verdict, report and
bundle names the version applied. A version is chosen by the day the assessment is made.
"""

from __future__ import annotations

import itertools
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = [
    "FORMAL_RULE_ONLY",
    "METHODOLOGY_FILE",
    "Methodology",
    "MethodologyError",
    "load_methodologies",
    "methodology_in_force",
]

METHODOLOGY_FILE = Path(__file__).resolve().parent / "data" / "methodology.toml"


class MethodologyError(ValueError):
    """The methodology file is not well formed, or no version is in force on a day."""


@dataclass(frozen=True)
class Methodology:
    """One version of the methodology: its dates and parameters."""

    version: str
    title: str
    effective_from: date
    effective_to: date | None = None
    min_parent_heavy_atoms: int = 0
    """Listed parents with fewer heavy atoms (GHB, GBL, 1,4-butanediol) make no analogues."""
    medicines_exemption: bool = False
    """An active substance of a medicine registered on the date is not made an analogue."""
    suspected: bool = False
    """Whether ``suspected`` is given (controlled elsewhere, known NPS, risk class, NPS-likeness)."""
    clauses: Mapping[str, str] = field(default_factory=dict)
    """Citable label of each clause (``min_parent_size``, ``medicines_exemption``, ``suspected``)."""

    def __hash__(self) -> int:  # a version is one set of parameters (caches key on it)
        return hash((self.version, self.effective_from))

    def in_force(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)

    def clause(self, name: str) -> str:
        return self.clauses.get(name, f"methodology {self.version}")

    @property
    def label(self) -> str:
        """``"1 (from 2026-12-03)"``: what a verdict prints."""
        until = f" to {self.effective_to.isoformat()}" if self.effective_to else ""
        return f"{self.version} (from {self.effective_from.isoformat()}{until})"

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "title": self.title,
            "effective_from": self.effective_from.isoformat(),
            "effective_to": self.effective_to.isoformat() if self.effective_to else None,
            "parameters": {
                "min_parent_heavy_atoms": self.min_parent_heavy_atoms,
                "medicines_exemption": self.medicines_exemption,
                "suspected": self.suspected,
            },
            "clauses": dict(self.clauses),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Methodology:
        """Rebuild from ``to_dict`` (a bundle read offline)."""
        params = data.get("parameters", {})
        return cls(
            version=str(data["version"]),
            title=str(data.get("title", "")),
            effective_from=date.fromisoformat(data["effective_from"]),
            effective_to=date.fromisoformat(data["effective_to"]) if data.get("effective_to") else None,
            min_parent_heavy_atoms=int(params.get("min_parent_heavy_atoms", 0)),
            medicines_exemption=bool(params.get("medicines_exemption", False)),
            suspected=bool(params.get("suspected", False)),
            clauses=dict(data.get("clauses", {})),
        )


FORMAL_RULE_ONLY = Methodology("formal", "The formal rule only", date(1998, 7, 10))
"""No methodology clause: the law's wording alone (used for other jurisdictions' rules)."""


def _parse(item: Mapping[str, Any], where: str) -> Methodology:
    for name in ("version", "effective_from"):
        if name not in item:
            raise MethodologyError(f"{where}: the field {name!r} is required")
    minimum = item.get("min_parent_heavy_atoms", 0)
    if not isinstance(minimum, int) or minimum < 0:
        raise MethodologyError(f"{where}: 'min_parent_heavy_atoms' must be a whole number ≥ 0. Got {minimum!r}.")
    start, end = item["effective_from"], item.get("effective_to")
    if not isinstance(start, date) or (end is not None and not isinstance(end, date)):
        raise MethodologyError(f"{where}: 'effective_from' and 'effective_to' must be dates (YYYY-MM-DD)")
    return Methodology(
        version=str(item["version"]),
        title=str(item.get("title", "")),
        effective_from=start,
        effective_to=end,
        min_parent_heavy_atoms=minimum,
        medicines_exemption=bool(item.get("medicines_exemption", False)),
        suspected=bool(item.get("suspected", False)),
        clauses={str(k): str(v) for k, v in item.get("clauses", {}).items()},
    )


def load_methodologies(path: Path = METHODOLOGY_FILE) -> tuple[Methodology, ...]:
    """Every version in the file, oldest first; raises ``MethodologyError`` naming the version at fault."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise MethodologyError(f"{path.name}: {exc}") from exc
    versions = tuple(
        sorted(
            (_parse(item, f"{path.name}, version {i + 1}") for i, item in enumerate(data.get("version", []))),
            key=lambda m: m.effective_from,
        )
    )
    for before, after in itertools.pairwise(versions):
        if before.effective_to is None or before.effective_to >= after.effective_from:
            raise MethodologyError(f"{path.name}: version {before.version} overlaps version {after.version}")
    return versions


@lru_cache(maxsize=4)
def _versions(path: Path) -> tuple[Methodology, ...]:
    return load_methodologies(path)


def methodology_in_force(day: date, *, path: Path = METHODOLOGY_FILE) -> Methodology:
    """The version in force on ``day`` (the day the assessment is made); ``MethodologyError`` if none."""
    for version in _versions(path):
        if version.in_force(day):
            return version
    raise MethodologyError(f"no version of the expertise methodology is in force on {day.isoformat()}")
