"""Thin views of bulk screening: upload a file (queued for a worker), follow the job, download the result CSV."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from drugcontrol.expertise.screening import ScreenInputError
from drugcontrol.http import client_ip, page_errors
from drugcontrol.lists.actions.screening_jobs import (
    ScreeningOptions,
    access_screening_job,
    do_create_screening_job,
    result_path,
)
from drugcontrol.lists.forms import jurisdiction_choices
from drugcontrol.lists.models import ScreeningJob
from drugcontrol.lists.report_rendering import unknown_jurisdiction_text
from drugcontrol.lists.screening_quotas import ScreeningRefused
from drugcontrol.lists.snapshots import UnknownJurisdiction
from drugcontrol.web.widgets import IsoDateInput


class ScreenForm(forms.Form):
    file = forms.FileField(label=_("File (CSV, SDF or SMILES)"))
    jurisdiction = forms.ChoiceField(label=_("Jurisdiction"), choices=jurisdiction_choices, initial="KZ")
    as_of = forms.DateField(label=_("As of"), widget=IsoDateInput)
    id_column = forms.CharField(label=_("Id column (CSV)"), initial="id", max_length=100)
    smiles_column = forms.CharField(label=_("Structure column (CSV)"), initial="smiles", max_length=100)
    id_property = forms.CharField(label=_("Id data item (SDF; default: the title)"), required=False, max_length=100)


@login_required
def screen_page(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        form = ScreenForm(initial={"jurisdiction": "KZ", "as_of": timezone.localdate()})
        jobs = ScreeningJob.objects.filter(created_by=request.user)[:5]
        return render(request, "lists/screen.html", {"form": form, "jobs": jobs})
    form = ScreenForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "lists/screen.html", {"form": form}, status=400)
    upload = form.cleaned_data["file"]
    try:
        job = do_create_screening_job(
            file_name=upload.name,
            data=upload.read(),
            jurisdiction=form.cleaned_data["jurisdiction"],
            as_of=form.cleaned_data["as_of"],
            options=ScreeningOptions(
                id_column=form.cleaned_data["id_column"],
                smiles_column=form.cleaned_data["smiles_column"],
                id_property=form.cleaned_data["id_property"],
            ),
            actor=request.user,
            remote_addr=client_ip(request),
        )
    except ScreeningRefused as refusal:
        return render(request, "lists/screen.html", {"form": form, "error": refusal.message}, status=refusal.status)
    except ScreenInputError as exc:
        return render(request, "lists/screen.html", {"form": form, "error": exc.render(gettext)}, status=400)
    except UnknownJurisdiction:
        error = unknown_jurisdiction_text(form.cleaned_data["jurisdiction"])
        return render(request, "lists/screen.html", {"form": form, "error": error}, status=400)
    return redirect("lists:screen_job", job_id=job.pk)


@login_required
def screen_jobs_page(request: HttpRequest) -> HttpResponse:
    """Every screening job of the user, newest first, with its status, counts per verdict and download."""
    jobs = ScreeningJob.objects.filter(created_by=request.user).select_related("jurisdiction")
    page = Paginator(jobs, JOBS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "lists/screen_jobs.html", {"page": page, "jobs": page.object_list, "page_query": ""})


JOBS_PER_PAGE = 50


def _job(request: HttpRequest, job_id: int) -> ScreeningJob:
    return access_screening_job(request.user, job_id)


@login_required
@page_errors
def screen_job_page(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job(request, job_id)
    return render(request, "lists/screen_job.html", {"job": job, "percent": round(job.progress * 100)})


@login_required
@page_errors
def screen_result(request: HttpRequest, job_id: int) -> FileResponse:
    job = _job(request, job_id)
    path = result_path(job)
    if path is None or not path.is_file():
        raise Http404(f"screening job {job_id} has no result yet")
    return FileResponse(path.open("rb"), as_attachment=True, filename=f"screening-{job.pk}.csv")
