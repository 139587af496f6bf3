"""Read side of expertise: an ``Assessor`` per list version, cached like the snapshots it is built on.

The cache key is (jurisdiction, date, list revision): every write to a list bumps its revision, so a
cached assessor is never stale, and the analogue screen, group patterns and fingerprints are built once
per list version instead of per request.
"""

from __future__ import annotations

import csv
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from drugcontrol.chem.substituents import SubstituentLibrary, rows_in_force
from drugcontrol.expertise.assess import Assessor, all_group_definitions
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


@lru_cache(maxsize=16)
def _cached_assessor(code: str, day: date, revision: str) -> Assessor:
    snapshot = snapshot_as_of(code, day)
    rows = substituent_rows(code, day)
    library = None if rows is None else SubstituentLibrary.from_rows(rows, as_of=day, source=f"{code} substituents")
    return Assessor(snapshot, library, all_group_definitions(), jurisdiction=code, as_of=day)


def assessor_as_of(code: str, day: date) -> Assessor:
    """The assessor for ``code``'s list in force on ``day``; raises ``UnknownJurisdiction``."""
    jurisdiction = jurisdiction_by_code(code)
    return _cached_assessor(jurisdiction.code, day, jurisdiction.revision)


def list_revision(code: str) -> str:
    """The current revision token of ``code``'s list (stored with each report)."""
    return jurisdiction_by_code(code).revision


def bundle_extras(code: str, day: date) -> dict[str, Any]:
    """The optional bundle fields for offline assessment: substituents and group ids in force."""
    assessor = assessor_as_of(code, day)
    return {"substituents": substituent_rows(code, day), "groups": list(assessor.groups_in_force)}
