"""Typed API of the registry under /api/registry/ (session authentication).

Each operation: read the input, go through the access gate or an action, return a schema. The typed errors it
raises are answered by the one table of `drugcontrol.http` (NotFoundForUser 404, AccessDenied 403,
RegistryError 422, RateLimited 429).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.responses import Status
from ninja.security import django_auth
from pydantic import ValidationError

from drugcontrol.api_schemas import schema_of
from drugcontrol.apikeys.auth import ApiKeyAuth
from drugcontrol.apikeys.scopes import Scope
from drugcontrol.http import client_ip
from drugcontrol.registry import access
from drugcontrol.registry import messages as M
from drugcontrol.registry.access import Capability, Purpose
from drugcontrol.registry.actions import (
    break_glass,
    duplicates,
    observations,
    people,
    police_checks,
    proposals,
    registrations,
)
from drugcontrol.registry.actions.access_reports import AccessLine, do_read_access_report
from drugcontrol.registry.actions.extracts import pseudonymised_extract
from drugcontrol.registry.actions.presence import Presence, PresenceDisclosed
from drugcontrol.registry.errors import RegistryError
from drugcontrol.registry.models import Diagnosis, Facility, Person, Region, Registration

router = Router(tags=["registry"], auth=django_auth)


# ---------------------------------------------------------------- schemas


class RegistrationOut(Schema):
    id: int
    diagnosis: str
    diagnosis_name: str
    registered_on: date
    grounds: str
    facility: str
    physician: str
    status: str
    remission_since: date | None
    deregistered_on: date | None
    status_history: list[dict]


class VisitOut(Schema):
    id: int
    visited_on: date
    kind: str
    facility: str
    note: str


class DrugTestOut(Schema):
    id: int
    taken_on: date
    substance: str
    method: str
    result: str


class TreatmentOut(Schema):
    id: int
    kind: str
    started_on: date
    ended_on: date | None
    facility: str


class OstDoseOut(Schema):
    id: int
    given_on: date
    medication: str
    dose_mg: Decimal


class PersonOut(Schema):
    id: int
    iin: str | None
    document_type: str
    document_number: str
    last_name: str
    first_name: str
    patronymic: str
    last_name_latin: str
    first_name_latin: str
    patronymic_latin: str
    birth_date: date | None
    birth_year: int
    sex: str
    citizenship: str
    region: str
    district_id: int | None
    address: str
    phone: str
    email: str
    facility: str
    anonymised: bool


class PersonCardOut(PersonOut):
    registrations: list[RegistrationOut]
    visits: list[VisitOut]
    drug_tests: list[DrugTestOut]
    treatments: list[TreatmentOut]
    ost_doses: list[OstDoseOut]


PersonIn = schema_of(people.PersonData, "PersonIn")
# A person's facility changes only by a transfer, never by an edit.
PersonPatch = schema_of(people.PersonData, "PersonPatch", optional=True, exclude=frozenset({"facility"}))


class OfferOut(Schema):
    """What the caller may do next: `open_record`, `break_glass` (emergency access, reviewed), or
    `ask_for_transfer` (the responsible facility of `region` transfers the person; the caller cannot)."""

    action: str
    method: str = ""
    url: str = ""


class PresenceOut(Schema):
    """The answer when an IIN is already on the register: a recorded disclosure and what to do next."""

    detail: str
    code: str
    person_id: int | None
    region: str
    offers: list[OfferOut]


def presence_out(presence: Presence) -> dict:
    if presence.in_scope:
        offers = [{"action": "open_record", "method": "GET", "url": f"/api/registry/people/{presence.person_id}"}]
    else:
        offers = [
            {"action": "break_glass", "method": "POST", "url": "/api/registry/break-glass"},
            {"action": "ask_for_transfer"},
        ]
    return {
        "detail": presence.message(),
        "code": presence.code,
        "person_id": presence.person_id if presence.in_scope else None,
        "region": presence.region,
        "offers": offers,
    }


class LookupIn(Schema):
    iin: str
    purpose: Purpose = Purpose.LOOKUP


class RegistrationIn(Schema):
    diagnosis: str
    registered_on: date
    grounds: str
    note: str = ""


class StatusIn(Schema):
    status: str
    changed_on: date
    reason: str = ""


class DeregisterIn(Schema):
    reason: str
    deregistered_on: date
    note: str = ""


class VisitIn(Schema):
    visited_on: date
    kind: str = "scheduled"
    note: str = ""


class DrugTestIn(Schema):
    taken_on: date
    substance: str
    method: str
    result: str


class TreatmentIn(Schema):
    kind: str
    started_on: date
    ended_on: date | None = None


class OstDoseIn(Schema):
    given_on: date
    medication: str
    dose_mg: Decimal


class TransferIn(Schema):
    to_facility: str
    transferred_on: date
    reason: str


class TransferOut(Schema):
    id: int
    from_facility: str
    to_facility: str
    from_region: str
    to_region: str
    transferred_on: date


class BreakGlassIn(Schema):
    person_id: int | None = None
    iin: str = ""
    reason: str


class GrantOut(Schema):
    id: int
    user: str
    person_id: int
    reason: str
    granted_at: datetime
    expires_at: datetime
    review_region: str
    reviewed: bool


class ReviewIn(Schema):
    note: str = ""


class DuplicateOut(Schema):
    id: int
    person_a: int
    person_b: int
    score: float
    reasons: list[str]
    state: str


class MergeIn(Schema):
    keep: int
    reason: str = Field("", max_length=500, description="Required when the two birth dates differ.")


class MergeOut(Schema):
    id: int
    kept: int
    merged: int
    moved: dict[str, list[int]]
    undone: bool


class ProposalOut(Schema):
    registration_id: int
    person_id: int
    reason: str
    since: date


class PoliceCheckIn(Schema):
    iins: list[str]
    basis: str
    request_number: str


class PoliceAnswerOut(Schema):
    iin: str
    valid: bool
    on_register: bool
    since: date | None


class PoliceCheckOut(Schema):
    request_id: int
    basis: str
    request_number: str
    count: int
    on_register: int
    answers: list[PoliceAnswerOut]


class ExtractRowOut(Schema):
    pseudonym: str
    birth_year: str  # a year, or a band ("1990-1994") where k-anonymity needs it
    sex: str
    region: str
    diagnosis: str
    registered_month: str
    status: str


class MeOut(Schema):
    username: str
    role: str
    facility: str
    region: str
    capabilities: list[str]


class RegionOut(Schema):
    code: str
    kind: str
    name_ru: str
    name_kk: str
    name_en: str


class DiagnosisOut(Schema):
    code: str
    name_ru: str
    name_en: str


class FacilityOut(Schema):
    code: str
    name: str
    region: str


# ---------------------------------------------------------------- serialisation


def person_out(person: Person) -> dict:
    return {
        "id": person.pk,
        "iin": person.iin,
        "document_type": person.document_type,
        "document_number": person.document_number,
        "last_name": person.last_name,
        "first_name": person.first_name,
        "patronymic": person.patronymic,
        "last_name_latin": person.last_name_latin,
        "first_name_latin": person.first_name_latin,
        "patronymic_latin": person.patronymic_latin,
        "birth_date": person.birth_date,
        "birth_year": person.birth_year,
        "sex": person.sex,
        "citizenship": person.citizenship,
        "region": person.region_id,
        "district_id": person.district_id,
        "address": person.address,
        "phone": person.phone,
        "email": person.email,
        "facility": person.facility.code,
        "anonymised": person.anonymised,
    }


def registration_out(reg) -> dict:
    return {
        "id": reg.pk,
        "diagnosis": reg.diagnosis_id,
        "diagnosis_name": reg.diagnosis.name,
        "registered_on": reg.registered_on,
        "grounds": reg.grounds,
        "facility": reg.facility.code,
        "physician": reg.physician.get_username() if reg.physician else "",
        "status": reg.status,
        "remission_since": reg.remission_since,
        "deregistered_on": reg.deregistered_on,
        "status_history": [
            {"on": c.changed_on.isoformat(), "from": c.from_status, "to": c.to_status, "reason": c.reason}
            for c in reg.status_changes.all()
        ],
    }


def visit_out(v) -> dict:  # a Visit
    return {"id": v.pk, "visited_on": v.visited_on, "kind": v.kind, "facility": v.facility.code, "note": v.note}


def treatment_out(t) -> dict:
    return {"id": t.pk, "kind": t.kind, "started_on": t.started_on, "ended_on": t.ended_on, "facility": t.facility.code}


def card_out(person: Person) -> dict:
    regs = person.registrations.select_related("diagnosis", "facility", "physician").prefetch_related("status_changes")
    return {
        **person_out(person),
        "registrations": [registration_out(r) for r in regs],
        "visits": [visit_out(v) for v in person.visits.select_related("facility")],
        "drug_tests": list(person.drug_tests.values("id", "taken_on", "substance", "method", "result")),
        "treatments": [treatment_out(t) for t in person.treatments.select_related("facility")],
        "ost_doses": list(person.ost_doses.values("id", "given_on", "medication", "dose_mg")),
    }


def grant_out(grant) -> dict:
    return {
        "id": grant.pk,
        "user": grant.user.get_username(),
        "person_id": grant.person_id,
        "reason": grant.reason,
        "granted_at": grant.granted_at,
        "expires_at": grant.expires_at,
        "review_region": grant.review_region_id,
        "reviewed": grant.reviewed_at is not None,
    }


def candidate_out(c) -> dict:
    return {
        "id": c.pk,
        "person_a": c.person_a_id,
        "person_b": c.person_b_id,
        "score": c.score,
        "reasons": c.reasons,
        "state": c.state,
    }


def merge_out(merge) -> dict:
    return {
        "id": merge.pk,
        "kept": merge.kept_id,
        "merged": merge.merged_id,
        "moved": merge.moved,
        "undone": merge.undone_at is not None,
    }


# ---------------------------------------------------------------- who am I, reference data


@router.get("/me", response=MeOut)
def me(request: HttpRequest) -> dict:
    """The caller's role and scope (any registry user)."""
    profile = access.profile_of(request.user)
    return {
        "username": request.user.get_username(),
        "role": profile.role,
        "facility": profile.facility.code if profile.facility else "",
        "region": profile.region_id or "",
        "capabilities": sorted(c.value for c in access.ROLE_CAPABILITIES.get(profile.role, frozenset())),
    }


