"""The calendar of the statistics: period ends of a timeline, and which period a date falls in.

`period_ends` cuts a span into months or years. `PeriodIndex` is computed by the database, so a timeline is one
grouped pass over the rows.

`PeriodIndex(field, ends)` is the index of the first period end on or after the field's date: 0 for a date on
or before the first end, ``len(ends)`` for a date after the last, NULL for no date. A registration is then open
at period ``i`` when its registration index is ``<= i`` and its deregistration index is NULL or ``> i`` —
arithmetic on two small integers instead of one filtered count per period and row.

PostgreSQL answers with one `width_bucket` over the days after each end (a binary search per row); other
databases with the equivalent CASE.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

from django.db.models import Case, F, Func, IntegerField, Value, When

from drugcontrol.registry import messages as M
from drugcontrol.registry.errors import RegistryError

PERIODS = ("month", "year")
MAX_PERIODS = 60


def years_before(day: date, years: int) -> date:
    """The same day `years` earlier (29 February becomes 28 February)."""
    year = day.year - years
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


def period_ends(start: date, end: date, period: str) -> list[date]:
    """The last day of every month (or year) from `start`'s period to `end`'s, the last one cut at `end`."""
    if period not in PERIODS:
        raise RegistryError(M.PERIOD_NOT_LISTED, field="period", choices=", ".join(PERIODS), value=period)
    if start > end:
        raise RegistryError(M.START_AFTER_END, field="start")
    ends: list[date] = []
    year, month = start.year, start.month
    while True:
        if period == "year":
            last = date(year, 12, 31)
            year += 1
        else:
            last = date(year, month, calendar.monthrange(year, month)[1])
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        ends.append(min(last, end))
        if last >= end:
            break
        if len(ends) > MAX_PERIODS:
            raise RegistryError(M.TOO_MANY_PERIODS, field="start", limit=MAX_PERIODS)
    return ends


class PeriodIndex(Func):
    """Index of the first of `ends` (sorted, strictly increasing) that is on or after the date in `field`."""

    output_field = IntegerField()

    def __init__(self, field: str, ends: Sequence[date]) -> None:
        if not ends or any(a >= b for a, b in pairwise(ends)):
            raise ValueError("period ends must be a non-empty, strictly increasing sequence of dates")
        self.ends = tuple(ends)
        self.date_field = field
        super().__init__(F(field))

    def as_sql(self, compiler: Any, connection: Any, **extra_context: Any) -> tuple[str, list[Any]]:
        whens = [When(**{f"{self.date_field}__isnull": True}, then=Value(None))]
        whens += [When(**{f"{self.date_field}__lte": end}, then=Value(i)) for i, end in enumerate(self.ends)]
        case = Case(*whens, default=Value(len(self.ends)), output_field=IntegerField())
        return compiler.compile(case.resolve_expression(compiler.query))

    def as_postgresql(self, compiler: Any, connection: Any, **extra_context: Any) -> tuple[str, list[Any]]:
        field_sql, field_params = compiler.compile(self.source_expressions[0])
        placeholders = ", ".join(["%s"] * len(self.ends))
        thresholds = [end + timedelta(days=1) for end in self.ends]
        return f"width_bucket({field_sql}, ARRAY[{placeholders}]::date[])", [*field_params, *thresholds]
