"""The Decree 366 procedures: the page of every procedure with its steps, due dates and overdue marks; a manager
records a step as done there (a procedure is opened from a notification's page). Thin: access, a form, one action."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from drugcontrol.earlywarning import access
from drugcontrol.earlywarning.actions.procedure import do_complete_step, overdue_steps
from drugcontrol.earlywarning.core.procedure import STEPS, step_rule
from drugcontrol.earlywarning.models import ProcedureCase
from drugcontrol.errors import InputRefused
from drugcontrol.http import client_ip, page_errors


def _not_in_future(day):  # type: ignore[no-untyped-def]
    if day is not None and day > timezone.localdate():
        raise forms.ValidationError(gettext_lazy("The date is in the future."), code="future")
    return day


class OpenProcedureForm(forms.Form):
    conclusion_on = forms.DateField(
        label=gettext_lazy("Date of the forensic expert's conclusion"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean_conclusion_on(self):  # type: ignore[no-untyped-def]
        return _not_in_future(self.cleaned_data["conclusion_on"])


class StepForm(forms.Form):
    case = forms.IntegerField(widget=forms.HiddenInput)
    step = forms.ChoiceField(label=gettext_lazy("Step"), choices=[(s.code, gettext_lazy(s.label)) for s in STEPS[1:]])
    done_on = forms.DateField(
        label=gettext_lazy("Done on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def clean_done_on(self):  # type: ignore[no-untyped-def]
        return _not_in_future(self.cleaned_data["done_on"])


@login_required
@page_errors
def procedures_page(request: HttpRequest) -> HttpResponse:
    access.require(request.user, remote_addr=client_ip(request), what="procedures")
    today = timezone.localdate()
    failed: dict[int, StepForm] = {}
    if request.method == "POST":
        access.require(request.user, manage=True, remote_addr=client_ip(request), what="procedures")
        form = StepForm(request.POST)
        case = ProcedureCase.objects.filter(pk=form.data.get("case") or 0, status=ProcedureCase.Status.OPEN).first()
        if case is not None and form.is_valid():
            try:
                do_complete_step(case, form.cleaned_data["step"], done_on=form.cleaned_data["done_on"],
                                 actor=request.user)  # fmt: skip
            except InputRefused as exc:
                form.add_error("step", exc.render(_))
            else:
                return redirect("warning:procedures")
        if case is not None:
            failed[case.pk] = form
    overdue = {s.pk for s in overdue_steps(today)}
    may_manage = access.may_manage(request.user)
    cases = []
    for case in ProcedureCase.objects.prefetch_related("steps"):
        steps = [
            {
                "label": _(step_rule(s.code).label),
                "point": step_rule(s.code).point,
                "due": s.due_on,
                "done": s.done_on,
                "overdue": s.pk in overdue,
            }
            for s in case.steps.all()
        ]
        form = None
        if may_manage and case.status == ProcedureCase.Status.OPEN:
            next_step = next((s.code for s in case.steps.all() if s.done_on is None), None)
            form = failed.get(case.pk) or StepForm(initial={"case": case.pk, "step": next_step, "done_on": today})
        cases.append({"case": case, "steps": steps, "form": form})
    return render(request, "earlywarning/procedures.html", {"cases": cases, "today": today})
