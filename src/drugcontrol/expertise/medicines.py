"""The register of medicines, as the expertise uses it: which active substances are registered on a day.

Methodology clause ``medicines_exemption``: an active substance of a medicine registered on the date is
not made an analogue; the verdict names the formal match set aside and the registration. Records are
matched by the connectivity block of the InChIKey of the standardized structure (salts, stereo and
isotopes aside), made at import.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from rdkit import Chem

from drugcontrol.chem.standardize import Standardized

__all__ = ["MedicineRegister", "RegisteredMedicine", "medicine_key"]


def medicine_key(std: Standardized) -> str:
    """The first block of the InChIKey of the standardized parent ("" when no InChI can be made)."""
    return (Chem.MolToInchiKey(std.mol) or "")[:14]


@dataclass(frozen=True)
class RegisteredMedicine:
    inn: str
    registration_number: str
    registered_from: date
    registered_to: date | None
    key: str
    """``medicine_key`` of the active substance."""
    trade_name: str = ""

    def registered_on(self, day: date) -> bool:
        return self.registered_from <= day and (self.registered_to is None or day <= self.registered_to)


class MedicineRegister:
    """The registrations in force on one day, by structure key."""

    def __init__(self, records: Iterable[RegisteredMedicine], as_of: date) -> None:
        self.as_of = as_of
        self.records = tuple(records)
        self.by_key_: dict[str, RegisteredMedicine] = {}
        for record in self.records:
            if record.key and record.registered_on(as_of):
                self.by_key_.setdefault(record.key, record)

    def __len__(self) -> int:
        return len(self.by_key_)

    def find(self, std: Standardized) -> RegisteredMedicine | None:
        return self.by_key_.get(medicine_key(std)) if self.by_key_ else None
