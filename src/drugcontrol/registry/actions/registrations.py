"""Register, change status (remission), deregister, transfer responsibility to another facility."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from drugcontrol.registry import messages as M
from drugcontrol.registry.access import Capability
from drugcontrol.registry.actions.common import record_change, require_for_person
from drugcontrol.registry.errors import RegistryError
from drugcontrol.registry.models import (
    Deregistration,
    DeregistrationReason,
    Diagnosis,
    Facility,
    Grounds,
    Person,
    Registration,
    Role,
    Status,
    StatusChange,
    Transfer,
)
from drugcontrol.registry.statistics.counts import refresh_register_counts
from drugcontrol.registry.visible_text import visible_length


def _not_future(day: date, field: str) -> None:
    if day > timezone.localdate():
        raise RegistryError(M.NOT_IN_FUTURE, field=field, day=day.isoformat())


def _move_status(
    registration: Registration, to_status: str, *, on: date, reason: str, actor: Any, **dates: date | None
) -> str:
    """Set the registration's status (and the dates that go with it) and keep the move in its status history,
    so that the card's history and the status never disagree; returns the status it had."""
    previous = registration.status
    registration.status = to_status
    for name, value in dates.items():
        setattr(registration, name, value)
    registration.save(update_fields=["status", *dates])
    StatusChange.objects.create(
        registration=registration, changed_on=on, from_status=previous, to_status=to_status, reason=reason, actor=actor
    )
    return previous


def do_register_person(
    person: Person,
    *,
    diagnosis: str,
    registered_on: date,
    grounds: str,
    note: str = "",
    actor: Any,
    remote_addr: str = "",
) -> Registration:
    """Open an episode of care in the person's responsible facility, with the actor as responsible physician."""
    # Putting a person on the register is a legal act of the responsible facility, not emergency care.
    profile = require_for_person(actor, Capability.RECORD_CARE, person, ordinary_scope=True)
    code = Diagnosis.objects.filter(pk=diagnosis, active=True).first()
    if code is None:
        raise RegistryError(M.UNKNOWN_DIAGNOSIS, field="diagnosis", code=diagnosis)
    if grounds not in Grounds.values:
        raise RegistryError(M.NOT_ONE_OF, field="grounds", choices=Grounds.values, value=grounds)
    _not_future(registered_on, "registered_on")
    if person.birth_date is not None and registered_on < person.birth_date:
        raise RegistryError(
            M.REGISTERED_BEFORE_BIRTH,
            field="registered_on",
            day=registered_on.isoformat(),
            birth=person.birth_date.isoformat(),
        )
    if person.anonymised:
        raise RegistryError(M.ANONYMISED_NOT_REGISTERED)
    with transaction.atomic():
        registration = Registration.objects.create(
            person=person,
            diagnosis=code,
            registered_on=registered_on,
            grounds=grounds,
            facility=person.facility,
            physician=actor if profile.role == Role.PHYSICIAN else None,
            note=note,
        )
        StatusChange.objects.create(
            registration=registration, changed_on=registered_on, to_status=Status.ACTIVE, reason=grounds, actor=actor
        )
        record_change(
            actor,
            "registry.registration.create",
            person.pk,
            remote_addr=remote_addr,
            details={"registration": registration.pk, "diagnosis": code.pk},
        )
        refresh_register_counts([person.pk])
    return registration


def do_change_status(
    registration: Registration, *, status: str, changed_on: date, reason: str = "", actor: Any, remote_addr: str = ""
) -> Registration:
    """Active ↔ remission; remission records its start date. Deregistration has its own action."""
    require_for_person(actor, Capability.RECORD_CARE, registration.person)
    if status not in (Status.ACTIVE, Status.REMISSION):
        raise RegistryError(M.STATUS_ACTIVE_OR_REMISSION, field="status")
    if registration.status == Status.DEREGISTERED:
        raise RegistryError(M.REGISTRATION_CLOSED)
    _not_future(changed_on, "changed_on")
    if changed_on < registration.registered_on:
        raise RegistryError(M.CHANGE_BEFORE_REGISTRATION, field="changed_on")
    with transaction.atomic():
        remission_since = changed_on if status == Status.REMISSION else None
        previous = _move_status(
            registration, status, on=changed_on, reason=reason, actor=actor, remission_since=remission_since
        )
        record_change(
            actor,
            "registry.registration.status",
            registration.person_id,
            remote_addr=remote_addr,
            details={"registration": registration.pk, "from": previous, "to": status},
        )
        refresh_register_counts([registration.person_id])
    return registration


def do_deregister(
    registration: Registration,
    *,
    reason: str,
    deregistered_on: date,
    note: str = "",
    actor: Any,
    remote_addr: str = "",
) -> Deregistration:
    require_for_person(actor, Capability.RECORD_CARE, registration.person, ordinary_scope=True)
    if reason not in DeregistrationReason.values:
        raise RegistryError(M.NOT_ONE_OF, field="reason", choices=DeregistrationReason.values, value=reason)
    if registration.status == Status.DEREGISTERED:
        raise RegistryError(M.ALREADY_CLOSED)
    _not_future(deregistered_on, "deregistered_on")
    if deregistered_on < registration.registered_on:
        raise RegistryError(M.DEREGISTERED_BEFORE_REGISTERED, field="deregistered_on")
    with transaction.atomic():
        _move_status(
            registration,
            Status.DEREGISTERED,
            on=deregistered_on,
            reason=reason,
            actor=actor,
            deregistered_on=deregistered_on,
        )
        deregistration = Deregistration.objects.create(
            registration=registration, deregistered_on=deregistered_on, reason=reason, note=note, actor=actor
        )
        record_change(
            actor,
            "registry.registration.deregister",
            registration.person_id,
            remote_addr=remote_addr,
            details={"registration": registration.pk, "reason": reason},
        )
        refresh_register_counts([registration.person_id])
    return deregistration


def do_transfer_person(
    person: Person, *, to_facility: str, transferred_on: date, reason: str, actor: Any, remote_addr: str = ""
) -> Transfer:
    """Move responsibility (and with it, access) to another facility, possibly in another region."""
    require_for_person(actor, Capability.TRANSFER, person)
    target = Facility.objects.filter(code=to_facility, active=True).select_related("region").first()
    if target is None:
        raise RegistryError(M.UNKNOWN_FACILITY, field="to_facility", facility=to_facility)
    if target.pk == person.facility_id:
        raise RegistryError(M.ALREADY_IN_FACILITY, field="to_facility")
    if not visible_length(reason):
        raise RegistryError(M.TRANSFER_REASON, field="reason")
    _not_future(transferred_on, "transferred_on")
    with transaction.atomic():
        transfer = Transfer.objects.create(
            person=person,
            from_facility=person.facility,
            to_facility=target,
            from_region=person.facility.region,
            to_region=target.region,
            transferred_on=transferred_on,
            reason=reason.strip(),
            actor=actor,
        )
        person.facility = target
        if person.region_id != target.region_id:
            person.region = target.region
            person.district = None
        person.save(update_fields=["facility", "region", "district", "updated_at"])
        # The new facility assigns its own physician to the open episodes.
        Registration.objects.filter(person=person).exclude(status=Status.DEREGISTERED).update(physician=None)
        record_change(
            actor,
            "registry.person.transfer",
            person.pk,
            remote_addr=remote_addr,
            details={
                "transfer": transfer.pk,
                "from_facility": transfer.from_facility.code,
                "to_facility": target.code,
                "from_region": transfer.from_region_id,
                "to_region": target.region_id,
            },
        )
        refresh_register_counts([person.pk])
    return transfer
