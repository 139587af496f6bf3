"""Rebuilding a topic's aggregates as a background task (after a bulk load, or on a schedule)."""

from __future__ import annotations

from django_tasks import task

from drugcontrol.aggregates.store import rebuild
from drugcontrol.aggregates.topics import get_topic


@task()
def rebuild_aggregates_task(topic: str) -> int:
    """Recompute the topic's counts from the records; returns the number of subjects counted."""
    return rebuild(get_topic(topic))
