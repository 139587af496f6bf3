"""Typed API of the lists domain: lists as of a date, diffs, histories, bundles and identification."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status

from drugcontrol.chem.errors import ChemError
from drugcontrol.listcore.bundle import snapshot_to_bundle
from drugcontrol.listcore.exporting import snapshot_to_csv, snapshot_to_sdf
from drugcontrol.listcore.identification import identify
from drugcontrol.listcore.snapshot import ActRef, ListedEntry
from drugcontrol.listcore.thresholds import Thresholds
from drugcontrol.lists.models import Jurisdiction, Substance
from drugcontrol.lists.snapshots import UnknownJurisdiction, list_diff, snapshot_as_of, substance_history

router = Router(tags=["lists"])


class ActOut(Schema):
    number: str
    title: str
    issuer: str
    signed_on: date | None
    in_force_from: date | None
    url: str


class ThresholdOut(Schema):
    form: str
    unit: str
    small: str
    large: str
    especially_large: str


class EntryOut(Schema):
    substance_id: str
    name_ru: str
    name_kk: str
    name_en: str
    kind: str
    table: str
    section: str
    number: str
    note: str
    inn: str
    cas: str
    smiles: str
    inchikey: str
    analogues_controlled: bool
    valid_from: date | None
    act: ActOut | None
    thresholds: list[ThresholdOut]


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


class HistoryStepOut(Schema):
    jurisdiction: str
    table: str
    number: str
    valid_from: date
    valid_to: date | None
    change: str
    added_by: ActOut
    ended_by: ActOut | None
    thresholds: list[ThresholdOut]


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


class IdentifyIn(Schema):
    structure: str
    jurisdiction: str = "KZ"
    as_of: date | None = None


class IdentifyOut(Schema):
    verdict: str
    form: str | None
    explanation: str
    jurisdiction: str
    as_of: date
    query_smiles: str
    query_inchikey: str
    removed_fragments: list[str]
    entry: EntryOut | None
    other_matches: list[EntryOut]


class ErrorOut(Schema):
    detail: str
    code: str = ""


def act_out(act: ActRef | None) -> ActOut | None:
    if act is None:
        return None
    return ActOut(
        number=act.number,
        title=act.title,
        issuer=act.issuer,
        signed_on=act.signed_on,
        in_force_from=act.in_force_from,
        url=act.url,
    )


def threshold_out(t: Thresholds) -> ThresholdOut:
    return ThresholdOut(form=t.form, unit=t.unit, small=t.raw[0], large=t.raw[1], especially_large=t.raw[2])


def entry_out(entry: ListedEntry) -> EntryOut:
    return EntryOut(
        substance_id=entry.substance_id,
        name_ru=entry.names.get("ru", ""),
        name_kk=entry.names.get("kk", ""),
        name_en=entry.names.get("en", ""),
        kind=entry.kind,
        table=entry.table,
        section=entry.section,
        number=entry.number,
        note=entry.note,
        inn=entry.inn,
        cas=entry.cas,
        smiles=entry.smiles,
        inchikey=entry.keys.inchikey if entry.keys else "",
        analogues_controlled=entry.analogues_controlled,
        valid_from=entry.valid_from,
        act=act_out(entry.added_by),
        thresholds=[threshold_out(t) for t in entry.thresholds],
    )


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
    return SubstanceOut(
        id=item.pk,
        name_ru=item.name_ru,
        name_kk=item.name_kk,
        name_en=item.name_en,
        inn=item.inn,
        cas=item.cas,
        kind=item.kind,
        smiles=item.smiles,
        inchikey=item.inchikey,
        history=[
            HistoryStepOut(
                jurisdiction=s.jurisdiction,
                table=s.table,
                number=s.number,
                valid_from=s.valid_from,
                valid_to=s.valid_to,
                change=s.change,
                added_by=act_out(s.added_by),  # type: ignore[arg-type]
                ended_by=act_out(s.ended_by),
                thresholds=[threshold_out(t) for t in s.thresholds],
            )
            for s in substance_history(item)
        ],
    )


@router.post("/identify", response={200: IdentifyOut, 400: ErrorOut, 404: ErrorOut})
def identify_structure(request: HttpRequest, payload: IdentifyIn) -> Status:
    """Is this structure (SMILES, InChI or molfile) on the list in force on a date, and in which form?"""
    snapshot = _snapshot(payload.jurisdiction, payload.as_of)
    try:
        result = identify(payload.structure, snapshot)
    except ChemError as exc:
        return Status(400, ErrorOut(detail=str(exc), code=exc.code))
    return Status(
        200,
        IdentifyOut(
            verdict=result.verdict,
            form=result.form,
            explanation=result.explanation(),
            jurisdiction=snapshot.jurisdiction,
            as_of=snapshot.as_of,
            query_smiles=result.query.smiles,
            query_inchikey=result.query.inchikey,
            removed_fragments=list(result.standardized.removed_fragments),
            entry=entry_out(result.entry) if result.entry else None,
            other_matches=[entry_out(m.payload) for m in result.matches[1:]],
        ),
    )


def _register_assess() -> None:
    """``POST /assess`` lives in api_assess.py; registered here so it precedes the ``/{code}`` routes."""
    from drugcontrol.lists import api_assess

    router.post("/assess", response={200: api_assess.AssessOut, 400: api_assess.AssessErrorOut, 404: ErrorOut})(
        api_assess.assess_structure
    )


_register_assess()


def _register_screen() -> None:
    """Bulk screening jobs live in api_screen.py; registered here, before the ``/{code}`` routes."""
    from ninja.security import django_auth

    from drugcontrol.lists import api_screen

    router.post(
        "/screen",
        response={
            202: api_screen.ScreeningJobOut,
            400: api_screen.ScreenErrorOut,
            403: api_screen.ScreenErrorOut,
            404: ErrorOut,
            413: api_screen.ScreenErrorOut,
            429: api_screen.ScreenErrorOut,
        },
        auth=django_auth,
    )(api_screen.create_screening_job)
    router.get("/screen/{job_id}", response=api_screen.ScreeningJobOut, auth=django_auth)(api_screen.screening_job)
    router.get("/screen/{job_id}/result.csv", auth=django_auth)(api_screen.screening_result)


_register_screen()


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
    response = HttpResponse(snapshot_to_csv(snapshot), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{snapshot.jurisdiction}-{snapshot.as_of}.csv"'
    return response


@router.get("/{code}/export.sdf")
def export_sdf(request: HttpRequest, code: str, as_of: date | None = None) -> HttpResponse:
    snapshot = _snapshot(code, as_of)
    response = HttpResponse(snapshot_to_sdf(snapshot), content_type="chemical/x-mdl-sdfile")
    response["Content-Disposition"] = f'attachment; filename="{snapshot.jurisdiction}-{snapshot.as_of}.sdf"'
    return response
