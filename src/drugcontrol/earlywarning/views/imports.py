"""Upload a notifications file with its column mapping; the worker imports it; follow it and download its rejects."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from drugcontrol.earlywarning import access
from drugcontrol.earlywarning.actions.importing import do_queue_import
from drugcontrol.earlywarning.core.notifications import FIELDS
from drugcontrol.earlywarning.models import NotificationImport
from drugcontrol.http import client_ip, page_errors
from drugcontrol.importing import rejects_download, translated_rows
from drugcontrol.messages import RowError
from drugcontrol.tabular.errors import TabularError
from drugcontrol.tabular.reading import detect_format


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File (CSV, XLSX or SDF)"))
    mapping = forms.CharField(
        label=gettext_lazy("Column mapping, one FIELD=COLUMN per line"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        initial="name=Name\nsmiles=SMILES\ncountry=Country\nreported_on=Date",
    )
    mode = forms.ChoiceField(label=gettext_lazy("Mode"), choices=NotificationImport.Mode.choices)
    sender = forms.CharField(label=gettext_lazy("Sender"), required=False, max_length=300)


@login_required
@page_errors
def import_page(request: HttpRequest) -> HttpResponse:
    access.require(request.user, manage=True, remote_addr=client_ip(request), what="import")
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        specs = [line.strip() for line in form.cleaned_data["mapping"].splitlines() if line.strip()]
        suffix = Path(upload.name).suffix.lower()
        try:
            detect_format(upload.name)
        except TabularError as exc:
            form.add_error("file", exc.render(_))
        else:
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / f"upload{suffix}"
                with path.open("wb") as handle:
                    for chunk in upload.chunks():
                        handle.write(chunk)
                try:
                    job = do_queue_import(
                        path,
                        specs,
                        mode=form.cleaned_data["mode"],
                        actor=request.user,
                        sender=form.cleaned_data["sender"],
                        name=upload.name,
                    )
                except TabularError as exc:
                    form.add_error("mapping", exc.render(_))
                else:
                    return redirect("warning:import_job", import_id=job.pk)
    jobs = NotificationImport.objects.all()[:20]
    return render(request, "earlywarning/import.html", {"form": form, "jobs": jobs, "fields": FIELDS})


@login_required
@page_errors
def import_job_page(request: HttpRequest, import_id: int) -> HttpResponse:
    job = access.access_import(request.user, import_id, remote_addr=client_ip(request))
    problems = translated_rows(RowError.from_stored(p) for p in job.problems[:500])
    return render(request, "earlywarning/import_job.html", {"job": job, "problems": problems})


@login_required
@page_errors
def import_rejects(request: HttpRequest, import_id: int) -> HttpResponse:
    job = access.access_import(request.user, import_id, remote_addr=client_ip(request))
    return rejects_download((RowError.from_stored(p) for p in job.problems), filename=f"rejects-{job.pk}.csv")
