"""Bulk screening on a Dask distributed cluster: the rows and their order of a run on this machine.

``screen_inputs(..., scheduler="tcp://host:8786")`` hands its partitions (lists of distinct structure
texts, in input order) to ``run_partitions`` instead of a local process pool. The list bundle — the
``ScreeningRecipe``: snapshot, substituent list, group ids — is scattered once with ``broadcast=True``, so
every worker receives one copy before the first partition and no task carries it again. Each worker thread
builds its ``Assessor`` from that copy once and keeps it (with its cache of results by standardised form) for
every later partition of the same run.

Partitions are submitted in a sliding window of a few per worker thread and collected in submission order,
so the client holds the results of a window, not of the whole input, and the rows come back in input order
whatever worker finishes first. The workers need the same drugcontrol version installed as the client.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from drugcontrol.expertise.screening import ScreeningRecipe

__all__ = ["DASK_PARTITION_ROWS", "SchedulerUnreachable", "run_partitions"]

DASK_PARTITION_ROWS = 256
"""Distinct structures per partition at most (a few tenths of a second of work, far above a task's overhead);
small inputs get smaller partitions, 16 or more, so that every worker has a share."""
_TASKS_PER_THREAD = 4
"""Partitions in flight per worker thread: enough to keep every thread busy between two collections."""

_WORKERS: dict[tuple[str, int], object] = {}
"""Per worker process: the ``_Worker`` of each thread for the recipe of the run (key, thread id)."""
_WORKERS_LOCK = threading.Lock()


class SchedulerUnreachable(ConnectionError):
    """No Dask scheduler answered at the address given."""

    def __init__(self, address: str, reason: str) -> None:
        super().__init__(f"no Dask scheduler answers at {address} ({reason})")
        self.address = address
        self.reason = reason


def _screen_partition(structures: list[str], recipe: ScreeningRecipe, recipe_key: str) -> list[dict[str, str]]:
    """Runs on a worker: the result rows (without ids) of one partition, in its order."""
    from drugcontrol.expertise.screening import _Worker

    key = (recipe_key, threading.get_ident())
    worker = _WORKERS.get(key)
    if worker is None:
        with _WORKERS_LOCK:
            for old in [k for k in _WORKERS if k[0] != recipe_key]:  # a finished run's assessors
                del _WORKERS[old]
            worker = _WORKERS[key] = _Worker(recipe)
    return worker.rows(structures)  # type: ignore[attr-defined]


def run_partitions(
    partitions: list[list[str]], recipe: ScreeningRecipe, scheduler: str
) -> Iterator[list[dict[str, str]]]:
    """The rows of each partition, in partition order, computed by the workers of ``scheduler``.

    Raises ``SchedulerUnreachable`` when no scheduler answers at the address within Dask's connect timeout
    (``distributed.comm.timeouts.connect``, 30 s unless configured).
    """
    from distributed import Client

    try:
        client = Client(scheduler, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise SchedulerUnreachable(scheduler, str(exc) or type(exc).__name__) from exc
    with client:
        threads = max(1, sum(client.nthreads().values()))
        recipe_future = client.scatter(recipe, broadcast=True, hash=False)
        pending: deque = deque()
        queue = iter(partitions)
        for partition in queue:
            pending.append(client.submit(_screen_partition, partition, recipe_future, recipe_future.key, pure=False))
            if len(pending) >= threads * _TASKS_PER_THREAD:
                break
        while pending:
            rows = pending.popleft().result()
            partition = next(queue, None)
            if partition is not None:
                pending.append(
                    client.submit(_screen_partition, partition, recipe_future, recipe_future.key, pure=False)
                )
            yield rows
