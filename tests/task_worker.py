"""Run the queued django-tasks with the database backend's own worker, in this process (no thread, no sleep).

Each task is claimed and run the way `db_worker` runs it (`Worker.run_task`); the worker's loop is not used
because between tasks it closes the database connection, which would end the test's transaction.
"""

from __future__ import annotations

from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction


def run_queued_tasks() -> int:
    """Every task waiting in the database queue, run to its end; returns how many ran."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="tests",
        excluded_queue_names=[],
    )
    ran = 0
    while True:
        with exclusive_transaction(DBTaskResult.objects.db):
            result = DBTaskResult.objects.ready().filter(backend_name="default").get_locked()
            if result is None:
                return ran
            result.claim(worker.worker_id)
        worker.run_task(result)
        ran += 1
