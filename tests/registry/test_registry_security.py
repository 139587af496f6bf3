"""The registry's access holes, each attacked through HTTP as a logged-in user of the role that would try it:
the existence oracle, break-the-glass as lasting access, the raced police-check limit, and the low items."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.utils import timezone
from tests.registry.conftest import World, person_data
from tests.registry.register_files import HEADER, MAPPING_LINES

from drugcontrol.audit.models import AuditEvent
from drugcontrol.background.worker import run_queued_tasks
from drugcontrol.registry.actions.break_glass import do_break_glass
from drugcontrol.registry.actions.people import do_create_person
from drugcontrol.registry.actions.registrations import do_deregister
from drugcontrol.registry.actions.retention import do_anonymise_due
from drugcontrol.registry.iin import make_iin
from drugcontrol.registry.models import (
    DuplicateCandidate,
    Merge,
    Person,
    PoliceCheckRequest,
    Registration,
    RegistryConfig,
    Transfer,
)

JSON = "application/json"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def today() -> str:
    return timezone.localdate().isoformat()


def presence_rows(person: Person) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="registry.person.presence", object_id=str(person.pk)))


def new_person_body(**change: str) -> dict:
    return {
        "last_name": "Новиков",
        "first_name": "Илья",
        "birth_date": "1988-04-12",
        "sex": "M",
        "region": "KZ-71",
        **change,
    }


# --- the existence oracle ---------------------------------------------------------------------------------------


def test_creating_a_person_registered_elsewhere_is_a_recorded_disclosure_with_an_offer(world: World) -> None:
    before = Person.objects.count()
    response = world.client("physician_b").post(
        "/api/registry/people", new_person_body(iin=world.person.iin), content_type=JSON
    )
    assert response.status_code == 409
    answer = response.json()
    assert answer["code"] == "registered_elsewhere" and answer["person_id"] is None and answer["region"] == "KZ-75"
    assert [o["action"] for o in answer["offers"]] == ["break_glass", "ask_for_transfer"]
    [row] = presence_rows(world.person)
    assert (row.actor_name, row.purpose, row.remote_addr) == ("physician_b", "registration", "10.1.2.3")
    assert row.details["in_scope"] is False
    assert Person.objects.count() == before
    # The person's access report shows who learnt that they are on the register.
    report = world.client("chief_a").get(f"/api/registry/people/{world.person.pk}/access-report").json()
    assert ("physician_b", "registry.person.presence") in {(line["who"], line["action"]) for line in report}


def test_patching_in_an_iin_registered_elsewhere_is_the_same_disclosure(world: World) -> None:
    # Astana's physician tries the Almaty person's IIN on a record of their own (same birth date and sex).
    own = do_create_person(
        person_data(region="KZ-71", iin=make_iin(date(1988, 4, 12), "M", 9)), actor=world.users["physician_b"]
    )
    response = world.client("physician_b").patch(
        f"/api/registry/people/{own.pk}", {"iin": world.person.iin}, content_type=JSON
    )
    assert response.status_code == 409 and response.json()["code"] == "registered_elsewhere"
    assert [r.purpose for r in presence_rows(world.person)] == ["edit"]
    own.refresh_from_db()
    assert own.iin == make_iin(date(1988, 4, 12), "M", 9)


def test_disclosures_are_limited_per_user_and_the_refusal_says_so(world: World, settings) -> None:
    settings.REGISTRY_DISCLOSURES_PER_DAY = 2
    client = world.client("physician_b")
    body = new_person_body(iin=world.person.iin)
    for _ in range(2):
        assert client.post("/api/registry/people", body, content_type=JSON).status_code == 409
    refused = client.post("/api/registry/people", body, content_type=JSON, **EN)
    assert refused.status_code == 429 and "limit of 2 answers per day" in refused.json()["detail"]
    assert len(presence_rows(world.person)) == 2
    refusal = AuditEvent.objects.get(action="registry.person.presence_refused")
    assert (refusal.actor_name, refusal.object_id, refusal.details["limit"]) == ("physician_b", "", 2)
    # Other users keep their own allowance.
    assert (
        world.client("chief_b")
        .post("/api/registry/people", dict(body, facility="T-AST-1"), content_type=JSON)
        .status_code
        == 409
    )


def test_the_new_person_page_shows_the_disclosure_and_the_way_forward(world: World) -> None:
    form = {**new_person_body(iin=world.person.iin), "citizenship": "KZ"}
    response = world.client("physician_b").post("/registry/people/new/", form, **EN)
    page = response.content.decode()
    assert response.status_code == 200 and 'id="presence"' in page
    assert "This answer was recorded in the audit log" in page and 'href="/registry/break-glass/"' in page
    assert [r.actor_name for r in presence_rows(world.person)] == ["physician_b"]


def test_the_import_page_reports_an_iin_of_another_region_only_after_the_accounting(world: World) -> None:
    row = [world.person.iin, "Ахметов", "Ерлан", "", "12.04.1988", "М", "KZ-71", "T-AST-1", "F11.2", "2023-05-10"]
    upload = SimpleUploadedFile("astana.csv", (",".join(HEADER) + "\n" + ",".join(row) + "\n").encode(), "text/csv")
    queued = world.client("chief_b").post(
        "/registry/import/", {"file": upload, "mapping": "\n".join(MAPPING_LINES)}, **EN
    )
    run_queued_tasks()  # the import runs as a job: its page reports the row
    response = world.client("chief_b").get(queued["Location"], **EN)
    page = response.content.decode()
    assert response.status_code == 200 and "already registered outside your region" in page
    [row_event] = presence_rows(world.person)
    assert (row_event.actor_name, row_event.purpose) == ("chief_b", "import")


# --- break the glass --------------------------------------------------------------------------------------------


@pytest.fixture
def grant_holder(world: World) -> Client:
    """Astana's physician with a grant for the Almaty person: nothing but the grant opens that record."""
    do_break_glass(world.person.pk, reason="unconscious patient in ER", actor=world.users["physician_b"])
    return world.client("physician_b")


