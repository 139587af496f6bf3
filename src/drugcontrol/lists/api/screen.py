"""Typed API of bulk screening: upload a file as a job, follow its progress, download the result CSV.

``POST /api/lists/screen`` (multipart: ``file`` plus options) answers 202 with the queued job (a worker runs
it), or refuses it: 403 for a role that may not screen, 413 for more rows than a job may have, 429 for too many
jobs at once or rows in a day (``lists/screening_quotas.py``). ``GET /api/lists/screen/{id}`` gives status,
progress and counts; ``GET /api/lists/screen/{id}/result.csv`` the result once done. People by their session,
systems by a key with the ``screen`` scope (the job belongs to the system's account); jobs belong to the caller
who started them. Composed into the lists router in ``lists/api/__init__.py``.
"""

from __future__ import annotations

from datetime import date, datetime

from django.http import FileResponse, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext
from ninja import File, Form, Router, Schema
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.responses import Status
from ninja.security import django_auth

from drugcontrol.apikeys.auth import ApiKeyAuth
from drugcontrol.apikeys.scopes import Scope
from drugcontrol.expertise.screening import ScreenInputError
from drugcontrol.http import client_ip
from drugcontrol.lists.actions.screening_jobs import (
    ScreeningOptions,
    access_screening_job,
    do_create_screening_job,
    result_path,
)
from drugcontrol.lists.api.schemas import ErrorOut
from drugcontrol.lists.models import ScreeningJob
from drugcontrol.lists.screening_quotas import ScreeningRefused
from drugcontrol.lists.snapshots import UnknownJurisdiction

router = Router(tags=["lists"], auth=[django_auth, ApiKeyAuth(Scope.SCREEN)])


class ScreeningJobOut(Schema):
    id: int
    status: str
    progress: float
    rows_total: int
    rows_done: int
    counts: dict[str, int]
    seconds: float
    error: str
    jurisdiction: str
    as_of: date
    input_name: str
    input_sha256: str
    created_at: datetime
    finished_at: datetime | None
    result_url: str | None


def job_out(job: ScreeningJob) -> ScreeningJobOut:
    done = job.status == ScreeningJob.Status.DONE
    return ScreeningJobOut(
        id=job.pk,
        status=job.status,
        progress=round(job.progress, 4),
        rows_total=job.rows_total,
        rows_done=job.rows_done,
        counts=job.counts,
        seconds=job.seconds,
        error=job.error_display,
        jurisdiction=job.jurisdiction_id,
        as_of=job.as_of,
        input_name=job.input_name,
        input_sha256=job.input_sha256,
        created_at=job.created_at,
        finished_at=job.finished_at,
        result_url=f"/api/lists/screen/{job.pk}/result.csv" if done else None,
    )


def _job(request: HttpRequest, job_id: int) -> ScreeningJob:
    return access_screening_job(request.user, job_id)  # NotFoundForUser: 404 by the API's one table


@router.post(
    "/screen",
    response={202: ScreeningJobOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 413: ErrorOut, 429: ErrorOut},
)
def create_screening_job(
    request: HttpRequest,
    file: File[UploadedFile],
    jurisdiction: Form[str] = "KZ",
    as_of: Form[date | None] = None,
    id_column: Form[str] = "id",
    smiles_column: Form[str] = "smiles",
    id_property: Form[str] = "",
) -> Status:
    """Queue the screening of an uploaded CSV, SDF or SMILES file against a list version; a refusal says why."""
    try:
        job = do_create_screening_job(
            file_name=file.name or "",
            data=file.read(),
            jurisdiction=jurisdiction,
            as_of=as_of or timezone.localdate(),
            options=ScreeningOptions(id_column=id_column, smiles_column=smiles_column, id_property=id_property),
            actor=request.user,
            remote_addr=client_ip(request),
        )
    except ScreeningRefused as refusal:
        return Status(refusal.status, ErrorOut(detail=refusal.message))
    except ScreenInputError as exc:
        return Status(400, ErrorOut(detail=exc.render(gettext), code=exc.code))
    except UnknownJurisdiction as exc:
        return Status(404, ErrorOut(detail=str(exc)))
    return Status(202, job_out(job))


@router.get("/screen/{job_id}", response=ScreeningJobOut)
def screening_job(request: HttpRequest, job_id: int) -> ScreeningJobOut:
    """Status, progress and counts per verdict of one of your screening jobs."""
    return job_out(_job(request, job_id))


@router.get("/screen/{job_id}/result.csv")
def screening_result(request: HttpRequest, job_id: int) -> FileResponse:
    """The result CSV of a finished job (409 while it is still running or when it failed)."""
    job = _job(request, job_id)
    path = result_path(job)
    if path is None or not path.is_file():
        raise HttpError(409, f"screening job {job_id} has no result ({job.status})")
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=f"screening-{job.pk}.csv", content_type="text/csv; charset=utf-8"
    )
