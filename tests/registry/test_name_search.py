"""Fuzzy name search on PostgreSQL: nearest first from the GiST index, ties by id, never wider than the scope."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection

from drugcontrol.registry.models import Person
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
