"""FHIR export through HTTP: the bundle validates as R4B and holds the record; the gate refuses and audits."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from drugcontrol.audit.models import AuditEvent
from drugcontrol.registry.fhir.bundle import FhirExportError, validate_bundle
from drugcontrol.registry.models import DrugTest, OstDose, TreatmentEpisode, Visit


@pytest.fixture
def record(world):
    person, registration, facility = world.person, world.registration, world.person.facility
    today = timezone.localdate()
    Visit.objects.create(
        person=person, registration=registration, visited_on=today - timedelta(days=20), facility=facility
    )
    DrugTest.objects.create(
        person=person, registration=registration, taken_on=today - timedelta(days=20), substance="morphine",
        method="urine_ia", result="negative", facility=facility,
    )  # fmt: skip
    treatment = TreatmentEpisode.objects.get(person=person)
    OstDose.objects.create(
        person=person, treatment=treatment, given_on=today - timedelta(days=1), medication="methadone",
        dose_mg=Decimal("60.00"),
    )  # fmt: skip
    return world


def url(person_id: int) -> str:
    return f"/api/registry/people/{person_id}/fhir"


def test_physician_exports_a_valid_bundle_with_every_resource(record) -> None:
    response = record.client("physician_a").get(url(record.person.pk), {"purpose": "export"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/fhir+json")
    bundle = response.json()
    # Independent check: the R4B models accept the bundle as returned over HTTP.
    from fhir.resources.R4B.bundle import Bundle

    Bundle.model_validate(bundle)
    kinds = sorted(e["resource"]["resourceType"] for e in bundle["entry"])
    assert kinds == [
        "Condition", "Encounter", "Encounter", "EpisodeOfCare", "MedicationAdministration", "Observation", "Patient",
    ]  # fmt: skip
    resources = {e["resource"]["resourceType"]: e["resource"] for e in bundle["entry"]}
    patient = resources["Patient"]
    assert patient["identifier"][0]["value"] == record.person.iin
    assert patient["gender"] == "male" and patient["birthDate"] == "1988-04-12"
    assert patient["name"][0]["family"] == "Ахметов" and patient["name"][1]["family"] == "Ahmetov"
    assert resources["Condition"]["code"]["coding"][0] == {
        "system": "http://hl7.org/fhir/sid/icd-10",
        "code": "F11.2",
        "display": resources["Condition"]["code"]["coding"][0]["display"],
    }
    assert resources["MedicationAdministration"]["dosage"]["dose"]["value"] == 60.0
    patient_url = next(e["fullUrl"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient")
    assert resources["EpisodeOfCare"]["patient"]["reference"] == patient_url
    events = AuditEvent.objects.filter(object_id=str(record.person.pk)).order_by("-id")[:2]
    assert [e.action for e in events] == ["registry.person.fhir_export", "registry.person.read"]
    assert events[0].purpose == "export"
    assert events[0].details["resources"]["Encounter"] == 2


def test_same_record_gives_the_same_bundle(record) -> None:
    client = record.client("physician_a")
    first = client.get(url(record.person.pk), {"purpose": "export"}).json()
    assert client.get(url(record.person.pk), {"purpose": "export"}).json() == first


@pytest.mark.parametrize("name", ["physician_b", "chief_b", "analyst", "police", "admin"])
def test_outside_scope_or_role_is_refused_without_revealing_the_person(record, name: str) -> None:
    response = record.client(name).get(url(record.person.pk), {"purpose": "export"})
    assert response.status_code == (404 if name in ("physician_b", "chief_b") else 403)
    missing = record.client(name).get(url(999_999), {"purpose": "export"})
    assert missing.status_code == response.status_code
    assert not AuditEvent.objects.filter(action="registry.person.fhir_export").exists()


def test_no_purpose_no_export(record) -> None:
    assert record.client("physician_a").get(url(record.person.pk)).status_code == 403
    # A free-text or unlisted purpose is refused before anything is read.
    for purpose in ("curiosity", "duplicate_review"):
        refused = record.client("physician_a").get(url(record.person.pk), {"purpose": purpose})
        assert refused.status_code == 422 and refused.json()["detail"].startswith("purpose:")
    assert not AuditEvent.objects.filter(action="registry.person.fhir_export").exists()
    assert record.client("anonymous").get(url(record.person.pk), {"purpose": "x"}).status_code == 401


def test_an_invalid_bundle_is_refused_by_the_validator() -> None:
    # An Encounter without its required class is not R4B.
    bad = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"resource": {"resourceType": "Encounter", "subject": {"reference": "Patient/1"}}}],
    }
    with pytest.raises(FhirExportError, match="class"):
        validate_bundle(bad)
