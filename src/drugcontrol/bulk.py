"""Many rows into one table fast: COPY on PostgreSQL, batched multi-row INSERTs elsewhere (SQLite).

The one way the project writes rows in bulk outside the ORM (the synthetic register, the aggregate tables'
rebuild): an ORM save per row, or even `bulk_create`, costs minutes where COPY costs seconds.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection

BATCH = 5000


def write_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]], *, batch_size: int = BATCH) -> int:
    """Append `rows` (values in the order of `columns`) to `table`; returns how many were written.

    `table` and `columns` are the caller's constants (quoted here), never user input; values travel as COPY
    data or query parameters. Dates may be given as ISO strings.
    """
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    name = connection.ops.quote_name(table)
    count = 0
    if connection.vendor == "postgresql":
        # The raw psycopg cursor raises psycopg's own errors; the wrapper turns them into Django's.
        with (
            connection.wrap_database_errors,
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {name} ({quoted}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
                count += 1
        return count
    sql = f"INSERT INTO {name} ({quoted}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608 - constants
    batch: list[Sequence[Any]] = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(row)
            if len(batch) >= batch_size:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count
