"""Run the queued django-tasks through the database backend's own worker, in this process (no thread, no sleep)."""

from __future__ import annotations

from django_tasks_db.management.commands.db_worker import Worker


def run_queued_tasks() -> None:
    """Every task waiting in the database queue, run to its end, as `drugcontrol worker` would run them."""
    Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="tests",
        excluded_queue_names=[],
    ).run()
