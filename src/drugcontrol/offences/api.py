"""Typed API under /api/offences/ (session authentication): qualify, cases through the gate, statistics.

Errors are the shared kinds (`InputRefused` 422 naming the field, `NotFoundForUser` 404, `AccessDenied` 403),
answered by the one table of `drugcontrol.http`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.responses import Status
from ninja.security import django_auth

from drugcontrol.api_schemas import schema_of
from drugcontrol.http import client_ip
from drugcontrol.offences import statistics
from drugcontrol.offences.access import access_case
from drugcontrol.offences.actions import (
    CaseData,
    LaboratoryData,
    ParticipantData,
    PrecursorData,
    SeizureData,
    do_create_case,
    do_refer_participant,
)
from drugcontrol.offences.qualification import SeizureInput, qualify_seizures
from drugcontrol.offences.rendering import penalty_text

router = Router(tags=["offences"], auth=django_auth)


class QualifyIn(Schema):
    substance: str = ""
    smiles: str = ""
    mass: str | float | None = None
    plants: int | None = None
    form: str = ""
    date: str
    action: str
    circumstances: list[str] = []


class SeizureIn(Schema):
    substance: str = ""
    smiles: str = ""
    net_g: str | float | None = None
    gross_g: str | float | None = None
    plants: int | None = None
    purity_pct: float | None = None
    form: str = ""
    seized_on: str | None = None
    place: str = ""
    exhibit: str = ""
    dead_drop_lat: float | None = None
    dead_drop_lon: float | None = None


ParticipantIn = schema_of(ParticipantData, "ParticipantIn")


class PrecursorIn(Schema):
    name: str
    mass_g: str | float
    concentration_pct: float | None = None


class LaboratoryIn(Schema):
    kind: str
    shut_down_on: str | None = None
    location: str = ""
    products: str = ""
    equipment: str = ""
    plant_count: int | None = None
    precursors: list[PrecursorIn] = []


class CaseIn(Schema):
    number: str
    act_date: str
    region: str
    action: str
    circumstances: list[str] = []
    summary: str = ""
    participants: list[ParticipantIn] = []
    seizures: list[SeizureIn] = []
    laboratories: list[LaboratoryIn] = []


class CaseOut(Schema):
    id: int
    number: str
    act_date: date
    region: str
    action: str
    circumstances: list[str]
    size: str
    article: str
    part: int | None
    code_version: str
    participants: list[dict[str, Any]]
    seizures: list[dict[str, Any]]
    laboratories: list[dict[str, Any]]


def _with_text(data: dict[str, Any]) -> dict[str, Any]:
    data["penalty_text"] = penalty_text(data["penalty"])
    for other in data["side_by_side"]:
        other["penalty_text"] = penalty_text(other["penalty"])
    return data


@router.post("/qualify")
def qualify(request: HttpRequest, payload: QualifyIn) -> dict[str, Any]:
    """Size, basis, article, part and penalty of one seizure under the code in force on the date."""
    result = qualify_seizures(
        [SeizureInput(payload.substance, payload.smiles, payload.mass, payload.plants, payload.form)],
        action=payload.action,
        act_date=payload.date,
        circumstances=payload.circumstances,
    )
    return _with_text(result.to_dict())


def _case_out(case: Any) -> dict[str, Any]:
    return {
        "id": case.pk,
        "number": case.number,
        "act_date": case.act_date,
        "region": case.region_id,
        "action": case.action,
        "circumstances": case.circumstances,
        "size": case.size,
        "article": case.article,
        "part": case.part,
        "code_version": case.code_version,
        "participants": [
            {"id": p.pk, "role": p.role, "age": p.age, "sex": p.sex, "full_name": p.full_name}
            for p in case.participants.all()
        ],
        "seizures": [
            {
                "id": s.pk,
                "substance": s.substance_label,
                "form": s.form,
                "net_g": str(s.net_g) if s.net_g is not None else None,
                "size": s.size,
                "seized_on": s.seized_on.isoformat(),
            }
            for s in case.seizures.all()
        ],
        "laboratories": [
            {
                "id": lab.pk,
                "kind": lab.kind,
                "shut_down_on": lab.shut_down_on.isoformat(),
                "precursors": [
                    {"name": p.label, "mass_g": str(p.mass_g), "concentration_pct": p.concentration_pct, "size": p.size}
                    for p in lab.precursors.all()
                ],
            }
            for lab in case.laboratories.all()
        ],
    }


@router.get("/cases/{case_id}", response=CaseOut)
def read_case(request: HttpRequest, case_id: int, purpose: str = "investigation") -> dict[str, Any]:
    return _case_out(access_case(request.user, case_id, purpose=purpose, remote_addr=client_ip(request)))


@router.post("/cases", response={201: CaseOut})
def create_case(request: HttpRequest, payload: CaseIn) -> Status:
    data = CaseData(
        **payload.dict(include={"number", "act_date", "region", "action", "summary"}),
        circumstances=tuple(payload.circumstances),
        participants=tuple(ParticipantData(**p.dict()) for p in payload.participants),
        seizures=tuple(SeizureData(**s.dict()) for s in payload.seizures),
        laboratories=tuple(
            LaboratoryData(
                **{
                    **lab.dict(exclude={"precursors"}),
                    "precursors": tuple(PrecursorData(**p.dict()) for p in lab.precursors),
                }
            )
            for lab in payload.laboratories
        ),
    )
    case = do_create_case(data, actor=request.user, remote_addr=client_ip(request))
    return Status(201, _case_out(case))


@router.post("/participants/{participant_id}/referral")
def refer(request: HttpRequest, participant_id: int) -> dict[str, Any]:
    referral = do_refer_participant(participant_id, actor=request.user, remote_addr=client_ip(request))
    return {"id": referral.pk, "facility": referral.facility.code, "region": referral.region_id}


@router.get("/statistics")
def read_statistics(request: HttpRequest, year: int | None = None) -> dict[str, Any]:
    """The dashboard's figures (small counts suppressed), for the user's scope."""
    figures = statistics.do_read_dashboard(request.user, year=year, remote_addr=client_ip(request))
    return figures.to_api()
