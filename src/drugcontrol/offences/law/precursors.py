"""Precursors of table IV: a quantity class only from the concentration the summary table names.

The summary table of decree 470 counts a precursor found in illicit traffic only at or above a concentration
("10 % и более"); some precursors count whatever their concentration. The concentrations are data shipped with
the package (`data/kz_precursor_concentrations.csv`, written from the decree's table; a test checks it against
the public copy); a precursor not named there counts at any concentration.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from drugcontrol.errors import InputRefused
from drugcontrol.listcore.thresholds import QuantityClass, Thresholds
from drugcontrol.offences.law import messages as M
from drugcontrol.offences.law.articles import DATA_DIR
from drugcontrol.offences.law.sizes import Amount, classify


@lru_cache(maxsize=1)
def concentration_thresholds() -> dict[str, Decimal]:
    with (DATA_DIR / "kz_precursor_concentrations.csv").open(encoding="utf-8", newline="") as handle:
        return {row["name_ru"].casefold(): Decimal(row["min_concentration_pct"]) for row in csv.DictReader(handle)}


def minimum_concentration(name_ru: str) -> Decimal:
    """The concentration from which the precursor counts (0: at any concentration)."""
    key = " ".join(name_ru.split()).casefold()
    for name, minimum in concentration_thresholds().items():
        if _names(key, name):
            return minimum
    return Decimal(0)


def _names(text: str, name: str) -> bool:
    """`text` is `name`, or `name` followed by more words ("Норэфедрин (фенилпропаноламин)")."""
    return text == name or (text.startswith(name) and not text[len(name)].isalnum())


@dataclass(frozen=True)
class PrecursorSize:
    size: QuantityClass | None  # None: below the concentration from which the table counts it
    minimum_pct: Decimal


def precursor_size(
    name_ru: str, thresholds: Sequence[Thresholds], mass_g: Decimal, concentration_pct: Decimal | None
) -> PrecursorSize:
    if concentration_pct is not None and not Decimal(0) <= concentration_pct <= Decimal(100):
        raise InputRefused(M.PURITY_RANGE, field="concentration", value=str(concentration_pct))
    minimum = minimum_concentration(name_ru)
    if concentration_pct is not None and concentration_pct < minimum:
        return PrecursorSize(None, minimum)
    return PrecursorSize(classify(thresholds, Amount(mass_g=mass_g), entry=name_ru).size, minimum)
