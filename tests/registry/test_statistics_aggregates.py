"""The statistics page reads the aggregate tables: same figures as the count from the records, kept by the actions.

The records are the reference (`register_figures(..., source="records")`); the aggregates must give the same
published table, timeline and headline, and `check` must find nothing after the actions and something after a
change made behind their back.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from django.utils import timezone
from tests.registry.conftest import World, person_data
from typer.testing import CliRunner

from drugcontrol.aggregates.store import check
from drugcontrol.cli.main import app
from drugcontrol.registry.actions.duplicates import do_merge_people, do_undo_merge
from drugcontrol.registry.actions.people import do_create_person
from drugcontrol.registry.actions.registrations import (
    do_change_status,
    do_deregister,
    do_register_person,
    do_transfer_person,
)
from drugcontrol.registry.iin import make_iin
from drugcontrol.registry.models import Diagnosis, DuplicateCandidate, Person, Registration, Status
from drugcontrol.registry.statistics import query
from drugcontrol.registry.statistics.counts import REGISTER
from drugcontrol.registry.statistics.scope import StatisticsScope
from drugcontrol.registry.synthetic.load import do_load_synthetic

PAIRS = [
    ("region", "sex"),
    ("age_group", "diagnosis"),
    ("status", "region"),
    ("diagnosis", "status"),
    ("sex", "age_group"),
]
PHYSICIAN_OF = {"T-ALA-1": "physician_a", "T-ALA-2": "physician_a2", "T-AST-1": "physician_b"}


def _figures(as_of: date, rows: str, columns: str, source: str, *, region: str | None = None, threshold: int = 5):
    return query.register_figures(
        as_of,
        rows,
        columns,
        start=date(as_of.year - 1, as_of.month, 1),
        period="month",
        scope=StatisticsScope(region=region),
        threshold=threshold,
        source=source,
    )


def _assert_same_page(as_of: date, *, region: str | None = None) -> None:
    for rows, columns in PAIRS:
        for threshold in (1, 5):
            from_aggregates = _figures(as_of, rows, columns, "aggregates", region=region, threshold=threshold)
            from_records = _figures(as_of, rows, columns, "records", region=region, threshold=threshold)
            assert from_aggregates.table == from_records.table, (rows, columns, threshold)
            assert from_aggregates.headline == from_records.headline, (rows, columns, threshold)
            if columns != "age_group":  # the records take every period's age on `as_of`
                assert from_aggregates.series == from_records.series, (rows, columns, threshold)


@pytest.mark.django_db
def test_the_page_from_the_aggregates_is_the_page_from_the_records_on_synthetic_data() -> None:
    as_of = date(2025, 6, 30)
    do_load_synthetic(300, 0, seed=16, as_of=as_of)
    assert check(REGISTER) == []
    for day in (as_of, date(2025, 6, 17), date(2024, 2, 29)):
        _assert_same_page(day)
    _assert_same_page(as_of, region="KZ-75")


@pytest.mark.django_db
def test_a_timeline_of_age_groups_counts_each_period_end_at_the_age_on_that_day() -> None:
    as_of = date(2025, 6, 30)
    do_load_synthetic(300, 0, seed=7, as_of=as_of)
    series = _figures(as_of, "sex", "age_group", "aggregates", threshold=1).series
    for i, end in enumerate(series.row_keys):
        on_that_day = _figures(date.fromisoformat(end), "sex", "age_group", "records", threshold=1).table
        assert series.published.cells[i] == on_that_day.published.column_totals


def _day_after(first: date, today: date, rng: random.Random) -> date:
    return first + timedelta(days=rng.randrange(max(1, (today - first).days)))


def _people(world: World) -> list[Person]:
    """Twelve people in three facilities (a minor, 29 February and year-end birthdays) and a twin of the first."""
    people: list[Person] = []
    births = [date(2008, 2, 29), date(2010, 7, 1), date(1970, 1, 1), date(1999, 12, 31), date(2001, 3, 1)]
    for i in range(12):
        born = births[i % len(births)] + timedelta(days=37 * i)
        sex = "F" if i % 3 else "M"
        facility = ["T-ALA-1", "T-ALA-2", "T-AST-1"][i % 3]
        region = "KZ-71" if facility == "T-AST-1" else "KZ-75"
        data = person_data(
            last_name=f"Тестов{i}", birth_date=born, sex=sex, region=region, iin=make_iin(born, sex, 100 + i)
        )
        people.append(do_create_person(data, actor=world.users[PHYSICIAN_OF[facility]]))
    # a twin of the first person (no IIN, passport) becomes a duplicate candidate
    twin = do_create_person(
        person_data(iin="", document_type="passport", document_number="N9", last_name="Тестов0", birth_date=births[0]),
        actor=world.users["physician_a"],
    )
    people.append(twin)
    return people


def _random_mix(world: World, people: list[Person], rng: random.Random, steps: int) -> None:
    today = timezone.localdate()
    codes = list(Diagnosis.objects.filter(active=True).values_list("code", flat=True))[:6]
    twin = people[-1]

    def actor_of(person: Person) -> object:
        person.refresh_from_db()
        return world.users[PHYSICIAN_OF[person.facility.code]]

    for _step in range(steps):
        person = rng.choice(people)
        person.refresh_from_db()
        if person.merged_into_id is not None:
            continue
        open_ones = list(person.registrations.exclude(status=Status.DEREGISTERED))
        kind = rng.choice(["register", "register", "remission", "deregister", "transfer"])
        if kind == "transfer" and person.pk in (people[0].pk, twin.pk):  # the merge needs both in one region
            kind = "register"
        start = max(person.birth_date or date(2000, 1, 1), today - timedelta(days=900))
        if kind == "register" or not open_ones:
            day = start + timedelta(days=rng.randrange(max(1, (today - start).days)))
            do_register_person(
                person, diagnosis=rng.choice(codes), registered_on=day, grounds="voluntary", actor=actor_of(person)
            )
        elif kind == "remission":
            registration = rng.choice(open_ones)
            day = registration.registered_on + timedelta(
                days=rng.randrange(max(1, (today - registration.registered_on).days))
            )
            do_change_status(registration, status=Status.REMISSION, changed_on=day, actor=actor_of(person))
        elif kind == "deregister":
            registration = rng.choice(open_ones)
            day = registration.registered_on + timedelta(
                days=rng.randrange(max(1, (today - registration.registered_on).days))
            )
            do_deregister(registration, reason="remission", deregistered_on=day, actor=actor_of(person))
        else:
            target = rng.choice([code for code in PHYSICIAN_OF if code != person.facility.code])
            do_transfer_person(person, to_facility=target, transferred_on=today, reason="moved", actor=actor_of(person))


def test_check_finds_nothing_after_a_random_mix_of_actions_and_a_merge_with_its_undo(world: World) -> None:
    rng = random.Random(16)
    people = _people(world)
    _random_mix(world, people, rng, 60)
    assert check(REGISTER) == []
    candidate = DuplicateCandidate.objects.filter(state=DuplicateCandidate.State.OPEN).first()
    assert candidate is not None
    merge = do_merge_people(candidate, keep=candidate.person_b_id, actor=world.users["chief_a"])
    assert check(REGISTER) == []
    _assert_same_page(timezone.localdate())
    do_undo_merge(merge, actor=world.users["chief_a"])
    _random_mix(world, people, rng, 30)
    assert check(REGISTER) == []
    _assert_same_page(timezone.localdate())


def test_check_finds_a_change_made_behind_the_actions_back_and_rebuild_repairs_it(world: World) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["aggregates", "check"]).exit_code == 0
    Registration.objects.filter(pk=world.registration.pk).update(registered_on=date(2020, 1, 15))
    differences = check(REGISTER)
    assert {d.day for d in differences if d.table == "flow"} >= {date(2020, 1, 15)}
    result = runner.invoke(app, ["aggregates", "check"])
    assert result.exit_code == 1 and "2020-01-15" in result.output
    rebuilt = runner.invoke(app, ["aggregates", "rebuild"])
    assert rebuilt.exit_code == 0, rebuilt.output
    assert check(REGISTER) == []
    assert runner.invoke(app, ["aggregates", "check"]).exit_code == 0


def _stored_counts() -> dict[str, set[tuple]]:
    """Every non-zero count and every subject's ledger, as sets of rows (the ids and zero rows left out)."""
    from drugcontrol.aggregates.models import KEY_FIELDS, Contribution, Flow, Stock

    ledger = {(c.subject, repr(c.facts)) for c in Contribution.objects.all()}
    return {
        "flow": set(Flow.objects.exclude(n=0).values_list("topic", "day", *KEY_FIELDS, "n")),
        "stock": set(Stock.objects.exclude(n=0).values_list("topic", "month_end", *KEY_FIELDS, "n")),
        "contribution": ledger,
    }


def test_the_set_based_rebuild_writes_what_the_actions_kept_and_the_actions_go_on_from_it(world: World) -> None:
    from drugcontrol.aggregates.store import rebuild

    rng = random.Random(61)
    people = _people(world)
    _random_mix(world, people, rng, 50)
    candidate = DuplicateCandidate.objects.filter(state=DuplicateCandidate.State.OPEN).first()
    assert candidate is not None
    do_merge_people(candidate, keep=candidate.person_b_id, actor=world.users["chief_a"])
    kept_by_the_actions = _stored_counts()
    assert kept_by_the_actions["flow"] and kept_by_the_actions["stock"]
    counted = rebuild(REGISTER)
    assert _stored_counts() == kept_by_the_actions
    assert counted == len(kept_by_the_actions["contribution"])
    _random_mix(world, people, rng, 20)
    assert check(REGISTER) == []
    _assert_same_page(timezone.localdate())
