"""Retention: deregistered records are anonymised after the configured period.

What stays: year of birth, sex and region on the person, and the diagnosis, dates and status of the
registrations (for statistics over time). What goes: IIN, document, names, birth date, district, address,
contacts, citizenship, free-text notes, and every observation (visits, tests, treatments, doses).
Records merged into a person go with that person (a merge moved their registrations away, so they are never
selected on their own), and so do the identity fields a merge keeps for its undo (`Merge.kept_before`, which
holds the merged record's IIN): after anonymisation such a merge can no longer be undone.
The audit log keeps only person ids, never names or IINs, so it needs no change.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone

from drugcontrol.audit.actions import do_record_event
from drugcontrol.registry.access import Capability, SystemActor, require
from drugcontrol.registry.models import (
    Deregistration,
    DrugTest,
    DuplicateCandidate,
    Merge,
    OstDose,
    Person,
    Registration,
    RegistryConfig,
    Status,
    StatusChange,
    TreatmentEpisode,
    Visit,
)
from drugcontrol.registry.statistics.counts import refresh_register_counts


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


def with_merged_records(person_ids: list[int]) -> list[int]:
    """The people and every record merged into them, however deep the chain of merges."""
    found = set(person_ids)
    frontier = set(person_ids)
    while frontier:
        frontier = (
            set(Person.objects.filter(merged_into_id__in=frontier, anonymised=False).values_list("id", flat=True))
            - found
        )
        found |= frontier
    return sorted(found)


#: A person's text fields that identify them, emptied by anonymisation (the IIN, birth date and district are nulled).
_IDENTIFYING_TEXT = (
    "document_type", "document_number", "last_name", "first_name", "patronymic", "last_name_latin",
    "first_name_latin", "patronymic_latin", "name_key", "citizenship", "address", "phone", "email",
)  # fmt: skip


def anonymise(person_ids: list[int]) -> None:
    """Set-based: the same few UPDATE/DELETE statements whatever the number of people."""
    Merge.objects.filter(Q(kept_id__in=person_ids) | Q(merged_id__in=person_ids)).update(kept_before={})
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
        **dict.fromkeys(_IDENTIFYING_TEXT, ""),
        iin=None,
        birth_date=None,
        district=None,
        anonymised=True,
        anonymised_at=timezone.now(),
    )


def do_anonymise_due(*, actor: Any, today: date | None = None) -> list[int]:
    """Anonymise everyone due; one audit row for the run listing the person ids."""
    if not isinstance(actor, SystemActor):  # the server's operator; any other caller needs the role
        require(actor, Capability.RETENTION)
    today = today or timezone.localdate()
    with transaction.atomic():
        due = with_merged_records(people_due_for_anonymisation(today))
        if due:
            anonymise(due)
            refresh_register_counts(due)
        do_record_event(
            actor=actor,
            action="registry.retention.anonymise",
            object_type="registry.person",
            details={"count": len(due), "people": due, "as_of": today.isoformat()},
        )
    return due
