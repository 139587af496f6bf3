"""Lists as of a date, diffs, histories, bundles, exports and identification (``/api/lists/...``)."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status

from drugcontrol.api_schemas import schema_of
from drugcontrol.chem.errors import ChemError
from drugcontrol.http import attachment
from drugcontrol.listcore.bundle import snapshot_to_bundle
from drugcontrol.listcore.exporting import snapshot_to_csv, snapshot_to_sdf
from drugcontrol.listcore.identification import identify
from drugcontrol.lists.api.schemas import (
    ActOut,
    EntryOut,
    ErrorOut,
    StepOut,
    StructureIn,
    ThresholdOut,
    entry_out,
    steps_out,
    threshold_out,
)
from drugcontrol.lists.models import Jurisdiction, Substance
from drugcontrol.lists.snapshots import HistoryStep, UnknownJurisdiction, list_diff, snapshot_as_of, substance_history
from drugcontrol.lists.structure_input import TOO_LARGE, structure_size_error

router = Router(tags=["lists"])


class ListOut(Schema):
    jurisdiction: str
    as_of: date
    count: int
    entries: list[EntryOut]


class ChangeOut(Schema):
    before: EntryOut
    after: EntryOut
    fields: list[str]


class DiffOut(Schema):
    jurisdiction: str
    date_from: date
    date_to: date
    added: list[EntryOut]
    removed: list[EntryOut]
    changed: list[ChangeOut]


class JurisdictionOut(Schema):
    code: str
    name_en: str
    name_ru: str
    name_kk: str
    tables: list[str]


HistoryStepOut = schema_of(
    HistoryStep,
    "HistoryStepOut",
    types={"added_by": ActOut, "ended_by": ActOut | None, "thresholds": list[ThresholdOut]},
)


class SubstanceOut(Schema):
    id: int
    name_ru: str
    name_kk: str
    name_en: str
    inn: str
    cas: str
    kind: str
    smiles: str
    inchikey: str
    history: list[HistoryStepOut]


class IdentifyOut(Schema):
    verdict: str
    form: str | None
    explanation: str
    steps: list[StepOut]
    jurisdiction: str
    as_of: date
    query_smiles: str
    query_inchikey: str
    removed_fragments: list[str]
    entry: EntryOut | None
    other_matches: list[EntryOut]


def _today() -> date:
    return timezone.localdate()


def _snapshot(code: str, as_of: date | None):
    try:
        return snapshot_as_of(code, as_of or _today())
    except UnknownJurisdiction as exc:
        raise HttpError(404, str(exc)) from exc


@router.get("/jurisdictions", response=list[JurisdictionOut])
def jurisdictions(request: HttpRequest) -> list[Jurisdiction]:
    """All jurisdictions whose lists the system keeps."""
    return list(Jurisdiction.objects.all())


@router.get("/substances/{substance_id}", response=SubstanceOut)
def substance(request: HttpRequest, substance_id: int) -> SubstanceOut:
    """One substance with every version of its entries in every jurisdiction."""
    item = get_object_or_404(Substance, pk=substance_id)
    history = [
        HistoryStepOut.model_validate({**vars(step), "thresholds": [threshold_out(t) for t in step.thresholds]})
        for step in substance_history(item)
    ]
    fields = {name: getattr(item, name) for name in SubstanceOut.model_fields if name != "history"}
    return SubstanceOut(**fields, history=history)


@router.post("/identify", response={200: IdentifyOut, 400: ErrorOut, 404: ErrorOut})
def identify_structure(request: HttpRequest, payload: StructureIn) -> Status:
    """Is this structure (SMILES, InChI or molfile) on the list in force on a date, and in which form?"""
    too_large = structure_size_error(payload.structure)
    if too_large is not None:
        return Status(400, ErrorOut(detail=too_large, code=TOO_LARGE))
    snapshot = _snapshot(payload.jurisdiction, payload.as_of)
    try:
        result = identify(payload.structure, snapshot)
    except ChemError as exc:
        return Status(400, ErrorOut(detail=str(exc), code=exc.code))
    steps = steps_out(result.steps())
    return Status(
        200,
        IdentifyOut(
            verdict=result.verdict,
            form=result.form,
            explanation=" ".join(step.text for step in steps),
            steps=steps,
            jurisdiction=snapshot.jurisdiction,
            as_of=snapshot.as_of,
            query_smiles=result.query.smiles,
            query_inchikey=result.query.inchikey,
            removed_fragments=list(result.standardized.removed_fragments),
            entry=entry_out(result.entry) if result.entry else None,
            other_matches=[entry_out(m.payload) for m in result.matches[1:]],
        ),
    )


@router.get("/{code}", response=ListOut)
def list_as_of(request: HttpRequest, code: str, as_of: date | None = None, table: str | None = None) -> ListOut:
    """The list exactly as it was in force on `as_of` (default: today)."""
    snapshot = _snapshot(code, as_of)
    entries = [e for e in snapshot.entries if table is None or e.table == table]
    return ListOut(
        jurisdiction=snapshot.jurisdiction,
        as_of=snapshot.as_of,
        count=len(entries),
        entries=[entry_out(e) for e in entries],
    )


class DiffQuery(Schema):
    date_from: date
    date_to: date


@router.get("/{code}/diff", response=DiffOut)
def diff(request: HttpRequest, code: str, query: Query[DiffQuery]) -> DiffOut:
    """What was added, removed or changed between two dates."""
    try:
        result = list_diff(code, query.date_from, query.date_to)
    except UnknownJurisdiction as exc:
        raise HttpError(404, str(exc)) from exc
    return DiffOut(
        jurisdiction=result.jurisdiction,
        date_from=query.date_from,
        date_to=query.date_to,
        added=[entry_out(e) for e in result.added],
        removed=[entry_out(e) for e in result.removed],
        changed=[
            ChangeOut(before=entry_out(c.before), after=entry_out(c.after), fields=list(c.fields))
            for c in result.changed
        ],
    )


@router.get("/{code}/bundle")
def bundle(request: HttpRequest, code: str, as_of: date | None = None) -> dict:
    """The self-contained list bundle (docs/list-bundle.md) for offline identification and assessment."""
    from drugcontrol.lists.assessors import bundle_extras

    snapshot = _snapshot(code, as_of)
    extras = bundle_extras(snapshot.jurisdiction, snapshot.as_of)
    return snapshot_to_bundle(snapshot, generated_at=timezone.now(), **extras)


@router.get("/{code}/export.csv")
def export_csv(request: HttpRequest, code: str, as_of: date | None = None) -> HttpResponse:
    snapshot = _snapshot(code, as_of)
    filename = f"{snapshot.jurisdiction}-{snapshot.as_of}.csv"
    return attachment(snapshot_to_csv(snapshot), filename=filename)


@router.get("/{code}/export.sdf")
def export_sdf(request: HttpRequest, code: str, as_of: date | None = None) -> HttpResponse:
    snapshot = _snapshot(code, as_of)
    filename = f"{snapshot.jurisdiction}-{snapshot.as_of}.sdf"
    return attachment(snapshot_to_sdf(snapshot), filename=filename, content_type="chemical/x-mdl-sdfile")
