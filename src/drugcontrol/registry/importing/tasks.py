"""The register import as a background task: the web page queues it, a worker (`drugcontrol worker`) runs it.

A worker that dies mid-way (kill -9) leaves the job "running"; the reaper queues the task again and this run
starts the job afresh from its stored upload (the register itself is written in one transaction, so nothing of
the lost run reached it), or, past the last attempt, the job is failed here with the reaper's signal.
"""

from __future__ import annotations

from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from django.dispatch import receiver
from django.utils import timezone
from django_tasks import task

from drugcontrol.background.signals import task_abandoned
from drugcontrol.registry.importing.pipeline import run_register_import
from drugcontrol.registry.models import ImportStatus, RegisterImport, RegisterImportProblem, StagedRegisterRow

_FINISHED = (ImportStatus.DONE, ImportStatus.REFUSED, ImportStatus.FAILED)


def _fail(job_id: int) -> None:
    StagedRegisterRow.objects.filter(job_id=job_id).delete()
    RegisterImport.objects.filter(pk=job_id).exclude(status__in=_FINISHED).update(
        status=ImportStatus.FAILED, finished_at=timezone.now(), upload=b""
    )


@task()
def register_import_task(job_id: int) -> str:
    """Read the job's upload from a private temporary folder and import it; returns the job's final status."""
    job = RegisterImport.objects.select_related("actor").get(pk=job_id)
    if job.status in _FINISHED:  # the lost run had finished its work: nothing to do again
        return job.status
    if job.status == ImportStatus.RUNNING:  # a run before this one was lost with its worker: start again
        StagedRegisterRow.objects.filter(job=job).delete()
        RegisterImportProblem.objects.filter(job=job).delete()
    try:
        with TemporaryDirectory(prefix="register-import-") as folder:
            path = Path(folder) / job.source_name
            path.write_bytes(bytes(job.upload))
            return run_register_import(job, path).status
    except Exception:
        # Nothing reached the register (its write is one transaction); the page must not wait forever.
        _fail(job_id)
        raise


@receiver(task_abandoned, dispatch_uid="registry.register_import_abandoned")
def _register_import_abandoned(
    sender: str, *, task_path: str, args: list[Any], kwargs: dict[str, Any], requeued: bool, **_: Any
) -> None:
    """The reaper gave the task up for good (its last worker died): the job is failed, never left running."""
    if task_path == register_import_task.module_path and not requeued:
        _fail(int(kwargs["job_id"] if "job_id" in kwargs else args[0]))
