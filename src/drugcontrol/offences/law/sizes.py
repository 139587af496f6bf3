"""The quantity class of one seized substance, with the decree's bounds, its forms and its plants.

The thresholds are the list's own (`listcore.thresholds`): small = from..to inclusive, large = over..to
inclusive, especially large = over. An entry may give them per form (dried or undried cannabis, plants for
cultivation); then the form must be named. An analogue takes its parent's thresholds (the expertise engine
says which parent). Several substances in one case: each is classified and the case takes the gravest.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from drugcontrol.errors import InputRefused
from drugcontrol.listcore.thresholds import QuantityClass, Thresholds
from drugcontrol.offences.law import messages as M

MAX_MASS_G = Decimal("10000000")
"""Ten tonnes: the largest seizure the system accepts as one exhibit; more is a unit error (mg typed as g)."""

#: The forms a seizure can take, and the words the decree's table uses for them.
FORMS: dict[str, tuple[str, ...]] = {
    "dried": ("высушенная", "высушенный", "высушенное"),
    "undried": ("невысушенная", "невысушенный", "невысушенное"),
    "plants": ("культивация", "растения"),
    "solution": ("раствор",),
    "tablets": ("таблетки",),
    "dry_residue": ("сухой остаток",),
    "powder": (),
    "other": (),
}

SIZE_RANK: dict[QuantityClass, int] = {
    QuantityClass.BELOW_SMALL: 0,
    QuantityClass.BELOW_LARGE: 1,
    QuantityClass.SMALL: 1,
    QuantityClass.LARGE: 2,
    QuantityClass.ESPECIALLY_LARGE: 3,
}
"""How grave a class is; `below_large` (an entry with no small quantity, amount under the large) ranks as small."""


@dataclass(frozen=True)
class Amount:
    """What was seized of one substance: net grams, or a count of plants (cultivation)."""

    mass_g: Decimal | None = None
    plants: int | None = None
    form: str = ""


@dataclass(frozen=True)
class SizeResult:
    """The class, and the thresholds (form, raw cells) that decided it."""

    size: QuantityClass
    thresholds: Thresholds
    amount: Decimal
    unit: str


def parse_mass(value: object, *, field: str = "mass") -> Decimal:
    """A positive, finite number of grams below `MAX_MASS_G`; InputRefused naming the field otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise InputRefused(M.MASS_REQUIRED, field=field)
    if isinstance(value, float) and not math.isfinite(value):
        raise InputRefused(M.MASS_NOT_NUMBER, field=field, value=str(value))
    try:
        mass = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise InputRefused(M.MASS_NOT_NUMBER, field=field, value=str(value)) from None
    if not mass.is_finite():
        raise InputRefused(M.MASS_NOT_NUMBER, field=field, value=str(value))
    if mass <= 0:
        raise InputRefused(M.MASS_NOT_POSITIVE, field=field, value=str(value))
    if mass > MAX_MASS_G:
        raise InputRefused(M.MASS_ABSURD, field=field, value=str(value), limit=str(MAX_MASS_G))
    return mass


def parse_plants(value: object) -> int:
    try:
        count = int(str(value).strip())
    except ValueError:
        raise InputRefused(M.PLANTS_NOT_COUNT, field="plants", value=str(value)) from None
    if count <= 0 or count > 100_000_000:
        raise InputRefused(M.PLANTS_NOT_COUNT, field="plants", value=str(value))
    return count


def check_form(form: str) -> str:
    form = (form or "").strip()
    if form and form not in FORMS:
        raise InputRefused(M.UNKNOWN_FORM, field="form", value=form, known=", ".join(FORMS))
    return form


def _form_of(thresholds: Thresholds) -> str:
    """Our form code for a threshold row's form cell ('' when the row applies to every form)."""
    text = thresholds.form.strip().lower()
    if not text:
        return ""
    for code, words in FORMS.items():
        if text in words:
            return code
    return text


def choose_thresholds(rows: Sequence[Thresholds], amount: Amount, *, entry: str, day: str) -> Thresholds:
    """The row of the table that applies to this amount: by form, or plants when a plant count is given."""
    if not rows:
        raise InputRefused(M.NO_THRESHOLDS, field="substance", entry=entry, date=day)
    usable = [t for t in rows if t.unit in ("g", "ml", "plants")]
    if amount.plants is not None:
        plants = [t for t in usable if t.unit == "plants"]
        if not plants:
            raise InputRefused(M.FORM_NOT_IN_TABLE, field="form", form="plants", entry=entry, known=_known(rows))
        return plants[0]
    weighed = [t for t in usable if t.unit != "plants"]
    # A mass in grams is read against the rows in grams; millilitres only for a solution where the table has them.
    wanted = "ml" if amount.form == "solution" and any(t.unit == "ml" for t in weighed) else "g"
    weighed = [t for t in weighed if t.unit == wanted] or weighed
    if not weighed:
        raise InputRefused(M.NO_THRESHOLDS, field="substance", entry=entry, date=day)
    if len(weighed) == 1 and not amount.form:
        return weighed[0]
    by_form = {_form_of(t): t for t in weighed}
    if amount.form in by_form:
        return by_form[amount.form]
    if "" in by_form:
        return by_form[""]
    if not amount.form:
        raise InputRefused(M.FORM_REQUIRED, field="form", entry=entry, known=_known(weighed))
    raise InputRefused(M.FORM_NOT_IN_TABLE, field="form", form=amount.form, entry=entry, known=_known(weighed))


def _known(rows: Iterable[Thresholds]) -> str:
    return ", ".join(sorted({_form_of(t) or "-" for t in rows}))


def classify(rows: Sequence[Thresholds], amount: Amount, *, entry: str = "", day: str = "") -> SizeResult:
    """The quantity class of `amount` under the entry's threshold rows in force."""
    chosen = choose_thresholds(rows, amount, entry=entry, day=day)
    if chosen.unit == "plants":
        value = Decimal(amount.plants or 0)
        size = chosen.classify(value)
        # The table gives plants only as the start of the large size ("от 10 растений"): fewer is below it.
        return SizeResult(size, chosen, value, "plants")
    if amount.mass_g is None:
        raise InputRefused(M.MASS_REQUIRED, field="mass")
    return SizeResult(chosen.classify(amount.mass_g), chosen, amount.mass_g, chosen.unit)


def gravest(sizes: Iterable[QuantityClass]) -> QuantityClass | None:
    """The gravest class among several substances of one case (None for none)."""
    ranked = sorted(sizes, key=lambda s: SIZE_RANK[s])
    return ranked[-1] if ranked else None


def at_least(size: QuantityClass, floor: QuantityClass) -> bool:
    return SIZE_RANK[size] >= SIZE_RANK[floor]