@router.get("/regions", response=list[RegionOut])
def regions(request: HttpRequest) -> list[Region]:
    access.profile_of(request.user)
    return list(Region.objects.all())


@router.get("/diagnoses", response=list[DiagnosisOut])
def diagnoses(request: HttpRequest) -> list[Diagnosis]:
    access.profile_of(request.user)
    return list(Diagnosis.objects.filter(active=True))


@router.get("/facilities", response=list[FacilityOut])
def facilities(request: HttpRequest) -> list[dict]:
    access.profile_of(request.user)
    return [{"code": f.code, "name": f.name, "region": f.region_id} for f in Facility.objects.filter(active=True)]


# ---------------------------------------------------------------- people


@router.post("/people/lookup", response=PersonOut)
def lookup_person(request: HttpRequest, payload: LookupIn) -> dict:
    """Find a person by IIN (POST keeps the IIN out of URLs and logs). Absent and out of scope are the same 404.

    The purpose is one of those listed for the caller's role (422 otherwise)."""
    purpose = access.check_stated_purpose(request.user, payload.purpose)
    person = access.access_person_by_iin(
        request.user, payload.iin.strip(), purpose=purpose, remote_addr=client_ip(request)
    )
    return person_out(person)


@router.post("/people", response={201: PersonOut, 409: PresenceOut})
def create_person(request: HttpRequest, payload: PersonIn) -> Status:
    """Record a person. An IIN already on the register answers 409: a recorded, counted disclosure with the offer
    of the record (in scope) or of emergency access and a transfer (elsewhere); 429 past the daily limit."""
    try:
        person = people.do_create_person(
            people.PersonData(**payload.dict()), actor=request.user, remote_addr=client_ip(request)
        )
    except PresenceDisclosed as exc:
        return Status(409, presence_out(exc.presence))
    return Status(201, person_out(person))


