"""One person's record as a FHIR R4B Bundle (collection), checked against the `fhir.resources` models.

Mapping: the person → Patient; each registration → EpisodeOfCare and its Condition (ICD-10); visits and
treatment episodes → Encounter; drug tests → Observation; substitution doses → MedicationAdministration.
Resources refer to each other by `urn:uuid:` full URLs derived from the database ids, so the same record
always gives the same bundle.

`fhir.resources` 8 ships R5 at the top level and R4B (4.3, the R4 line: these six resources are unchanged
from 4.0.1) under `fhir.resources.R4B`; the bundle is validated with the R4B models.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date
from typing import Any

from drugcontrol.registry.models import DrugTest, OstDose, Person, Registration, TreatmentEpisode, Visit

# The project's own naming system for the IIN; replace with the national identifier system URI once registered.
IIN_SYSTEM = "urn:drugcontrol:kz-iin"
DOCUMENT_SYSTEM = "urn:drugcontrol:identity-document"
ICD10_SYSTEM = "http://hl7.org/fhir/sid/icd-10"
ACT_CODE_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
CLINICAL_STATUS_SYSTEM = "http://terminology.hl7.org/CodeSystem/condition-clinical"
VERIFICATION_SYSTEM = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
INTERPRETATION_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
UCUM = "http://unitsofmeasure.org"
_NAMESPACE = uuid.UUID("5b0c8f3e-3d0b-4b52-9a53-2f1c0b8e7a11")


class FhirExportError(ValueError):
    """The record could not be expressed as a valid FHIR bundle; the message names the resource and field."""


def _urn(kind: str, pk: Any) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'{kind}/{pk}')}"


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def patient_resource(person: Person) -> dict[str, Any]:
    identifiers = []
    if person.iin:
        identifiers.append({"use": "official", "system": IIN_SYSTEM, "value": person.iin})
    if person.document_number:
        identifiers.append(
            {"use": "secondary", "system": DOCUMENT_SYSTEM, "value": person.document_number,
             "type": {"text": person.document_type or "identity document"}}
        )  # fmt: skip
    names = []
    if person.last_name or person.first_name:
        names.append(
            {"use": "official", "family": person.last_name or None,
             "given": [g for g in (person.first_name, person.patronymic) if g] or None}
        )  # fmt: skip
    if person.last_name_latin or person.first_name_latin:
        names.append(
            {"use": "usual", "family": person.last_name_latin or None,
             "given": [g for g in (person.first_name_latin, person.patronymic_latin) if g] or None}
        )  # fmt: skip
    telecom = [{"system": "phone", "value": person.phone}] if person.phone else []
    if person.email:
        telecom.append({"system": "email", "value": person.email})
    resource: dict[str, Any] = {
        "resourceType": "Patient",
        "id": f"person-{person.pk}",
        "identifier": identifiers or None,
        "name": names or None,
        "gender": {"M": "male", "F": "female"}.get(person.sex, "unknown"),
        "birthDate": _day(person.birth_date) or (str(person.birth_year) if person.birth_year else None),
        "telecom": telecom or None,
        "address": [{"text": person.address or None, "state": person.region_id, "country": "KZ"}],
    }
    return resource


def _episode_status(registration: Registration) -> str:
    return "finished" if registration.deregistered_on or registration.status == "deregistered" else "active"


def condition_resource(registration: Registration, patient_ref: str) -> dict[str, Any]:
    clinical = "remission" if registration.status == "remission" else "active"
    if _episode_status(registration) == "finished":
        clinical = "resolved" if getattr(registration, "remission_since", None) else "inactive"
    return {
        "resourceType": "Condition",
        "id": f"condition-{registration.pk}",
        "clinicalStatus": {"coding": [{"system": CLINICAL_STATUS_SYSTEM, "code": clinical}]},
        "verificationStatus": {"coding": [{"system": VERIFICATION_SYSTEM, "code": "confirmed"}]},
        "code": {
            "coding": [
                {"system": ICD10_SYSTEM, "code": registration.diagnosis_id, "display": registration.diagnosis.name_en}
            ]
        },
        "subject": {"reference": patient_ref},
        "onsetDateTime": _day(registration.registered_on),
        "abatementDateTime": _day(registration.remission_since or registration.deregistered_on),
        "recordedDate": _day(registration.registered_on),
    }


def episode_resource(registration: Registration, patient_ref: str, condition_ref: str) -> dict[str, Any]:
    return {
        "resourceType": "EpisodeOfCare",
        "id": f"registration-{registration.pk}",
        "status": _episode_status(registration),
        "type": [{"text": f"dispensary registration ({registration.grounds})"}],
        "diagnosis": [{"condition": {"reference": condition_ref}, "rank": 1}],
        "patient": {"reference": patient_ref},
        "managingOrganization": {"display": registration.facility.name},
        "period": {"start": _day(registration.registered_on), "end": _day(registration.deregistered_on)},
    }


def visit_encounter(visit: Visit, patient_ref: str, episode_refs: dict[int, str]) -> dict[str, Any]:
    return _encounter(
        visit,
        "visit",
        status="cancelled" if visit.kind == "missed" else "finished",
        klass="HH" if visit.kind == "home" else ("EMER" if visit.kind == "emergency" else "AMB"),
        period={"start": _day(visit.visited_on)},
        patient_ref=patient_ref,
        episode_refs=episode_refs,
    )


def treatment_encounter(treatment: TreatmentEpisode, patient_ref: str, episode_refs: dict[int, str]) -> dict[str, Any]:
    return _encounter(
        treatment,
        "treatment",
        status="finished" if treatment.ended_on else "in-progress",
        klass="IMP" if treatment.kind in ("inpatient", "rehabilitation", "compulsory") else "AMB",
        period={"start": _day(treatment.started_on), "end": _day(treatment.ended_on)},
        patient_ref=patient_ref,
        episode_refs=episode_refs,
    )


def _encounter(
    record: Visit | TreatmentEpisode,
    what: str,
    *,
    status: str,
    klass: str,
    period: dict[str, Any],
    patient_ref: str,
    episode_refs: dict[int, str],
) -> dict[str, Any]:
    """A record of care as an Encounter of its patient, within its episode of care when it has one."""
    episode = episode_refs.get(record.registration_id) if record.registration_id is not None else None
    return {
        "resourceType": "Encounter",
        "id": f"{what}-{record.pk}",
        "status": status,
        "class": {"system": ACT_CODE_SYSTEM, "code": klass},
        "type": [{"text": f"{what} ({record.kind})"}],
        "subject": {"reference": patient_ref},
        "episodeOfCare": [{"reference": episode}] if episode is not None else None,
        "period": period,
        "serviceProvider": {"display": record.facility.name},
    }


def drug_test_observation(test: DrugTest, patient_ref: str) -> dict[str, Any]:
    interpretation = {"positive": "POS", "negative": "NEG"}.get(test.result)
    return {
        "resourceType": "Observation",
        "id": f"drug-test-{test.pk}",
        "status": "final" if test.result != "invalid" else "cancelled",
        "category": [
            {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "laboratory"}]}
        ],
        "code": {"text": f"drug test: {test.substance}"},
        "subject": {"reference": patient_ref},
        "effectiveDateTime": _day(test.taken_on),
        "method": {"text": test.get_method_display()},
        "valueCodeableConcept": {"text": test.result},
        "interpretation": [{"coding": [{"system": INTERPRETATION_SYSTEM, "code": interpretation}]}]
        if interpretation
        else None,
    }


def dose_administration(dose: OstDose, patient_ref: str) -> dict[str, Any]:
    return {
        "resourceType": "MedicationAdministration",
        "id": f"ost-dose-{dose.pk}",
        "status": "completed",
        "medicationCodeableConcept": {"text": dose.medication},
        "subject": {"reference": patient_ref},
        "effectiveDateTime": _day(dose.given_on),
        "dosage": {
            "route": {"text": "oral"},
            "dose": {"value": float(dose.dose_mg), "unit": "mg", "system": UCUM, "code": "mg"},
        },
    }


def _entries(resources: Iterable[tuple[str, dict[str, Any]]]) -> list[dict[str, Any]]:
    return [{"fullUrl": url, "resource": {k: v for k, v in res.items() if v is not None}} for url, res in resources]


def person_bundle(person: Person) -> dict[str, Any]:
    """The bundle as JSON-ready data, validated with the R4B models (FhirExportError when it does not validate)."""
    patient_ref = _urn("person", person.pk)
    resources: list[tuple[str, dict[str, Any]]] = [(patient_ref, patient_resource(person))]
    registrations = list(
        Registration.objects.filter(person=person).select_related("diagnosis", "facility").order_by("id")
    )
    episode_refs: dict[int, str] = {}
    for registration in registrations:
        condition_ref = _urn("condition", registration.pk)
        episode_refs[registration.pk] = _urn("registration", registration.pk)
        resources.append((condition_ref, condition_resource(registration, patient_ref)))
        resources.append((episode_refs[registration.pk], episode_resource(registration, patient_ref, condition_ref)))
    for visit in Visit.objects.filter(person=person).select_related("facility").order_by("visited_on", "id"):
        resources.append((_urn("visit", visit.pk), visit_encounter(visit, patient_ref, episode_refs)))
    for treatment in (
        TreatmentEpisode.objects.filter(person=person).select_related("facility").order_by("started_on", "id")
    ):
        resources.append((_urn("treatment", treatment.pk), treatment_encounter(treatment, patient_ref, episode_refs)))
    for test in DrugTest.objects.filter(person=person).order_by("taken_on", "id"):
        resources.append((_urn("drug-test", test.pk), drug_test_observation(test, patient_ref)))
    for dose in OstDose.objects.filter(person=person).order_by("given_on", "id"):
        resources.append((_urn("ost-dose", dose.pk), dose_administration(dose, patient_ref)))
    bundle = {
        "resourceType": "Bundle",
        "id": f"person-{person.pk}-record",
        "type": "collection",
        "entry": _entries(resources),
    }
    return validate_bundle(bundle)


def validate_bundle(bundle: dict[str, Any]) -> dict[str, Any]:
    """Check the bundle and every resource in it against the R4B models; return the normalised JSON data."""
    from fhir.resources.R4B.bundle import Bundle
    from pydantic import ValidationError

    try:
        model = Bundle.model_validate(bundle)
    except ValidationError as exc:
        raise FhirExportError(f"the bundle does not validate as FHIR R4B: {exc}") from exc
    return model.model_dump(mode="json", exclude_none=True)
