"""Thin pages of the monitoring: score texts, the cases by due date, one case with its steps and evidence."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from drugcontrol.errors import InputRefused
from drugcontrol.http import client_ip, page_errors
from drugcontrol.monitoring.access import access_case, require_monitor
from drugcontrol.monitoring.actions.cases import TRANSITIONS, do_advance_case
from drugcontrol.monitoring.actions.evidence_packages import do_build_evidence_package
from drugcontrol.monitoring.actions.scoring import reason_texts, score_texts
from drugcontrol.monitoring.models import Case
from drugcontrol.web.widgets import IsoDateInput


class ScoreForm(forms.Form):
    texts = forms.CharField(label=_("Texts (separate them with an empty line)"), widget=forms.Textarea,
                            max_length=200_000)  # fmt: skip


class StepForm(forms.Form):
    to_status = forms.ChoiceField(label=_("Next step"), choices=Case.Status.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))
    decision_number = forms.CharField(label=_("Decision number"), required=False, max_length=100)
    decision_date = forms.DateField(label=_("Decision date"), required=False, widget=IsoDateInput)


@login_required
@page_errors
def score_page(request: HttpRequest) -> HttpResponse:
    require_monitor(request.user, action="score", remote_addr=client_ip(request))
    form = ScoreForm(request.POST or None)
    results = []
    error = ""
    if request.method == "POST" and form.is_valid():
        texts = [t.strip() for t in form.cleaned_data["texts"].replace("\r\n", "\n").split("\n\n") if t.strip()]
        try:
            scored = score_texts(texts)
        except InputRefused as exc:
            error = exc.render(_)
        else:
            results = [(text, r, reason_texts(r.reasons)) for text, r in zip(texts, scored, strict=True)]
    status = 400 if request.method == "POST" and (not form.is_valid() or error) else 200
    return render(request, "monitoring/score.html", {"form": form, "results": results, "error": error},
                  status=status)  # fmt: skip


@login_required
@page_errors
def cases_page(request: HttpRequest) -> HttpResponse:
    require_monitor(request.user, action="list_cases", remote_addr=client_ip(request))
    cases = Case.objects.select_related("site").order_by("due_at", "pk")[:500]
    return render(request, "monitoring/cases.html", {"cases": cases})


@login_required
@page_errors
def case_page(request: HttpRequest, case_id: int) -> HttpResponse:
    form = StepForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            do_advance_case(case_id, actor=request.user, remote_addr=client_ip(request), **form.cleaned_data)
        except InputRefused as exc:
            error = exc.render(_)
        else:
            return redirect("monitoring:case", case_id=case_id)
    case = access_case(request.user, case_id, purpose="read", remote_addr=client_ip(request))
    fetches = case.fetches.order_by("fetched_at", "pk")
    evidence = [(f, reason_texts(f.reasons)) for f in fetches]
    allowed = [(s, Case.Status(s).label) for s in TRANSITIONS.get(case.status, ())]
    form.fields["to_status"].choices = allowed
    return render(request, "monitoring/case.html",
                  {"case": case, "steps": [(step, Case.Status(step.to_status).label)
                                           for step in case.steps.select_related("actor")],
                   "evidence": evidence, "form": form,
                   "error": error, "allowed": allowed},
                  status=400 if error or (request.method == "POST" and not form.is_valid()) else 200)  # fmt: skip


@login_required
@page_errors
def evidence_download(request: HttpRequest, case_id: int) -> FileResponse:
    path = do_build_evidence_package(case_id, actor=request.user, remote_addr=client_ip(request))
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name, content_type="application/zip")
