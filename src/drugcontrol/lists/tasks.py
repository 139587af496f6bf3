"""Background tasks of the lists domain (run by ``drugcontrol worker``): thin shells over actions.

Arguments are JSON: ids, strings and ISO dates. See ``drugcontrol.background`` for the conventions.
"""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver
from django_tasks import task

from drugcontrol.background.signals import task_abandoned
from drugcontrol.lists.actions.screening_runs import do_mark_job_abandoned, run_screening_job

__all__ = ["screen_file_job"]


@task()
def screen_file_job(job_id: int) -> dict[str, Any]:
    """Screen one queued screening job; run again after a lost worker, it resumes at its last stored part."""
    return run_screening_job(job_id)


@receiver(task_abandoned, dispatch_uid="lists.screening_job_abandoned")
def _screening_job_abandoned(sender: str, *, task_path: str, task_id: str, requeued: bool, **kwargs: Any) -> None:
    if task_path == screen_file_job.module_path:
        do_mark_job_abandoned(task_id, requeued=requeued)
