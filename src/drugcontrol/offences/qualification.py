"""The shell of the qualification: find the substance on the list in force on the date, then call the core.

A name is looked up among the list's substances in force on the date; a structure (or a name that is none of
the list's) is assessed by the expertise engine, whose verdict names the listed entry or, for an analogue,
the parent whose thresholds apply. Anything else is refused with the field named.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from drugcontrol.errors import InputRefused
from drugcontrol.lists.assessors import assessor_as_of, list_revision
from drugcontrol.lists.models import LegalAct
from drugcontrol.lists.search import find_substances
from drugcontrol.lists.snapshots import snapshot_as_of
from drugcontrol.offences.law import messages as LM
from drugcontrol.offences.law.articles import check_action, check_circumstances
from drugcontrol.offences.law.qualify import Basis, Qualification, qualify
from drugcontrol.offences.law.sizes import Amount, check_form, parse_mass, parse_plants

JURISDICTION = "KZ"
REVISION_TTL = 5.0
"""Seconds a process trusts the list revision it last read. Everything a qualification reads from the list (the
version of the date, the entries, the thresholds, the assessor) is cached by revision and list version, so with the
revision cached too a qualification makes no query; a list amended in another process is seen within this time
(amendments are loaded before they take force)."""
_revision_read: list[tuple[float, str]] = []


@dataclass(frozen=True)
class SeizureInput:
    substance: str = ""
    smiles: str = ""
    mass: object = None
    plants: object = None
    form: str = ""


@contextmanager
def numbered(index: int) -> Iterator[None]:
    """A refusal raised inside says which item of a list it concerns (`exc.item`, e.g. the second seizure), so a
    form puts it under that row's field; the message and field stay the same for the API and the import."""
    try:
        yield
    except InputRefused as exc:
        exc.item = index
        raise


def parse_day(value: object, *, field: str = "date") -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise InputRefused(LM.BAD_DATE, field=field, value=str(value)) from None


@lru_cache(maxsize=8)
def _act_dates(revision: str) -> tuple[date, ...]:
    return tuple(
        LegalAct.objects.filter(jurisdiction_id=JURISDICTION, in_force_from__isnull=False)
        .order_by("in_force_from")
        .values_list("in_force_from", flat=True)
    )


def list_version_day(day: date, revision: str | None = None) -> date:
    """The day the version of the list in force on `day` began (the list changes only when an act takes
    force), so that every date of one version shares one snapshot and one assessor."""
    dates = _act_dates(revision if revision is not None else current_revision())
    if not dates or day < dates[0]:
        first = dates[0].isoformat() if dates else "—"
        raise InputRefused(LM.DATE_BEFORE_LIST, field="date", date=day.isoformat(), first=first)
    return max(d for d in dates if d <= day)


def current_revision() -> str:
    """The list's revision token, read again from the database at most every `REVISION_TTL` seconds."""
    now = time.monotonic()
    if _revision_read and now - _revision_read[0][0] < REVISION_TTL:
        return _revision_read[0][1]
    revision = list_revision(JURISDICTION)
    _revision_read[:] = [(now, revision)]
    return revision


def check_list_exists(day: date) -> None:
    list_version_day(day)


def _assessed(structure: str, day: date, *, field: str, shown: str) -> Basis:
    assessment = assessor_as_of(JURISDICTION, day).assess(structure)
    if assessment.verdict in ("listed", "analogue") and assessment.basis is not None:
        entry = assessment.basis
        if assessment.verdict == "analogue":
            entry = next((p.entry for p in assessment.parents if p.entry.thresholds), entry)
        return Basis(entry, assessment.verdict, tuple(assessment.thresholds))
    if assessment.verdict == "invalid":
        raise InputRefused(LM.UNKNOWN_SUBSTANCE, field=field, value=shown, date=day.isoformat())
    raise InputRefused(LM.NOT_CONTROLLED, field=field, verdict=assessment.verdict, date=day.isoformat())


def resolve_basis(substance: str, smiles: str, day: date, *, revision: str | None = None) -> Basis:
    """The entry whose thresholds apply: by name among the entries in force, or by structure.

    Cached per list version and list revision (one query for the revision when the caller has none)."""
    revision = revision if revision is not None else current_revision()
    version = list_version_day(day, revision)
    try:
        return _resolved(substance.strip(), smiles.strip(), version, revision)
    except InputRefused as exc:  # say the date asked about, not the version's first day
        if "date" in exc.params:
            exc.params["date"] = day.isoformat()
        raise


@lru_cache(maxsize=4096)
def _resolved(substance: str, smiles: str, day: date, revision: str) -> Basis:
    if smiles.strip():
        return _assessed(smiles.strip(), day, field="smiles", shown=smiles.strip()[:80])
    name = substance.strip()
    if not name:
        raise InputRefused(LM.SUBSTANCE_REQUIRED, field="substance")
    snapshot = snapshot_as_of(JURISDICTION, day)
    for found in find_substances(name):
        entry = snapshot.by_substance.get(str(found.pk))
        if entry is not None and entry.thresholds:
            return Basis(entry, "listed", entry.thresholds)
    # Not a name on the list in force: perhaps a structure typed in the name field.
    return _assessed(name, day, field="substance", shown=name[:80])


def qualify_seizures(
    seizures: Sequence[SeizureInput], *, action: str, act_date: object, circumstances: Sequence[str] = ()
) -> Qualification:
    """Validate everything (each error names its field), then qualify; nothing is written."""

    day = parse_day(act_date)
    action = check_action(action)
    check_circumstances(circumstances)
    revision = current_revision()
    list_version_day(day, revision)
    items = []
    for index, seizure in enumerate(seizures):
        with numbered(index):
            form = check_form(seizure.form)
            if seizure.plants not in (None, ""):
                amount = Amount(plants=parse_plants(seizure.plants), form=form or "plants")
            else:
                amount = Amount(mass_g=parse_mass(seizure.mass), form=form)
            items.append((resolve_basis(seizure.substance, seizure.smiles, day, revision=revision), amount))
    return qualify(items, action=action, act_date=day, circumstances=circumstances)
