"""Risk classes: scaffold families that no list's group covers yet, described as data.

Each class is a TOML file ``expertise/data/risk_class_<id>.toml``: an id, a name, the date it was
described, a description, one or more SMARTS (a member matches any of them) and optional ``exclude``
SMARTS, with dated examples that must match and counter-examples that must not (the tests check both
for every shipped class). A new family is added by adding a file: no code changes.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache
from pathlib import Path

from rdkit import Chem

from drugcontrol.expertise.suspicion.probe import Probe
from drugcontrol.expertise.suspicion.reasons import Reason

__all__ = [
    "RISK_CLASS_DIR",
    "RiskClass",
    "RiskClassError",
    "RiskClassExample",
    "RiskClassSource",
    "load_risk_classes",
    "shipped_risk_classes",
]

RISK_CLASS_DIR = Path(__file__).resolve().parent.parent / "data"
_PATTERN = "risk_class_*.toml"


class RiskClassError(ValueError):
    """A risk class file that cannot be used; names the file and the field."""


@dataclass(frozen=True)
class RiskClassExample:
    smiles: str
    name: str
    seen: date | None = None
    """When the example was first reported (a seizure, a notification)."""
    note: str = ""


@dataclass(frozen=True)
class RiskClass:
    class_id: str
    name: str
    described: date
    description: str
    smarts: tuple[str, ...]
    exclude: tuple[str, ...] = ()
    examples: tuple[RiskClassExample, ...] = ()
    counter_examples: tuple[RiskClassExample, ...] = field(default=())
    sources: tuple[str, ...] = ()

    @cached_property
    def patterns_(self) -> tuple[tuple[Chem.Mol, ...], tuple[Chem.Mol, ...]]:
        return tuple(_compile(s, self.class_id) for s in self.smarts), tuple(
            _compile(s, self.class_id) for s in self.exclude
        )

    def matches(self, mol: Chem.Mol) -> bool:
        include, exclude = self.patterns_
        return any(mol.HasSubstructMatch(p) for p in include) and not any(mol.HasSubstructMatch(p) for p in exclude)

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state.pop("patterns_", None)
        return state


def _compile(smarts: str, where: str) -> Chem.Mol:
    pattern = Chem.MolFromSmarts(smarts)
    if pattern is None:
        raise RiskClassError(f"risk class {where}: SMARTS {smarts!r} cannot be read")
    return pattern


def _examples(items: Iterable[dict], where: str) -> tuple[RiskClassExample, ...]:
    found = []
    for item in items:
        if "smiles" not in item or "name" not in item:
            raise RiskClassError(f"{where}: every example needs 'smiles' and 'name'")
        seen = item.get("seen")
        found.append(RiskClassExample(item["smiles"], item["name"], seen if isinstance(seen, date) else None,
                                      str(item.get("note", ""))))  # fmt: skip
    return tuple(found)


def load_risk_class(path: Path) -> RiskClass:
    """One class from its file; raises ``RiskClassError`` naming the file and field."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise RiskClassError(f"{path.name}: {exc}") from exc
    for name in ("id", "name", "described", "description", "smarts"):
        if name not in data:
            raise RiskClassError(f"{path.name}: the field {name!r} is required")
    if not isinstance(data["described"], date):
        raise RiskClassError(f"{path.name}: 'described' must be a date (YYYY-MM-DD)")
    smarts = data["smarts"] if isinstance(data["smarts"], list) else [data["smarts"]]
    risk_class = RiskClass(
        class_id=str(data["id"]),
        name=str(data["name"]),
        described=data["described"],
        description=str(data["description"]),
        smarts=tuple(smarts),
        exclude=tuple(data.get("exclude", ())),
        examples=_examples(data.get("example", ()), path.name),
        counter_examples=_examples(data.get("counter_example", ()), path.name),
        sources=tuple(data.get("sources", ())),
    )
    risk_class.patterns_  # noqa: B018 - compile now, so a bad SMARTS fails at load, naming the file
    return risk_class


def load_risk_classes(directory: Path = RISK_CLASS_DIR) -> tuple[RiskClass, ...]:
    return tuple(load_risk_class(p) for p in sorted(directory.glob(_PATTERN)))


@lru_cache(maxsize=1)
def shipped_risk_classes() -> tuple[RiskClass, ...]:
    """The classes shipped with the software, loaded once per process."""
    return load_risk_classes()


class RiskClassSource:
    """Reasons from the risk classes given (described on or before the day, when a day is given)."""

    code = "risk_class"

    def __init__(self, classes: Sequence[RiskClass], as_of: date | None = None) -> None:
        self.classes = [c for c in classes if as_of is None or c.described <= as_of]

    def reasons(self, probe: Probe) -> list[Reason]:
        return [
            Reason(
                "risk_class",
                {
                    "risk_class": c.class_id,
                    "name": c.name,
                    "since": c.described.isoformat(),
                    "description": c.description,
                },
            )
            for c in self.classes
            if c.matches(probe.mol)
        ]
