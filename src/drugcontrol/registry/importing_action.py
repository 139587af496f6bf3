"""Write a validated regional register: all rows or none, one transaction, one audit row for the import.

Who may import: the registry administrator (any region) or a regional chief (facilities of their region).
An IIN already on the register is an error of its row, like any other: the regional file is never allowed
to overwrite a record silently (a transfer or a merge is a person's decision). People imported without an IIN,
or with a typo in a name, are compared with the register like people entered by hand: likely duplicates are
queued for a regional chief's review, never merged by the import.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from drugcontrol.audit.actions import do_record_event
from drugcontrol.listcore.import_rows import RowError
from drugcontrol.listcore.tabular import SourceRow
from drugcontrol.registry.access import Capability, Purpose, require
from drugcontrol.registry.actions.duplicates import record_candidates_for
from drugcontrol.registry.actions.presence import do_disclose_presence
from drugcontrol.registry.errors import AccessDenied
from drugcontrol.registry.importing import (
    ReferenceCodes,
    RegisterMapping,
    RegisterRow,
    RegisterValidation,
    validate_register_rows,
)
from drugcontrol.registry.matching import name_key
from drugcontrol.registry.models import Diagnosis, Facility, Person, Region, Registration, Role, Status, StatusChange
from drugcontrol.registry.translit import to_latin


class RegisterImportRefused(ValueError):
    """The import wrote nothing: `errors` lists every problem by row and field."""

    def __init__(self, errors: Iterable[RowError]) -> None:
        self.errors = tuple(errors)
        super().__init__(f"{len(self.errors)} problem(s); nothing was written. First: {self.errors[0]}")


@dataclass(frozen=True)
class ImportResult:
    total: int
    created: int
    rejected: tuple[RowError, ...]
    duplicate_candidates: int = 0


def reference_codes(*, region: str | None = None) -> ReferenceCodes:
    facilities = Facility.objects.filter(active=True)
    if region:
        facilities = facilities.filter(region_id=region)
    return ReferenceCodes(
        regions=frozenset(Region.objects.values_list("code", flat=True)),
        diagnoses=frozenset(Diagnosis.objects.filter(active=True).values_list("code", flat=True)),
        facilities=dict(facilities.values_list("code", "region_id")),
    )


def importer_region(actor: Any) -> str | None:
    """The region whose facilities `actor` may import into (None: every region); refuses anyone else.

    The administrator imports for any region, a regional chief for the facilities of their region.
    """
    try:
        profile = require(actor, Capability.IMPORT_REGISTER)
    except AccessDenied as exc:
        raise AccessDenied("only a registry administrator or a regional chief may import a register") from exc
    if profile.role == Role.CHIEF:
        if not profile.region_id:
            raise AccessDenied("this regional chief has no region")
        return profile.region_id
    return None


def _existing_iins(rows: Iterable[RegisterRow]) -> dict[str, int]:
    wanted = [r.iin for r in rows if r.iin]
    found: set[str] = set()
    for start in range(0, len(wanted), 900):
        found.update(Person.objects.filter(iin__in=wanted[start : start + 900]).values_list("iin", flat=True))
    return {r.iin: r.row for r in rows if r.iin in found}


def validate_register(
    rows: Iterable[SourceRow],
    mapping: RegisterMapping,
    *,
    actor: Any,
    today: date | None = None,
    remote_addr: str = "",
) -> RegisterValidation:
    """Validation against the reference tables and the register (IINs already there), writing no data.

    IINs already on the register are disclosures like any other (audited, counted against the importer's limit:
    RateLimited past it), and each row says whether the person is in the importer's region or outside it.
    """
    region = importer_region(actor)
    validation = validate_register_rows(
        rows, mapping, reference_codes(region=region), today=today or timezone.localdate()
    )
    clashes = _existing_iins(validation.rows)
    if not clashes:
        return validation
    found = do_disclose_presence(clashes, actor=actor, purpose=Purpose.IMPORT, remote_addr=remote_addr)
    extra = [RowError(row, "iin", found[iin].import_message(region)) for iin, row in clashes.items() if iin in found]
    return RegisterValidation(
        rows=tuple(r for r in validation.rows if r.iin not in clashes),
        errors=tuple(sorted((*validation.errors, *extra), key=lambda e: e.row)),
        total=validation.total,
    )


def _person(row: RegisterRow, facility_id: int) -> Person:
    return Person(
        iin=row.iin or None,
        document_type=row.document_type,
        document_number=row.document_number,
        last_name=row.last_name,
        first_name=row.first_name,
        patronymic=row.patronymic,
        last_name_latin=to_latin(row.last_name),
        first_name_latin=to_latin(row.first_name),
        patronymic_latin=to_latin(row.patronymic),
        name_key=name_key(row.last_name, row.first_name, row.patronymic),
        birth_date=row.birth_date,
        birth_year=row.birth_date.year,
        sex=row.sex,
        citizenship=row.citizenship,
        region_id=row.region,
        address=row.address,
        phone=row.phone,
        facility_id=facility_id,
    )


def do_import_register(
    rows: Iterable[SourceRow],
    mapping: RegisterMapping,
    *,
    actor: Any,
    source_name: str,
    skip_invalid: bool = False,
    remote_addr: str = "",
    today: date | None = None,
) -> ImportResult:
    """Validate every row, then write people and registrations in one transaction.

    With any invalid row nothing is written (RegisterImportRefused) unless `skip_invalid`, which writes the
    valid rows and returns the rejected ones for the rejects file.
    """
    validation = validate_register(rows, mapping, actor=actor, today=today, remote_addr=remote_addr)
    header_problem = any(e.row == 1 for e in validation.errors)
    if validation.errors and (not skip_invalid or header_problem):
        raise RegisterImportRefused(validation.errors)
    facility_ids = dict(Facility.objects.values_list("code", "id"))
    with transaction.atomic():
        people = Person.objects.bulk_create(
            [_person(r, facility_ids[r.facility]) for r in validation.rows], batch_size=2000
        )
        registrations = Registration.objects.bulk_create(
            [
                Registration(
                    person=person,
                    diagnosis_id=row.diagnosis,
                    registered_on=row.registered_on,
                    grounds=row.grounds,
                    facility_id=facility_ids[row.facility],
                    status=Status.REMISSION if row.remission_since else Status.ACTIVE,
                    remission_since=row.remission_since,
                    note=f"imported from {Path(source_name).name}, row {row.row}",
                )
                for person, row in zip(people, validation.rows, strict=True)
            ],
            batch_size=2000,
        )
        StatusChange.objects.bulk_create(
            [
                StatusChange(
                    registration=registration,
                    changed_on=registration.registered_on,
                    to_status=Status.ACTIVE,
                    reason="import",
                    actor=actor,
                )
                for registration in registrations
            ],
            batch_size=2000,
        )
        # A pair of people within the file is found from both sides: count each pair once.
        candidates = len({candidate.pk for person in people for candidate in record_candidates_for(person)})
        do_record_event(
            actor=actor,
            action="registry.import",
            object_type="registry.import",
            object_id=Path(source_name).name,
            purpose="import of a regional register",
            remote_addr=remote_addr,
            details={
                "rows": validation.total,
                "created": len(people),
                "rejected_rows": sorted(validation.rejected_rows),
                "first_person": people[0].pk if people else None,
                "last_person": people[-1].pk if people else None,
                "duplicate_candidates": candidates,
            },
        )
    return ImportResult(
        total=validation.total, created=len(people), rejected=validation.errors, duplicate_candidates=candidates
    )
