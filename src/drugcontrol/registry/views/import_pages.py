"""The import page of a regional register: upload (queued as a background job), the job's status, the rejects.

Thin views: the upload is kept in a job and read by a worker, never in the web process; the status page
refreshes itself until the job is done; the rejects are a CSV download, rendered in the reader's language,
readable only by the user who ran the import.
"""

from __future__ import annotations

from itertools import islice
from pathlib import Path
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from drugcontrol.http import client_ip
from drugcontrol.importing import rejects_download, translated_rows
from drugcontrol.registry import access
from drugcontrol.registry.access import Capability
from drugcontrol.registry.forms import RegisterImportForm
from drugcontrol.registry.importing.jobs import do_download_rejects, do_queue_register_import, import_job_for
from drugcontrol.registry.importing.pipeline import importer_region, stored_problems
from drugcontrol.registry.importing.rows import REQUIRED, TARGET_FIELDS
from drugcontrol.registry.models import ImportStatus
from drugcontrol.registry.views.pages import registry_view

#: The page lists this many problems; the rejects download has all of them.
SHOWN_PROBLEMS = 200
#: Seconds between refreshes of the status page while the job waits or runs.
REFRESH_SECONDS = 3


@registry_view
def import_register(request: HttpRequest) -> HttpResponse:
    """Upload a regional register: the job is queued and the browser is sent to its status page."""
    importer_region(request.user)  # the import action's own gate, so that a refused user sees no form (403)
    form = RegisterImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = do_queue_register_import(
            request.user,
            source_name=Path(upload.name or "register.csv").name,
            upload=b"".join(upload.chunks()),
            mapping=form.cleaned_data["mapping"],
            skip_invalid=form.cleaned_data["skip_invalid"],
            remote_addr=client_ip(request),
        )
        return redirect("registry:import_job", job_id=job.pk)
    context = {"form": form, "fields": [(name, name in REQUIRED) for name in TARGET_FIELDS]}
    return render(request, "registry/import.html", context)


@registry_view
def import_job(request: HttpRequest, job_id: int) -> HttpResponse:
    """The job's status; once finished, its counts and problems, and the rejects download."""
    job = import_job_for(request.user, job_id)
    finished = job.status not in (ImportStatus.QUEUED, ImportStatus.RUNNING)
    context: dict[str, Any] = {
        "job": job,
        "finished": finished,
        "refresh": REFRESH_SECONDS,
        "can_review_duplicates": access.can(request.user, Capability.REVIEW_DUPLICATES),
    }
    if finished and job.problem_count:
        context["shown_problems"] = translated_rows(islice(stored_problems(job), SHOWN_PROBLEMS))
        context["hidden_problems"] = max(job.problem_count - SHOWN_PROBLEMS, 0)
    return render(request, "registry/import_job.html", context)


@registry_view
def import_rejects(request: HttpRequest, job_id: int) -> HttpResponse:
    """The rejects of a finished job as a CSV file (row, field, message, value), audited."""
    job = do_download_rejects(request.user, job_id, remote_addr=client_ip(request))
    response = rejects_download(stored_problems(job), filename=f"{Path(job.source_name).stem}-rejects.csv")
    response["Cache-Control"] = "no-store"
    return response
