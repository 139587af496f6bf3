"""The offences import as a background task: the page queues it, `drugcontrol worker` runs it."""

from __future__ import annotations

from pathlib import Path
from tempfile import TemporaryDirectory

from django.utils import timezone
from django_tasks import task

from drugcontrol.offences.models import OffenceImport

_FINISHED = (OffenceImport.Status.DONE, OffenceImport.Status.REFUSED, OffenceImport.Status.FAILED)


@task()
def offences_import_task(job_id: int) -> str:
    from drugcontrol.offences.importing import run_import_file

    job = OffenceImport.objects.select_related("actor").get(pk=job_id)
    if job.status in _FINISHED:
        return job.status
    OffenceImport.objects.filter(pk=job_id).update(status=OffenceImport.Status.RUNNING)
    try:
        with TemporaryDirectory(prefix="offences-import-") as folder:
            path = Path(folder) / Path(job.file_name).name
            path.write_bytes(bytes(job.upload))
            result = run_import_file(path, actor=job.actor, mapping=job.mapping, skip_invalid=job.skip_invalid)
    except Exception:
        OffenceImport.objects.filter(pk=job_id).update(status=OffenceImport.Status.FAILED, finished_at=timezone.now())
        raise
    status = OffenceImport.Status.REFUSED if result.refused else OffenceImport.Status.DONE
    OffenceImport.objects.filter(pk=job_id).update(
        status=status,
        rows_written=result.written,
        problems=[p.stored() for p in result.problems],
        upload=b"",
        finished_at=timezone.now(),
    )
    return status
