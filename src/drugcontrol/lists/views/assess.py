"""Thin views of expertise: assess a pasted structure, queue a numbered report, show it as HTML or PDF."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django_tasks.base import TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist

from drugcontrol.expertise.report import depict_assessment
from drugcontrol.http import client_ip, page_errors
from drugcontrol.languages import reader_language
from drugcontrol.lists.access import access_expert_report
from drugcontrol.lists.assessors import assessor_as_of
from drugcontrol.lists.forms import IdentifyForm
from drugcontrol.lists.models import Jurisdiction
from drugcontrol.lists.report_rendering import (
    render_report_pdf,
    report_context,
    rule_text,
    step_texts,
    unknown_jurisdiction_text,
)
from drugcontrol.lists.snapshots import UnknownJurisdiction
from drugcontrol.lists.tasks import create_expert_report


def assess_page(request: HttpRequest) -> HttpResponse:
    form = IdentifyForm.of_request(request)
    context: dict[str, Any] = {"form": form}
    if form.is_bound and form.is_valid():
        try:
            assessor = assessor_as_of(form.cleaned_data["jurisdiction"], form.cleaned_data["as_of"])
        except UnknownJurisdiction:
            context["error"] = unknown_jurisdiction_text(form.cleaned_data["jurisdiction"])
        else:
            assessment = assessor.assess(form.cleaned_data["structure"])
            context.update(
                assessment=assessment,
                steps=step_texts(assessment.steps),
                rule=rule_text(assessment),
                parents=[(p, step_texts(p.replacement_steps())) for p in assessment.parents],
                similar=[(s, step_texts(s.difference_steps())) for s in assessment.similar],
                svg=depict_assessment(assessment, lang=reader_language()),
            )
    return render(request, "lists/assess.html", context)


@login_required
@require_POST
def create_report(request: HttpRequest) -> HttpResponse:
    """Queue the report for a worker (assessment, numbering, audit) and follow it on its own page."""
    form = IdentifyForm(request.POST)
    if not form.is_valid():
        return render(request, "lists/assess.html", {"form": form}, status=400)
    code = form.cleaned_data["jurisdiction"]
    if not Jurisdiction.objects.filter(code=code).exists():  # removed since the form was validated
        error = unknown_jurisdiction_text(code)
        return render(request, "lists/assess.html", {"form": form, "error": error}, status=404)
    queued = create_expert_report.enqueue(
        structure=form.cleaned_data["structure"],
        jurisdiction=code,
        as_of=form.cleaned_data["as_of"].isoformat(),
        user_id=request.user.pk,
        lang=reader_language(),
        remote_addr=client_ip(request),
    )
    return redirect("lists:report_task", task_id=queued.id)


@login_required
def report_task_page(request: HttpRequest, task_id: uuid.UUID) -> HttpResponse:
    """The report once its task is done; until then a page that waits for it, or says that it failed."""
    try:
        queued = create_expert_report.get_result(str(task_id))
    except TaskResultDoesNotExist as exc:
        raise Http404("no such report task") from exc
    if queued.kwargs.get("user_id") != request.user.pk:
        raise Http404("no such report task")  # the same answer as for a task that does not exist
    if queued.status == TaskResultStatus.SUCCESSFUL:
        return redirect("lists:report", number=queued.return_value["number"])
    failed = queued.status == TaskResultStatus.FAILED
    return render(request, "lists/report_task.html", {"failed": failed}, status=500 if failed else 200)


@login_required
@page_errors
def report_page(request: HttpRequest, number: str) -> HttpResponse:
    report = access_expert_report(request.user, number)
    return render(request, "lists/report.html", report_context(report.content, report))


@login_required
@page_errors
def report_pdf(request: HttpRequest, number: str) -> HttpResponse:
    report = access_expert_report(request.user, number)
    pdf = render_report_pdf(report.content, report)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{report.number}.pdf"'
    return response
