"""Case pages (through the gate, audited), the referral button, and the quick qualification form."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from drugcontrol.errors import InputRefused
from drugcontrol.http import client_ip, detail, page_errors
from drugcontrol.offences.access import Capability, access_case, cases_in_scope, require
from drugcontrol.offences.actions import do_create_case, do_refer_participant
from drugcontrol.offences.forms import CaseForm, ParticipantFormSet, SeizureFormSet, add_refusal, case_data
from drugcontrol.offences.law.articles import ACTIONS, CIRCUMSTANCES
from drugcontrol.offences.law.sizes import FORMS
from drugcontrol.offences.qualification import SeizureInput, qualify_seizures
from drugcontrol.offences.rendering import article_label, penalty_text, size_label


@login_required
@page_errors
def case_list(request: HttpRequest) -> HttpResponse:
    cases = cases_in_scope(request.user).select_related("region")[:100]
    return render(request, "offences/case_list.html", {"cases": cases})


@login_required
@page_errors
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    case = access_case(request.user, case_id, purpose="investigation", remote_addr=client_ip(request))
    context = {
        "case": case,
        "participants": case.participants.all(),
        "seizures": case.seizures.select_related("lab_result").all(),
        "laboratories": case.laboratories.all(),
        "size": size_label(case.size),
        "article": article_label(case.article, case.part) if case.article else "—",
    }
    return render(request, "offences/case_detail.html", context)


@login_required
@page_errors
def case_new(request: HttpRequest) -> HttpResponse:
    """The case-entry form (case, participants, seizures): the action validates, qualifies, writes and audits; what
    it refuses is shown under the field concerned. An investigator only (refusals by role audited by the gate)."""
    profile = require(request.user, Capability.EDIT_CASE)
    posted = request.POST if request.method == "POST" else None
    case = CaseForm(posted, initial={"region": profile.region_id})
    participants = ParticipantFormSet(posted, prefix="participants")
    seizures = SeizureFormSet(posted, prefix="seizures")
    status = 200
    if posted is not None:
        if case.is_valid() and participants.is_valid() and seizures.is_valid():
            try:
                created = do_create_case(
                    case_data(case, participants, seizures), actor=request.user, remote_addr=client_ip(request)
                )
            except InputRefused as exc:
                add_refusal(exc, case, participants, seizures)
            else:
                return redirect("offences:case", case_id=created.pk)
        status = 400
    context = {"case_form": case, "participants": participants, "seizures": seizures, "title": _("New case")}
    return render(request, "offences/case_form.html", context, status=status)


@login_required
@require_POST
@page_errors
def refer_participant(request: HttpRequest, participant_id: int) -> HttpResponse:
    referral = do_refer_participant(participant_id, actor=request.user, remote_addr=client_ip(request))
    case_id = request.POST.get("case", "")
    response = redirect("offences:case", case_id=int(case_id)) if case_id.isdigit() else redirect("offences:cases")
    response["X-Referral"] = str(referral.pk)
    return response


@login_required
def qualify_page(request: HttpRequest) -> HttpResponse:
    context: dict[str, object] = {"actions": ACTIONS, "circumstances": CIRCUMSTANCES, "forms": tuple(FORMS)}
    if request.GET.get("action"):
        values = request.GET
        context["values"] = values
        try:
            result = qualify_seizures(
                [
                    SeizureInput(
                        values.get("substance", ""),
                        values.get("smiles", ""),
                        values.get("mass"),
                        None,
                        values.get("form", ""),
                    )
                ],
                action=values.get("action", ""),
                act_date=values.get("date", ""),
                circumstances=values.getlist("circumstance"),
            )
        except InputRefused as exc:
            context["error"] = detail(exc)
            context["error_field"] = exc.field
            return render(request, "offences/qualify.html", context, status=422)
        data = result.to_dict()
        context["result"] = data
        context["size"] = size_label(data["size"])
        context["article"] = article_label(data["article"], data["part"])
        context["penalty"] = penalty_text(data["penalty"])
        context["side_by_side"] = [
            {
                "version": s["code_version"],
                "article": article_label(s["article"], s["part"]),
                "penalty": penalty_text(s["penalty"]),
            }
            for s in data["side_by_side"]
        ]
    context["title"] = _("Qualify a seizure")
    return render(request, "offences/qualify.html", context)
