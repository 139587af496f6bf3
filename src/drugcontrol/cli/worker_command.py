"""`drugcontrol worker`: run background tasks (screening jobs, imports, reports) from the database queue."""

from __future__ import annotations

import logging

import typer

from drugcontrol.cli.django_setup import ensure_data_dir, setup_django


def worker(
    queue: str = typer.Option("*", help="Queues to run, separated by commas ('*': every queue)."),
    interval: float = typer.Option(1.0, min=0.0, help="Seconds to wait before looking again when the queue is empty."),
    batch: bool = typer.Option(False, help="Run what is queued, then exit."),
    max_tasks: int = typer.Option(None, min=1, help="Exit after this many tasks."),
    worker_id: str = typer.Option(None, help="Unique name of this worker (default: host, pid and a random part)."),
    heartbeat: float = typer.Option(
        None, min=0.05, help="Seconds between heartbeats (default: TASKS_HEARTBEAT_SECONDS, 10)."
    ),
) -> None:
    """Run queued background tasks; a task left running by a worker that died is queued again or failed."""
    setup_django()
    ensure_data_dir()
    from drugcontrol.background.worker import LeasedWorker, new_worker_id, wait_for_migrations

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    wait_for_migrations(notify=lambda message: typer.secho(message, fg=typer.colors.YELLOW, err=True))
    worker_id = worker_id or new_worker_id()
    if len(worker_id) > 64:
        raise typer.BadParameter("at most 64 characters", param_hint="--worker-id")
    runner = LeasedWorker(
        queue_names=queue.split(","),
        interval=interval,
        batch=batch,
        backend_name="default",
        startup_delay=not batch,
        max_tasks=max_tasks,
        worker_id=worker_id,
        excluded_queue_names=[],
        heartbeat_s=heartbeat,
    )
    typer.secho(f"worker {worker_id}: running tasks from the queue '{queue}'", bold=True, err=True)
    runner.configure_signals()
    runner.run()
