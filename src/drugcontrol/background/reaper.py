"""Take back the tasks of workers that died: a running task is only as alive as its worker's lease.

The database backend marks a task running when a worker claims it and finished when the worker is done; a worker
killed in between (``kill -9``, out of memory, a power cut) would leave it running for ever. Every worker keeps a
lease (``WorkerLease``) whose heartbeat it renews; a running task whose last worker has not renewed its lease for
``TASKS_LEASE_SECONDS`` is stale. It goes back to the queue while it has been tried fewer than
``TASKS_MAX_ATTEMPTS`` times (the tasks are written to be run again: see the screening task) and fails with
``WORKER_LOST`` after that. Each decision is one conditional update, so two reapers never both act on a task.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_noop
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from drugcontrol.background.models import WorkerLease
from drugcontrol.background.signals import task_abandoned

__all__ = ["WORKER_LOST", "WORKER_LOST_CLASS", "ReapReport", "live_worker_ids", "reap_stale_tasks"]

logger = logging.getLogger(__name__)

WORKER_LOST = gettext_noop(
    "interrupted: the worker running this job stopped before it finished, every time it was tried; submit it again"
)
"""Stored untranslated (the job row, the task row); translated where it is shown."""
WORKER_LOST_CLASS = "drugcontrol.background.reaper.WorkerLost"
"""The exception class path the failed task row records."""


@dataclass
class ReapReport:
    """Ids of the tasks queued again and of those failed for good."""

    requeued: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.requeued or self.failed)


def newest_heartbeat() -> datetime | None:
    """When the most recently heard worker last beat (None: no worker is running); `/healthz` asks this."""
    return WorkerLease.objects.order_by("-heartbeat_at").values_list("heartbeat_at", flat=True).first()


def live_worker_ids(now: datetime | None = None) -> set[str]:
    """Workers heard of within the lease."""
    cutoff = (now or timezone.now()) - timedelta(seconds=settings.TASKS_LEASE_SECONDS)
    return set(WorkerLease.objects.filter(heartbeat_at__gte=cutoff).values_list("worker_id", flat=True))


def reap_stale_tasks(*, now: datetime | None = None) -> ReapReport:
    """Queue again or fail every running task whose worker's lease has expired; drop the expired leases."""
    now = now or timezone.now()
    live = live_worker_ids(now)
    report = ReapReport()
    for row in DBTaskResult.objects.running().order_by("started_at"):
        owner = row.worker_ids[-1] if row.worker_ids else ""
        if owner in live:
            continue
        attempts = len(row.worker_ids)
        requeue = attempts < settings.TASKS_MAX_ATTEMPTS
        claimed = DBTaskResult.objects.filter(pk=row.pk, status=TaskResultStatus.RUNNING, started_at=row.started_at)
        if requeue:
            changed = claimed.update(status=TaskResultStatus.READY)
        else:
            changed = claimed.update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path=WORKER_LOST_CLASS,
                traceback=f"{WORKER_LOST_CLASS}: {WORKER_LOST} (attempts: {attempts})",
                return_value=None,
            )
        if not changed:  # another reaper, or the worker itself, got there first
            continue
        task_id = str(row.pk)
        (report.requeued if requeue else report.failed).append(task_id)
        logger.warning(
            "task %s (%s) lost its worker %s after attempt %d: %s",
            task_id, row.task_path, owner or "?", attempts, "queued again" if requeue else "failed",
        )  # fmt: skip
        task_abandoned.send(
            sender=__name__,
            task_path=row.task_path,
            task_id=task_id,
            args=row.args_kwargs.get("args", []),
            kwargs=row.args_kwargs.get("kwargs", {}),
            requeued=requeue,
        )
    cutoff = now - timedelta(seconds=settings.TASKS_LEASE_SECONDS)
    WorkerLease.objects.filter(heartbeat_at__lt=cutoff).delete()
    return report
