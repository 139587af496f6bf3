"""Apply flows, refresh subjects, rebuild and check a topic, and read the number open on given days.

`apply` is an upsert (``INSERT … ON CONFLICT … DO UPDATE SET n = n + excluded.n``, the same SQL on PostgreSQL
and SQLite), so concurrent actions on different people add up instead of overwriting each other; it must run
inside the transaction of the change it counts.
"""

from __future__ import annotations

import calendar
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import groupby, islice
from typing import Any

from django.db import connection, transaction
from django.db.models import Max, Sum
from django.utils import timezone

from drugcontrol.aggregates.models import KEY_FIELDS, Contribution, Flow, Horizon, Stock
from drugcontrol.aggregates.topics import SUBJECTS_PER_QUERY, Facts, Flows, Key, Topic
from drugcontrol.bulk import write_rows

HORIZON_MONTHS = 24
BATCH = 5000


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def month_ends(first: date, last: date) -> list[date]:
    """Every month end from `first`'s month to `last`'s, both included."""
    out: list[date] = []
    day = month_end(first)
    while day <= last:
        out.append(day)
        day = month_end(day + timedelta(days=1))
    return out


def _horizon_default() -> date:
    today = timezone.localdate()
    year, month = divmod(today.month - 1 + HORIZON_MONTHS, 12)
    return month_end(date(today.year + year, month + 1, 1))


def horizon(topic: str) -> date:
    row, _created = Horizon.objects.get_or_create(topic=topic, defaults={"until": _horizon_default()})
    return row.until


def _stock_of(flows: Flows, until: date) -> Counter[tuple[date, Key]]:
    """The change of every month end's stock that `flows` make, up to `until`."""
    stock: Counter[tuple[date, Key]] = Counter()
    for (day, key), n in flows.items():
        if n:
            for end in month_ends(day, until):
                stock[(end, key)] += n
    return stock


def _upsert(table: str, date_column: str, topic: str, rows: Counter[tuple[date, Key]]) -> None:
    columns = ["topic", date_column, *KEY_FIELDS]
    # Table and column names are this module's constants; the values are parameters.
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}, n) VALUES ({', '.join(['%s'] * (len(columns) + 1))}) "  # noqa: S608
        f"ON CONFLICT ({', '.join(columns)}) DO UPDATE SET n = {table}.n + excluded.n"
    )
    # In key order, so two transactions touching the same rows lock them in the same order (no deadlock).
    params = [(topic, day, *key, n) for (day, key), n in sorted(rows.items()) if n]
    with connection.cursor() as cursor:
        for first in range(0, len(params), BATCH):
            cursor.executemany(sql, params[first : first + BATCH])


def apply(topic: str, delta: Flows) -> None:
    """Add `delta` to the topic's flows and to every month end's stock it changes. Call inside the change's
    transaction."""
    if not any(delta.values()):
        return
    _upsert(Flow._meta.db_table, "day", topic, delta)
    _upsert(Stock._meta.db_table, "month_end", topic, _stock_of(delta, horizon(topic)))


def _flow_rows(flows: Flows) -> list[list[Any]]:
    return [[day.isoformat(), *key, n] for (day, key), n in sorted(flows.items()) if n]


def flows_of(topic: Topic, facts: Facts | None) -> Flows:
    flows: Flows = Counter()
    if facts is not None:
        topic.add_flows(facts, flows)
    return flows


def refresh(topic: Topic, subjects: Iterable[int]) -> None:
    """Recount these subjects from the records and apply the difference: the one call an action makes.

    The ledger keeps each subject's facts as last counted; the difference is the flows of the new facts minus
    those of the stored ones, and nothing is written for a subject whose facts did not change."""
    ids = sorted({int(s) for s in subjects if s is not None})
    if not ids:
        return
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("refresh must run inside the transaction of the change it counts")
    new: dict[int, Facts] = {}
    for first in range(0, len(ids), SUBJECTS_PER_QUERY):
        new.update(topic.facts(ids[first : first + SUBJECTS_PER_QUERY]))
    stored = {c.subject: c for c in Contribution.objects.select_for_update().filter(topic=topic.name, subject__in=ids)}
    delta: Flows = Counter()
    for subject in ids:
        after = new.get(subject)
        row = stored.get(subject)
        before = row.facts if row is not None else None
        if after == before:
            continue
        delta.update(flows_of(topic, after))
        delta.subtract(flows_of(topic, before))
        if after is None:
            row.delete()  # type: ignore[union-attr]  # before differs from None, so the row exists
        elif row is not None:
            row.facts = after
            row.save(update_fields=["facts"])
        else:
            Contribution.objects.create(topic=topic.name, subject=subject, facts=after)
    apply(topic.name, delta)


_STAGE = "aggregates_rebuild_flows"


