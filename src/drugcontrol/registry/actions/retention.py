"""Retention: deregistered records are anonymised after the configured period.

What stays: year of birth, sex and region on the person, and the diagnosis, dates and status of the
registrations (for statistics over time). What goes: IIN, document, names, birth date, district, address,
contacts, citizenship, free-text notes, and every observation (visits, tests, treatments, doses).
The audit log keeps only person ids, never names or IINs, so it needs no change.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Exists, Max, OuterRef
from django.utils import timezone

from drugcontrol.audit.actions import do_record_event
from drugcontrol.registry.access import Capability, require
from drugcontrol.registry.models import (
    Deregistration,
    DrugTest,
    DuplicateCandidate,
    OstDose,
    Person,
    Registration,
    RegistryConfig,
    Status,
    StatusChange,
    TreatmentEpisode,
    Visit,
)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def people_due_for_anonymisation(today: date) -> list[int]:
    """Ids of people with no open registration whose last deregistration is older than the retention period."""
    cutoff = _years_before(today, RegistryConfig.current().retention_years)
    open_registration = Registration.objects.filter(person=OuterRef("pk")).exclude(status=Status.DEREGISTERED)
    return list(
        Person.objects.filter(anonymised=False, registrations__isnull=False)
        .annotate(has_open=Exists(open_registration), last_out=Max("registrations__deregistered_on"))
        .filter(has_open=False, last_out__lte=cutoff)
        .values_list("id", flat=True)
        .order_by("id")
    )


def anonymise(person_ids: list[int]) -> None:
    """Set-based: the same few UPDATE/DELETE statements whatever the number of people."""
    Visit.objects.filter(person_id__in=person_ids).delete()
    DrugTest.objects.filter(person_id__in=person_ids).delete()
    OstDose.objects.filter(person_id__in=person_ids).delete()
    TreatmentEpisode.objects.filter(person_id__in=person_ids).delete()
    DuplicateCandidate.objects.filter(person_a_id__in=person_ids).delete()
    DuplicateCandidate.objects.filter(person_b_id__in=person_ids).delete()
    Registration.objects.filter(person_id__in=person_ids).update(note="", physician=None)
    StatusChange.objects.filter(registration__person_id__in=person_ids).update(reason="")
    Deregistration.objects.filter(registration__person_id__in=person_ids).update(note="")
    Person.objects.filter(pk__in=person_ids).update(
        iin=None,
        document_type="",
        document_number="",
        last_name="",
        first_name="",
        patronymic="",
        last_name_latin="",
        first_name_latin="",
        patronymic_latin="",
        name_key="",
        birth_date=None,
        citizenship="",
        district=None,
        address="",
        phone="",
        email="",
        anonymised=True,
        anonymised_at=timezone.now(),
    )


def do_anonymise_due(*, actor: Any, today: date | None = None) -> list[int]:
    """Anonymise everyone due; one audit row for the run listing the person ids."""
    if not isinstance(actor, str):
        require(actor, Capability.RETENTION)
    today = today or timezone.localdate()
    with transaction.atomic():
        due = people_due_for_anonymisation(today)
        if due:
            anonymise(due)
        do_record_event(
            actor=actor,
            action="registry.retention.anonymise",
            object_type="registry.person",
            details={"count": len(due), "people": due, "as_of": today.isoformat()},
        )
    return due
