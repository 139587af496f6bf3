"""Fuzzy search of people by name, whatever the script it was typed in.

The query is folded like the stored name key (Cyrillic and Latin spellings meet), then matched by trigram
similarity on PostgreSQL and by plain substring matching elsewhere (SQLite in development and tests). On
PostgreSQL the nearest *names* come first from the table of distinct names of migration 0009 (names repeat, so it
is far smaller than the register) and their people from the btree on `name_key`; pg_trgm's `%` operator keeps the
minimum similarity. Callers pass a queryset already limited to what the user may see (the access gate's
`people_in_scope`), so search never widens scope.
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
    """Most similar first, ties by id: the same rows as sorting every match by (distance, id).

    The nearest `width` names are taken WITH TIES, so every name left out is farther than every name taken; once
    their people in `people` fill `limit`, no one left out can come before them. Otherwise (a narrow scope, or
    few people per name) the width grows until the names run out. It starts at one name: a common name alone
    usually fills the page.
    """
    from django.contrib.postgres.search import TrigramDistance

    width = 1
    while True:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name_key FROM registry_person_name WHERE name_key %% %s ORDER BY name_key <-> %s "
                "FETCH FIRST %s ROWS WITH TIES",
                [key, key, width],
            )
            names = [row[0] for row in cursor.fetchall()]
        found = list(
            people.filter(name_key__in=names)
            .annotate(distance=TrigramDistance("name_key", key))
            .order_by("distance", "id")[:limit]
        )
        if len(found) == limit or len(names) < width:
            return found
        width *= 8
