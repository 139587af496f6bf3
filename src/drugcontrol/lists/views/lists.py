"""Thin views: validate the form, ask the read side, render."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from drugcontrol.chem.depict import depict_svg
from drugcontrol.chem.errors import ChemError
from drugcontrol.chem.parse import to_mol
from drugcontrol.listcore.identification import identify
from drugcontrol.lists.forms import DiffForm, IdentifyForm, ListQueryForm
from drugcontrol.lists.models import Substance
from drugcontrol.lists.report_rendering import step_texts
from drugcontrol.lists.snapshots import UnknownJurisdiction, list_diff, snapshot_as_of, substance_history


def _initial(request: HttpRequest, **defaults: object) -> dict[str, object]:
    data: dict[str, object] = {"jurisdiction": "KZ", "as_of": timezone.localdate().isoformat(), **defaults}
    data.update({k: v for k, v in request.GET.items() if v})
    return data


def list_page(request: HttpRequest) -> HttpResponse:
    form = ListQueryForm(_initial(request))
    context: dict[str, object] = {"form": form}
    if form.is_valid():
        snapshot = snapshot_as_of(form.cleaned_data["jurisdiction"], form.cleaned_data["as_of"])
        entries = list(snapshot.entries)
        if form.cleaned_data["table"]:
            entries = [e for e in entries if e.table == form.cleaned_data["table"]]
        if form.cleaned_data["q"]:
            needle = form.cleaned_data["q"].casefold()
            entries = [
                e
                for e in entries
                if any(needle in n.casefold() for n in (*e.names.values(), e.inn, e.cas, *e.synonyms))
            ]
        context.update(snapshot=snapshot, entries=entries, tables=snapshot.tables())
    return render(request, "lists/list.html", context)


def diff_page(request: HttpRequest) -> HttpResponse:
    form = DiffForm(_initial(request, date_from="2019-07-05") if request.GET else None)
    context: dict[str, object] = {"form": form}
    if form.is_bound and form.is_valid():
        context["diff"] = list_diff(
            form.cleaned_data["jurisdiction"], form.cleaned_data["date_from"], form.cleaned_data["date_to"]
        )
    elif not form.is_bound:
        context["form"] = DiffForm(
            initial={"jurisdiction": "KZ", "date_from": "2019-07-05", "date_to": timezone.localdate()}
        )
    return render(request, "lists/diff.html", context)


def substance_page(request: HttpRequest, substance_id: int) -> HttpResponse:
    substance = get_object_or_404(Substance, pk=substance_id)
    svg = ""
    if substance.smiles:
        svg = depict_svg(to_mol(substance.smiles), legend=substance.name)
    return render(
        request,
        "lists/substance.html",
        {"substance": substance, "history": substance_history(substance), "svg": svg},
    )


def identify_page(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = IdentifyForm(request.POST)
    else:
        form = IdentifyForm(initial={"jurisdiction": "KZ", "as_of": timezone.localdate()})
    context: dict[str, object] = {"form": form}
    if form.is_bound and form.is_valid():
        try:
            snapshot = snapshot_as_of(form.cleaned_data["jurisdiction"], form.cleaned_data["as_of"])
            result = identify(form.cleaned_data["structure"], snapshot)
        except (ChemError, UnknownJurisdiction) as exc:
            context["error"] = str(exc)
        else:
            context.update(
                result=result,
                explanation=" ".join(step_texts(result.steps())),
                svg=depict_svg(result.standardized.mol, legend=result.query.smiles[:80]),
                entry_svg=depict_svg(to_mol(result.entry.smiles), legend=result.entry.name()) if result.entry else "",
            )
    return render(request, "lists/identify.html", context)
