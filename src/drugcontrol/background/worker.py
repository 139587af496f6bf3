"""The worker: django-tasks-db's own worker loop, plus a lease with a heartbeat and the reaper.

``LeasedWorker`` writes its lease before it claims anything, reaps stale tasks at start and then on every
heartbeat (a thread, so a long task keeps its lease), and removes its lease when it stops. ``run_queued_tasks``
runs the queue in this process until it is empty: tests use it to run tasks through the real backend.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from drugcontrol.background.models import WorkerLease
from drugcontrol.background.reaper import reap_stale_tasks

__all__ = ["LeasedWorker", "new_worker_id", "run_queued_tasks", "wait_for_migrations"]

logger = logging.getLogger(__name__)


def new_worker_id() -> str:
    """Unique across the pool: host, process and a random part (at most 64 characters)."""
    return f"{socket.gethostname()[:30]}-{os.getpid()}-{get_random_string(12)}"


class LeasedWorker(Worker):
    """A database worker that holds a lease while it lives and reaps the tasks of dead workers."""

    def __init__(self, *, heartbeat_s: float | None = None, heartbeat_thread: bool = True, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.heartbeat_s = settings.TASKS_HEARTBEAT_SECONDS if heartbeat_s is None else heartbeat_s
        self.heartbeat_thread = heartbeat_thread
        self._stop = threading.Event()

    def beat(self) -> None:
        """Renew this worker's lease (create it the first time); one statement, so SQLite never waits on a lock."""
        now = timezone.now()
        if not WorkerLease.objects.filter(worker_id=self.worker_id).update(heartbeat_at=now):
            WorkerLease.objects.create(
                worker_id=self.worker_id,
                heartbeat_at=now,
                started_at=now,
                hostname=socket.gethostname()[:255],
                pid=os.getpid(),
            )

    def _heartbeat_loop(self) -> None:
        try:
            while not self._stop.wait(self.heartbeat_s):
                try:
                    self.beat()
                    reap_stale_tasks()
                except DatabaseError as exc:  # a busy database must not kill the worker; the next beat tries again
                    logger.warning("worker %s: heartbeat failed: %s", self.worker_id, exc)
        finally:
            connection.close()

    def run(self) -> None:
        self.beat()
        if reaped := reap_stale_tasks():
            logger.warning("worker %s: %d task(s) queued again, %d failed", self.worker_id, len(reaped.requeued),
                           len(reaped.failed))  # fmt: skip
        thread = None
        if self.heartbeat_thread:
            thread = threading.Thread(target=self._heartbeat_loop, name="worker-heartbeat", daemon=True)
            thread.start()
        try:
            super().run()
        finally:
            self._stop.set()
            if thread is not None:
                thread.join(timeout=self.heartbeat_s + 5)
            WorkerLease.objects.filter(worker_id=self.worker_id).delete()


def run_queued_tasks(*, max_tasks: int | None = None) -> int:
    """Run queued tasks in this process, one after another, until none is left; returns how many ran.

    The backend's own claim and ``Worker.run_task``, without the polling loop: that loop closes the database
    connection between tasks, which would end a test's open transaction. No heartbeat thread either: its own
    connection would not see that transaction.
    """
    worker = LeasedWorker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=max_tasks,
        worker_id=new_worker_id(),
        excluded_queue_names=[],
        heartbeat_thread=False,
    )
    worker.beat()
    reap_stale_tasks()
    ran = 0
    try:
        while max_tasks is None or ran < max_tasks:
            ready = DBTaskResult.objects.ready().filter(backend_name=worker.backend_name)
            with exclusive_transaction(ready.db):
                claimed = ready.get_locked()
                if claimed is not None:
                    claimed.claim(worker.worker_id)
            if claimed is None:
                break
            worker.run_task(claimed)
            ran += 1
    finally:
        WorkerLease.objects.filter(worker_id=worker.worker_id).delete()
    return ran


def wait_for_migrations(*, poll_s: float = 1.0, notify: Callable[[str], None] | None = None) -> None:
    """Block until every migration is applied (a worker started beside ``serve`` on a fresh database)."""
    from django.db.migrations.executor import MigrationExecutor

    told = False
    while True:
        try:
            executor = MigrationExecutor(connection)
            pending = bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))
        except DatabaseError:
            pending = True
        if not pending:
            return
        if not told and notify is not None:
            notify("waiting for the database to be migrated (drugcontrol setup, or serve)")
            told = True
        connection.close()
        time.sleep(poll_s)
