"""Aggregate counts of the register: by region, sex, age group, diagnosis and status, as of a date or over time.

Everything is counted in the database (one grouped query per table, one query for a whole timeline), then
passed through small-count suppression before anything is shown or downloaded. The unit is the open
registration on the date: registered on or before it and not deregistered by then (one per person on a
register that keeps one open registration per person). Merged duplicate records never count; anonymised ones
do, since they keep year of birth, sex and region for exactly this purpose.

Status on a date is read from the registration's dates (remission since, deregistered on), not from its
current status, so that a count "as of" a past date is what the register said then.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Substr
from django.utils.translation import gettext_lazy as _

from drugcontrol.audit.actions import do_record_event
from drugcontrol.registry.access import Capability, require
from drugcontrol.registry.errors import AccessDenied, RegistryError
from drugcontrol.registry.models import Person, Region, Registration, Role, Sex
from drugcontrol.registry.suppression import DEFAULT_THRESHOLD, SuppressedTable, suppress, suppress_count

STATISTICS_OBJECT = "registry.statistics"

DIMENSIONS: dict[str, Any] = {
    "region": _("region"),
    "sex": _("sex"),
    "age_group": _("age group"),
    "diagnosis": _("diagnosis"),
    "status": _("status"),
}
PERIODS = ("month", "year")
MAX_PERIODS = 60

# (key, lower age inclusive, upper age exclusive or None)
AGE_GROUPS: tuple[tuple[str, int, int | None], ...] = (
    ("0-17", 0, 18),
    ("18-24", 18, 25),
    ("25-34", 25, 35),
    ("35-44", 35, 45),
    ("45-54", 45, 55),
    ("55+", 55, None),
)
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
MINOR_AGE = 18


@dataclass(frozen=True)
class StatisticsScope:
    """Whose figures a user may see: every region (analyst) or one region (regional chief)."""

    region: str | None

    @property
    def label(self) -> str:
        return self.region or "KZ"


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


def statistics_scope(user: Any) -> StatisticsScope:
    """Ministry analysts see the country, regional chiefs their region; every other role is refused (403)."""
    profile = require(user, Capability.AGGREGATES)
    if profile.role == Role.CHIEF:
        if not profile.region_id:
            raise AccessDenied("this regional chief has no region")
        return StatisticsScope(region=profile.region_id)
    return StatisticsScope(region=None)


def record_statistics_read(user: Any, *, remote_addr: str, details: dict[str, Any]) -> None:
    """Every statistics page and download is audited as an aggregate read (no person named)."""
    do_record_event(
        actor=user,
        action="registry.statistics.read",
        object_type=STATISTICS_OBJECT,
        object_id=details.get("view", ""),
        purpose="aggregate statistics",
        remote_addr=remote_addr,
        details=details,
    )


def _years_before(day: date, years: int) -> date:
    year = day.year - years
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


def _younger_than(age: int, as_of: date, *, prefix: str = "person__") -> Q:
    """Born after the date `age` years before `as_of` (birth year only, for anonymised records)."""
    cut = _years_before(as_of, age)
    exact = Q(**{f"{prefix}birth_date__isnull": False, f"{prefix}birth_date__gt": cut})
    by_year = Q(**{f"{prefix}birth_date__isnull": True, f"{prefix}birth_year__gt": as_of.year - age})
    return exact | by_year


def _age_group_expression(as_of: date) -> Case:
    whens = [
        When(_younger_than(upper, as_of), then=Value(key)) for key, _lower, upper in AGE_GROUPS if upper is not None
    ]
    return Case(*whens, default=Value(AGE_GROUPS[-1][0]), output_field=CharField())


def _dimension_expression(dimension: str, as_of: date) -> Any:
    if dimension == "region":
        return F("person__region_id")
    if dimension == "sex":
        return F("person__sex")
    if dimension == "diagnosis":
        return Substr("diagnosis_id", 1, 3)
    if dimension == "status":
        return Case(
            When(remission_since__isnull=False, remission_since__lte=as_of, then=Value("remission")),
            default=Value("active"),
            output_field=CharField(),
        )
    if dimension == "age_group":
        return _age_group_expression(as_of)
    raise RegistryError(
        f"the dimension must be one of {', '.join(DIMENSIONS)}. Got {dimension!r} instead.", field="dimension"
    )


def _open_on(day: date) -> Q:
    return Q(registered_on__lte=day) & (Q(deregistered_on__isnull=True) | Q(deregistered_on__gt=day))


def registrations_in_scope(scope: StatisticsScope) -> QuerySet[Registration]:
    registrations = Registration.objects.filter(person__merged_into__isnull=True)
    if scope.region:
        registrations = registrations.filter(person__facility__region_id=scope.region)
    return registrations


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
        raise RegistryError(
            f"the {field!r} parameter must be one of {', '.join(DIMENSIONS)}. Got {dimension!r} instead.", field=field
        )
    return dimension


def count_table(
    as_of: date,
    rows: str,
    columns: str,
    *,
    scope: StatisticsScope,
    threshold: int = DEFAULT_THRESHOLD,
) -> CountTable:
    """People on the register on `as_of`, rows × columns (two different dimensions), suppressed for publication."""
    check_dimension(rows, field="rows")
    check_dimension(columns, field="columns")
    if rows == columns:
        raise RegistryError("rows and columns must be two different dimensions", field="columns")
    grouped = (
        registrations_in_scope(scope)
        .filter(_open_on(as_of))
        .annotate(_row=_dimension_expression(rows, as_of), _col=_dimension_expression(columns, as_of))
        .values("_row", "_col")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = {(item["_row"], item["_col"]): item["n"] for item in grouped}
    row_keys = _all_keys(rows, scope)
    column_keys = _all_keys(columns, scope)
    for r, c in counts:
        if r not in row_keys:
            row_keys.append(r)
        if c not in column_keys:
            column_keys.append(c)
    cells = [[counts.get((r, c), 0) for c in column_keys] for r in row_keys]
    return CountTable(
        title=str(_("People on the register on %(day)s") % {"day": as_of.isoformat()}),
        row_dimension=rows,
        column_dimension=columns,
        row_keys=tuple(row_keys),
        row_labels=labels_for(rows, row_keys),
        column_keys=tuple(column_keys),
        column_labels=labels_for(columns, column_keys),
        published=suppress(cells, threshold=threshold),
    )


def headline(as_of: date, *, scope: StatisticsScope, threshold: int = DEFAULT_THRESHOLD) -> Headline:
    """People on the register, of whom women and minors, in one query.

    Counted over people with an open registration (a semi-join) rather than COUNT(DISTINCT) over registrations:
    each person is counted once however many registrations they have open, without sorting every registration
    three times.
    """
    people = Person.objects.filter(merged_into__isnull=True)
    if scope.region:
        people = people.filter(facility__region_id=scope.region)
    open_registration = Registration.objects.filter(_open_on(as_of), person_id=OuterRef("pk"))
    figures = people.filter(Exists(open_registration)).aggregate(
        total=Count("id"),
        women=Count("id", filter=Q(sex=Sex.FEMALE)),
        minors=Count("id", filter=_younger_than(MINOR_AGE, as_of, prefix="")),
    )
    return Headline(
        as_of=as_of,
        total=suppress_count(figures["total"], threshold=threshold),
        women=suppress_count(figures["women"], threshold=threshold),
        minors=suppress_count(figures["minors"], threshold=threshold),
        region=scope.region,
    )


def period_ends(start: date, end: date, period: str) -> list[date]:
    """The last day of every month (or year) from `start`'s period to `end`'s, the last one cut at `end`."""
    if period not in PERIODS:
        raise RegistryError(f"the period must be one of {', '.join(PERIODS)}. Got {period!r} instead.", field="period")
    if start > end:
        raise RegistryError("the start of the timeline is after its end", field="start")
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
            raise RegistryError(f"at most {MAX_PERIODS} periods; choose years or a shorter span", field="start")
    return ends


def timeline(
    start: date,
    end: date,
    period: str,
    columns: str,
    *,
    scope: StatisticsScope,
    threshold: int = DEFAULT_THRESHOLD,
) -> CountTable:
    """People on the register at the end of each month or year (rows) by one dimension (columns), one query."""
    check_dimension(columns, field="columns")
    ends = period_ends(start, end, period)
    base = registrations_in_scope(scope).filter(registered_on__lte=ends[-1])
    column_keys = _all_keys(columns, scope)
    if columns == "status":
        # Status changes with time: each period gets its own pair of filtered counts.
        in_remission = {day: Q(remission_since__isnull=False, remission_since__lte=day) for day in ends}
        totals = base.aggregate(
            **{f"p{i}_remission": Count("id", filter=_open_on(d) & in_remission[d]) for i, d in enumerate(ends)},
            **{f"p{i}_active": Count("id", filter=_open_on(d) & ~in_remission[d]) for i, d in enumerate(ends)},
        )
        cells = [[totals[f"p{i}_{c}"] for c in column_keys] for i in range(len(ends))]
    else:
        # Age groups use the last date (a per-period age would need one count per group and period).
        aggregates = {f"p{i}": Count("id", filter=_open_on(day)) for i, day in enumerate(ends)}
        grouped = (
            base.annotate(_col=_dimension_expression(columns, end)).values("_col").annotate(**aggregates).order_by()
        )
        by_column = {item["_col"]: item for item in grouped}
        column_keys += [k for k in by_column if k not in column_keys]
        cells = [[by_column[c][f"p{i}"] if c in by_column else 0 for c in column_keys] for i in range(len(ends))]
    row_keys = tuple(day.isoformat() for day in ends)
    row_labels = tuple(day.strftime("%Y") if period == "year" else day.strftime("%Y-%m") for day in ends)
    return CountTable(
        title=str(_("People on the register at the end of each period")),
        row_dimension=period,
        column_dimension=columns,
        row_keys=row_keys,
        row_labels=row_labels,
        column_keys=tuple(column_keys),
        column_labels=labels_for(columns, column_keys),
        published=suppress(cells, threshold=threshold),
    )
