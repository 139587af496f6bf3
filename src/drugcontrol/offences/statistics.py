"""The dashboard: offences by month, region and article, seizures by class year over year, especially large
cases, laboratories and grows shut down, participants by role, age and sex; each table suppressed.

The counts are read from the aggregate tables that `do_create_case` keeps in the same transaction
(`offences.counts`, topic ``offences.cases`` of `drugcontrol.aggregates`): a year's figures are differences of
month-end running counts, a few hundred rows whatever the number of records. `counts_from_records` computes
the same counts as GROUP BY queries over the records (the reference of the tests and the bench). Both are
filtered to the user's scope (an investigator's region; every region for an analyst) and drilled down by
region and article. Every published table goes through the registry's suppression
(`registry.statistics.suppression.suppress`, counts 1-4 hidden and the totals rule), so the page, the
CSV/XLSX and the API show the same figures. Reading the dashboard is audited.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Case as When_
from django.db.models import CharField, Count, IntegerField, QuerySet, Value, When
from django.db.models.functions import ExtractMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from drugcontrol.aggregates.store import month_end, open_counts
from drugcontrol.audit.actions import do_record_event
from drugcontrol.errors import AccessDenied
from drugcontrol.offences import counts
from drugcontrol.offences import messages as M
from drugcontrol.offences.access import Capability, region_scope, require
from drugcontrol.offences.counts import AGE_GROUPS
from drugcontrol.offences.law.classes import SUBSTANCE_CLASSES
from drugcontrol.offences.models import Case, Laboratory, Participant, Seizure
from drugcontrol.offences.rendering import size_label
from drugcontrol.registry.models import Region
from drugcontrol.registry.statistics.query import CountTable
from drugcontrol.registry.statistics.suppression import DEFAULT_THRESHOLD, suppress, suppress_count

CLASS_LABELS = {
    "cannabis": gettext_noop("cannabis"),
    "opioids": gettext_noop("opioids"),
    "cocaine": gettext_noop("cocaine"),
    "synthetic_stimulants": gettext_noop("synthetic stimulants"),
    "synthetic_cannabinoids": gettext_noop("synthetic cannabinoids"),
    "hallucinogens": gettext_noop("hallucinogens"),
    "sedatives": gettext_noop("sedatives"),
    "precursors": gettext_noop("precursors"),
    "other": gettext_noop("other"),
}


@dataclass(frozen=True)
class Dashboard:
    year: int
    region: str | None
    article: str | None
    headline: dict[str, int | None]
    tables: dict[str, CountTable]
    region_totals: dict[str, int | None]
    class_change: dict[str, float | None] = field(default_factory=dict)

    def to_api(self) -> dict[str, Any]:
        def table(t: CountTable) -> dict[str, Any]:
            p = t.published
            return {
                "title": t.title,
                "rows": list(t.row_keys),
                "columns": list(t.column_keys),
                "cells": [list(r) for r in p.cells],
                "row_totals": list(p.row_totals),
                "column_totals": list(p.column_totals),
                "total": p.grand_total,
            }

        return {
            "year": self.year,
            "region": self.region,
            "article": self.article,
            "headline": self.headline,
            "tables": {name: table(t) for name, t in self.tables.items()},
            "regions": self.region_totals,
            "class_change_pct": self.class_change,
            "threshold": DEFAULT_THRESHOLD,
        }


def _table(
    title: str, rows: Sequence[tuple[str, str]], columns: Sequence[tuple[str, str]], counts: Counter, *, dims=("", "")
) -> CountTable:
    cells = [[int(counts.get((r, c), 0)) for c, _l in columns] for r, _l2 in rows]
    return CountTable(
        title=title,
        row_dimension=dims[0],
        column_dimension=dims[1],
        row_keys=tuple(r for r, _l in rows),
        row_labels=tuple(label for _r, label in rows),
        column_keys=tuple(c for c, _l in columns),
        column_labels=tuple(label for _c, label in columns),
        published=suppress(cells, threshold=DEFAULT_THRESHOLD),
    )


@dataclass
class RawCounts:
    """The dashboard's counts before suppression, each keyed (row, column) like the table it fills."""

    by_month: Counter = field(default_factory=Counter)  # (month 1-12, "cases")
    region_article: Counter = field(default_factory=Counter)  # (region, article)
    sizes: Counter = field(default_factory=Counter)  # (size or "none", "cases")
    seized: Counter = field(default_factory=Counter)  # (substance class, "previous" | "this")
    laboratories: Counter = field(default_factory=Counter)  # (kind, "shut_down")
    role_sex: Counter = field(default_factory=Counter)  # (role, sex)
    age_sex: Counter = field(default_factory=Counter)  # (age group, sex)

    def nonzero(self) -> dict[str, dict]:
        """Every count that is not zero, table by table (what two sources must agree on)."""
        return {name: {k: n for k, n in getattr(self, name).items() if n} for name in self.__dataclass_fields__}


