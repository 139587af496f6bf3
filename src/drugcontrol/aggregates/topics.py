"""What a topic is (the subjects, their flows) and the topics known to the system, by name."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import Any, NamedTuple, Protocol


class Key(NamedTuple):
    """What a count is counted by; '' where a topic has no such category."""

    measure: str
    scope: str = ""
    region: str = ""
    district: str = ""
    sex: str = ""
    age_group: str = ""
    category: str = ""
    status: str = ""


SUBJECTS_PER_QUERY = 500  # well under SQLite's variable limit, with room for a topic's own parameters

Flows = Counter[tuple[date, Key]]
"""(day, key) -> change of the number open under the key on that day."""

Facts = list[Any]
"""What a subject's flows are computed from (its own fields and its related rows), as JSON values: dates as ISO
strings. Stored in the ledger, because a few facts are cheaper to read, write and compare than the flows they make."""


def fact_date(value: date | None) -> str | None:
    """A date as facts keep it (ISO text; None stays None)."""
    return None if value is None else value.isoformat()


def date_of_fact(value: str | None) -> date | None:
    """The date a fact keeps (see `fact_date`)."""
    return None if value is None else date.fromisoformat(value)


class Topic(Protocol):
    """A source of counts. `add_flows` of the same facts always adds the same flows."""

    name: str

    def scopes(self) -> list[str]:
        """Every scope a subject may have: the partitions of rebuild and check."""
        ...

    def facts(self, subjects: Sequence[int]) -> dict[int, Facts]:
        """The facts of each subject given that counts somewhere (one that counts nowhere is left out); at most
        `SUBJECTS_PER_QUERY` subjects at a time, so that their ids fit in one query on every database."""
        ...

    def facts_in(self, scope: str) -> Iterator[tuple[int, Facts]]:
        """The facts of every subject of one scope that counts, for rebuild and check."""
        ...

    def add_flows(self, facts: Facts, flows: Flows) -> None:
        """Add the flows these facts make to `flows`: the topic's one rule."""
        ...


TOPICS: dict[str, Topic] = {}


def register(topic: Topic) -> Topic:
    TOPICS[topic.name] = topic
    return topic


def get_topic(name: str) -> Topic:
    from django.apps import apps

    apps.check_apps_ready()
    if name not in TOPICS:
        raise KeyError(f"the topic must be one of {', '.join(sorted(TOPICS)) or '(none)'}. Got {name!r} instead.")
    return TOPICS[name]


def add_interval(flows: Flows, start: date, end: date | None, key: Key) -> None:
    """Count one under `key` from `start` (included) to `end` (excluded; None: still open)."""
    if end is not None and end <= start:
        return
    flows[(start, key)] += 1
    if end is not None:
        flows[(end, key)] -= 1


def total(parts: Iterable[Flows]) -> Flows:
    out: Flows = Counter()
    for part in parts:
        out.update(part)
    return out
