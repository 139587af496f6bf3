"""Demo data: one facility per region, one user per role, and a handful of synthetic people (never real).

Idempotent: `drugcontrol setup` and `serve` call it on every start.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from drugcontrol.audit.actions import do_record_event
from drugcontrol.registry.actions.duplicates import record_candidates_for
from drugcontrol.registry.iin import generate_iin
from drugcontrol.registry.matching import name_fields, name_key
from drugcontrol.registry.models import (
    DrugTest,
    Facility,
    Grounds,
    OstDose,
    Person,
    Region,
    Registration,
    Role,
    StaffProfile,
    Status,
    StatusChange,
    TreatmentEpisode,
    Visit,
)
from drugcontrol.registry.statistics.counts import refresh_register_counts

DEMO_PASSWORD = "drugcontrol-demo"  # noqa: S105 - the documented local demo login, created only with --demo


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    facility: str = ""
    region: str = ""


DEMO_USERS = (
    DemoUser("physician", Role.PHYSICIAN, facility="NC-75"),
    DemoUser("physician_astana", Role.PHYSICIAN, facility="NC-71"),
    DemoUser("physician_shymkent", Role.PHYSICIAN, facility="NC-79"),  # so that every demo person can be found
    DemoUser("chief", Role.CHIEF, region="KZ-75"),
    DemoUser("analyst", Role.ANALYST),
    DemoUser("police", Role.POLICE),
    DemoUser("registry_admin", Role.ADMIN),
)

# Synthetic people: invented combinations of common names; birth dates and IINs are random (seeded).
DEMO_PEOPLE = (
    ("Ахметов", "Ерлан", "Серикович", "M", date(1988, 4, 12), "NC-75", "F11.2"),
    ("Иванова", "Ольга", "Петровна", "F", date(1995, 11, 3), "NC-75", "F15.2"),
    ("Сейткали", "Нұрлан", "Болатұлы", "M", date(1979, 1, 30), "NC-75", "F12.2"),
    ("Ким", "Виктор", "Александрович", "M", date(2001, 7, 19), "NC-75", "F19.2"),
    ("Жумабаева", "Айгерим", "Маратқызы", "F", date(1992, 2, 8), "NC-71", "F11.2"),
    ("Петров", "Денис", "Игоревич", "M", date(1985, 9, 25), "NC-71", "F12.1"),
    ("Омаров", "Тимур", "", "M", date(2007, 5, 14), "NC-79", "F18.2"),
)


def _facilities() -> dict[str, Facility]:
    result = {}
    for region in Region.objects.all():
        code = "NC-" + region.code.split("-")[1]
        facility, _ = Facility.objects.get_or_create(
            code=code,
            defaults={"name": f"Центр психического здоровья — {region.name_ru}", "region": region},
        )
        result[code] = facility
    return result


def _users() -> dict[str, StaffProfile]:
    user_model = get_user_model()
    profiles = {}
    for spec in DEMO_USERS:
        user = user_model.objects.filter(username=spec.username).first()
        if user is None:
            user = user_model.objects.create_user(username=spec.username, password=DEMO_PASSWORD)
        facility = Facility.objects.filter(code=spec.facility).first() if spec.facility else None
        region_code = spec.region or (facility.region_id if facility else "")
        profile, _ = StaffProfile.objects.get_or_create(
            user=user, defaults={"role": spec.role, "facility": facility, "region_id": region_code or None}
        )
        profiles[spec.username] = profile
    return profiles


def _person(rng: random.Random, row: tuple, facility: Facility) -> Person:
    last, first, patronymic, sex, born, _code, _diagnosis = row
    return Person.objects.create(
        iin=generate_iin(born, sex, rng),
        document_type="id_card",
        document_number=f"0{rng.randrange(10**8):08d}",
        **name_fields(last, first, patronymic),
        birth_date=born,
        birth_year=born.year,
        sex=sex,
        region=facility.region,
        facility=facility,
        address="ул. Примерная, 1",
        phone="+7 700 000 00 00",
    )


def _care(person: Person, facility: Facility, physician: object, diagnosis: str, today: date, index: int) -> None:
    registered = today - timedelta(days=400 + 90 * index)
    registration = Registration.objects.create(
        person=person,
        diagnosis_id=diagnosis,
        registered_on=registered,
        grounds=[Grounds.VOLUNTARY, Grounds.REFERRAL, Grounds.COURT][index % 3],
        facility=facility,
        physician=physician,
        last_contact_on=today - timedelta(days=30),
    )
    StatusChange.objects.create(registration=registration, changed_on=registered, to_status=Status.ACTIVE)
    Visit.objects.create(
        person=person, registration=registration, visited_on=today - timedelta(days=30), facility=facility
    )
    DrugTest.objects.create(
        person=person,
        registration=registration,
        taken_on=today - timedelta(days=30),
        substance="морфин" if diagnosis.startswith("F11") else "каннабиноиды",
        method=DrugTest.Method.URINE_IMMUNOASSAY,
        result=DrugTest.Result.NEGATIVE if index % 2 else DrugTest.Result.POSITIVE,
        facility=facility,
    )
    if diagnosis.startswith("F11"):
        episode = TreatmentEpisode.objects.create(
            person=person,
            registration=registration,
            kind=TreatmentEpisode.Kind.OST,
            started_on=registered + timedelta(days=14),
            facility=facility,
        )
        for day in range(3):
            OstDose.objects.create(
                person=person,
                treatment=episode,
                given_on=today - timedelta(days=day + 1),
                medication=OstDose.Medication.METHADONE,
                dose_mg=Decimal(60),
            )
    if index == 2:
        registration.status = Status.REMISSION
        registration.remission_since = today - timedelta(days=3 * 365 + 30)
        registration.save(update_fields=["status", "remission_since"])
        StatusChange.objects.create(
            registration=registration,
            changed_on=registration.remission_since,
            from_status=Status.ACTIVE,
            to_status=Status.REMISSION,
        )


def do_load_registry_demo(*, actor: str) -> str:
    """Facilities, demo users and synthetic people; returns a one-line report."""
    with transaction.atomic():
        facilities = _facilities()
        profiles = _users()
        if Person.objects.exists():
            return f"registry demo: {len(facilities)} facilities, {len(profiles)} users (people already present)"
        rng = random.Random(20250101)  # noqa: S311 - synthetic demo data, not security
        today = timezone.localdate()
        physicians = {p.facility.code: p.user for p in profiles.values() if p.role == Role.PHYSICIAN}
        people = []
        for index, row in enumerate(DEMO_PEOPLE):
            facility = facilities[row[5]]
            person = _person(rng, row, facility)
            _care(person, facility, physicians.get(row[5]), row[6], today, index)
            people.append(person)
        # A probable duplicate: the first person again, typed in Latin, with no IIN and a day/month swap.
        first = people[0]
        twin = Person.objects.create(
            document_type="passport",
            document_number="N12345678",
            last_name="AKHMETOV",
            first_name="YERLAN",
            last_name_latin="AKHMETOV",
            first_name_latin="YERLAN",
            name_key=name_key("AKHMETOV", "YERLAN"),
            birth_date=first.birth_date.replace(month=first.birth_date.day, day=first.birth_date.month),
            birth_year=first.birth_date.year,
            sex="M",
            region=first.region,
            facility=first.facility,
        )
        record_candidates_for(twin)
        refresh_register_counts([*(p.pk for p in people), twin.pk])
        do_record_event(actor=actor, action="registry.demo.load", details={"people": len(people) + 1})
    return f"registry demo: {len(facilities)} facilities, {len(profiles)} users, {len(people) + 1} synthetic people"
