"""The offences records as a topic of the aggregate tables (`drugcontrol.aggregates`): what each case adds to the
counts of the dashboard.

A case is the subject; its scope is the case's region (the region an investigator sees). Everything here is an
event, not an episode: it enters the count on its day and never leaves, so the number "open" at a month end is the
number up to that day, and the number in a period is the difference of two month ends (`between`).

Four measures; the article of the case is kept in the key's `status` column for all four, so that every table can
be drilled down by article:

- ``cases``: one per case on its act date, by region, quantity class (`category`, 'none' when not sized) and
  article;
- ``seizures``: one per seizure on its seizure date, by substance class (`category`; 'other' when unknown);
- ``participants``: one per participant on the act date, by role (`category`), sex and age group;
- ``laboratories``: one per laboratory or grow on the day it was shut down, by kind (`category`).

The category column holds at most 20 characters: longer codes (``synthetic_cannabinoids``) are cut, and
`category_code` / the readers map them back.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from typing import Any

from django.db import transaction

from drugcontrol.aggregates import store
from drugcontrol.aggregates.topics import Facts, Flows, Key, add_interval, fact_date, register
from drugcontrol.offences.models import Case, Laboratory, Participant, Seizure
from drugcontrol.registry.models import Region

TOPIC = "offences.cases"
CASES = "cases"
SEIZURES = "seizures"
PARTICIPANTS = "participants"
LABORATORIES = "laboratories"
CATEGORY_WIDTH = 20

AGE_GROUPS = (("u18", 0, 17), ("18-24", 18, 24), ("25-34", 25, 34), ("35-44", 35, 44), ("45+", 45, 200))

_CASE_FIELDS = ("pk", "region_id", "act_date", "article", "size")
_SEIZURE_FIELDS = ("case_id", "seized_on", "substance_class")
_PARTICIPANT_FIELDS = ("case_id", "role", "sex", "age")
_LABORATORY_FIELDS = ("case_id", "shut_down_on", "kind")


def category_code(value: str) -> str:
    """The value as stored in the key's category column (cut to its width)."""
    return value[:CATEGORY_WIDTH]


def age_group(age: int) -> str:
    return next((code for code, low, high in AGE_GROUPS if low <= age <= high), AGE_GROUPS[-1][0])


def case_facts(
    case: Sequence[Any],
    seizures: Iterable[Sequence[Any]],
    participants: Iterable[Sequence[Any]],
    laboratories: Iterable[Sequence[Any]],
) -> Facts:
    """What a case's counts depend on (a row of `_CASE_FIELDS` and the rows of its seizures, participants and
    laboratories), in a stable order."""

    def stable(rows: Iterable[list[Any]]) -> list[list[Any]]:
        return sorted(rows, key=lambda row: [str(value) for value in row])

    _pk, region, act_date, article, size = case
    return [
        region, fact_date(act_date), article, size,
        stable([fact_date(seized_on), substance_class] for _case, seized_on, substance_class in seizures),
        stable([role, sex, age] for _case, role, sex, age in participants),
        stable([fact_date(shut_down_on), kind] for _case, shut_down_on, kind in laboratories),
    ]  # fmt: skip


def add_case_flows(facts: Facts, flows: Flows) -> None:
    """Add the flows of one case's facts (see `case_facts`) to `flows`."""
    region, act_date, article, size, seizures, participants, laboratories = facts
    acted = date.fromisoformat(act_date)

    def count(day: date, measure: str, *, category: str, sex: str = "", age: str = "") -> None:
        add_interval(flows, day, None, Key(measure, region, region, "", sex, age, category_code(category), article))

    count(acted, CASES, category=size or "none")
    for seized_on, substance_class in seizures:
        count(date.fromisoformat(seized_on), SEIZURES, category=substance_class or "other")
    for role, sex, age in participants:
        count(acted, PARTICIPANTS, category=role, sex=sex, age=age_group(age))
    for shut_down_on, kind in laboratories:
        count(date.fromisoformat(shut_down_on), LABORATORIES, category=kind)


ByCase = dict[int, list[Any]]


def _related(ids: Sequence[int] | None, scope: str | None) -> tuple[ByCase, ByCase, ByCase]:
    """The seizures, participants and laboratories of the cases given (by ids, or of one region), by case."""
    out: tuple[ByCase, ByCase, ByCase] = (defaultdict(list), defaultdict(list), defaultdict(list))
    for model, fields, found in zip(
        (Seizure, Participant, Laboratory), (_SEIZURE_FIELDS, _PARTICIPANT_FIELDS, _LABORATORY_FIELDS), out, strict=True
    ):
        rows = model.objects.filter(case_id__in=ids) if ids is not None else model.objects.filter(case__region_id=scope)
        for row in rows.order_by().values_list(*fields).iterator(chunk_size=20000):
            found[row[0]].append(row)
    return out


class OffencesTopic:
    """Cases, seizures, participants and laboratories by the case's region (see the module docstring)."""

    name = TOPIC

    def scopes(self) -> list[str]:
        return Region.codes()

    def facts(self, subjects: Sequence[int]) -> dict[int, Facts]:
        ids = list(subjects)
        seizures, participants, laboratories = _related(ids, None)
        return {
            case[0]: case_facts(case, seizures[case[0]], participants[case[0]], laboratories[case[0]])
            for case in Case.objects.filter(pk__in=ids).values_list(*_CASE_FIELDS)
        }

    def facts_in(self, scope: str) -> Iterator[tuple[int, Facts]]:
        seizures, participants, laboratories = _related(None, scope)
        cases = Case.objects.filter(region_id=scope).order_by().values_list(*_CASE_FIELDS)
        for case in cases.iterator(chunk_size=20000):
            pk = case[0]
            yield pk, case_facts(case, seizures.pop(pk, ()), participants.pop(pk, ()), laboratories.pop(pk, ()))

    def add_flows(self, facts: Facts, flows: Flows) -> None:
        add_case_flows(facts, flows)


OFFENCES = register(OffencesTopic())


_deferred: ContextVar[set[int] | None] = ContextVar("offences_deferred_counts", default=None)


def refresh_offence_counts(case_ids: Iterable[int | None]) -> None:
    """Recount these cases in the dashboard's aggregates; call at the end of the transaction that changed them
    (inside `counted_together`, at its end instead)."""
    ids = [pk for pk in case_ids if pk is not None]
    deferred = _deferred.get()
    if deferred is not None:
        deferred.update(ids)
        return
    store.refresh(OFFENCES, ids)


@contextmanager
def counted_together() -> Iterator[None]:
    """Many cases written in one transaction (an import) are counted once at the end, inside it: one upsert per
    month and key instead of one per case. A case rolled back meanwhile counts nothing (it is recounted from the
    records)."""
    if _deferred.get() is not None:
        yield
        return
    ids: set[int] = set()
    token = _deferred.set(ids)
    try:
        yield
    finally:
        _deferred.reset(token)
    if not transaction.get_rollback():  # nothing to count in a transaction that will be rolled back
        store.refresh(OFFENCES, ids)


def rebuild_offence_counts() -> int:
    """Recompute the dashboard's aggregates from the records (after rows written behind the actions' back)."""
    return store.rebuild(OFFENCES)
