"""Thin views of expertise: assess a pasted structure, create a numbered report, show it as HTML or PDF."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from drugcontrol.expertise.report import depict_assessment
from drugcontrol.lists.access import access_expert_report
from drugcontrol.lists.actions.expert_reports import do_create_report
from drugcontrol.lists.assessors import assessor_as_of
from drugcontrol.lists.forms import IdentifyForm
from drugcontrol.lists.report_rendering import render_report_pdf, report_context, step_texts
from drugcontrol.lists.snapshots import UnknownJurisdiction


def _lang() -> str:
    return (get_language() or "en")[:2]


def assess_page(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = IdentifyForm(request.POST)
    else:
        form = IdentifyForm(initial={"jurisdiction": "KZ", "as_of": timezone.localdate()})
    context: dict[str, Any] = {"form": form}
    if form.is_bound and form.is_valid():
        try:
            assessor = assessor_as_of(form.cleaned_data["jurisdiction"], form.cleaned_data["as_of"])
        except UnknownJurisdiction as exc:
            context["error"] = str(exc)
        else:
            assessment = assessor.assess(form.cleaned_data["structure"])
            context.update(
                assessment=assessment,
                steps=step_texts(assessment.steps),
                svg=depict_assessment(assessment, lang=_lang()),
            )
    return render(request, "lists/assess.html", context)


@login_required
@require_POST
def create_report(request: HttpRequest) -> HttpResponse:
    form = IdentifyForm(request.POST)
    if not form.is_valid():
        return render(request, "lists/assess.html", {"form": form}, status=400)
    try:
        assessor = assessor_as_of(form.cleaned_data["jurisdiction"], form.cleaned_data["as_of"])
    except UnknownJurisdiction as exc:
        return render(request, "lists/assess.html", {"form": form, "error": str(exc)}, status=404)
    report = do_create_report(
        structure=form.cleaned_data["structure"],
        assessor=assessor,
        actor=request.user,
        lang=_lang(),
        remote_addr=request.META.get("REMOTE_ADDR", ""),
    )
    return redirect("lists:report", number=report.number)


@login_required
def report_page(request: HttpRequest, number: str) -> HttpResponse:
    report = access_expert_report(request.user, number)
    return render(request, "lists/report.html", report_context(report.content, report))


@login_required
def report_pdf(request: HttpRequest, number: str) -> HttpResponse:
    report = access_expert_report(request.user, number)
    pdf = render_report_pdf(report.content, report)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{report.number}.pdf"'
    return response
