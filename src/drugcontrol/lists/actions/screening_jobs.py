"""Screening jobs: accept an uploaded file within the user's quota, store it and queue the job as a task.

The job runs on ``drugcontrol worker`` (``lists/tasks.py``, ``actions/screening_runs.py``), never in the web
process. The job row, its audit row and its task row are written in one transaction, so a job is never queued
without its row nor its row left without a task.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from drugcontrol.audit.actions import do_record_event
from drugcontrol.errors import NotFoundForUser
from drugcontrol.expertise.screening import (
    FILE_EMPTY,
    FILE_TOO_LARGE,
    NO_ROWS,
    ScreenInputError,
    detect_input_format,
    read_inputs,
)
from drugcontrol.lists.models import Jurisdiction, ScreeningJob
from drugcontrol.lists.screening_quotas import ScreeningRefused, check_may_screen, check_rows
from drugcontrol.lists.snapshots import UnknownJurisdiction
from drugcontrol.lists.tasks import screen_file_job

__all__ = [
    "ScreeningOptions",
    "access_screening_job",
    "do_create_screening_job",
    "result_path",
]


@dataclass(frozen=True)
class ScreeningOptions:
    """How to read the uploaded file."""

    id_column: str = "id"
    smiles_column: str = "smiles"
    id_property: str = ""


def jobs_dir() -> Path:
    return Path(settings.DATA_DIR) / "screening"


def access_screening_job(user: Any, job_id: int) -> ScreeningJob:
    """The one getter of a job: its creator or a superuser; anyone else gets ``NotFoundForUser`` (no hint)."""
    if not getattr(user, "is_authenticated", False):
        raise NotFoundForUser("screening job")
    jobs = ScreeningJob.objects.select_related("jurisdiction")
    if not user.is_superuser:
        jobs = jobs.filter(created_by=user)
    job = jobs.filter(pk=job_id).first()
    if job is None:
        raise NotFoundForUser("screening job")
    return job


def result_path(job: ScreeningJob) -> Path | None:
    """The result CSV of a finished job, or None while there is none."""
    if job.status != ScreeningJob.Status.DONE or not job.result_file:
        return None
    return Path(settings.DATA_DIR) / job.result_file


def _refused(refusal: ScreeningRefused, *, actor: Any, remote_addr: str, details: dict[str, Any]) -> ScreeningRefused:
    """Record the refusal in the audit log (its own transaction) and hand it back to raise."""
    do_record_event(
        actor=actor,
        action="lists.refuse_screening_job",
        object_type="screening_job",
        object_id="",
        remote_addr=remote_addr,
        details={"reason": refusal.code, **details},
    )
    return refusal


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
    """Check the quota and the file, store it, create the job with its audit row and queue its task.

    Raises ``ScreeningRefused`` (role, jobs at once, rows; audited), ``ScreenInputError`` (the file as a whole
    cannot be read: type, size, columns) and ``UnknownJurisdiction``; nothing is stored then.
    """
    name = Path(file_name or "upload").name
    try:
        check_may_screen(actor)
    except ScreeningRefused as refusal:
        raise _refused(refusal, actor=actor, remote_addr=remote_addr, details={"file": name}) from None
    fmt = detect_input_format(name)
    if len(data) > settings.MAX_UPLOAD_BYTES:
        raise ScreenInputError(FILE_TOO_LARGE, file=name, size=f"{len(data):,}", limit=f"{settings.MAX_UPLOAD_BYTES:,}")
    if not data.strip():
        raise ScreenInputError(FILE_EMPTY, file=name)
    code = Jurisdiction.objects.filter(code=jurisdiction.upper()).values_list("code", flat=True).first()
    if code is None:
        raise UnknownJurisdiction(jurisdiction)
    digest = hashlib.sha256(data).hexdigest()
    suffixes = "".join(Path(name).suffixes[-2:])
    staging = jobs_dir() / "incoming" / f"{digest}{suffixes}"
    staging.parent.mkdir(parents=True, exist_ok=True)
    staging.write_bytes(data)
    try:
        inputs = read_inputs(
            staging,
            fmt=fmt,
            id_column=options.id_column,
            smiles_column=options.smiles_column,
            id_property=options.id_property or None,
            name=name,
        )
        if not inputs:
            raise ScreenInputError(NO_ROWS, file=name)
        with transaction.atomic():
            # One upload at a time per user: the quota is counted and the job written under the user's row lock.
            get_user_model().objects.select_for_update().filter(pk=actor.pk).first()
            check_may_screen(actor)
            check_rows(actor, len(inputs))
            job = _create_job(name, digest, fmt, inputs_total=len(inputs), code=code, as_of=as_of, options=options,
                              actor=actor, remote_addr=remote_addr, staging=staging, suffixes=suffixes)  # fmt: skip
    except ScreeningRefused as refusal:
        staging.unlink(missing_ok=True)
        details = {"file": name, "rows": len(inputs)}
        raise _refused(refusal, actor=actor, remote_addr=remote_addr, details=details) from None
    except (ScreenInputError, OSError):
        staging.unlink(missing_ok=True)
        raise
    return job


def _create_job(
    name: str,
    digest: str,
    fmt: str,
    *,
    inputs_total: int,
    code: str,
    as_of: date,
    options: ScreeningOptions,
    actor: Any,
    remote_addr: str,
    staging: Path,
    suffixes: str,
) -> ScreeningJob:
    jurisdiction_row = Jurisdiction.objects.get(code=code)
    job = ScreeningJob.objects.create(
        jurisdiction=jurisdiction_row,
        as_of=as_of,
        list_revision=jurisdiction_row.revision,
        created_at=timezone.now(),
        created_by=actor,
        input_name=name,
        input_sha256=digest,
        options={"format": fmt, "part_rows": settings.SCREENING_CHUNK_ROWS, **options.__dict__},
        rows_total=inputs_total,
        input_file=str(staging.relative_to(settings.DATA_DIR)),
    )
    folder = jobs_dir() / str(job.pk)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"input{suffixes}"
    staging.replace(target)
    job.input_file = str(target.relative_to(settings.DATA_DIR))
    job.task_id = str(screen_file_job.enqueue(job.pk).id)
    job.save(update_fields=["input_file", "task_id"])
    do_record_event(
        actor=actor,
        action="lists.create_screening_job",
        object_type="screening_job",
        object_id=job.pk,
        remote_addr=remote_addr,
        details={
            "file": name,
            "sha256": digest,
            "rows": inputs_total,
            "jurisdiction": code,
            "as_of": as_of.isoformat(),
            "task": job.task_id,
        },
    )
    return job
