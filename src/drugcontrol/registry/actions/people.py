"""Create and update a person: IIN validated against birth date and sex, names in both scripts, the name key."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction

from drugcontrol.registry import messages as M
from drugcontrol.registry.access import Capability, Purpose, require
from drugcontrol.registry.actions.common import record_change, require_for_person
from drugcontrol.registry.actions.presence import refuse_if_registered
from drugcontrol.registry.errors import AccessDenied, RegistryError
from drugcontrol.registry.identity import DOCUMENT_TYPE_REQUIRED, missing_identity
from drugcontrol.registry.iin import IinMismatch, InvalidIin, check_iin_agrees
from drugcontrol.registry.matching import name_key
from drugcontrol.registry.models import District, DocumentType, Facility, Person, Region, Role, Sex
from drugcontrol.registry.statistics.counts import refresh_register_counts
from drugcontrol.registry.translit import to_latin
from drugcontrol.registry.visible_text import visible_length


@dataclass(frozen=True)
class PersonData:
    """What a caller may set on a person; validated once here, trusted inside."""

    last_name: str
    first_name: str
    birth_date: date
    sex: str
    region: str
    patronymic: str = ""
    iin: str = ""
    document_type: str = ""
    document_number: str = ""
    last_name_latin: str = ""
    first_name_latin: str = ""
    patronymic_latin: str = ""
    citizenship: str = "KZ"
    district_id: int | None = None
    address: str = ""
    phone: str = ""
    email: str = ""
    facility: str = ""


EDITABLE = tuple(f.name for f in fields(PersonData))
#: The fields an update may set to null (JSON `null`); any other field needs a value.
NULLABLE = frozenset({"district_id"})


def _validate(data: PersonData) -> tuple[Region, District | None]:
    if not visible_length(data.last_name) or not visible_length(data.first_name):
        raise RegistryError(M.NAMES_REQUIRED, field="last_name")
    if data.sex not in Sex.values:
        raise RegistryError(M.NOT_ONE_OF, field="sex", choices=Sex.values, value=data.sex)
    if data.iin:
        try:
            check_iin_agrees(data.iin, birth_date=data.birth_date, sex=data.sex)
        except (InvalidIin, IinMismatch) as exc:
            raise RegistryError(M.BAD_IIN, field="iin", detail=exc.as_param()) from exc
    else:
        missing = missing_identity(
            iin=data.iin,
            document_type=data.document_type,
            document_number=data.document_number,
            document_types=DocumentType.values,
        )
        if missing:
            types = ", ".join(t for t in DocumentType.values if t)
            field = "iin" if missing[0] is DOCUMENT_TYPE_REQUIRED else "document_number"
            raise RegistryError(missing[0], field=field, types=types)
    region = Region.objects.filter(pk=data.region).first()
    if region is None:
        raise RegistryError(M.UNKNOWN_REGION, field="region", region=data.region)
    district = None
    if data.district_id is not None:
        district = District.objects.filter(pk=data.district_id, region=region).first()
        if district is None:
            raise RegistryError(
                M.DISTRICT_NOT_IN_REGION, field="district_id", district=data.district_id, region=region.code
            )
    return region, district


def _facility_for(actor: Any, code: str) -> Facility:
    """A physician records into their own facility; a chief into any facility of their region."""
    profile = require(actor, Capability.EDIT_PERSON)
    if profile.role == Role.PHYSICIAN:
        if code and profile.facility is not None and code != profile.facility.code:
            raise AccessDenied(M.PHYSICIAN_OWN_FACILITY)
        if profile.facility is None:
            raise AccessDenied(M.PHYSICIAN_WITHOUT_FACILITY)
        return profile.facility
    facility = Facility.objects.filter(code=code, region_id=profile.region_id).first() if code else None
    if facility is None:
        raise RegistryError(M.FACILITY_OF_REGION, field="facility")
    return facility


def _apply(person: Person, data: PersonData, region: Region, district: District | None) -> None:
    person.iin = data.iin or None
    person.document_type = data.document_type if not data.iin or data.document_type else ""
    person.document_number = data.document_number.strip()
    person.last_name = data.last_name.strip()
    person.first_name = data.first_name.strip()
    person.patronymic = data.patronymic.strip()
    person.last_name_latin = data.last_name_latin.strip() or to_latin(person.last_name)
    person.first_name_latin = data.first_name_latin.strip() or to_latin(person.first_name)
    person.patronymic_latin = data.patronymic_latin.strip() or to_latin(person.patronymic)
    person.name_key = name_key(person.last_name, person.first_name, person.patronymic)
    person.birth_date = data.birth_date
    person.birth_year = data.birth_date.year
    person.sex = data.sex
    person.citizenship = data.citizenship.strip().upper()
    person.region = region
    person.district = district
    person.address = data.address.strip()
    person.phone = data.phone.strip()
    person.email = data.email.strip()


def do_create_person(data: PersonData, *, actor: Any, remote_addr: str = "") -> Person:
    """Record a new person in the actor's facility and queue any candidate duplicates for review.

    An IIN already on the register is answered as a recorded disclosure (PresenceDisclosed), never a bare "yes".
    """
    from drugcontrol.registry.actions.duplicates import record_candidates_for

    region, district = _validate(data)
    facility = _facility_for(actor, data.facility)
    disclose = {"actor": actor, "purpose": Purpose.REGISTRATION, "remote_addr": remote_addr}
    refuse_if_registered(data.iin, **disclose)
    try:
        with transaction.atomic():
            person = Person(facility=facility)
            _apply(person, data, region, district)
            person.save()
            record_change(actor, "registry.person.create", person.pk, remote_addr=remote_addr)
            record_candidates_for(person)
    except IntegrityError:
        # Recorded by someone else between the check and the insert: the same disclosure.
        refuse_if_registered(data.iin, **disclose)
        raise
    return person


def person_data_of(person: Person) -> PersonData:
    """The editable fields of a stored person, as the starting point of an update."""
    values = {name: getattr(person, name) for name in EDITABLE if name not in ("region", "facility", "iin")}
    return PersonData(**values, region=person.region_id, iin=person.iin or "", facility=person.facility.code)


def do_update_person(person: Person, changes: dict[str, Any], *, actor: Any, remote_addr: str = "") -> Person:
    """Change some fields; the audit row names the fields changed (never their values)."""
    require_for_person(actor, Capability.EDIT_PERSON, person)  # EDIT_PERSON is never opened by a grant
    if person.anonymised:
        raise RegistryError(M.ANONYMISED_NOT_EDITED)
    unknown = sorted(set(changes) - set(EDITABLE) - {"facility"})
    if unknown:
        raise RegistryError(M.NOT_EDITABLE, field=unknown[0], fields=", ".join(unknown))
    if "facility" in changes:
        raise RegistryError(M.FACILITY_BY_TRANSFER, field="facility")
    nulls = sorted(k for k, v in changes.items() if v is None and k not in NULLABLE)
    if nulls:
        raise RegistryError(M.NOT_NULL, field=nulls[0])
    before = person_data_of(person)
    data = replace(before, **changes)
    region, district = _validate(data)
    disclose = {"exclude_id": person.pk, "actor": actor, "purpose": Purpose.EDIT, "remote_addr": remote_addr}
    if data.iin != before.iin:
        refuse_if_registered(data.iin, **disclose)
    try:
        with transaction.atomic():
            _apply(person, data, region, district)
            person.save()
            changed = sorted(k for k in changes if getattr(before, k) != getattr(data, k))
            record_change(
                actor, "registry.person.update", person.pk, remote_addr=remote_addr, details={"fields": changed}
            )
            refresh_register_counts([person.pk])
    except IntegrityError:
        refuse_if_registered(data.iin, **disclose)
        raise
    return person