@router.get("/people/{person_id}", response=PersonCardOut)
def person_card(request: HttpRequest, person_id: int, purpose: Purpose = Purpose.CARE) -> dict:
    """The whole record: registrations with status history, visits, tests, treatments, substitution doses."""
    stated = access.check_stated_purpose(request.user, purpose)
    person = access.access_person(request.user, person_id, purpose=stated, remote_addr=client_ip(request))
    return card_out(person)


@router.patch("/people/{person_id}", response={200: PersonOut, 409: PresenceOut})
def update_person(request: HttpRequest, person_id: int, payload: PersonPatch) -> Status:
    """Change some fields (`null` only where a field may be empty: 422 otherwise); a new IIN already on the
    register answers 409 as for a new person."""
    addr = client_ip(request)
    try:
        person = access.access_person(request.user, person_id, purpose=Purpose.EDIT, remote_addr=addr)
        changes = payload.dict(exclude_unset=True)
        person = people.do_update_person(person, changes, actor=request.user, remote_addr=addr)
    except PresenceDisclosed as exc:
        return Status(409, presence_out(exc.presence))
    return Status(200, person_out(person))


def _act_on_person(request: HttpRequest, person_id: int, purpose: str, action: Any, payload: Schema) -> Any:
    """Open the person through the access gate for `purpose`, then run the action with the payload's fields."""
    addr = client_ip(request)
    person = access.access_person(request.user, person_id, purpose=purpose, remote_addr=addr)
    return action(person, **payload.dict(), actor=request.user, remote_addr=addr)