def test_a_grant_opens_reading_and_recording_care_only(world: World, grant_holder: Client) -> None:
    pid, rid = world.person.pk, world.registration.pk
    opened = [
        ("get", f"/api/registry/people/{pid}?purpose=break_glass", None, 200),
        ("post", "/api/registry/people/lookup", {"iin": world.person.iin, "purpose": "break_glass"}, 200),
        ("post", f"/api/registry/people/{pid}/visits", {"visited_on": today(), "kind": "emergency"}, 201),
        ("post", f"/api/registry/people/{pid}/drug-tests",
         {"taken_on": today(), "substance": "morphine", "method": "urine_ia", "result": "positive"}, 201),
        ("post", f"/api/registry/people/{pid}/treatments", {"kind": "inpatient", "started_on": today()}, 201),
        ("post", f"/api/registry/people/{pid}/ost-doses",
         {"given_on": today(), "medication": "methadone", "dose_mg": "60"}, 201),
        ("post", f"/api/registry/registrations/{rid}/status", {"status": "remission", "changed_on": today()}, 200),
    ]  # fmt: skip
    ordinary_only = [
        ("post", f"/api/registry/people/{pid}/transfer",
         {"to_facility": "T-AST-1", "transferred_on": today(), "reason": "moved to Astana"}),
        ("patch", f"/api/registry/people/{pid}", {"last_name": "Иванов"}),
        ("patch", f"/api/registry/people/{pid}", {"phone": "+7 701 000 00 00"}),
        ("post", f"/api/registry/people/{pid}/registrations",
         {"diagnosis": "F12.1", "registered_on": today(), "grounds": "referral"}),
        ("post", f"/api/registry/registrations/{rid}/deregister", {"reason": "departure", "deregistered_on": today()}),
        ("get", f"/api/registry/people/{pid}/access-report", None),
    ]  # fmt: skip
    for method, path, body, status in opened:
        response = getattr(grant_holder, method)(path, body, content_type=JSON) if body else grant_holder.get(path)
        assert response.status_code == status, (path, response.content[:200])
    for method, path, body in ordinary_only:
        call = getattr(grant_holder, method)
        response = call(path, body, content_type=JSON) if body is not None else call(path)
        assert response.status_code == 403, (method, path, response.content[:200])
    # The pages refuse the same way, and nothing moved.
    transfer_page = grant_holder.post(
        f"/registry/people/{pid}/transfer/",
        {"to_facility": "T-AST-1", "transferred_on": today(), "reason": "moved"},
    )
    assert transfer_page.status_code == 403
    assert not Transfer.objects.exists()
    world.person.refresh_from_db()
    assert (world.person.facility.code, world.person.last_name) == ("T-ALA-1", "Ахметов")
    assert Registration.objects.filter(person=world.person).count() == 1


