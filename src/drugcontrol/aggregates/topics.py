"""What a topic is (the subjects, their flows) and the topics known to the system, by name."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import NamedTuple, Protocol


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


Flows = Counter[tuple[date, Key]]
"""(day, key) -> change of the number open under the key on that day."""


class Topic(Protocol):
    """A source of counts. `contributions` of the same records always gives the same flows."""

    name: str

    def scopes(self) -> list[str]:
        """Every scope a subject may have: the partitions of rebuild and check."""
        ...

    def contributions(self, subjects: Sequence[int]) -> dict[int, Flows]:
        """The flows of each subject given (a subject that counts nowhere maps to an empty Counter)."""
        ...

    def contributions_in(self, scope: str) -> Iterator[tuple[int, Flows]]:
        """The flows of every subject of one scope, for rebuild and check."""
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