def _month_end_sql(column: str) -> str:
    """SQL for the last day of `column`'s month (a constant fragment per database)."""
    if connection.vendor == "postgresql":
        return f"(date_trunc('month', {column}) + interval '1 month' - interval '1 day')::date"
    return f"date({column}, 'start of month', '+1 month', '-1 day')"


def rebuild(topic: Topic, *, batch: int = BATCH) -> int:
    """Recompute every count of the topic from the records, set-based, in one transaction; returns the subjects
    counted.

    Each subject's facts come from the topic one scope at a time; they are written in bulk (COPY on PostgreSQL)
    into the ledger (`Contribution`), and their flows (the one rule, shared with `refresh`) are summed per scope,
    so that only one row per (day, key) and scope reaches the staging table, not one per subject. `Flow` is then one
    ``INSERT … SELECT … GROUP BY`` over the staging table, and `Stock` the running sum over the months of one
    ``SELECT … GROUP BY`` of `Flow` by month, written by COPY: no row is written one at a time.
    `check` recomputes the same figures another way (in Python, subject by subject) and compares.
    """
    keys = ", ".join(KEY_FIELDS)
    counted = 0
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # one large sort and hash in memory; no JIT for a one-off query
            cursor.execute("SET LOCAL work_mem = '256MB'")
            cursor.execute("SET LOCAL jit = off")
        for model in (Flow, Stock, Contribution, Horizon):
            model.objects.filter(topic=topic.name).delete()
        until = horizon(topic.name)
        key_columns = ", ".join(f"{name} varchar(40) NOT NULL" for name in KEY_FIELDS)
        cursor.execute(f"DROP TABLE IF EXISTS {_STAGE}")
        cursor.execute(f"CREATE TEMPORARY TABLE {_STAGE} (day date NOT NULL, {key_columns}, n integer NOT NULL)")
        for scope in topic.scopes():
            # read the scope whole before writing: a connection in COPY mode runs no query
            ledger: list[tuple[str, int, str]] = []
            scope_total: Flows = Counter()
            for subject, facts in topic.facts_in(scope):
                ledger.append((topic.name, subject, json.dumps(facts)))
                topic.add_flows(facts, scope_total)
            counted += write_rows(Contribution._meta.db_table, ("topic", "subject", "facts"), ledger, batch_size=batch)
            write_rows(_STAGE, ("day", *KEY_FIELDS, "n"), _flow_rows(scope_total), batch_size=batch)
        # Table and column names are this module's constants; the values are parameters. In the order of the
        # unique index, so that the index grows at its end.
        cursor.execute(
            f"INSERT INTO {Flow._meta.db_table} (topic, day, {keys}, n) "  # noqa: S608
            f"SELECT %s, day, {keys}, SUM(n) FROM {_STAGE} GROUP BY day, {keys} HAVING SUM(n) <> 0 "
            f"ORDER BY day, {keys}",
            [topic.name],
        )
        cursor.execute(f"DROP TABLE {_STAGE}")
        _write_stock(topic.name, until, batch)
    return counted


