"""The register as a topic of the aggregate tables: what each person adds to the counts of the statistics page.

Two measures. ``registrations``: one per open registration, by the person's responsible region (the scope a
regional chief sees), region of residence, sex, age group, diagnosis group (first three characters of the ICD-10
code) and status (under observation, or in remission from its date). ``people``: one per person with at least
one open registration, by scope, region, sex and age group: the headline counts people once.

The same rules as the count from the records (`query`): a registration is open from its registration date to the
day before its deregistration; merged records count nowhere; anonymised ones count by birth year. A person moves
from one age group to the next on the birthday that ends it (29 February birthdays on 1 March; with a birth year
only, on 1 January), so a timeline counts each period end at the age on that day.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import Any

from drugcontrol.aggregates import store
from drugcontrol.aggregates.topics import Facts, Flows, Key, add_interval, date_of_fact, fact_date, register
from drugcontrol.registry.models import Facility, Person, Region, Registration
from drugcontrol.registry.statistics.categories import AGE_GROUPS

TOPIC = "registry.register"
REGISTRATIONS = "registrations"
PEOPLE = "people"
CHUNK = 2000  # ids per query (well under SQLite's variable limit of 32,766)

_PERSON_FIELDS = ("pk", "facility__region_id", "region_id", "sex", "birth_date", "birth_year", "merged_into_id")
_REGISTRATION_FIELDS = ("person_id", "diagnosis_id", "registered_on", "remission_since", "deregistered_on")


def _birthday(birth_date: date | None, birth_year: int, age: int) -> date:
    """The first day on which the person is `age` years old (see `periods.years_before`)."""
    if birth_date is None:
        return date(birth_year + age, 1, 1)
    try:
        return birth_date.replace(year=birth_date.year + age)
    except ValueError:  # 29 February in a common year
        return date(birth_date.year + age, 3, 1)


def _by_age(start: date, end: date | None, birthdays: list[date]) -> Iterator[tuple[date, date | None, str]]:
    """[start, end) cut at the birthdays that change the age group, with the group of each piece."""
    group = sum(1 for day in birthdays if day <= start)
    for cut in birthdays[group:]:
        if end is not None and cut >= end:
            break
        yield start, cut, AGE_GROUPS[group][0]
        start, group = cut, group + 1
    yield start, end, AGE_GROUPS[group][0]


def _union(intervals: Iterable[tuple[date, date | None]]) -> list[tuple[date, date | None]]:
    merged: list[tuple[date, date | None]] = []
    for start, end in sorted(i for i in intervals if i[1] is None or i[1] > i[0]):
        if merged and (merged[-1][1] is None or start <= merged[-1][1]):
            last_end = merged[-1][1]
            merged[-1] = (merged[-1][0], None if end is None or last_end is None else max(end, last_end))
        else:
            merged.append((start, end))
    return merged


def person_facts(person: Sequence[Any], registrations: Sequence[Sequence[Any]]) -> Facts | None:
    """What a person's counts depend on (a row of `_PERSON_FIELDS` and their rows of `_REGISTRATION_FIELDS`), in
    a stable order; None for a merged record or one never registered, which count nowhere."""
    _pk, scope, region, sex, birth_date, birth_year, merged_into = person
    if merged_into is not None or not registrations:
        return None
    spans = sorted(
        ([diagnosis, fact_date(registered_on), fact_date(remission_since), fact_date(deregistered_on)]
         for _person, diagnosis, registered_on, remission_since, deregistered_on in registrations),
        key=lambda row: [value or "" for value in row],
    )  # fmt: skip
    return [scope, region, sex, fact_date(birth_date), birth_year, spans]


def add_person_flows(facts: Facts, flows: Flows) -> None:
    """Add the flows of one person's facts (see `person_facts`) to `flows`."""
    scope, region, sex, birth_date, birth_year, registrations = facts
    born = date_of_fact(birth_date)
    birthdays = [_birthday(born, birth_year, upper) for _key, _lo, upper in AGE_GROUPS if upper is not None]
    spans: list[tuple[date, date | None]] = []
    for diagnosis, registered, remission, deregistered in registrations:
        registered_on = date.fromisoformat(registered)  # a registration always has its date
        remission_since, deregistered_on = date_of_fact(remission), date_of_fact(deregistered)
        spans.append((registered_on, deregistered_on))
        active_end = deregistered_on
        if remission_since is not None and (deregistered_on is None or remission_since < deregistered_on):
            active_end = max(remission_since, registered_on)
        statuses = [("active", registered_on, active_end)]
        if remission_since is not None:
            statuses.append(("remission", max(remission_since, registered_on), deregistered_on))
        for status, start, end in statuses:
            if end is not None and end <= start:
                continue
            for a, b, group in _by_age(start, end, birthdays):
                add_interval(flows, a, b, Key(REGISTRATIONS, scope, region, "", sex, group, diagnosis[:3], status))
    for start, end in _union(spans):
        for a, b, group in _by_age(start, end, birthdays):
            add_interval(flows, a, b, Key(PEOPLE, scope, region, "", sex, group))


class RegisterTopic:
    """People on the register (see the module docstring); the scope is the responsible facility's region."""

    name = TOPIC

    def scopes(self) -> list[str]:
        return Region.codes()

    def facts(self, subjects: Sequence[int]) -> dict[int, Facts]:
        return _facts_of(list(Person.objects.filter(pk__in=list(subjects)).values_list(*_PERSON_FIELDS)))

    def facts_in(self, scope: str) -> Iterator[tuple[int, Facts]]:
        # the scope's people through the facility index, their registrations through the person index, a chunk at
        # a time: no pass over the whole register per scope
        facilities = list(Facility.objects.filter(region_id=scope).values_list("pk", flat=True))
        people = Person.objects.filter(facility_id__in=facilities, merged_into__isnull=True).order_by("pk")
        rows = list(people.values_list(*_PERSON_FIELDS))
        for first in range(0, len(rows), CHUNK):
            yield from _facts_of(rows[first : first + CHUNK]).items()

    def add_flows(self, facts: Facts, flows: Flows) -> None:
        add_person_flows(facts, flows)


def _facts_of(people: Sequence[Sequence[Any]]) -> dict[int, Facts]:
    """The facts of each of these people that counts (rows of `_PERSON_FIELDS`, at most CHUNK), with one query
    for their registrations."""
    registrations: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    ids = [row[0] for row in people]
    for row in Registration.objects.filter(person_id__in=ids).values_list(*_REGISTRATION_FIELDS):
        registrations[row[0]].append(row)
    out: dict[int, Facts] = {}
    for row in people:
        if (facts := person_facts(row, registrations[row[0]])) is not None:
            out[row[0]] = facts
    return out


REGISTER = register(RegisterTopic())


def refresh_register_counts(person_ids: Iterable[int | None]) -> None:
    """Recount these people in the statistics' aggregates; call at the end of the transaction that changed them."""
    store.refresh(REGISTER, [pk for pk in person_ids if pk is not None])
