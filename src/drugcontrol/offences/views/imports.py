"""The import page: upload a CSV/XLSX with a mapping, queued for the worker; the job's status and rejects."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from drugcontrol.http import client_ip, page_errors
from drugcontrol.importing import rejects_download, translated_rows
from drugcontrol.messages import RowError
from drugcontrol.offences.access import Capability, require
from drugcontrol.offences.actions.imports import do_queue_offences_import, import_job_for
from drugcontrol.offences.importing import FIELDS


@login_required
@page_errors
def import_page(request: HttpRequest) -> HttpResponse:
    require(request.user, Capability.IMPORT)
    context: dict[str, object] = {"fields": FIELDS}
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            context["error"] = _("Choose a CSV or XLSX file.")
        elif upload.size > settings.OFFENCES_IMPORT_MAX_BYTES:
            context["error"] = _("The file %(name)s is larger than %(mb)s MB.") % {
                "name": upload.name,
                "mb": settings.OFFENCES_IMPORT_MAX_BYTES // (1024 * 1024),
            }
        else:
            mapping = [line.strip() for line in request.POST.get("mapping", "").splitlines() if line.strip()]
            job = do_queue_offences_import(
                request.user,
                file_name=upload.name,
                upload=upload.read(),
                mapping=mapping,
                skip_invalid=request.POST.get("mode") == "skip-invalid",
                remote_addr=client_ip(request),
            )
            return redirect("offences:import_job", job_id=job.pk)
        return render(request, "offences/import.html", context, status=400)
    return render(request, "offences/import.html", context)


@login_required
@page_errors
def import_job_page(request: HttpRequest, job_id: int) -> HttpResponse:
    job = import_job_for(request.user, job_id)
    problems = translated_rows(RowError.from_stored(p) for p in job.problems[:50])
    return render(request, "offences/import_job.html", {"job": job, "problems": problems})


@login_required
@page_errors
def import_rejects(request: HttpRequest, job_id: int) -> HttpResponse:
    job = import_job_for(request.user, job_id)
    problems = (RowError.from_stored(p) for p in job.problems)
    return rejects_download(problems, filename=f"offences-import-{job.pk}-rejects.csv")
