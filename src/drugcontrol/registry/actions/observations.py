"""Observation records: visits, drug tests, treatment episodes and opioid substitution doses."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from drugcontrol.registry import messages as M
from drugcontrol.registry.access import Capability
from drugcontrol.registry.actions.common import record_change, require_for_person
from drugcontrol.registry.errors import RegistryError
from drugcontrol.registry.models import DrugTest, OstDose, Person, Registration, Status, TreatmentEpisode, Visit
from drugcontrol.registry.models.observations import CareRecord


def _check_day(day: date, field: str) -> None:
    if day > timezone.localdate():
        raise RegistryError(M.NOT_IN_FUTURE, field=field, day=day.isoformat())


def _check_choice(value: str, choices: list[str], field: str) -> None:
    if value not in choices:
        raise RegistryError(M.NOT_ONE_OF, field=field, choices=choices, value=value)


def _open_registration(person: Person) -> Registration | None:
    return person.registrations.exclude(status=Status.DEREGISTERED).order_by("-registered_on").first()


def _writable(person: Person, actor: Any) -> None:
    require_for_person(actor, Capability.RECORD_CARE, person)
    if person.anonymised:
        raise RegistryError(M.ANONYMISED_NO_OBSERVATIONS)


def _create_care_record(
    model: type[CareRecord], person: Person, *, action: str, detail: str, actor: Any, remote_addr: str, **fields: Any
) -> Any:
    """A record of care in the person's open episode and facility, with its audit row (naming the record as
    `detail`), in one transaction."""
    with transaction.atomic():
        record = model.objects.create(
            person=person, registration=_open_registration(person), facility=person.facility, **fields
        )
        record_change(actor, action, person.pk, remote_addr=remote_addr, details={detail: record.pk})
    return record


def do_record_visit(
    person: Person, *, visited_on: date, kind: str, note: str = "", actor: Any, remote_addr: str = ""
) -> Visit:
    _writable(person, actor)
    _check_choice(kind, Visit.Kind.values, "kind")
    _check_day(visited_on, "visited_on")
    with transaction.atomic():
        visit = _create_care_record(
            Visit, person, action="registry.visit.create", detail="visit", actor=actor, remote_addr=remote_addr,
            visited_on=visited_on, kind=kind, physician=actor, note=note,
        )  # fmt: skip
        registration = visit.registration
        contact = registration is not None and kind != Visit.Kind.MISSED
        if contact and (registration.last_contact_on is None or registration.last_contact_on < visited_on):
            registration.last_contact_on = visited_on
            registration.save(update_fields=["last_contact_on"])
    return visit


def do_record_drug_test(
    person: Person, *, taken_on: date, substance: str, method: str, result: str, actor: Any, remote_addr: str = ""
) -> DrugTest:
    _writable(person, actor)
    _check_choice(method, DrugTest.Method.values, "method")
    _check_choice(result, DrugTest.Result.values, "result")
    _check_day(taken_on, "taken_on")
    if not substance.strip():
        raise RegistryError(M.SUBSTANCE_REQUIRED, field="substance")
    return _create_care_record(
        DrugTest, person, action="registry.drug_test.create", detail="test", actor=actor, remote_addr=remote_addr,
        taken_on=taken_on, substance=substance.strip(), method=method, result=result,
    )  # fmt: skip


def do_start_treatment(
    person: Person, *, kind: str, started_on: date, ended_on: date | None = None, actor: Any, remote_addr: str = ""
) -> TreatmentEpisode:
    _writable(person, actor)
    _check_choice(kind, TreatmentEpisode.Kind.values, "kind")
    _check_day(started_on, "started_on")
    if ended_on is not None and ended_on < started_on:
        raise RegistryError(M.TREATMENT_ENDS_BEFORE_START, field="ended_on")
    return _create_care_record(
        TreatmentEpisode, person, action="registry.treatment.create", detail="treatment", actor=actor,
        remote_addr=remote_addr, kind=kind, started_on=started_on, ended_on=ended_on,
    )  # fmt: skip


#: Above these daily doses a record is refused as a probable typo (mg).
MAX_DAILY_DOSE_MG = {OstDose.Medication.METHADONE: Decimal(300), OstDose.Medication.BUPRENORPHINE: Decimal(32)}


def do_record_ost_dose(
    person: Person, *, given_on: date, medication: str, dose_mg: Decimal, actor: Any, remote_addr: str = ""
) -> OstDose:
    _writable(person, actor)
    _check_choice(medication, OstDose.Medication.values, "medication")
    _check_day(given_on, "given_on")
    if not Decimal(0) < dose_mg <= MAX_DAILY_DOSE_MG[medication]:
        raise RegistryError(
            M.DOSE_OUT_OF_RANGE,
            field="dose_mg",
            medication=medication,
            limit=MAX_DAILY_DOSE_MG[medication],
            dose=dose_mg,
        )
    episode = (
        TreatmentEpisode.objects.filter(person=person, kind=TreatmentEpisode.Kind.OST, ended_on__isnull=True)
        .order_by("-started_on")
        .first()
    )
    if episode is None:
        raise RegistryError(M.OST_EPISODE_FIRST, field="medication")
    with transaction.atomic():
        dose = OstDose.objects.create(
            person=person, treatment=episode, given_on=given_on, medication=medication, dose_mg=dose_mg
        )
        record_change(actor, "registry.ost_dose.create", person.pk, remote_addr=remote_addr, details={"dose": dose.pk})
    return dose
