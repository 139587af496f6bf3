"""What is due in the user's scope: the physician's worklist of people, the regional chief's overview by facility.

A person is due a visit when their last visit (or, without one, their registration) is older than
`REGISTRY_VISIT_DUE_DAYS`, and due a drug test when their last test is older than `REGISTRY_TEST_DUE_DAYS`;
deregistration proposals come from `proposals`. The worklist names people, so each person on it is recorded as
read (purpose "worklist"); the overview gives counts per facility only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Max, Q
from django.db.models.functions import Coalesce

from drugcontrol.registry.access import Capability, Purpose, people_in_scope, record_people_shown, require
from drugcontrol.registry.actions.proposals import deregistration_proposals
from drugcontrol.registry.models import BreakGlassGrant, DuplicateCandidate, Facility, Person, Registration, Status

#: At most this many people on one worklist page (the most overdue first).
WORKLIST_LIMIT = 200


@dataclass
class WorklistRow:
    person: Person
    registered_on: date
    last_visit: date | None
    last_test: date | None
    visit_due: bool
    test_due: bool
    proposal: str = ""


@dataclass
class FacilityLine:
    facility: Facility
    on_register: int = 0
    visits_due: int = 0
    tests_due: int = 0
    proposals: int = 0


@dataclass
class Overview:
    lines: list[FacilityLine] = field(default_factory=list)
    duplicates_open: int = 0
    grants_to_review: int = 0

    @property
    def total(self) -> FacilityLine:
        line = FacilityLine(facility=Facility(name="—"))
        for each in self.lines:
            line.on_register += each.on_register
            line.visits_due += each.visits_due
            line.tests_due += each.tests_due
            line.proposals += each.proposals
        return line


def _cutoffs(today: date) -> tuple[date, date]:
    return (
        today - timedelta(days=int(settings.REGISTRY_VISIT_DUE_DAYS)),
        today - timedelta(days=int(settings.REGISTRY_TEST_DUE_DAYS)),
    )


def _people_on_register(people: Any) -> Any:
    """People with an open registration, with the dates the worklist needs."""
    return (
        people.filter(anonymised=False, registrations__status__in=[Status.ACTIVE, Status.REMISSION])
        .annotate(
            registered_on=Max("registrations__registered_on"),
            last_visit=Max("visits__visited_on"),
            last_test=Max("drug_tests__taken_on"),
        )
        .annotate(last_seen=Coalesce("last_visit", "registered_on"))
    )


def do_open_worklist(user: Any, today: date, *, remote_addr: str = "") -> list[WorklistRow]:
    """The people of the user's scope who are due something, the most overdue first; each one shown is audited."""
    require(user, Capability.PROPOSALS)
    visit_cutoff, test_cutoff = _cutoffs(today)
    scope = people_in_scope(user)
    proposals = {
        p.person_id: p.reason for p in deregistration_proposals(Registration.objects.filter(person__in=scope), today)
    }
    due = _people_on_register(scope).filter(
        Q(last_seen__lte=visit_cutoff)
        | Q(last_test__isnull=True)
        | Q(last_test__lte=test_cutoff)
        | Q(pk__in=list(proposals))
    )
    people = list(due.order_by("last_seen", "id")[:WORKLIST_LIMIT])
    record_people_shown(user, people, purpose=Purpose.WORKLIST, remote_addr=remote_addr)
    return [
        WorklistRow(
            person=p,
            registered_on=p.registered_on,
            last_visit=p.last_visit,
            last_test=p.last_test,
            visit_due=p.last_seen <= visit_cutoff,
            test_due=p.last_test is None or p.last_test <= test_cutoff,
            proposal=proposals.get(p.pk, ""),
        )
        for p in people
    ]


def regional_overview(user: Any, today: date) -> Overview:
    """Counts per facility of the chief's region: on the register, due a visit, due a test, proposed for
    deregistration; and what waits for the chief (duplicates, emergency accesses). No person is named."""
    profile = require(user, Capability.REVIEW_DUPLICATES)
    visit_cutoff, test_cutoff = _cutoffs(today)
    scope = people_in_scope(user)
    lines = {f.pk: FacilityLine(facility=f) for f in Facility.objects.filter(region_id=profile.region_id)}
    for person in _people_on_register(scope).values("id", "facility_id", "last_seen", "last_test").distinct():
        line = lines.setdefault(person["facility_id"], FacilityLine(facility=Facility(name="?")))
        line.on_register += 1
        line.visits_due += person["last_seen"] <= visit_cutoff
        line.tests_due += person["last_test"] is None or person["last_test"] <= test_cutoff
    facility_of = dict(scope.values_list("id", "facility_id"))
    for proposal in deregistration_proposals(Registration.objects.filter(person__in=scope), today):
        line = lines.get(facility_of.get(proposal.person_id, 0))
        if line is not None:
            line.proposals += 1
    return Overview(
        lines=sorted(lines.values(), key=lambda line: str(line.facility)),
        duplicates_open=DuplicateCandidate.objects.filter(
            state=DuplicateCandidate.State.OPEN,
            person_a__facility__region_id=profile.region_id,
            person_b__facility__region_id=profile.region_id,
        ).count(),
        grants_to_review=BreakGlassGrant.objects.filter(
            review_region_id=profile.region_id, reviewed_at__isnull=True
        ).count(),
    )