def test_a_chief_with_a_grant_cannot_merge_or_dismiss_outside_the_region(world: World) -> None:
    twin = do_create_person(
        person_data(iin="", document_type="passport", document_number="N1", last_name="AKHMETOV", first_name="YERLAN"),
        actor=world.users["physician_a"],
    )
    candidate = DuplicateCandidate.objects.get(person_b=twin)
    for person in (world.person, twin):
        do_break_glass(person.pk, reason="checking a duplicate", actor=world.users["chief_b"])
    chief_b = world.client("chief_b")
    merge = chief_b.post(f"/api/registry/duplicates/{candidate.pk}/merge", {"keep": world.person.pk}, content_type=JSON)
    assert merge.status_code == 403
    assert chief_b.post(f"/api/registry/duplicates/{candidate.pk}/dismiss").status_code == 403
    assert not Merge.objects.exists()


# --- the police check's limit -----------------------------------------------------------------------------------


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite's test database is one in-memory connection: requests cannot run concurrently there",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # like the browser tests, so they still start clean
def test_concurrent_police_checks_cannot_pass_the_hourly_limit(world: World) -> None:
    RegistryConfig.objects.update_or_create(pk=1, defaults={"police_requests_per_hour": 3})
    body = {"iins": [world.person.iin], "basis": "weapon_permit", "request_number": "R-1"}
    statuses: list[int] = []
    start = threading.Barrier(10)

    def check() -> None:
        try:
            client = world.client("police")
            start.wait()
            statuses.append(client.post("/api/registry/police-check", body, content_type=JSON).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=check) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200] * 3 + [429] * 7
    assert PoliceCheckRequest.objects.count() == 3


def test_the_police_check_page_checks_nothing_when_the_file_fails(world: World) -> None:
    bad = SimpleUploadedFile("iins.txt", b"\xff\xfe\x00broken", content_type="text/plain")
    form = {"iins": world.person.iin, "file": bad, "basis": "weapon_permit", "request_number": "R-9"}
    response = world.client("police").post("/registry/police-check/", form, **EN)
    assert response.status_code == 200 and "UTF-8" in response.content.decode()
    assert not PoliceCheckRequest.objects.exists()
    assert not AuditEvent.objects.filter(action="registry.police_check").exists()


# --- low items ------------------------------------------------------------------------------------------------


def test_a_registration_before_the_birth_date_is_refused(world: World) -> None:
    body = {"diagnosis": "F12.1", "registered_on": "1980-01-01", "grounds": "referral"}
    response = world.client("physician_a").post(
        f"/api/registry/people/{world.person.pk}/registrations", body, content_type=JSON, **EN
    )
    assert response.status_code == 422
    assert (
        response.json()["detail"]
        == "registered_on: The registration date 1980-01-01 is before the birth date 1988-04-12."
    )


@pytest.mark.parametrize("invisible", ["\u200b" * 20, "\u200d\u2060\ufeff" * 5, " \t\u00a0" * 7, "\u0301" * 12])
def test_a_reason_of_invisible_characters_is_refused(world: World, invisible: str) -> None:
    glass = world.client("physician_b").post(
        "/api/registry/break-glass", {"person_id": world.person.pk, "reason": invisible}, content_type=JSON
    )
    assert glass.status_code == 422 and glass.json()["detail"].startswith("reason:")
    transfer = world.client("physician_a").post(
        f"/api/registry/people/{world.person.pk}/transfer",
        {"to_facility": "T-AST-1", "transferred_on": today(), "reason": invisible},
        content_type=JSON,
    )
    assert transfer.status_code == 422 and transfer.json()["detail"].startswith("reason:")
    assert not AuditEvent.objects.filter(action__in=["registry.break_glass.grant", "registry.person.transfer"]).exists()


@pytest.mark.parametrize("role", ["analyst", "police", "admin", "norole"])
def test_a_refusal_for_a_missing_role_is_audited(world: World, role: str) -> None:
    response = world.client(role).get(f"/api/registry/people/{world.person.pk}?purpose=care")
    assert response.status_code == 403
    event = AuditEvent.objects.filter(action="registry.refused").last()
    assert (event.actor_name, event.object_id) == (role, "read_person")


