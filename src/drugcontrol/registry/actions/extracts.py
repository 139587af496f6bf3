"""Pseudonymised extracts for ministry analysts: a keyed pseudonym instead of identity, coarse dates only.

Two protections, both required by the register's owner:

* **Pseudonyms** are HMAC-SHA-256 of the person's record under a key of their own (`DRUGCONTROL_PSEUDONYM_KEY`,
  or a file named by `DRUGCONTROL_PSEUDONYM_KEY_FILE`), never the Django secret key: whoever knows the record
  ids (they are small integers) but not this key cannot link a pseudonym to a person. The same person gets the
  same pseudonym in every extract made with the same key. Outside DEBUG there is no built-in key: without one
  the extract is refused.
* **k-anonymity** on the quasi-identifiers (birth year, sex, region): every combination published is shared by
  at least `EXTRACT_MIN_GROUP` people (5 unless configured). People in smaller groups are generalised step by
  step (birth year → 5-year band → 10-year band → region withheld), each step only for those still in a small
  group, and whoever is still alone after the last step is left out (the audit row says how many).
"""

from __future__ import annotations

import hashlib
import hmac
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

from drugcontrol.audit.actions import do_record_event
from drugcontrol.registry import messages as M
from drugcontrol.registry.access import Capability, require
from drugcontrol.registry.configuration import extract_min_group
from drugcontrol.registry.errors import RegistryError
from drugcontrol.registry.models import Registration

MIN_KEY_LENGTH = 32
#: Only for DEBUG (a developer's machine): never accepted when DEBUG is off.
DEVELOPMENT_KEY = b"drugcontrol-development-pseudonym-key-not-for-production"
WITHHELD = "*"

QuasiIdentifiers = tuple[str, str, str]  # (birth year or band, sex, region or WITHHELD)


class ExtractNotConfigured(RegistryError):
    """No pseudonym key is configured: the extract cannot be made safely."""


@dataclass(frozen=True)
class ExtractRow:
    pseudonym: str
    birth_year: str
    sex: str
    region: str
    diagnosis: str
    registered_month: str
    status: str


def pseudonym_key() -> bytes:
    """The pseudonym key from the settings (value or file); the development key in DEBUG; otherwise refused."""
    key = (getattr(settings, "PSEUDONYM_KEY", "") or "").encode()
    key_file = getattr(settings, "PSEUDONYM_KEY_FILE", "") or ""
    if not key and key_file:
        try:
            key = Path(key_file).read_bytes().strip()
        except OSError as exc:
            raise ExtractNotConfigured(M.KEY_FILE_UNREADABLE, path=key_file) from exc
    if not key and settings.DEBUG:
        return DEVELOPMENT_KEY
    if len(key) < MIN_KEY_LENGTH:
        raise ExtractNotConfigured(M.KEY_NOT_CONFIGURED, length=MIN_KEY_LENGTH)
    if key == settings.SECRET_KEY.encode():
        raise ExtractNotConfigured(M.KEY_IS_SECRET_KEY)
    return key


def pseudonym(person_id: int, key: bytes) -> str:
    """Stable for the same person and key, not reversible (nor checkable against an id) without the key."""
    return hmac.new(key, f"registry-person:{person_id}".encode(), hashlib.sha256).hexdigest()[:16]


def _band(width: int) -> Callable[[QuasiIdentifiers], QuasiIdentifiers]:
    def step(qi: QuasiIdentifiers) -> QuasiIdentifiers:
        year, sex, region = qi
        if not year.isdigit():
            return qi
        first = int(year) // width * width
        return f"{first}-{first + width - 1}", sex, region

    return step


def _withhold_region(qi: QuasiIdentifiers) -> QuasiIdentifiers:
    return qi[0], qi[1], WITHHELD


#: Generalisation steps, each applied to the original values so that every level is a coarsening of the last.
LADDER: tuple[Callable[[QuasiIdentifiers], QuasiIdentifiers], ...] = (
    lambda qi: qi,
    _band(5),
    _band(10),
    lambda qi: _withhold_region(_band(10)(qi)),
)


def k_anonymous(people: dict[int, QuasiIdentifiers], k: int) -> dict[int, QuasiIdentifiers]:
    """Published quasi-identifiers per person such that each combination is shared by >= k people; others left out.

    People whose group is large enough keep the finest level at which it is; the rest move one step up the
    ladder together, and so on. Whoever is in a group under k at the last step is not in the result.
    """
    published: dict[int, QuasiIdentifiers] = {}
    remaining = dict(people)
    for generalise in LADDER:
        groups: dict[QuasiIdentifiers, list[int]] = defaultdict(list)
        for person, qi in remaining.items():
            groups[generalise(qi)].append(person)
        for qi, members in groups.items():
            if len(members) >= k:
                for person in members:
                    published[person] = qi
                    del remaining[person]
    return published


def pseudonymised_extract(user: Any, *, region: str = "", remote_addr: str = "") -> list[ExtractRow]:
    """One row per registration of the people that k-anonymity lets through; audited with what was left out."""
    require(user, Capability.PSEUDONYMISED_EXTRACT)
    key = pseudonym_key()
    k = extract_min_group()
    rows = Registration.objects.filter(person__merged_into__isnull=True)
    if region:
        rows = rows.filter(person__region_id=region)
    values = list(
        rows.values_list(
            "person_id", "person__birth_year", "person__sex", "person__region_id", "diagnosis_id", "registered_on",
            "status",
        ).order_by("person_id", "registered_on")
    )  # fmt: skip
    people = {pid: (str(year or ""), sex, reg) for pid, year, sex, reg, *_rest in values}
    published = k_anonymous(people, k)
    result = [
        ExtractRow(pseudonym(pid, key), *published[pid], diag, f"{on:%Y-%m}", status)
        for pid, _year, _sex, _reg, diag, on, status in values
        if pid in published
    ]
    do_record_event(
        actor=user,
        action="registry.extract",
        object_type="registry.extract",
        remote_addr=remote_addr,
        details={"rows": len(result), "region": region, "min_group": k, "left_out": len(people) - len(published)},
    )
    return result