def _write_stock(topic: str, until: date, batch: int) -> None:
    """`Stock` from `Flow`: the flows summed by month and key (SQL), then each key's running sum at every month
    end from its first flow to `until`, written in bulk."""
    keys = ", ".join(KEY_FIELDS)
    monthly = (
        f"SELECT {keys}, {_month_end_sql('day')} AS month_end, SUM(n) FROM {Flow._meta.db_table} "  # noqa: S608
        f"WHERE topic = %s AND day <= %s GROUP BY {keys}, {_month_end_sql('day')} ORDER BY {keys}, month_end"
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MIN(day) FROM {Flow._meta.db_table} WHERE topic = %s", [topic])  # noqa: S608
        first = cursor.fetchone()[0]
    if first is None:
        return
    ends = [end.isoformat() for end in month_ends(date.fromisoformat(str(first)), until)]
    position = {end: i for i, end in enumerate(ends)}

    def running(rows: Iterable[Sequence[Any]]) -> Iterator[tuple[Any, ...]]:
        width = len(KEY_FIELDS)
        for key, group in groupby(rows, key=lambda row: tuple(row[:width])):
            changes = [(str(row[width]), row[width + 1]) for row in group]
            total, i = 0, 0
            for end in ends[position[changes[0][0]] :]:
                if i < len(changes) and changes[i][0] == end:
                    total += changes[i][1]
                    i += 1
                if total:
                    yield (topic, end, *key, total)

    # A server-side cursor on PostgreSQL: the months stream in, and the stock goes out by COPY between fetches
    # (never during one: a connection in COPY mode runs nothing else).
    with connection.chunked_cursor() as reader:
        reader.execute(monthly, [topic, until.isoformat()])
        stock = running(row for chunk in iter(lambda: reader.fetchmany(batch), []) for row in chunk)
        while out := list(islice(stock, batch * 10)):
            write_rows(Stock._meta.db_table, ("topic", "month_end", *KEY_FIELDS, "n"), out, batch_size=batch)


def _running_stock(flows: Flows, until: date) -> Counter[tuple[date, Key]]:
    """Stock at every month end up to `until`, from the flows, one key at a time (a running sum)."""
    by_key: dict[Key, list[tuple[date, int]]] = defaultdict(list)
    for (day, key), n in flows.items():
        if n:
            by_key[key].append((day, n))
    stock: Counter[tuple[date, Key]] = Counter()
    for key, changes in by_key.items():
        changes.sort()
        running, i = 0, 0
        for end in month_ends(changes[0][0], until):
            while i < len(changes) and changes[i][0] <= end:
                running += changes[i][1]
                i += 1
            if running:
                stock[(end, key)] = running
    return stock


@dataclass(frozen=True)
class Difference:
    """One count that differs from its recomputation: which table, where, stored and recomputed values."""

    table: str
    day: date
    key: Key
    stored: int
    expected: int


def check(topic: Topic, *, limit: int = 100) -> list[Difference]:
    """Recompute the topic from the records and list (up to `limit`) counts that differ from the stored ones."""
    differences: list[Difference] = []
    until = Horizon.objects.filter(topic=topic.name).values_list("until", flat=True).first() or _horizon_default()
    for scope in topic.scopes():
        flows: Flows = Counter()
        facts_expected: dict[int, Facts] = {}
        for subject, facts in topic.facts_in(scope):
            topic.add_flows(facts, flows)
            facts_expected[subject] = facts
        for table, model, column, expected in (
            ("flow", Flow, "day", flows),
            ("stock", Stock, "month_end", _running_stock(flows, until)),
        ):
            stored: Counter[tuple[date, Key]] = Counter()
            for row in model.objects.filter(topic=topic.name, scope=scope).values_list(column, *KEY_FIELDS, "n"):
                stored[(row[0], Key(*row[1:-1]))] += row[-1]
            for item in sorted(set(stored) | set(expected)):
                if stored.get(item, 0) != expected.get(item, 0):
                    differences.append(Difference(table, item[0], item[1], stored.get(item, 0), expected.get(item, 0)))
        kept = Contribution.objects.filter(topic=topic.name, subject__in=list(facts_expected))
        ledger = dict(kept.values_list("subject", "facts"))
        for subject, facts in facts_expected.items():
            if ledger.get(subject) != facts:
                differences.append(Difference("contribution", until, Key(measure=f"subject {subject}"), 0, 0))
        if len(differences) >= limit:
            break
    stray = Flow.objects.filter(topic=topic.name).exclude(scope__in=topic.scopes()).exclude(n=0)
    for row in stray.values_list("day", *KEY_FIELDS, "n")[:limit]:
        differences.append(Difference("flow", row[0], Key(*row[1:-1]), row[-1], 0))
    return differences[:limit]


def open_counts(
    topic: str, days: Sequence[date], *, measure: str, fields: Sequence[str], scope: str | None = None
) -> list[Counter[tuple[str, ...]]]:
    """The number open at the end of each of `days`, by the values of `fields`, for one measure (and scope).

    Each day is read as the stock at the last month end on or before it (no later than the horizon) plus the
    flows after that month end up to the day.
    """
    until = Horizon.objects.filter(topic=topic).aggregate(until=Max("until"))["until"]
    base = {day: _base(day, until) for day in days}
    filters: dict[str, Any] = {"topic": topic, "measure": measure}
    if scope is not None:
        filters["scope"] = scope
    out: list[Counter[tuple[str, ...]]] = [Counter() for _ in days]
    bases = {b for b in base.values() if b is not None}
    stock: dict[date, Counter[tuple[str, ...]]] = defaultdict(Counter)
    if bases:
        rows = Stock.objects.filter(month_end__in=bases, **filters).values("month_end", *fields).annotate(t=Sum("n"))
        for row in rows.order_by():
            stock[row["month_end"]][tuple(row[f] for f in fields)] += row["t"]
    partial = [day for day in days if base[day] != day]
    flows: list[tuple[date, tuple[str, ...], int]] = []
    if partial:
        low = min((base[day] for day in partial if base[day] is not None), default=None)
        query = Flow.objects.filter(day__lte=max(partial), **filters)
        if low is not None and all(base[day] is not None for day in partial):
            query = query.filter(day__gt=low)
        for row in query.values("day", *fields).annotate(t=Sum("n")).order_by():
            flows.append((row["day"], tuple(row[f] for f in fields), row["t"]))
    for i, day in enumerate(days):
        b = base[day]
        if b is not None:
            out[i].update(stock[b])
        if b != day:
            for flow_day, values, n in flows:
                if (b is None or flow_day > b) and flow_day <= day:
                    out[i][values] += n
    return out


def _base(day: date, until: date | None) -> date | None:
    """The last month end on or before `day`, at most `until`; None without a horizon (nothing was ever counted)."""
    if until is None:
        return None
    end = day if month_end(day) == day else day.replace(day=1) - timedelta(days=1)
    return min(end, until)
