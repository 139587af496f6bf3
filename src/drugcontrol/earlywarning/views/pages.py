"""Thin pages of early warning: coverage with alerts, a notification with its evidence, time to control, the draft
amendment download. Every page asks `access` first."""

from __future__ import annotations

import io

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from drugcontrol.chem.depict import depict_svg
from drugcontrol.chem.parse import to_mol
from drugcontrol.earlywarning import access
from drugcontrol.earlywarning.actions.procedure import do_open_procedures
from drugcontrol.earlywarning.actions.recording import do_attach_evidence
from drugcontrol.earlywarning.actions.screening import mark_alerts_read, uncovered_ranked
from drugcontrol.earlywarning.core.procedure import step_rule
from drugcontrol.earlywarning.core.time_to_control import chart_svg, summarise
from drugcontrol.earlywarning.drafting.content import build_draft
from drugcontrol.earlywarning.drafting.docx_writer import write_docx
from drugcontrol.earlywarning.drafting.render import render_draft_pdf
from drugcontrol.earlywarning.grounds import seizures_here
from drugcontrol.earlywarning.messages import NOTHING_CHOSEN
from drugcontrol.earlywarning.models import CoverageAlert, Notification, ProcedureCase
from drugcontrol.earlywarning.timing import act_figures, time_to_control
from drugcontrol.earlywarning.views.procedures import OpenProcedureForm
from drugcontrol.errors import InputRefused
from drugcontrol.http import client_ip, page_errors


class EvidenceForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Evidence file (spectrum, chromatogram)"))


@login_required
@page_errors
def coverage_page(request: HttpRequest) -> HttpResponse:
    access.require(request.user, remote_addr=client_ip(request), what="coverage")
    rows = uncovered_ranked()
    alerts = CoverageAlert.objects.filter(recipient=request.user, read_at__isnull=True)[:50]
    counts = {
        "notifications": Notification.objects.count(),
        "covered": Notification.objects.filter(covered=True).count(),
        "uncovered": len(rows),
    }
    return render(
        request,
        "earlywarning/coverage.html",
        {
            "rows": rows,
            "alerts": alerts,
            "counts": counts,
            "may_manage": access.may_manage(request.user),
        },
    )


@login_required
@require_POST
@page_errors
def alerts_read(request: HttpRequest) -> HttpResponse:
    access.require(request.user, remote_addr=client_ip(request), what="alerts")
    ids = [int(i) for i in request.POST.getlist("alert") if i.isdigit()]
    mark_alerts_read(request.user, ids)
    return redirect("warning:coverage")


@login_required
@page_errors
def notification_page(request: HttpRequest, notification_id: int) -> HttpResponse:
    notification = access.access_notification(request.user, notification_id, remote_addr=client_ip(request))
    form = EvidenceForm()
    open_form = OpenProcedureForm()
    if request.method == "POST" and "conclusion_on" in request.POST:
        access.require(request.user, manage=True, remote_addr=client_ip(request), what=str(notification_id))
        open_form = OpenProcedureForm(request.POST)
        if open_form.is_valid():
            do_open_procedures([notification.pk], conclusion_on=open_form.cleaned_data["conclusion_on"],
                               actor=request.user)  # fmt: skip
            return redirect("warning:procedures")
    elif request.method == "POST":
        access.require(request.user, manage=True, remote_addr=client_ip(request), what=str(notification_id))
        form = EvidenceForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                do_attach_evidence(
                    notification,
                    name=upload.name,
                    chunks=upload.chunks(),
                    media_type=upload.content_type or "",
                    actor=request.user,
                    remote_addr=client_ip(request),
                )
            except InputRefused as exc:
                form.add_error("file", exc.render(_))
            else:
                return redirect("warning:notification", notification_id=notification.pk)
    svg = depict_svg(to_mol(notification.smiles), legend=notification.display_name)
    return render(
        request,
        "earlywarning/notification.html",
        {
            "n": notification,
            "svg": svg,
            "form": form,
            "may_manage": access.may_manage(request.user),
            "samples": notification.samples.prefetch_related("custody"),
            "seized_here": seizures_here(notification.inchikey),
            "procedure": ProcedureCase.objects.filter(inchikey=notification.inchikey).first(),
            "open_form": open_form,
        },
    )


@login_required
@page_errors
def timing_page(request: HttpRequest) -> HttpResponse:
    access.require(request.user, remote_addr=client_ip(request), what="timing")
    rows = time_to_control()
    chart = chart_svg(
        rows,
        title=_("Days from first detection to control in force"),
        label_anywhere=_("from first detection anywhere"),
        label_here=_("from first detection in Kazakhstan"),
        empty_label=_("No substance has both a date of first detection and a date control came into force yet."),
    )
    return render(
        request,
        "earlywarning/timing.html",
        {
            "rows": [
                {"r": r, "steps": [(_(step_rule(code).label), days) for code, days in r.step_days if days is not None]}
                for r in rows
            ],
            "chart": chart,
            "summary": summarise(rows),
            "acts": act_figures(),
        },
    )


@login_required
@page_errors
def draft_download(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in ("docx", "pdf"):
        raise Http404
    access.require(request.user, manage=True, remote_addr=client_ip(request), what="draft")
    ids = [int(i) for i in request.GET.getlist("id") if i.isdigit()]
    chosen = (
        list(Notification.objects.filter(pk__in=ids))
        if ids
        else list(Notification.objects.filter(covered=False).exclude(status=Notification.Status.RETRACTED))
    )
    if not chosen:
        raise InputRefused(NOTHING_CHOSEN, field="id")
    draft = build_draft(chosen, prepared_on=timezone.localdate())
    if fmt == "pdf":
        response = HttpResponse(render_draft_pdf(draft), content_type="application/pdf")
    elif fmt == "docx":
        buffer = io.BytesIO()
        write_docx(draft, buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="draft-amendment.{fmt}"'
    return response
