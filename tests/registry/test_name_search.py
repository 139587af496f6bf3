"""Fuzzy name search on PostgreSQL: nearest names first from the table of distinct names, ties by id, never wider
than the scope; the table counts every person through inserts, renames and deletions."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection

from drugcontrol.registry.models import Person, Registration
from drugcontrol.registry.name_search import search_people
from drugcontrol.registry.synthetic.load import do_load_synthetic

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram search runs on PostgreSQL only"),
]


@pytest.fixture
def named() -> dict[str, list[int]]:
    """Twelve people renamed into three groups: exact twins, a near spelling, and a name far from the query."""
    do_load_synthetic(12, 0, seed=31, as_of=date(2025, 1, 1))
    ids = list(Person.objects.order_by("-id").values_list("id", flat=True))  # reversed, so id order is not load order
    groups = {"iskakov oljas": ids[:4], "iskakov olzhas": ids[4:7], "zhumabaev daniyar": ids[7:]}
    for name_key, members in groups.items():
        Person.objects.filter(id__in=members).update(name_key=name_key)
    return groups


def _full_sort(people_ids: list[int], key: str, limit: int) -> list[int]:
    # The definition of the order, sorting every match: what the index-ordered search must reproduce.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM registry_person WHERE id = ANY(%s) AND name_key %% %s "
            "ORDER BY similarity(name_key, %s) DESC, id LIMIT %s",
            [people_ids, key, key, limit],
        )
        return [row[0] for row in cursor.fetchall()]


def test_exact_name_first_then_near_spelling_ties_by_id(named: dict[str, list[int]]) -> None:
    found = [p.id for p in search_people(Person.objects.all(), "Искаков Олжас", limit=20)]
    # the Cyrillic query folds to "iskakov oljas": the four twins (similarity 1) lead in id order, then the near
    # spelling; the far name is below pg_trgm's 0.3 threshold and never appears
    assert found == sorted(named["iskakov oljas"]) + sorted(named["iskakov olzhas"])
    assert found == _full_sort(list(Person.objects.values_list("id", flat=True)), "iskakov oljas", 20)


def test_limit_cutting_a_tie_keeps_the_lowest_ids(named: dict[str, list[int]]) -> None:
    found = [p.id for p in search_people(Person.objects.all(), "iskakov oljas", limit=2)]
    assert found == sorted(named["iskakov oljas"])[:2]
    found = [p.id for p in search_people(Person.objects.all(), "iskakov oljas", limit=5)]
    assert found == [*sorted(named["iskakov oljas"]), min(named["iskakov olzhas"])]


def test_search_stays_inside_the_callers_queryset(named: dict[str, list[int]]) -> None:
    hidden = min(named["iskakov oljas"])
    scope = Person.objects.exclude(id=hidden)
    found = search_people(scope, "iskakov oljas", limit=3)
    assert [p.id for p in found] == sorted(named["iskakov oljas"])[1:]
    assert all(isinstance(p, Person) for p in found)


def test_a_narrow_scope_widens_the_names_until_the_limit_is_filled(named: dict[str, list[int]]) -> None:
    # the nearest names hold no one in scope: only the people of farther names may come, in (distance, id) order
    do_load_synthetic(40, 0, seed=32, as_of=date(2025, 1, 1))
    Person.objects.filter(id__in=list(Person.objects.order_by("id").values_list("id", flat=True)[12:])).update(
        name_key="iskakov oljas"
    )
    scope = Person.objects.exclude(name_key__in=["iskakov oljas"])
    expected = _full_sort(list(scope.values_list("id", flat=True)), "iskakov oljas", 3)
    found = [p.id for p in search_people(scope, "iskakov oljas", limit=3)]
    assert found == expected == sorted(named["iskakov olzhas"])


def _names_table() -> list[tuple[str, int]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name_key, people FROM registry_person_name ORDER BY name_key")
        return cursor.fetchall()


def _names_counted() -> list[tuple[str, int]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name_key, COUNT(*) FROM registry_person GROUP BY name_key ORDER BY name_key")
        return cursor.fetchall()


def test_the_names_table_counts_every_person_through_loads_renames_and_deletions(
    named: dict[str, list[int]],
) -> None:
    assert dict(_names_table())["iskakov oljas"] == 4
    do_load_synthetic(25, 0, seed=33, as_of=date(2025, 1, 1))  # a bulk load by COPY
    assert _names_table() == _names_counted()
    # one person renamed through the model, a group through a bulk update, a few deleted
    person = Person.objects.get(id=named["iskakov olzhas"][0])
    person.name_key = "iskakov oljas"
    person.save(update_fields=["name_key"])
    Person.objects.filter(id__in=named["zhumabaev daniyar"]).update(name_key="anon")
    Registration.objects.filter(person_id__in=named["iskakov olzhas"][1:]).delete()
    Person.objects.filter(id__in=named["iskakov olzhas"][1:]).delete()
    Person.objects.filter(id=named["iskakov oljas"][0]).update(sex="F")  # no name changed: nothing to count
    table = dict(_names_table())
    assert table["iskakov oljas"] == 5
    assert "iskakov olzhas" not in table and "zhumabaev daniyar" not in table  # the last person left: no trace
    assert table["anon"] == len(named["zhumabaev daniyar"])
    assert _names_table() == _names_counted()