def _act_on_registration(
    request: HttpRequest, registration_id: int, purpose: str, action: Any, payload: Schema
) -> Registration:
    """Open the registration through the access gate for `purpose`, run the action; the registration as changed."""
    addr = client_ip(request)
    reg = access.access_registration(request.user, registration_id, purpose=purpose, remote_addr=addr)
    action(reg, **payload.dict(), actor=request.user, remote_addr=addr)
    return reg


@router.post("/people/{person_id}/registrations", response={201: RegistrationOut})
def register_person(request: HttpRequest, person_id: int, payload: RegistrationIn) -> Status:
    reg = _act_on_person(request, person_id, Purpose.REGISTRATION, registrations.do_register_person, payload)
    return Status(201, registration_out(reg))


@router.post("/registrations/{registration_id}/status", response=RegistrationOut)
def change_status(request: HttpRequest, registration_id: int, payload: StatusIn) -> dict:
    reg = _act_on_registration(request, registration_id, Purpose.CARE, registrations.do_change_status, payload)
    return registration_out(reg)


@router.post("/registrations/{registration_id}/deregister", response=RegistrationOut)
def deregister(request: HttpRequest, registration_id: int, payload: DeregisterIn) -> dict:
    reg = _act_on_registration(request, registration_id, Purpose.DEREGISTRATION, registrations.do_deregister, payload)
    return registration_out(reg)


@router.post("/people/{person_id}/visits", response={201: VisitOut})
def record_visit(request: HttpRequest, person_id: int, payload: VisitIn) -> Status:
    visit = _act_on_person(request, person_id, Purpose.CARE, observations.do_record_visit, payload)
    return Status(201, visit_out(visit))


@router.post("/people/{person_id}/drug-tests", response={201: DrugTestOut})
def record_drug_test(request: HttpRequest, person_id: int, payload: DrugTestIn) -> Status:
    test = _act_on_person(request, person_id, Purpose.CARE, observations.do_record_drug_test, payload)
    return Status(201, test)


@router.post("/people/{person_id}/treatments", response={201: TreatmentOut})
def start_treatment(request: HttpRequest, person_id: int, payload: TreatmentIn) -> Status:
    t = _act_on_person(request, person_id, Purpose.CARE, observations.do_start_treatment, payload)
    return Status(201, treatment_out(t))


@router.post("/people/{person_id}/ost-doses", response={201: OstDoseOut})
def record_ost_dose(request: HttpRequest, person_id: int, payload: OstDoseIn) -> Status:
    dose = _act_on_person(request, person_id, Purpose.CARE, observations.do_record_ost_dose, payload)
    return Status(201, dose)


@router.post("/people/{person_id}/transfer", response=TransferOut)
def transfer_person(request: HttpRequest, person_id: int, payload: TransferIn) -> dict:
    t = _act_on_person(request, person_id, Purpose.TRANSFER, registrations.do_transfer_person, payload)
    return {
        "id": t.pk,
        "from_facility": t.from_facility.code,
        "to_facility": t.to_facility.code,
        "from_region": t.from_region_id,
        "to_region": t.to_region_id,
        "transferred_on": t.transferred_on,
    }


@router.get("/people/{person_id}/access-report", response=list[AccessLine])  # the action's dataclass is the schema
def person_access_report(request: HttpRequest, person_id: int) -> list:
    """Who saw or changed the record, and every police disclosure about it."""
    _person, lines = do_read_access_report(request.user, person_id, remote_addr=client_ip(request))
    return lines


# ---------------------------------------------------------------- break the glass


@router.post("/break-glass", response={201: GrantOut})
def break_the_glass(request: HttpRequest, payload: BreakGlassIn) -> Status:
    """Time-limited access to one person outside one's scope, with a reason; reviewed by the regional chief."""
    grant = break_glass.do_break_glass(
        payload.person_id,
        iin=payload.iin.strip(),
        reason=payload.reason,
        actor=request.user,
        remote_addr=client_ip(request),
    )
    return Status(201, grant_out(grant))


