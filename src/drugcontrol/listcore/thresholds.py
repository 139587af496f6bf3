"""Quantities that make a seizure small, large or especially large, parsed from the decree's own strings.

The decree writes each column as text: small "0-0,5" (from..to, both inclusive), large "0,5-2,5"
(over..to: the lower bound is exclusive), especially large "2,5" (over). Some cells add equivalents in
tablets or ampoules ("0-0,01 1 амп. 1 % р-ра"), millilitres for liquid preparations, or count plants
("одно растение", "от 10 растений"). The raw text is always kept beside the parsed numbers so that an
expert sees exactly what the decree says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any


class ThresholdFormatError(ValueError):
    """A quantity cell that is neither empty nor in one of the decree's forms."""

    def __init__(self, column: str, value: str, reason: str) -> None:
        super().__init__(f"{column}: cannot read {value!r} as a quantity: {reason}")
        self.column = column
        self.value = value


class QuantityClass(StrEnum):
    """What a seized quantity amounts to under the thresholds in force."""

    BELOW_SMALL = "below_small"
    SMALL = "small"
    BELOW_LARGE = "below_large"
    LARGE = "large"
    ESPECIALLY_LARGE = "especially_large"


@dataclass(frozen=True)
class QuantityRange:
    """An interval of quantities; `upper` None means unbounded above."""

    lower: Decimal
    lower_inclusive: bool
    upper: Decimal | None
    upper_inclusive: bool = True

    def contains(self, amount: Decimal) -> bool:
        above = amount >= self.lower if self.lower_inclusive else amount > self.lower
        if self.upper is None:
            return above
        below = amount <= self.upper if self.upper_inclusive else amount < self.upper
        return above and below

    def to_dict(self) -> dict[str, Any]:
        return {
            "lower": str(self.lower),
            "lower_inclusive": self.lower_inclusive,
            "upper": None if self.upper is None else str(self.upper),
            "upper_inclusive": self.upper_inclusive,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> QuantityRange:
        return cls(
            lower=Decimal(data["lower"]),
            lower_inclusive=bool(data["lower_inclusive"]),
            upper=None if data.get("upper") is None else Decimal(data["upper"]),
            upper_inclusive=bool(data.get("upper_inclusive", True)),
        )

    def __str__(self) -> str:
        left = "[" if self.lower_inclusive else "("
        if self.upper is None:
            return f"{left}{self.lower}, ∞)"
        return f"{left}{self.lower}, {self.upper}{']' if self.upper_inclusive else ')'}"


@dataclass(frozen=True)
class Thresholds:
    """The three quantity classes of one list entry in one form (e.g. dried or undried plant material)."""

    small: QuantityRange | None
    large: QuantityRange | None
    especially_large: QuantityRange | None
    unit: str = "g"
    form: str = ""
    raw: tuple[str, str, str] = ("", "", "")
    equivalents: tuple[str, str, str] = field(default=("", "", ""))

    def classify(self, amount: Decimal | float | str) -> QuantityClass:
        """Place an amount (in `unit`) in its class; the largest class that contains it wins."""
        value = Decimal(str(amount))
        if value < 0:
            raise ValueError(f"a quantity cannot be negative: {amount}")
        if self.especially_large is not None and self.especially_large.contains(value):
            return QuantityClass.ESPECIALLY_LARGE
        if self.large is not None and self.large.contains(value):
            return QuantityClass.LARGE
        if self.small is not None and self.small.contains(value):
            return QuantityClass.SMALL
        if self.small is not None and value < self.small.lower:
            return QuantityClass.BELOW_SMALL
        return QuantityClass.BELOW_LARGE

    def to_dict(self) -> dict[str, Any]:
        def dump(r: QuantityRange | None) -> dict[str, Any] | None:
            return None if r is None else r.to_dict()

        return {
            "form": self.form,
            "unit": self.unit,
            "small": dump(self.small),
            "large": dump(self.large),
            "especially_large": dump(self.especially_large),
            "raw": list(self.raw),
            "equivalents": list(self.equivalents),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Thresholds:
        def load(r: dict[str, Any] | None) -> QuantityRange | None:
            return None if r is None else QuantityRange.from_dict(r)

        return cls(
            small=load(data.get("small")),
            large=load(data.get("large")),
            especially_large=load(data.get("especially_large")),
            unit=data.get("unit", "g"),
            form=data.get("form", ""),
            raw=tuple(data.get("raw", ("", "", ""))),  # type: ignore[arg-type]
            equivalents=tuple(data.get("equivalents", ("", "", ""))),  # type: ignore[arg-type]
        )


_NUMBER = r"\d+(?:,\d+)?"
_CELL = re.compile(rf"^(?P<a>{_NUMBER})(?:-(?P<b>{_NUMBER}))?(?P<rest>.*)$")
_PLANTS = re.compile(r"^(?:от\s+)?(?P<n>\d+|одно)\s+растени", re.IGNORECASE)
_DOSAGE_UNIT = re.compile(r"^\s*(таб|амп|драже)", re.IGNORECASE)


def _normalise(text: str) -> str:
    """Undo the decree's typesetting: '0, 0002' → '0,0002', '0,5- 2,5' → '0,5-2,5'."""
    text = " ".join(text.split())
    text = re.sub(r"(\d),\s+(\d)", r"\1,\2", text)
    return re.sub(r"\s*-\s*", "-", text, count=1)


def _decimal(text: str, column: str, raw: str) -> Decimal:
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation as exc:
        raise ThresholdFormatError(column, raw, "not a number") from exc


@dataclass(frozen=True)
class _Cell:
    low: Decimal
    high: Decimal | None
    unit: str
    equivalent: str


def _parse_cell(column: str, raw: str) -> _Cell | None:
    text = _normalise(raw)
    if not text:
        return None
    plants = _PLANTS.match(text)
    if plants:
        count = Decimal(1) if plants["n"].lower() == "одно" else Decimal(plants["n"])
        return _Cell(count, None, "plants", "")
    match = _CELL.match(text)
    if match is None:
        raise ThresholdFormatError(column, raw, "expected 'from-to' or 'over' in grams, e.g. '0,5-2,5' or '2,5'")
    rest = match["rest"].strip()
    if _DOSAGE_UNIT.match(rest):
        # "1 таб. по 0,05 г": a count of dosage units, not grams; kept as text only.
        return _Cell(Decimal(0), None, "dosage units", text)
    unit = "ml" if rest.startswith("мл") else "g"
    if unit == "ml":
        rest = rest[2:].strip()
    low = _decimal(match["a"], column, raw)
    high = _decimal(match["b"], column, raw) if match["b"] else None
    if high is not None and high < low:
        raise ThresholdFormatError(column, raw, f"the upper bound {high} is below the lower bound {low}")
    return _Cell(low, high, unit, rest.strip("() ").strip())


def parse_thresholds(small: str, large: str, especially_large: str, *, form: str = "") -> Thresholds:
    """Read the decree's three cells into ranges with the decree's inclusive/exclusive bounds."""
    cells = {
        "small": _parse_cell("small", small or ""),
        "large": _parse_cell("large", large or ""),
        "especially_large": _parse_cell("especially_large", especially_large or ""),
    }
    units = {c.unit for c in cells.values() if c is not None}
    numeric = units <= {"g", "ml", "plants"}
    unit = next(iter(units)) if len(units) == 1 else ("dosage units" if not numeric else "g")
    if numeric and len(units) > 1:
        raise ThresholdFormatError("unit", f"{small} | {large} | {especially_large}", f"mixed units {units}")

    def as_range(name: str) -> QuantityRange | None:
        cell = cells[name]
        if cell is None or not numeric:
            return None
        if unit == "plants":
            return QuantityRange(cell.low, True, None)
        if name == "small":
            if cell.high is None:
                raise ThresholdFormatError(name, small, "a small quantity needs 'from-to'")
            return QuantityRange(cell.low, True, cell.high, True)
        if name == "large":
            if cell.high is None:
                # A lone number in the large column: everything over it up to the next class.
                return QuantityRange(cell.low, False, None)
            # "0-0,0002" opens at zero exclusive: there is no small quantity for such substances.
            return QuantityRange(cell.low, False, cell.high, True)
        return QuantityRange(cell.low, False, None)

    ranges = {name: as_range(name) for name in cells}
    large_range, especially_range = ranges["large"], ranges["especially_large"]
    if large_range is not None and large_range.upper is None and especially_range is not None:
        large_range = QuantityRange(large_range.lower, large_range.lower_inclusive, especially_range.lower, True)
    return Thresholds(
        small=ranges["small"],
        large=large_range,
        especially_large=especially_range,
        unit=unit,
        form=form,
        raw=(small or "", large or "", especially_large or ""),
        equivalents=tuple(c.equivalent if c else "" for c in cells.values()),  # type: ignore[arg-type]
    )
