"""The drug articles of the Criminal Code as versioned data, and the part that fits the facts.

Each row of `data/kz_criminal_code.csv` is one part of one article in one version of the code: the actions it
covers, the conditions that raise an act to it (any one suffices: a circumstance, a size at least so grave, or
the action itself), and the penalty as numbers. The part suggested is the highest part of the article covering
the action whose conditions hold (a part without conditions is the article's basic offence). Versions are
chosen by the date of the act (`data/kz_code_versions.csv`), and the same facts can be put to every version
side by side (the 2025 reform).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from drugcontrol.errors import InputRefused
from drugcontrol.listcore.thresholds import QuantityClass
from drugcontrol.offences.law import messages as M
from drugcontrol.offences.law.sizes import at_least

DATA_DIR = Path(__file__).resolve().parent / "data"

ACTIONS = (
    "consumption",
    "possession",
    "manufacture_own_use",
    "transport_for_sale",
    "sale",
    "manufacture",
    "processing",
    "production",
    "cultivation",
    "theft",
    "inducement",
    "advertising",
    "den",
    "handling_breach",
    "precursors",
    "poisons",
)
"""The facts of a case, as the articles name them (consumption in public, possession without purpose of sale...)."""

CIRCUMSTANCES = (
    "group",
    "criminal_group",
    "repeated",
    "official",
    "electronic_networks",
    "public_place",
    "education",
    "minor",
    "violence",
    "dangerous_violence",
    "grave_consequences",
)

SIZED_ACTIONS = frozenset(ACTIONS) - {"inducement", "advertising", "den", "handling_breach", "poisons", "consumption"}
"""Actions whose article parts depend on the quantity class."""


@dataclass(frozen=True)
class Penalty:
    """The sanction of one part, as numbers (rendered in the reader's language by the shell)."""

    fine_mrp: int | None = None
    corrective_mrp: int | None = None
    community_hours: int | None = None
    arrest_days: int | None = None
    restriction_years: int | None = None
    prison_min: int | None = None
    prison_max: int | None = None
    life: bool = False
    confiscation: str = ""  # "yes", "optional" or ""
    disqualification_years: int | None = None

    def to_dict(self) -> dict[str, object]:
        return {k: v for k, v in self.__dict__.items() if v not in (None, "", False)}


@dataclass(frozen=True)
class CodeVersion:
    version: str
    valid_from: date
    valid_to: date | None
    title_en: str
    source: str
    notes: str

    def in_force_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class ArticlePart:
    version: str
    article: str
    part: int
    actions: frozenset[str]
    conditions: tuple[str, ...]
    penalty: Penalty

    @property
    def label(self) -> str:
        return f"{self.article}.{self.part}"


@dataclass(frozen=True)
class Suggestion:
    """The part that fits, why (the conditions that held), and the penalty range."""

    version: CodeVersion
    part: ArticlePart
    grounds: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, object]:
        return {
            "code_version": self.version.version,
            "code_valid_from": self.version.valid_from.isoformat(),
            "code_valid_to": self.version.valid_to.isoformat() if self.version.valid_to else None,
            "article": self.part.article,
            "part": self.part.part,
            "grounds": list(self.grounds),
            "penalty": self.part.penalty.to_dict(),
        }


def _int(text: str) -> int | None:
    return int(text) if text.strip() else None


def _rows(name: str) -> list[dict[str, str]]:
    """The rows of one of the versioned data files, by column."""
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


#: The penalty's columns that hold a number (empty: that penalty is not available).
_PENALTY_NUMBERS = (
    "fine_mrp", "corrective_mrp", "community_hours", "arrest_days", "restriction_years", "prison_min", "prison_max",
    "disqualification_years",
)  # fmt: skip


@lru_cache(maxsize=1)
def code_versions() -> tuple[CodeVersion, ...]:
    return tuple(
        CodeVersion(
            **{name: row[name] for name in ("version", "title_en", "source", "notes")},
            valid_from=date.fromisoformat(row["valid_from"]),
            valid_to=date.fromisoformat(row["valid_to"]) if row["valid_to"] else None,
        )
        for row in _rows("kz_code_versions.csv")
    )


@lru_cache(maxsize=1)
def article_parts() -> tuple[ArticlePart, ...]:
    return tuple(
        ArticlePart(
            version=row["version"],
            article=row["article"],
            part=int(row["part"]),
            actions=frozenset(row["actions"].split(";")),
            conditions=tuple(c for c in row["conditions"].split(";") if c),
            penalty=Penalty(
                **{name: _int(row[name]) for name in _PENALTY_NUMBERS},
                life=row["life"] == "yes",
                confiscation=row["confiscation"],
            ),
        )
        for row in _rows("kz_criminal_code.csv")
    )


def version_on(day: date) -> CodeVersion:
    for version in code_versions():
        if version.in_force_on(day):
            return version
    raise InputRefused(M.NO_CODE_IN_FORCE, field="date", date=day.isoformat())


def check_action(action: str) -> str:
    action = (action or "").strip()
    if action not in ACTIONS:
        raise InputRefused(M.UNKNOWN_ACTION, field="action", value=action or "''", known=", ".join(ACTIONS))
    return action


def check_circumstances(values: Iterable[str]) -> frozenset[str]:
    found = set()
    for value in values:
        value = value.strip()
        if not value:
            continue
        if value not in CIRCUMSTANCES:
            raise InputRefused(
                M.UNKNOWN_CIRCUMSTANCE, field="circumstance", value=value, known=", ".join(CIRCUMSTANCES)
            )
        found.add(value)
    return frozenset(found)


def _holds(condition: str, action: str, size: QuantityClass | None, circumstances: frozenset[str]) -> bool:
    kind, _, value = condition.partition(":")
    if kind == "circumstance":
        return value in circumstances
    if kind == "action":
        return value == action
    if kind == "size":
        return size is not None and at_least(size, QuantityClass(value))
    raise ValueError(f"unknown condition {condition!r} in the article data")


def suggest_in(
    version: CodeVersion, action: str, size: QuantityClass | None, circumstances: frozenset[str], *, day: date
) -> Suggestion:
    """The gravest part of `version` covering `action` whose conditions hold (InputRefused when none covers it)."""
    parts = [p for p in article_parts() if p.version == version.version and action in p.actions]
    if not parts:
        raise InputRefused(M.NO_ARTICLE, field="action", date=day.isoformat(), action=action)
    best: tuple[ArticlePart, tuple[str, ...]] | None = None
    for part in sorted(parts, key=lambda p: (p.article, p.part)):
        grounds = tuple(c for c in part.conditions if _holds(c, action, size, circumstances))
        if part.conditions and not grounds:
            continue
        if best is None or part.part > best[0].part:
            best = (part, grounds)
    if best is None:  # every part needs a condition: the lowest part's article does not apply to these facts
        raise InputRefused(M.NO_ARTICLE, field="action", date=day.isoformat(), action=action)
    return Suggestion(version, best[0], best[1])


def suggest(
    action: str, size: QuantityClass | None, circumstances: Sequence[str] | frozenset[str], day: date
) -> tuple[Suggestion, list[Suggestion]]:
    """The suggestion under the code in force on `day`, and the same facts under every version side by side."""
    action = check_action(action)
    found = check_circumstances(circumstances)
    in_force = suggest_in(version_on(day), action, size, found, day=day)
    side_by_side = []
    for version in code_versions():
        try:
            side_by_side.append(suggest_in(version, action, size, found, day=day))
        except InputRefused:
            continue
    return in_force, side_by_side
