"""The Decree 366 procedures: the page of every procedure with its steps, due dates and overdue marks; a manager
records a step as done there and applies an adopted decree to the list (a procedure is opened from a notification's
page). Thin: access, a form, one action."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from drugcontrol.earlywarning import access
from drugcontrol.earlywarning.actions.procedure import do_apply_amendment, do_complete_step, overdue_steps
from drugcontrol.earlywarning.core.procedure import STEPS, step_rule
from drugcontrol.earlywarning.models import ProcedureCase
from drugcontrol.errors import InputRefused
from drugcontrol.http import client_ip, page_errors
from drugcontrol.importing import translated
from drugcontrol.lists.actions.list_imports import ImportRejected


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


class ApplyForm(forms.Form):
    """The adopted decree (`do_apply_amendment`): its number and dates, and the procedures it ends."""

    act_number = forms.CharField(label=gettext_lazy("Number of the adopted decree"), max_length=60)
    signed_on = forms.DateField(
        label=gettext_lazy("Signed on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    in_force_from = forms.DateField(
        label=gettext_lazy("In force from"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    procedures = forms.MultipleChoiceField(
        label=gettext_lazy("Substances of the decree"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        adopted = ProcedureCase.objects.filter(
            status=ProcedureCase.Status.OPEN, steps__code="decree", steps__done_on__isnull=False
        )
        self.fields["procedures"].choices = [(str(c.pk), c.name) for c in adopted]

    def clean_signed_on(self):  # type: ignore[no-untyped-def]
        return _not_in_future(self.cleaned_data["signed_on"])

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        if data.get("signed_on") and data.get("in_force_from") and data["in_force_from"] < data["signed_on"]:
            self.add_error("in_force_from", gettext_lazy("A decree comes into force on or after the day it is signed."))
        return data


@login_required
@require_POST
@page_errors
def apply_amendment(request: HttpRequest) -> HttpResponse:
    """Apply an adopted decree: its substances become the next version of Kazakhstan's list."""
    access.require(request.user, manage=True, remote_addr=client_ip(request), what="apply")
    form = ApplyForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        cases = list(ProcedureCase.objects.filter(pk__in=[int(i) for i in data["procedures"]]))
        try:
            do_apply_amendment(
                cases,
                act_number=data["act_number"],
                signed_on=data["signed_on"],
                in_force_from=data["in_force_from"],
                actor=request.user,
            )
        except InputRefused as exc:
            form.add_error(None, exc.render(_))
        except ImportRejected as exc:
            form.add_error(None, "; ".join(translated(e) for e in exc.errors[:5]))
        else:
            return redirect("warning:procedures")
    return _page(request, apply_form=form)


@login_required
@page_errors
def procedures_page(request: HttpRequest) -> HttpResponse:
    """Every procedure with its steps; a manager's POST records one step as done."""
    access.require(request.user, remote_addr=client_ip(request), what="procedures")
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
    return _page(request, failed=failed)


def _page(
    request: HttpRequest, *, failed: dict[int, StepForm] | None = None, apply_form: ApplyForm | None = None
) -> HttpResponse:
    today = timezone.localdate()
    failed = failed or {}
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
    if may_manage and apply_form is None:
        apply_form = ApplyForm()
    show_apply = apply_form is not None and (apply_form.is_bound or apply_form.fields["procedures"].choices)
    context = {"cases": cases, "today": today, "apply_form": apply_form if show_apply else None}
    return render(request, "earlywarning/procedures.html", context)
