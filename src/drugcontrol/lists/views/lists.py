"""Thin views: validate the form, ask the read side, render."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from drugcontrol.chem.depict import depict_svg
from drugcontrol.chem.errors import ChemError
from drugcontrol.chem.parse import to_mol
from drugcontrol.listcore.identification import NO_LIST_VERSION, identify, no_list_version
from drugcontrol.listcore.steps import Step
from drugcontrol.lists.forms import DiffForm, IdentifyForm, ListQueryForm
from drugcontrol.lists.models import Substance
from drugcontrol.lists.report_rendering import (
    reader_language,
    step_text,
    step_texts,
    structure_error_text,
    unknown_jurisdiction_text,
)
from drugcontrol.lists.snapshots import UnknownJurisdiction, list_diff, snapshot_as_of, substance_history

if TYPE_CHECKING:
    from drugcontrol.listcore.snapshot import ListSnapshot


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
        page = Paginator(entries, ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
        query = {k: v for k, v in request.GET.items() if v and k != "page"}
        context.update(
            snapshot=snapshot,
            entries=page.object_list,
            page=page,
            total=len(entries),
            page_query=urlencode(query),
            tables=snapshot.tables(),
            no_version=_no_version_text(snapshot),
        )
    return render(request, "lists/list.html", context)


ENTRIES_PER_PAGE = 50
"""Rows of the list page per page (the KZ list has 513)."""


def _no_version_text(snapshot: ListSnapshot) -> str:
    """ "No list version of X in force on D" in the reader's language, or "" when a version is in force."""
    if not no_list_version(snapshot):
        return ""
    return step_text(
        Step(NO_LIST_VERSION, {"jurisdiction": snapshot.jurisdiction, "as_of": snapshot.as_of.isoformat()})
    )


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
        svg = depict_svg(to_mol(substance.smiles), legend=substance.names.get(reader_language()) or substance.name)
    return render(
        request,
        "lists/substance.html",
        {"substance": substance, "history": substance_history(substance), "svg": svg},
    )


def identify_page(request: HttpRequest) -> HttpResponse:
    form = IdentifyForm.of_request(request)
    context: dict[str, object] = {"form": form}
    if form.is_bound and form.is_valid():
        try:
            snapshot = snapshot_as_of(form.cleaned_data["jurisdiction"], form.cleaned_data["as_of"])
            result = identify(form.cleaned_data["structure"], snapshot)
        except UnknownJurisdiction:
            context["error"] = unknown_jurisdiction_text(form.cleaned_data["jurisdiction"])
        except ChemError as exc:
            context["error"] = structure_error_text(exc)
        else:
            lang = reader_language()
            context.update(
                result=result,
                explanation=" ".join(step_texts(result.steps())),
                svg=depict_svg(result.standardized.mol),
                entry_svg=depict_svg(to_mol(result.entry.smiles), legend=result.entry.name(lang))
                if result.entry
                else "",
            )
    return render(request, "lists/identify.html", context)
