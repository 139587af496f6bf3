"""The register import as a background task: the web page queues it, a worker (`drugcontrol worker`) runs it."""

from __future__ import annotations

from pathlib import Path
from tempfile import TemporaryDirectory

from django.utils import timezone
from django_tasks import task

from drugcontrol.registry.importing.pipeline import run_register_import
from drugcontrol.registry.models import ImportStatus, RegisterImport, StagedRegisterRow


@task()
def register_import_task(job_id: int) -> str:
    """Read the job's upload from a private temporary folder and import it; returns the job's final status."""
    job = RegisterImport.objects.select_related("actor").get(pk=job_id)
    try:
        with TemporaryDirectory(prefix="register-import-") as folder:
            path = Path(folder) / job.source_name
            path.write_bytes(bytes(job.upload))
            return run_register_import(job, path).status
    except Exception:
        # Nothing reached the register (its write is one transaction); the page must not wait forever.
        StagedRegisterRow.objects.filter(job_id=job_id).delete()
        RegisterImport.objects.filter(pk=job_id).update(
            status=ImportStatus.FAILED, finished_at=timezone.now(), upload=b""
        )
        raise
