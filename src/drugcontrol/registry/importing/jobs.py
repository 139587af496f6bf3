"""A register import job as the user who started it sees it: queued, loaded only by its owner, rejects audited.

A job and its rejects (which hold the rejected rows' values: IINs, names) belong to the user who ran the
import; anyone else, whatever their role, gets the same "not found" as for a job that does not exist.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from drugcontrol.audit.actions import do_record_event
from drugcontrol.registry.errors import NotFoundForUser
from drugcontrol.registry.importing.pipeline import create_register_import, importer_region
from drugcontrol.registry.models import RegisterImport
from drugcontrol.tabular.mapping import ColumnMapping


def do_queue_register_import(
    actor: Any, *, source_name: str, upload: bytes, mapping: ColumnMapping, skip_invalid: bool, remote_addr: str
) -> RegisterImport:
    """Keep the upload in a new job and queue the import for a worker; the web process reads no row."""
    from drugcontrol.registry.importing.tasks import register_import_task

    job = create_register_import(
        actor,
        source_name=source_name,
        mapping=mapping,
        skip_invalid=skip_invalid,
        upload=upload,
        remote_addr=remote_addr,
    )
    result = register_import_task.enqueue(job.pk)
    RegisterImport.objects.filter(pk=job.pk).update(task_id=str(result.id))
    job.refresh_from_db()
    return job


def import_job_for(actor: Any, job_id: int) -> RegisterImport:
    """The job, if `actor` may still import and started it; NotFoundForUser otherwise (absent or not theirs)."""
    importer_region(actor)
    job = RegisterImport.objects.filter(pk=job_id, actor_id=getattr(actor, "pk", None)).defer("upload").first()
    if job is None:
        raise NotFoundForUser("import")
    return job


def do_download_rejects(actor: Any, job_id: int, *, remote_addr: str = "") -> RegisterImport:
    """The job whose rejects `actor` downloads; the download is audited (the rejects hold personal data)."""
    job = import_job_for(actor, job_id)
    with transaction.atomic():
        do_record_event(
            actor=actor,
            action="registry.import.rejects",
            object_type="registry.import",
            object_id=job.pk,
            purpose="import of a regional register",
            remote_addr=remote_addr,
            details={"problems": job.problem_count, "file": job.source_name},
        )
    return job