def test_the_stated_purpose_is_one_listed_for_the_role(world: World) -> None:
    physician, chief = world.client("physician_a"), world.client("chief_a")
    lookup = "/api/registry/people/lookup"
    assert physician.post(lookup, {"iin": world.person.iin, "purpose": "care"}, content_type=JSON).status_code == 200
    for purpose in ("duplicate_review", "proposals", "transfer", "access_report"):
        refused = physician.post(lookup, {"iin": world.person.iin, "purpose": purpose}, content_type=JSON)
        assert refused.status_code == 422 and refused.json()["detail"].startswith("purpose:"), purpose
    assert (
        chief.post(lookup, {"iin": world.person.iin, "purpose": "duplicate_review"}, content_type=JSON).status_code
        == 200
    )
    page = physician.get(f"/registry/people/{world.person.pk}/?purpose=proposals")
    assert page.status_code == 400
    reads = AuditEvent.objects.filter(action="registry.person.read", actor_name="physician_a")
    assert sorted({e.purpose for e in reads}) == ["care"]


def test_patch_with_null_fields_is_refused_with_a_message(world: World) -> None:
    client = world.client("physician_a")
    for field in ("last_name", "birth_date", "sex", "region", "iin"):
        response = client.patch(f"/api/registry/people/{world.person.pk}", {field: None}, content_type=JSON)
        assert response.status_code == 422 and response.json()["detail"].startswith(f"{field}:"), field
    cleared = client.patch(f"/api/registry/people/{world.person.pk}", {"district_id": None}, content_type=JSON)
    assert cleared.status_code == 200 and cleared.json()["district_id"] is None


def test_non_numeric_keep_and_grant_are_bad_requests(world: World) -> None:
    twin = do_create_person(
        person_data(iin="", document_type="passport", document_number="N1", last_name="AKHMETOV", first_name="YERLAN"),
        actor=world.users["physician_a"],
    )
    candidate = DuplicateCandidate.objects.get(person_b=twin)
    chief = world.client("chief_a")
    for keep in ("abc", "", "１２", "1e3"):
        response = chief.post(f"/registry/duplicates/{candidate.pk}/merge/", {"keep": keep}, **EN)
        assert response.status_code == 400 and "must be a record number" in response.content.decode()
    review = chief.post("/registry/break-glass/review/", {"grant": "x'; --", "note": ""}, **EN)
    assert review.status_code == 400 and "must be a record number" in review.content.decode()
    assert not Merge.objects.exists()


# --- retention ------------------------------------------------------------------------------------------------


def test_anonymisation_reaches_merged_records_and_the_iin_a_merge_keeps(world: World) -> None:
    original_iin = world.person.iin
    twin = do_create_person(
        person_data(iin="", document_type="passport", document_number="N1", last_name="AKHMETOV",
                    first_name="YERLAN", phone="+7 701 555 66 77"),
        actor=world.users["physician_a"],
    )  # fmt: skip
    candidate = DuplicateCandidate.objects.get(person_b=twin)
    # Keep the twin: the merge moves the IIN of the original to the twin and keeps it in `kept_before`.
    merged = world.client("chief_a").post(
        f"/api/registry/duplicates/{candidate.pk}/merge", {"keep": twin.pk}, content_type=JSON
    )
    assert merged.status_code == 200
    merge = Merge.objects.get()
    assert merge.kept_before["merged_iin"] == original_iin
    Registration.objects.filter(person=twin).update(registered_on=date(2010, 1, 1))
    for registration in Registration.objects.filter(person=twin):
        do_deregister(registration, reason="remission", deregistered_on=date(2015, 6, 1), actor=world.users["chief_a"])
    done = do_anonymise_due(actor=world.users["admin"], today=date(2020, 6, 1))
    assert done == sorted([twin.pk, world.person.pk])
    for person in (twin, world.person):
        person.refresh_from_db()
        assert (person.anonymised, person.iin, person.last_name, person.phone) == (True, None, "", "")
    merge.refresh_from_db()
    assert original_iin not in str(merge.kept_before) and "555" not in str(merge.kept_before)


@pytest.mark.parametrize("actor", ["cli", "admin", "retention"])
def test_anonymisation_refuses_a_plain_string_as_actor(world: World, actor: str) -> None:
    from drugcontrol.registry.errors import AccessDenied

    with pytest.raises(AccessDenied):
        do_anonymise_due(actor=actor, today=date(2020, 6, 1))
    with pytest.raises(AccessDenied):
        do_anonymise_due(actor=world.users["chief_a"], today=date(2020, 6, 1))
    assert not AuditEvent.objects.filter(action="registry.retention.anonymise").exists()
