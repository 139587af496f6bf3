"""Write synthetic people and events into the register fast: COPY on PostgreSQL, large bulk inserts elsewhere.

A million people and ten million events take minutes with COPY (`psycopg`'s `cursor.copy()`), where one
ORM save per row would take hours. Primary keys are allocated up front (the sequence is moved past them), so
events can point at their person and registration without reading anything back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, connection, models, transaction
from django.db.models import Max
from django.utils import timezone

from drugcontrol.aggregates.store import rebuild
from drugcontrol.audit.actions import do_record_event
from drugcontrol.bulk import write_rows
from drugcontrol.registry.models import (
    DrugTest,
    Facility,
    OstDose,
    Person,
    Region,
    Registration,
    TreatmentEpisode,
    Visit,
)
from drugcontrol.registry.statistics.counts import REGISTER
from drugcontrol.registry.synthetic.generate import (
    SyntheticEvent,
    SyntheticPerson,
    event_counts,
    generate_events_of_kind,
    generate_people,
)

Progress = Callable[[str, int], None]


class SyntheticLoadError(RuntimeError):
    """The synthetic data could not be written (for example an IIN already on the register)."""


@dataclass(frozen=True)
class LoadSummary:
    people: int
    registrations: int
    events: dict[str, int]
    backend: str


def _facilities() -> dict[str, int]:
    """One dispensary per region (the demo data's codes), created when missing."""
    result = {}
    for region in Region.objects.all():
        code = "NC-" + region.code.split("-")[1]
        facility, _created = Facility.objects.get_or_create(
            code=code, defaults={"name": f"Центр психического здоровья — {region.name_ru}", "region": region}
        )
        result[region.code] = facility.pk
    return result


def _next_id(model: type[models.Model]) -> int:
    return (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1


def _fill_defaults(model: type[models.Model], given: Sequence[str]) -> tuple[list[str], list[Any]]:
    """Columns not given explicitly, with the value a plain save would write (defaults, auto_now times)."""
    names, values = [], []
    now = timezone.now()
    for field in model._meta.concrete_fields:
        if field.primary_key or field.name in given:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value: Any = now
        elif field.has_default():
            value = field.get_default()
        elif field.null:
            value = None
        elif field.empty_strings_allowed and field.blank:
            value = ""
        else:
            raise SyntheticLoadError(f"{model.__name__}.{field.name} has no default; the generator must fill it")
        names.append(field.name)
        values.append(value)
    return names, values


class _Writer:
    """Rows in, one table out: COPY on PostgreSQL, bulk_create in batches on other databases."""

    def __init__(self, model: type[models.Model], fields: Sequence[str], *, batch_size: int) -> None:
        self.model = model
        extra_names, self.extra_values = _fill_defaults(model, fields)
        self.fields = ["id", *fields, *extra_names]
        self.attnames = [model._meta.get_field(f).attname for f in self.fields]
        self.batch_size = batch_size

    def write(self, rows: Iterable[tuple[Any, ...]]) -> int:
        if connection.vendor == "postgresql":
            return self._copy(rows)
        return self._bulk(rows)

    def _copy(self, rows: Iterable[tuple[Any, ...]]) -> int:
        meta = self.model._meta
        extra = tuple(self.extra_values)
        columns = [meta.get_field(f).column for f in self.fields]
        return write_rows(meta.db_table, columns, (row + extra for row in rows))

    def _bulk(self, rows: Iterable[tuple[Any, ...]]) -> int:
        count = 0
        batch: list[models.Model] = []
        extra = tuple(self.extra_values)
        for row in rows:
            batch.append(self.model(**dict(zip(self.attnames, row + extra, strict=True))))
            if len(batch) >= self.batch_size:
                self.model.objects.bulk_create(batch)
                count += len(batch)
                batch = []
        if batch:
            self.model.objects.bulk_create(batch)
            count += len(batch)
        return count


def _reset_sequence(model: type[models.Model]) -> None:
    if connection.vendor != "postgresql":
        return
    from django.core.management.color import no_style

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [model]):
            cursor.execute(sql)


_PERSON_FIELDS = (
    "iin", "last_name", "first_name", "patronymic", "last_name_latin", "first_name_latin", "patronymic_latin",
    "name_key", "birth_date", "birth_year", "sex", "region", "facility",
)  # fmt: skip
_REGISTRATION_FIELDS = (
    "person", "diagnosis", "registered_on", "grounds", "facility", "status", "remission_since", "last_contact_on",
    "deregistered_on",
)  # fmt: skip


def _person_rows(
    people: Iterable[SyntheticPerson],
    first_id: int,
    first_registration: int,
    facility_of: dict[str, int],
    registrations: list[tuple[Any, ...]],
    registered: list[tuple[date, str]],
) -> Iterator[tuple[Any, ...]]:
    """Rows of the people. Each one's registration row is kept in `registrations` (one COPY runs at a time, and
    generating the people again would cost as much) and its date and region in `registered`, for the events."""
    for p in people:
        registered.append((p.registered_on, p.region))
        registrations.append((
            first_registration + p.index, first_id + p.index, p.diagnosis, p.registered_on, p.grounds,
            facility_of[p.region], p.status, p.remission_since, p.deregistered_on or p.remission_since,
            p.deregistered_on,
        ))  # fmt: skip
        yield (
            first_id + p.index, p.iin, p.last_name, p.first_name, p.patronymic, p.last_name_latin,
            p.first_name_latin, p.patronymic_latin, p.name_key, p.birth_date, p.birth_date.year, p.sex,
            p.region, facility_of[p.region],
        )  # fmt: skip


def do_load_synthetic(
    people: int,
    events: int,
    *,
    seed: int,
    as_of: date | None = None,
    batch_size: int = 5000,
    progress: Progress | None = None,
    actor: Any = "synthetic-data",
    aggregates: bool = True,
) -> LoadSummary:
    """Generate and write `people` people (one registration each) and `events` events, in one transaction.

    The statistics' aggregates are rebuilt in the same transaction (bulk rows bypass the actions); a caller that
    times the rebuild itself passes ``aggregates=False`` and rebuilds afterwards.
    """
    if people < 0 or events < 0:
        raise SyntheticLoadError(f"counts must be zero or more. Got people={people}, events={events}.")
    if events and not people:
        raise SyntheticLoadError("events need people: give --people as well")
    day = as_of or timezone.localdate()
    report = progress or (lambda _stage, _n: None)
    try:
        with transaction.atomic():
            facility_of = _facilities()
            first_person, first_registration = _next_id(Person), _next_id(Registration)
            registrations: list[tuple[Any, ...]] = []
            registered: list[tuple[date, str]] = []
            written = _Writer(Person, _PERSON_FIELDS, batch_size=batch_size).write(
                _person_rows(
                    generate_people(people, seed=seed, as_of=day), first_person, first_registration, facility_of,
                    registrations, registered,
                )
            )  # fmt: skip
            report("people", written)
            _Writer(Registration, _REGISTRATION_FIELDS, batch_size=batch_size).write(registrations)
            report("registrations", written)
            del registrations
            counts = _write_events(
                people, events, seed, day, registered, first_person, first_registration, facility_of, batch_size
            )
            report("events", sum(counts.values()))
            for model in (Person, Registration, Visit, DrugTest, TreatmentEpisode, OstDose):
                _reset_sequence(model)
            if aggregates:
                rebuild(REGISTER)
            do_record_event(
                actor=actor,
                action="registry.synthetic.load",
                object_type="registry.synthetic",
                details={"people": written, "events": counts, "seed": seed, "as_of": day.isoformat()},
            )
    except IntegrityError as exc:
        raise SyntheticLoadError(
            f"the synthetic data collides with rows already in the database ({exc}); use another --seed"
        ) from exc
    return LoadSummary(people=written, registrations=written, events=counts, backend=connection.vendor)


def _write_events(
    people: int,
    events: int,
    seed: int,
    day: date,
    registered: list[tuple[date, str]],
    first_person: int,
    first_registration: int,
    facility_of: dict[str, int],
    batch_size: int,
) -> dict[str, int]:
    """Each kind of event goes to its own table; the generator is replayed once per table (same seed)."""
    dates = [r[0] for r in registered]
    regions = [r[1] for r in registered]

    shares = event_counts(events)

    def stream(kind: str) -> Iterator[SyntheticEvent]:
        return generate_events_of_kind(kind, people, shares[kind], seed=seed, as_of=day, registered_on=dates)

    def ids(e: SyntheticEvent) -> tuple[int, int, int]:
        return first_person + e.person_index, first_registration + e.person_index, facility_of[regions[e.person_index]]

    counts: dict[str, int] = {}
    if not events:
        return {kind: 0 for kind in ("visit", "drug_test", "treatment", "ost_dose")}
    next_visit, next_test = _next_id(Visit), _next_id(DrugTest)
    next_treatment, next_dose = _next_id(TreatmentEpisode), _next_id(OstDose)
    counts["visit"] = _Writer(
        Visit, ("person", "registration", "facility", "visited_on", "kind"), batch_size=batch_size
    ).write((next_visit + i, *ids(e), e.on, e.detail) for i, e in enumerate(stream("visit")))
    counts["drug_test"] = _Writer(
        DrugTest, ("person", "registration", "facility", "taken_on", "substance", "method", "result"),
        batch_size=batch_size,
    ).write(
        (next_test + i, *ids(e), e.on, e.detail, "urine_ia", e.value) for i, e in enumerate(stream("drug_test"))
    )  # fmt: skip
    counts["treatment"] = _Writer(
        TreatmentEpisode, ("person", "registration", "facility", "kind", "started_on", "ended_on"),
        batch_size=batch_size,
    ).write(
        (next_treatment + i, *ids(e), e.detail, e.on, date.fromisoformat(e.value) if e.value else None)
        for i, e in enumerate(stream("treatment"))
    )  # fmt: skip
    counts["ost_dose"] = _Writer(OstDose, ("person", "given_on", "medication", "dose_mg"), batch_size=batch_size).write(
        (next_dose + i, first_person + e.person_index, e.on, e.detail, Decimal(e.value))
        for i, e in enumerate(stream("ost_dose"))
    )
    return counts
