"""Read side of expertise: an ``Assessor`` per list version, cached like the snapshots it is built on.

The cache key is (jurisdiction, date, the revisions of every list, the references' revision, the
methodology version): every write to a list bumps its revision, so a cached assessor is never stale, and
the analogue screen, group patterns, fingerprints, the other jurisdictions' lists, the register of
medicines and the NPS libraries are read once per list version instead of per request or per compound.
"""

from __future__ import annotations

import csv
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.utils import timezone

from drugcontrol.chem.substituents import SubstituentLibrary, rows_in_force
from drugcontrol.expertise.assess import Assessor, all_group_definitions
from drugcontrol.expertise.medicines import MedicineRegister
from drugcontrol.expertise.medicines import RegisteredMedicine as MedicineRecord
from drugcontrol.expertise.methodology import Methodology, methodology_in_force
from drugcontrol.expertise.suspicion import ForeignList, KnownSubstance, SuspicionRecipe
from drugcontrol.lists.models import Jurisdiction, ReferenceRevision, RegisteredMedicine
from drugcontrol.lists.models import KnownSubstance as KnownSubstanceRow
from drugcontrol.lists.snapshots import jurisdiction_by_code, snapshot_as_of

LEGAL_DATA_DIR = Path(__file__).resolve().parent / "data"
"""Legal data of the lists that the software applies as law (not demo content): shipped with every install."""
SUBSTITUENT_FILES: dict[str, Path] = {"KZ": LEGAL_DATA_DIR / "kz_substituents_470.csv"}
"""The versioned substituent list of each jurisdiction that has an analogue rule (KZ: appendix 3 of decree 470)."""


def substituent_rows(code: str, day: date) -> list[dict[str, str]] | None:
    """Rows of ``code``'s substituent list in force on ``day``; None for a jurisdiction without one."""
    path = SUBSTITUENT_FILES.get(code.upper())
    if path is None:
        return None
    with path.open(encoding="utf-8", newline="") as handle:
        return rows_in_force(csv.DictReader(handle), day)


def current_methodology() -> Methodology:
    """The methodology version in force today (the day the assessment is made)."""
    return methodology_in_force(timezone.localdate())


def _library(code: str, day: date) -> SubstituentLibrary | None:
    rows = substituent_rows(code, day)
    return None if rows is None else SubstituentLibrary.from_rows(rows, as_of=day, source=f"{code} substituents")


def _references_revision() -> str:
    """Changes whenever the register of medicines or an NPS library changes (one small query)."""
    return ",".join(f"{name}:{token}" for name, token in ReferenceRevision.objects.values_list("name", "token"))


def _lists_revision() -> str:
    return ",".join(f"{code}:{revision}" for code, revision in Jurisdiction.objects.values_list("code", "revision"))


def medicine_register(day: date) -> MedicineRegister:
    """The registrations in force on ``day``."""
    records = [
        MedicineRecord(m.inn, m.registration_number, m.registered_from, m.registered_to, m.structure_key, m.trade_name)
        for m in RegisteredMedicine.objects.all()
    ]
    return MedicineRegister(records, day)


def suspicion_recipe(code: str, day: date, methodology: Methodology) -> SuspicionRecipe:
    """The suspicion sources for ``code``'s list on ``day``: every other jurisdiction's list in force (with
    its groups and, if it has one, its analogue rule), the NPS libraries and the shipped risk classes."""
    groups = all_group_definitions()
    foreign = []
    for jurisdiction in Jurisdiction.objects.exclude(code=code.upper()).order_by("code"):
        snapshot = snapshot_as_of(jurisdiction.code, day)
        group_ids = tuple(g.group_id for g in groups if g.jurisdiction == jurisdiction.code)
        if not snapshot.entries and not any(g.in_force(day) for g in groups if g.group_id in group_ids):
            continue
        foreign.append(
            ForeignList(
                snapshot,
                jurisdiction.name_en,
                jurisdiction.amendment_grounds or "none",
                group_ids,
                _library(jurisdiction.code, day),
            )
        )
    known = tuple(
        KnownSubstance(k.library, k.entry, k.name, k.structure_key, k.first_seen)
        for k in KnownSubstanceRow.objects.all().iterator()
    )
    return SuspicionRecipe(
        foreign=tuple(foreign), known=known, min_parent_heavy_atoms=methodology.min_parent_heavy_atoms
    )


@lru_cache(maxsize=16)
def _cached_assessor(
    code: str, day: date, revision: str, others: str, references: str, method: Methodology
) -> Assessor:
    snapshot = snapshot_as_of(code, day)
    return Assessor(
        snapshot,
        _library(code, day),
        all_group_definitions(),
        jurisdiction=code,
        as_of=day,
        methodology=method,
        medicines=medicine_register(day) if method.medicines_exemption else None,
        suspicion=suspicion_recipe(code, day, method).build(day) if method.suspected else None,
    )


def assessor_as_of(code: str, day: date, *, methodology: Methodology | None = None) -> Assessor:
    """The assessor for ``code``'s list in force on ``day`` under ``methodology`` (default: the version in
    force today); raises ``UnknownJurisdiction``."""
    jurisdiction = jurisdiction_by_code(code)
    method = methodology or current_methodology()
    return _cached_assessor(
        jurisdiction.code, day, jurisdiction.revision, _lists_revision(), _references_revision(), method
    )


def list_revision(code: str) -> str:
    """The current revision token of ``code``'s list (stored with each report)."""
    return jurisdiction_by_code(code).revision


def bundle_extras(code: str, day: date) -> dict[str, Any]:
    """The optional bundle fields for offline assessment: substituents, group ids and the methodology."""
    assessor = assessor_as_of(code, day)
    return {
        "substituents": substituent_rows(code, day),
        "groups": list(assessor.groups_in_force),
        "methodology": assessor.methodology.to_dict(),
    }