@router.get("/break-glass/review", response=list[GrantOut])
def break_glass_to_review(request: HttpRequest) -> list[dict]:
    grants = break_glass.grants_to_review(request.user)
    return [grant_out(g) for g in grants]


@router.post("/break-glass/{grant_id}/review", response=GrantOut)
def review_break_glass(request: HttpRequest, grant_id: int, payload: ReviewIn) -> dict:
    grant = break_glass.do_review_break_glass(
        grant_id, note=payload.note, actor=request.user, remote_addr=client_ip(request)
    )
    return grant_out(grant)


# ---------------------------------------------------------------- duplicates


@router.get("/duplicates", response=list[DuplicateOut])
def duplicate_candidates(request: HttpRequest) -> list[dict]:
    found = duplicates.candidates_for_reviewer(request.user)
    return [candidate_out(c) for c in found]


@router.post("/duplicates/{candidate_id}/merge", response=MergeOut)
def merge_duplicates(request: HttpRequest, candidate_id: int, payload: MergeIn) -> dict:
    candidate = duplicates.load_candidate(request.user, candidate_id)
    merge = duplicates.do_merge_people(
        candidate, keep=payload.keep, reason=payload.reason, actor=request.user, remote_addr=client_ip(request)
    )
    return merge_out(merge)


@router.post("/duplicates/{candidate_id}/dismiss", response=DuplicateOut)
def dismiss_duplicate(request: HttpRequest, candidate_id: int) -> dict:
    candidate = duplicates.load_candidate(request.user, candidate_id)
    c = duplicates.do_dismiss_candidate(candidate, actor=request.user, remote_addr=client_ip(request))
    return candidate_out(c)


@router.post("/merges/{merge_id}/undo", response=MergeOut)
def undo_merge(request: HttpRequest, merge_id: int) -> dict:
    merge = duplicates.load_merge(request.user, merge_id)
    merge = duplicates.do_undo_merge(merge, actor=request.user, remote_addr=client_ip(request))
    return merge_out(merge)


# ---------------------------------------------------------------- proposals, extract


@router.get("/deregistration-proposals", response=list[ProposalOut])
def deregistration_proposals(request: HttpRequest, as_of: date | None = None) -> list:
    """Who is due for deregistration among the people in the caller's scope."""
    return proposals.proposals_for(request.user, as_of or timezone.localdate())


@router.get("/extract", response=list[ExtractRowOut])
def extract(request: HttpRequest, region: str = "") -> list:
    """Pseudonymised registrations for analysts: no names, no IIN, no dates finer than a month."""
    return pseudonymised_extract(request.user, region=region, remote_addr=client_ip(request))


# ---------------------------------------------------------------- police check


def _police_input(request: HttpRequest) -> tuple[list[str], str, str]:
    if request.content_type and request.content_type.startswith("multipart/"):
        upload = request.FILES.get("file")
        iins = police_checks.parse_iin_file(upload.read()) if upload is not None else []
        iins += [i for i in request.POST.getlist("iins") if i.strip()]
        return iins, request.POST.get("basis", ""), request.POST.get("request_number", "")
    try:
        payload = PoliceCheckIn.model_validate(json.loads(request.body or b"{}"))
    except (ValueError, ValidationError) as exc:
        raise RegistryError(M.POLICE_INPUT, error=str(exc)) from exc
    return payload.iins, payload.basis, payload.request_number


@router.post(
    "/police-check",
    response=PoliceCheckOut,
    auth=[django_auth, ApiKeyAuth(Scope.POLICE_CHECK)],  # people by session, systems by a key with the scope
    openapi_extra={
        "requestBody": {
            "content": {
                "application/json": {"schema": PoliceCheckIn.model_json_schema()},
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "file": {"type": "string", "format": "binary"},
                            "basis": {"type": "string"},
                            "request_number": {"type": "string"},
                        },
                    }
                },
            }
        }
    },
)
def police_check(request: HttpRequest) -> dict:
    """For each IIN only: on the register yes/no (and since when if the basis allows). Rate-limited; disclosed."""
    access.require(request.user, Capability.POLICE_CHECK)
    iins, basis, number = _police_input(request)
    result = police_checks.do_police_check(
        iins, basis=basis, request_number=number, actor=request.user, remote_addr=client_ip(request)
    )
    return {
        "request_id": result.request.pk,
        "basis": result.request.basis,
        "request_number": result.request.request_number,
        "count": result.request.count,
        "on_register": result.request.found,
        "answers": result.answers,
    }