def _counts(queryset: QuerySet, row: str, column: str) -> Counter:
    found: Counter = Counter()
    for item in queryset.values(row, column).annotate(n=Count("id")).order_by():
        found[(str(item[row]), str(item[column]))] += item["n"]
    return found


def _age_group() -> When_:
    return When_(
        *(When(age__gte=low, age__lte=high, then=Value(code)) for code, low, high in AGE_GROUPS),
        default=Value(AGE_GROUPS[-1][0]),
        output_field=CharField(),
    )


def _scoped(prefix: str, region: str | None, article: str | None) -> dict[str, str]:
    """Filters of the drill-down on a related table: the case's region, the case's article."""
    found = {}
    if region:
        found[f"{prefix}region_id"] = region
    if article:
        found["case__article"] = article
    return found


def counts_from_records(year: int, region: str | None, article: str | None) -> RawCounts:
    """The counts as GROUP BY queries over the records (the reference the aggregates are checked against)."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    cases = Case.objects.all()
    if region:
        cases = cases.filter(region_id=region)
    if article:
        cases = cases.filter(article=article)
    this_year = cases.filter(act_date__range=(start, end))
    raw = RawCounts()
    for item in this_year.annotate(m=ExtractMonth("act_date")).values("m").annotate(n=Count("id")).order_by():
        raw.by_month[(str(item["m"]), "cases")] = item["n"]
    raw.region_article = _counts(this_year, "region_id", "article")
    for item in this_year.values("size").annotate(n=Count("id")).order_by():
        raw.sizes[(item["size"] or "none", "cases")] += item["n"]
    seizures = Seizure.objects.filter(
        seized_on__range=(date(year - 1, 1, 1), end), **_scoped("case__", region, article)
    )
    year_of = When_(When(seized_on__gte=start, then=Value(1)), default=Value(0), output_field=IntegerField())
    for item in seizures.annotate(y=year_of).values("substance_class", "y").annotate(n=Count("id")).order_by():
        raw.seized[(item["substance_class"] or "other", "this" if item["y"] else "previous")] += item["n"]
    labs = Laboratory.objects.filter(shut_down_on__range=(start, end), **_scoped("case__", region, article))
    for item in labs.values("kind").annotate(n=Count("id")).order_by():
        raw.laboratories[(item["kind"], "shut_down")] += item["n"]
    people = Participant.objects.filter(case__act_date__range=(start, end), **_scoped("case__", region, article))
    raw.role_sex = _counts(people, "role", "sex")
    for item in people.annotate(g=_age_group()).values("g", "sex").annotate(n=Count("id")).order_by():
        raw.age_sex[(item["g"], item["sex"])] += item["n"]
    return raw


def counts_from_aggregates(year: int, region: str | None, article: str | None) -> RawCounts:
    """The same counts from the aggregate tables the actions keep (`offences.counts`).

    Each measure is a running count, so a period's figure is the difference of its two ends: five reads of
    month-end rows, whatever the number of records."""
    ends = [date(year - 1, 12, 31)] + [month_end(date(year, m, 1)) for m in range(1, 13)]

    def read(measure: str, days: list[date], fields: list[str]) -> list[Counter]:
        """Counts at each day by `fields` + the article, those of another article left out when drilling down."""
        found = open_counts(counts.TOPIC, days, measure=measure, fields=[*fields, "status"], scope=region)
        return [Counter({k: n for k, n in at.items() if article is None or k[-1] == article}) for at in found]

    def between(before: Counter, after: Counter) -> Counter:
        change = Counter(after)
        change.subtract(before)
        return change

    raw = RawCounts()
    cases = read(counts.CASES, ends, ["region", "category"])
    for month in range(1, 13):
        raw.by_month[(str(month), "cases")] = sum(between(cases[month - 1], cases[month]).values())
    for (case_region, size, case_article), n in between(cases[0], cases[-1]).items():
        raw.sizes[(size, "cases")] += n
        raw.region_article[(case_region, case_article)] += n
    classes = {counts.category_code(c): c for c in SUBSTANCE_CLASSES}
    before, previous, this = read(counts.SEIZURES, [date(year - 2, 12, 31), ends[0], ends[-1]], ["category"])
    for column, change in (("previous", between(before, previous)), ("this", between(previous, this))):
        for (code, _article), n in change.items():
            raw.seized[(classes.get(code, code), column)] += n
    labs = read(counts.LABORATORIES, [ends[0], ends[-1]], ["category"])
    for (kind, _article), n in between(*labs).items():
        raw.laboratories[(kind, "shut_down")] += n
    people = read(counts.PARTICIPANTS, [ends[0], ends[-1]], ["category", "sex", "age_group"])
    for (role, sex, group, _article), n in between(*people).items():
        raw.role_sex[(role, sex)] += n
        raw.age_sex[(group, sex)] += n
    return raw


def default_year() -> int:
    latest = Case.objects.order_by("-act_date").values_list("act_date", flat=True).first()
    return latest.year if latest else timezone.localdate().year


SOURCES = {"aggregates": counts_from_aggregates, "records": counts_from_records}


def dashboard(
    user: Any,
    *,
    year: int | None = None,
    region: str | None = None,
    article: str | None = None,
    source: str = "aggregates",
) -> Dashboard:
    """Every figure of the dashboard in the user's scope, suppressed; `region` and `article` drill down.

    The page reads the aggregate tables; ``source="records"`` counts the records instead (tests and the bench
    compare the two)."""
    require(user, Capability.STATISTICS)
    own = region_scope(user)
    if own is not None:
        if region and region != own:
            raise AccessDenied(M.OUTSIDE_REGION, region=region)
        region = own
    if source not in SOURCES:
        raise ValueError(f"source must be one of {', '.join(SOURCES)}. Got {source!r} instead.")
    year = year or default_year()
    raw = SOURCES[source](year, region, article)
    regions = {r.code: r.name for r in Region.objects.all()}

    months = [(str(m), date(year, m, 1).strftime("%m")) for m in range(1, 13)]
    month_table = _table(_("Offences by month"), months, [("cases", _("cases"))], raw.by_month)

    articles = sorted({a for (_r, a), n in raw.region_article.items() if n} | ({article} if article else set()))
    region_rows = [(code, regions.get(code, code)) for code in sorted(regions) if not region or code == region]
    ra_table = _table(
        _("Offences by region and article"),
        region_rows,
        [(a, _("Art. %(article)s") % {"article": a or "—"}) for a in articles] or [("", "—")],
        raw.region_article,
    )
    region_totals = dict(zip(ra_table.row_keys, ra_table.published.row_totals, strict=True))

    class_rows = [(c, _(CLASS_LABELS[c])) for c in SUBSTANCE_CLASSES]
    year_columns = [("previous", str(year - 1)), ("this", str(year))]
    class_table = _table(_("Seizures by substance class"), class_rows, year_columns, raw.seized)
    change: dict[str, float | None] = {}
    for index, key in enumerate(class_table.row_keys):
        before, now = class_table.published.cells[index]
        change[key] = None if before in (None, 0) or now is None else round(100.0 * (now - before) / before, 1)

    lab_table = _table(
        _("Laboratories and grows shut down"),
        [(k, str(label)) for k, label in Laboratory.Kind.choices],
        [("shut_down", _("shut down"))],
        raw.laboratories,
    )
    sexes = [(k, str(label)) for k, label in Participant.Sex.choices]
    role_table = _table(
        _("Participants by role and sex"),
        [(k, str(label)) for k, label in Participant.Role.choices],
        sexes,
        raw.role_sex,
    )
    age_table = _table(_("Participants by age and sex"), [(c, c) for c, _l, _h in AGE_GROUPS], sexes, raw.age_sex)
    size_rows = [(s, size_label(s)) for s in ("below_small", "small", "below_large", "large", "especially_large")]
    size_table = _table(_("Cases by quantity class"), size_rows, [("cases", _("cases"))], raw.sizes)

    headline = {
        "cases": month_table.published.grand_total,
        "especially_large": suppress_count(raw.sizes.get(("especially_large", "cases"), 0)),
        "laboratories": suppress_count(raw.laboratories.get(("laboratory", "shut_down"), 0)),
        "grows": suppress_count(raw.laboratories.get(("grow", "shut_down"), 0)),
        "participants": role_table.published.grand_total,
    }
    return Dashboard(
        year=year,
        region=region,
        article=article,
        headline=headline,
        tables={
            "by_month": month_table,
            "by_region_article": ra_table,
            "by_size": size_table,
            "seizures_by_class": class_table,
            "laboratories": lab_table,
            "participants_by_role": role_table,
            "participants_by_age": age_table,
        },
        region_totals=region_totals,
        class_change=change,
    )


def do_read_dashboard(
    user: Any,
    *,
    year: int | None = None,
    region: str | None = None,
    article: str | None = None,
    remote_addr: str = "",
    view: str = "api",
) -> Dashboard:
    """The dashboard, with an audit row of who read which figures."""
    figures = dashboard(user, year=year, region=region, article=article)
    do_record_event(
        actor=user,
        action="offences.statistics.read",
        object_type="offences.statistics",
        object_id=str(figures.year),
        remote_addr=remote_addr,
        details={"region": figures.region, "article": figures.article, "view": view},
    )
    return figures
