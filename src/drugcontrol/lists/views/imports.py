"""Thin views of a list import for list administrators: upload the file, queue it, show the outcome in the page's
language (every row error with its row and field, or the counts, and a link to the changes it made)."""

from __future__ import annotations

import hashlib
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django_tasks.base import TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist

from drugcontrol.lists.forms import ListImportForm
from drugcontrol.lists.tasks import import_list_file
from drugcontrol.messages import declared
from drugcontrol.messages import render as render_message

IMPORT_PERMISSION = "lists.add_listentry"
"""List administrators hold it (or are superusers): they import new versions of a list."""


def uploads_dir() -> Path:
    return Path(settings.DATA_DIR) / "list-imports"


@login_required
@permission_required(IMPORT_PERMISSION, raise_exception=True)
def import_page(request: HttpRequest) -> HttpResponse:
    form = ListImportForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return render(request, "lists/list_import.html", {"form": form}, status=400 if form.is_bound else 200)
    upload = form.cleaned_data["file"]
    data = upload.read()
    name = Path(upload.name or "upload").name
    path = uploads_dir() / f"{hashlib.sha256(data).hexdigest()}{''.join(Path(name).suffixes[-2:]).lower()}"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    day = form.cleaned_data["in_force_from"].isoformat()
    signed = form.cleaned_data["act_signed"]
    queued = import_list_file.enqueue(
        path=str(path),
        jurisdiction=form.cleaned_data["jurisdiction"],
        mapping=form.cleaned_data["mapping"],
        null_values=[],
        act={
            "number": form.cleaned_data["act_number"],
            "title": form.cleaned_data["act_title"],
            "signed_on": signed.isoformat() if signed else None,
            "in_force_from": day,
        },
        default_effective=day,
        replace=form.cleaned_data["replace"],
        encoding=None,
        sheet=None,
        actor=f"web:{request.user.get_username()}",
        report_rejection=True,
    )
    request.session[f"list-import-{queued.id}"] = {"file": name, "user": request.user.pk}
    return redirect("lists:import_task", task_id=queued.id)


@login_required
@permission_required(IMPORT_PERMISSION, raise_exception=True)
def import_task_page(request: HttpRequest, task_id: uuid.UUID) -> HttpResponse:
    """The outcome of one's own import (the session remembers which file it was); until then a waiting page."""
    upload = request.session.get(f"list-import-{task_id}")
    if upload is None or upload.get("user") != request.user.pk:
        raise Http404("no such import")
    try:
        queued = import_list_file.get_result(str(task_id))
    except TaskResultDoesNotExist as exc:
        raise Http404("no such import") from exc
    context: dict[str, Any] = {"file": upload["file"], "status": queued.status.lower(), "args": queued.kwargs}
    if queued.status == TaskResultStatus.SUCCESSFUL:
        result = queued.return_value
        if "rejected" in result:
            context["errors"] = [_row_error(e) for e in result["rejected"]]
            context["status"] = "rejected"
        else:
            context["counts"] = result["counts"]
            day = date.fromisoformat(queued.kwargs["default_effective"])
            context["diff"] = {"from": (day - timedelta(days=1)).isoformat(), "to": day.isoformat()}
    return render(request, "lists/list_import_task.html", context)


def _row_error(error: dict[str, Any]) -> dict[str, Any]:
    code = error["code"]
    message = render_message(code, error["params"], gettext) if declared(code) else code
    return {**error, "message": message}
