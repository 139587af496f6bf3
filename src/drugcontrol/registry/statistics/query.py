"""Aggregate counts of the register: by region, sex, age group, diagnosis and status, as of a date or over time.

The page reads the aggregate tables the actions keep (`counts`, `drugcontrol.aggregates`): the stock at a few
month ends and the flows since, whatever the size of the register. `source="records"` counts the same figures
from the registrations themselves (one grouped pass for the table, the timeline and the headline), the reference
the aggregates are tested and benchmarked against. Either way the counts pass through small-count suppression
before anything is shown or downloaded. The unit of the tables is the open registration on the date: registered
on or before it and not deregistered by then; the headline counts people, each once. Merged duplicate records
never count; anonymised ones do, since they keep year of birth, sex and region for exactly this purpose.

Status on a date is read from the registration's dates (remission since, deregistered on), not from its
current status, so that a count "as of" a past date is what the register said then.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import BooleanField, Case, CharField, Count, F, Q, QuerySet, Value, When
from django.db.models.functions import Substr
from django.utils.translation import gettext_lazy as _

from drugcontrol.aggregates.store import open_counts
from drugcontrol.registry import messages as M
from drugcontrol.registry.errors import RegistryError
from drugcontrol.registry.models import Person, Region, Registration, Sex
from drugcontrol.registry.statistics import counts as aggregate_counts
from drugcontrol.registry.statistics.categories import AGE_GROUPS, MINOR_AGE
from drugcontrol.registry.statistics.periods import PeriodIndex, period_ends, years_before
from drugcontrol.registry.statistics.scope import StatisticsScope
from drugcontrol.registry.statistics.suppression import (
    DEFAULT_THRESHOLD,
    SuppressedTable,
    suppress,
    suppress_count,
    suppress_timeline,
)

DIMENSIONS: dict[str, Any] = {
    "region": _("region"),
    "sex": _("sex"),
    "age_group": _("age group"),
    "diagnosis": _("diagnosis"),
    "status": _("status"),
}

DIAGNOSIS_GROUPS: dict[str, Any] = {
    "F11": _("F11 opioids"),
    "F12": _("F12 cannabinoids"),
    "F13": _("F13 sedatives or hypnotics"),
    "F14": _("F14 cocaine"),
    "F15": _("F15 other stimulants"),
    "F16": _("F16 hallucinogens"),
    "F18": _("F18 volatile solvents"),
    "F19": _("F19 multiple or other substances"),
}
STATUS_LABELS: dict[str, Any] = {"active": _("under observation"), "remission": _("in remission")}
REPEATED_CHUNK = 500  # people read per query when correcting the headline (well under SQLite's variable limit)


@dataclass(frozen=True)
class CountTable:
    """Raw counts with their labels and the suppressed form that may be published."""

    title: str
    row_dimension: str
    column_dimension: str
    row_keys: tuple[str, ...]
    row_labels: tuple[str, ...]
    column_keys: tuple[str, ...]
    column_labels: tuple[str, ...]
    published: SuppressedTable


@dataclass(frozen=True)
class Headline:
    """The figures officials quote: registered people, of whom women and minors (None when suppressed)."""

    as_of: date
    total: int | None
    women: int | None
    minors: int | None
    region: str | None


def _younger_than(age: int, as_of: date, *, prefix: str = "person__") -> Q:
    """Born after the date `age` years before `as_of` (birth year only, for anonymised records)."""
    cut = years_before(as_of, age)
    exact = Q(**{f"{prefix}birth_date__isnull": False, f"{prefix}birth_date__gt": cut})
    by_year = Q(**{f"{prefix}birth_date__isnull": True, f"{prefix}birth_year__gt": as_of.year - age})
    return exact | by_year


def _age_group_expression(as_of: date) -> Case:
    whens = [
        When(_younger_than(upper, as_of), then=Value(key)) for key, _lower, upper in AGE_GROUPS if upper is not None
    ]
    return Case(*whens, default=Value(AGE_GROUPS[-1][0]), output_field=CharField())


def _dimension_expression(dimension: str, as_of: date) -> Any:
    """A person or registration attribute as a category (status is read from its period, see `_value`)."""
    if dimension == "region":
        return F("person__region_id")
    if dimension == "sex":
        return F("person__sex")
    if dimension == "diagnosis":
        return Substr("diagnosis_id", 1, 3)
    if dimension == "age_group":
        return _age_group_expression(as_of)
    raise RegistryError(M.DIMENSION_NOT_LISTED, field="dimension", choices=", ".join(DIMENSIONS), value=dimension)


def _open_on(day: date) -> Q:
    return Q(registered_on__lte=day) & (Q(deregistered_on__isnull=True) | Q(deregistered_on__gt=day))


def counted_registrations(scope: StatisticsScope) -> QuerySet[Registration]:
    registrations = Registration.objects.filter(person__merged_into__isnull=True)
    if scope.region:
        registrations = registrations.filter(person__facility__region_id=scope.region)
    return registrations


def counted_people(scope: StatisticsScope) -> QuerySet[Person]:
    people = Person.objects.filter(merged_into__isnull=True)
    if scope.region:
        people = people.filter(facility__region_id=scope.region)
    return people


def _all_keys(dimension: str, scope: StatisticsScope) -> list[str]:
    """Every category of a dimension, present or not, so tables have the same shape from one date to the next."""
    if dimension == "region":
        return list(Region.objects.order_by("code").values_list("code", flat=True))
    if dimension == "sex":
        return [Sex.MALE.value, Sex.FEMALE.value]
    if dimension == "age_group":
        return [key for key, _lo, _hi in AGE_GROUPS]
    if dimension == "diagnosis":
        return list(DIAGNOSIS_GROUPS)
    return list(STATUS_LABELS)


def labels_for(dimension: str, keys: Sequence[str]) -> tuple[str, ...]:
    if dimension == "region":
        names = {r.code: r.name for r in Region.objects.filter(code__in=keys)}
        return tuple(names.get(k, k) for k in keys)
    if dimension == "sex":
        return tuple(str(Sex(k).label) if k in Sex.values else k for k in keys)
    if dimension == "diagnosis":
        return tuple(str(DIAGNOSIS_GROUPS.get(k, k)) for k in keys)
    if dimension == "status":
        return tuple(str(STATUS_LABELS.get(k, k)) for k in keys)
    return tuple(keys)


def check_dimension(dimension: str, *, field: str) -> str:
    if dimension not in DIMENSIONS:
        raise RegistryError(M.DIMENSION_NOT_LISTED, field=field, choices=", ".join(DIMENSIONS), value=dimension)
    return dimension


@dataclass(frozen=True)
class RegisterFigures:
    """Everything the statistics page shows: the table on `as_of`, the timeline up to it and the headline."""

    table: CountTable
    series: CountTable
    headline: Headline


def register_figures(
    as_of: date,
    rows: str,
    columns: str,
    *,
    start: date,
    period: str,
    scope: StatisticsScope,
    threshold: int = DEFAULT_THRESHOLD,
    source: str = "aggregates",
) -> RegisterFigures:
    """The table (rows × columns on `as_of`), the timeline (period ends × columns) and the headline, suppressed.

    From the aggregates (`_counts_from_aggregates`), age groups are taken at each period end. From the records,
    one grouped pass over the registrations gives all three: each group carries the periods its registration,
    deregistration and remission fall in (see `periods.PeriodIndex`), and the counts for every period end are sums over
    those groups. Age groups are taken on `as_of` throughout (a per-period age would need a group per period).
    The headline counts people, not registrations: people with several open registrations are counted once by
    a second, small query (`_repeated_people`).
    """
    check_dimension(rows, field="rows")
    check_dimension(columns, field="columns")
    if rows == columns:
        raise RegistryError(M.SAME_DIMENSIONS, field="columns")
    ends = period_ends(start, as_of, period)
    if source == "records":
        cross, by_period, people = _counts_from_records(as_of, ends, rows, columns, scope)
    elif source == "aggregates":
        cross, by_period, people = _counts_from_aggregates(ends, rows, columns, scope)
    else:
        raise ValueError(f"source must be 'aggregates' or 'records'. Got {source!r} instead.")

    row_keys, column_keys = _all_keys(rows, scope), _all_keys(columns, scope)
    row_keys += sorted({r for r, _c in cross} - set(row_keys))
    seen_columns = {c for _r, c in cross}.union(*by_period)
    column_keys += sorted(seen_columns - set(column_keys))
    table = CountTable(
        title=str(_("People on the register on %(day)s") % {"day": as_of.isoformat()}),
        row_dimension=rows,
        column_dimension=columns,
        row_keys=tuple(row_keys),
        row_labels=labels_for(rows, row_keys),
        column_keys=tuple(column_keys),
        column_labels=labels_for(columns, column_keys),
        published=suppress([[cross[(r, c)] for c in column_keys] for r in row_keys], threshold=threshold),
    )
    series = CountTable(
        title=str(_("People on the register at the end of each period")),
        row_dimension=period,
        column_dimension=columns,
        row_keys=tuple(day.isoformat() for day in ends),
        row_labels=tuple(day.strftime("%Y") if period == "year" else day.strftime("%Y-%m") for day in ends),
        column_keys=tuple(column_keys),
        column_labels=labels_for(columns, column_keys),
        published=suppress_timeline(
            [[counts[c] for c in column_keys] for counts in by_period[:-1]], table.published, threshold=threshold
        ),
    )
    figures = Headline(
        as_of=as_of,
        total=_headline_figure(people["total"], table.published.grand_total is None, threshold),
        women=_headline_figure(people["women"], _margin_hidden(table, Sex.FEMALE.value), threshold),
        minors=_headline_figure(people["minors"], _margin_hidden(table, AGE_GROUPS[0][0]), threshold),
        region=scope.region,
    )
    return RegisterFigures(table=table, series=series, headline=figures)


_AGGREGATE_FIELDS = {
    "region": "region",
    "sex": "sex",
    "age_group": "age_group",
    "diagnosis": "category",
    "status": "status",
}
Counts = tuple[Counter[tuple[str, str]], list[Counter[str]], Counter[str]]


def _counts_from_aggregates(ends: list[date], rows: str, columns: str, scope: StatisticsScope) -> Counts:
    """The cross table on the last end, the column counts at every end and the headline, from the aggregates."""
    fields = [_AGGREGATE_FIELDS[rows], _AGGREGATE_FIELDS[columns]]
    at_ends = open_counts(
        aggregate_counts.TOPIC, ends, measure=aggregate_counts.REGISTRATIONS, fields=fields, scope=scope.region
    )
    by_period: list[Counter[str]] = []
    for counts in at_ends:
        column_counts: Counter[str] = Counter()
        for (_row, column), n in counts.items():
            column_counts[column] += n
        by_period.append(Counter({c: n for c, n in column_counts.items() if n}))
    cross = Counter({key: n for key, n in at_ends[-1].items() if n})
    (on_last,) = open_counts(
        aggregate_counts.TOPIC, ends[-1:], measure=aggregate_counts.PEOPLE, fields=["sex", "age_group"],
        scope=scope.region,
    )  # fmt: skip
    people: Counter[str] = Counter()
    for (sex, age_group), n in on_last.items():
        people.update(_headline_keys(sex, age_group == AGE_GROUPS[0][0], n))
    return cross, by_period, people


def _counts_from_records(as_of: date, ends: list[date], rows: str, columns: str, scope: StatisticsScope) -> Counts:
    """The same counts from the registrations: one grouped pass, and the people counted twice taken off."""
    last = len(ends) - 1
    cross: Counter[tuple[str, str]] = Counter()
    by_period: list[Counter[str]] = [Counter() for _ in ends]
    people: Counter[str] = Counter()
    for group in _period_groups(as_of, ends, rows, columns, scope):
        n = group["n"]
        closed_at = len(ends) if group["_dereg"] is None else group["_dereg"]
        for i in range(group["_reg"], closed_at):
            by_period[i][_value(group, "_col", columns, i)] += n
        if group["_reg"] <= last < closed_at:
            cross[(_value(group, "_row", rows, last), _value(group, "_col", columns, last))] += n
            people.update(_headline_keys(group["_sex"], group["_minor"], n))
    people.subtract(_repeated_people(as_of, scope))
    return cross, by_period, people


def _margin_hidden(table: CountTable, key: str) -> bool:
    """Whether the table hides the total of category `key` (of whichever dimension has it)."""
    published = table.published
    if key in table.row_keys:
        return published.row_totals[table.row_keys.index(key)] is None
    if key in table.column_keys:
        return published.column_totals[table.column_keys.index(key)] is None
    return False


def _headline_figure(people: int, margin_hidden: bool, threshold: int) -> int | None:
    """A headline count, hidden when small or when the table beside it hides the same total.

    The headline counts people and the table registrations, which are the same numbers unless someone has two
    open registrations: showing one where the other is hidden would give the hidden total away.
    """
    return None if margin_hidden else suppress_count(people, threshold=threshold)


def _period_groups(
    as_of: date, ends: list[date], rows: str, columns: str, scope: StatisticsScope
) -> QuerySet[Registration, dict[str, Any]]:
    """Registrations open at some period end, grouped by what the figures need, with their period indexes."""
    fields: dict[str, Any] = {
        "_reg": PeriodIndex("registered_on", ends),
        "_dereg": PeriodIndex("deregistered_on", ends),
        "_sex": F("person__sex"),
        "_minor": _minor_expression(as_of),
    }
    if "status" in (rows, columns):
        fields["_rem"] = PeriodIndex("remission_since", ends)
    for name, dimension in (("_row", rows), ("_col", columns)):
        if dimension != "status":
            fields[name] = _dimension_expression(dimension, as_of)
    return (
        counted_registrations(scope)
        .filter(Q(registered_on__lte=as_of) & (Q(deregistered_on__isnull=True) | Q(deregistered_on__gt=ends[0])))
        .annotate(**fields)
        .values(*fields)
        .annotate(n=Count("*"))
        .order_by()
    )


def _minor_expression(as_of: date, *, prefix: str = "person__") -> Case:
    minor = _younger_than(MINOR_AGE, as_of, prefix=prefix)
    return Case(When(minor, then=Value(True)), default=Value(False), output_field=BooleanField())


def _value(group: dict[str, Any], name: str, dimension: str, period: int) -> str:
    """A group's category in a dimension at a period end; status is read from the remission period."""
    if dimension == "status":
        in_remission = group["_rem"] is not None and group["_rem"] <= period
        return "remission" if in_remission else "active"
    return group[name]


def _headline_keys(sex: str, minor: bool, n: int) -> Counter[str]:
    return Counter({"total": n, "women": n if sex == Sex.FEMALE else 0, "minors": n if minor else 0})


def _repeated_people(as_of: date, scope: StatisticsScope) -> Counter[str]:
    """Registrations beyond a person's first among those open on `as_of`, by headline figure.

    Few people have more than one open registration: their ids come from the registrations alone (an
    index-only scan on PostgreSQL), and only those people are read.
    """
    repeated = dict(
        Registration.objects.filter(_open_on(as_of))
        .values("person_id")
        .annotate(n=Count("*"))
        .filter(n__gt=1)
        .values_list("person_id", "n")
    )
    extra: Counter[str] = Counter()
    ids = sorted(repeated)
    for first in range(0, len(ids), REPEATED_CHUNK):
        people = counted_people(scope).filter(pk__in=ids[first : first + REPEATED_CHUNK])
        for pk, sex, minor in people.values_list("pk", "sex", _minor_expression(as_of, prefix="")):
            extra.update(_headline_keys(sex, minor, repeated[pk] - 1))
    return extra
