"""Fuzzy search of people by name, whatever the script it was typed in.

The query is folded like the stored name key (Cyrillic and Latin spellings meet), then matched by trigram
similarity on PostgreSQL and by plain substring matching elsewhere (SQLite in development and tests). On
PostgreSQL the rows come nearest first (`ORDER BY name_key <-> key`) straight from the GiST index of migration
0004, so a common surname matching a large part of the registry costs about `limit` rows instead of a sort of
every match; pg_trgm's `%` operator keeps the minimum similarity. Callers pass a queryset already limited to
what the user may see (the access gate's `people_in_scope`), so search never widens scope.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Lookup, QuerySet

from drugcontrol.registry import messages as M
from drugcontrol.registry.errors import RegistryError
from drugcontrol.registry.matching import fold_name
from drugcontrol.registry.models import Person

DEFAULT_LIMIT = 20


class _TrigramSimilar(Lookup):
    """pg_trgm's `%` operator (what django.contrib.postgres offers, without installing that app)."""

    lookup_name = "trigram_similar"

    def as_sql(self, compiler, connection):  # type: ignore[no-untyped-def]
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} %% {rhs}", [*lhs_params, *rhs_params]


Person._meta.get_field("name_key").register_lookup(_TrigramSimilar)


def search_key(text: str) -> str:
    """The folded form of a typed name (any parts, any order of scripts)."""
    key = " ".join(part for part in (fold_name(word) for word in text.split()) if part)
    if len(key.replace(" ", "")) < 3:
        raise RegistryError(M.NAME_QUERY_TOO_SHORT, field="q")
    return key


def search_people(people: QuerySet[Person], text: str, *, limit: int = DEFAULT_LIMIT) -> list[Person]:
    """The people of `people` whose name resembles `text`, most similar first."""
    key = search_key(text)
    if connection.vendor == "postgresql":
        return _nearest_on_postgres(people, key, limit)
    matches = people
    for part in key.split():
        matches = matches.filter(name_key__icontains=part)
    return list(matches.order_by("name_key", "id")[:limit])


def _nearest_on_postgres(people: QuerySet[Person], key: str, limit: int) -> list[Person]:
    """Most similar first, ties by id, read in index order.

    PostgreSQL 15 walks the GiST index in distance order only when distance is the whole ORDER BY, so the
    nearest `limit` rows are taken WITH TIES (the whole last group of equal distance) and only those few are
    sorted by (distance, id): the same rows as sorting every match, without reading every match.
    """
    from django.contrib.postgres.search import TrigramDistance

    nearest = (
        people.filter(name_key__trigram_similar=key)
        .annotate(distance=TrigramDistance("name_key", key))
        .order_by("distance")
        .values("id", "distance")
    )
    sql, params = nearest.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM ({sql} FETCH FIRST %s ROWS WITH TIES) AS nearest ORDER BY distance, id LIMIT %s",  # noqa: S608 - sql is compiled by the ORM, values are parameters
            [*params, limit, limit],
        )
        ids = [row[0] for row in cursor.fetchall()]
    found = people.in_bulk(ids)
    return [found[person_id] for person_id in ids]
