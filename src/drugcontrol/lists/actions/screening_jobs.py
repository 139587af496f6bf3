"""Screening jobs: accept an uploaded file, run it in the background, keep progress, counts and the result.

The embedded default runs each job in a background thread of the server process (no broker to install):
``settings.SCREENING_WORKERS`` worker processes (default 1, so the web server keeps a core) do the
screening, and the thread writes progress into the job row. A server restart loses running jobs: ``drugcontrol
serve`` marks the jobs it finds unfinished as failed, saying so, before it accepts requests, so nobody waits on
a job no process runs (the file can be submitted again). ``settings.SCREENING_JOBS_INLINE = True`` runs the job
in the request itself (tests, or a deployment that prefers to wait).
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import close_old_connections, transaction
from django.utils import timezone

from drugcontrol.audit.actions import do_record_event
from drugcontrol.expertise.screening import (
    ScreeningRecipe,
    ScreenInputError,
    detect_input_format,
    read_inputs,
    screen_file,
)
from drugcontrol.lists.assessors import assessor_as_of
from drugcontrol.lists.models import Jurisdiction, ScreeningJob
from drugcontrol.lists.snapshots import UnknownJurisdiction

__all__ = [
    "ScreeningOptions",
    "access_screening_job",
    "do_create_screening_job",
    "do_fail_interrupted_jobs",
    "result_path",
    "run_screening_job",
]

logger = logging.getLogger(__name__)

_PROGRESS_EVERY_S = 0.5


@dataclass(frozen=True)
class ScreeningOptions:
    """How to read the uploaded file."""

    id_column: str = "id"
    smiles_column: str = "smiles"
    id_property: str = ""


def _jobs_dir() -> Path:
    return Path(settings.DATA_DIR) / "screening"


def access_screening_job(user: Any, job_id: int) -> ScreeningJob:
    """The one getter of a job: its creator or a superuser; anyone else gets ``DoesNotExist`` (no hint)."""
    if not getattr(user, "is_authenticated", False):
        raise ScreeningJob.DoesNotExist(f"screening job {job_id} not found")
    jobs = ScreeningJob.objects.select_related("jurisdiction")
    if not user.is_superuser:
        jobs = jobs.filter(created_by=user)
    return jobs.get(pk=job_id)


def result_path(job: ScreeningJob) -> Path | None:
    """The result CSV of a finished job, or None while there is none."""
    if job.status != ScreeningJob.Status.DONE or not job.result_file:
        return None
    return Path(settings.DATA_DIR) / job.result_file


def do_create_screening_job(
    *,
    file_name: str,
    data: bytes,
    jurisdiction: str,
    as_of: date,
    options: ScreeningOptions,
    actor: Any,
    remote_addr: str = "",
) -> ScreeningJob:
    """Check the file can be screened, store it, create the job with its audit row, and start it.

    Raises ``ScreenInputError`` (the file as a whole cannot be read: type, size, columns) and
    ``UnknownJurisdiction``; nothing is stored then.
    """
    name = Path(file_name or "upload").name
    fmt = detect_input_format(name)
    if len(data) > settings.MAX_UPLOAD_BYTES:
        raise ScreenInputError(f"{name}: {len(data):,} bytes, more than the limit of {settings.MAX_UPLOAD_BYTES:,}")
    if not data.strip():
        raise ScreenInputError(f"{name}: the file is empty")
    code = Jurisdiction.objects.filter(code=jurisdiction.upper()).values_list("code", flat=True).first()
    if code is None:
        raise UnknownJurisdiction(jurisdiction)
    digest = hashlib.sha256(data).hexdigest()
    staging = _jobs_dir() / "incoming" / f"{digest}{''.join(Path(name).suffixes[-2:])}"
    staging.parent.mkdir(parents=True, exist_ok=True)
    staging.write_bytes(data)
    try:
        inputs = read_inputs(
            staging,
            fmt=fmt,
            id_column=options.id_column,
            smiles_column=options.smiles_column,
            id_property=options.id_property or None,
        )
        if not inputs:
            raise ScreenInputError(f"{name}: no rows to screen")
    except (ScreenInputError, OSError):
        staging.unlink(missing_ok=True)
        raise
    with transaction.atomic():
        jurisdiction_row = Jurisdiction.objects.get(code=code)
        job = ScreeningJob.objects.create(
            jurisdiction=jurisdiction_row,
            as_of=as_of,
            list_revision=jurisdiction_row.revision,
            created_at=timezone.now(),
            created_by=actor,
            input_name=name,
            input_sha256=digest,
            options={"format": fmt, **options.__dict__},
            rows_total=len(inputs),
            input_file=str(staging.relative_to(settings.DATA_DIR)),
        )
        folder = _jobs_dir() / str(job.pk)
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"input{''.join(Path(name).suffixes[-2:])}"
        staging.replace(target)
        job.input_file = str(target.relative_to(settings.DATA_DIR))
        job.save(update_fields=["input_file"])
        do_record_event(
            actor=actor,
            action="lists.create_screening_job",
            object_type="screening_job",
            object_id=job.pk,
            remote_addr=remote_addr,
            details={
                "file": name,
                "sha256": digest,
                "rows": len(inputs),
                "jurisdiction": code,
                "as_of": as_of.isoformat(),
            },
        )
    if settings.SCREENING_JOBS_INLINE:
        run_screening_job(job.pk)
        job.refresh_from_db()
    else:
        threading.Thread(target=_run_in_thread, args=(job.pk,), name=f"screening-{job.pk}", daemon=True).start()
    return job


INTERRUPTED = "interrupted: the server stopped before the job finished; submit the file again"


def do_fail_interrupted_jobs() -> int:
    """Mark queued and running jobs as failed; for server start, when no thread of this process runs any."""
    return ScreeningJob.objects.filter(status__in=[ScreeningJob.Status.QUEUED, ScreeningJob.Status.RUNNING]).update(
        status=ScreeningJob.Status.FAILED, error=INTERRUPTED, finished_at=timezone.now()
    )


def _run_in_thread(job_id: int) -> None:
    try:
        run_screening_job(job_id)
    finally:
        close_old_connections()


def run_screening_job(job_id: int) -> None:
    """Screen a queued job's file and store the result; any failure is recorded on the job, never raised."""
    job = ScreeningJob.objects.select_related("jurisdiction").get(pk=job_id)
    job.status = ScreeningJob.Status.RUNNING
    job.started_at = timezone.now()
    job.save(update_fields=["status", "started_at"])
    last_saved = 0.0

    def progress(done: int, total: int) -> None:
        nonlocal last_saved
        now = time.monotonic()
        if now - last_saved >= _PROGRESS_EVERY_S or done == total:
            last_saved = now
            ScreeningJob.objects.filter(pk=job_id).update(rows_done=done, rows_total=total)

    output = Path(settings.DATA_DIR) / job.input_file
    output = output.with_name("result.csv")
    try:
        recipe = ScreeningRecipe.of(assessor_as_of(job.jurisdiction_id, job.as_of))
        summary = screen_file(
            Path(settings.DATA_DIR) / job.input_file,
            output,
            recipe,
            fmt=job.options.get("format"),
            id_column=job.options.get("id_column", "id"),
            smiles_column=job.options.get("smiles_column", "smiles"),
            id_property=job.options.get("id_property") or None,
            workers=settings.SCREENING_WORKERS,
            progress=progress,
        )
    except Exception as exc:  # a job must end in a state the user can see, whatever went wrong
        logger.exception("screening job %s failed", job_id)
        ScreeningJob.objects.filter(pk=job_id).update(
            status=ScreeningJob.Status.FAILED, error=f"{type(exc).__name__}: {exc}", finished_at=timezone.now()
        )
        return
    ScreeningJob.objects.filter(pk=job_id).update(
        status=ScreeningJob.Status.DONE,
        rows_done=summary.total,
        counts=summary.counts,
        seconds=round(summary.seconds, 3),
        result_file=str(output.relative_to(settings.DATA_DIR)),
        finished_at=timezone.now(),
    )
