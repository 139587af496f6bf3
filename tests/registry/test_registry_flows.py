"""The registry's flows through HTTP: audit of reads, IIN checks on input, transfer, break-the-glass, merge and
undo, the police check, deregistration proposals and anonymisation."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone
from tests.registry.conftest import World, person_data

from drugcontrol.aggregates.models import Contribution
from drugcontrol.audit.actions import verify_chain
from drugcontrol.audit.models import AuditEvent
from drugcontrol.registry.actions.people import do_create_person
from drugcontrol.registry.actions.registrations import do_change_status, do_deregister
from drugcontrol.registry.actions.retention import do_anonymise_due
from drugcontrol.registry.iin import InvalidIin, make_iin
from drugcontrol.registry.models import (
    BreakGlassGrant,
    Disclosure,
    DrugTest,
    Person,
    PoliceCheckRequest,
    Registration,
    RegistryConfig,
    Status,
    Visit,
)
from drugcontrol.registry.statistics.counts import REGISTER

JSON = "application/json"


def reads_of(person: Person) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="registry.person.read", object_id=str(person.pk)))


def test_every_read_writes_an_audit_row_with_who_purpose_and_where(world: World) -> None:
    client = world.client("physician_a")
    before = len(reads_of(world.person))
    assert client.get(f"/api/registry/people/{world.person.pk}", {"purpose": "care"}).status_code == 200
    assert client.post("/api/registry/people/lookup", {"iin": world.person.iin}, content_type=JSON).status_code == 200
    assert world.client("chief_a").get(f"/api/registry/people/{world.person.pk}?purpose=export").status_code == 200
    rows = reads_of(world.person)[before:]
    assert [(r.actor_name, r.purpose, r.remote_addr) for r in rows] == [
        ("physician_a", "care", "10.1.2.3"),
        ("physician_a", "lookup", "10.1.2.3"),
        ("chief_a", "export", "10.1.2.3"),
    ]
    assert all(r.details == {"break_glass": False} for r in rows)
    # A read needs a purpose from the list; an unknown purpose is refused before anything is read.
    assert client.get(f"/api/registry/people/{world.person.pk}?purpose=curiosity").status_code == 422
    assert len(reads_of(world.person)) == before + 3
    # Refused attempts are audited too, and the chain still verifies.
    world.client("physician_b").get(f"/api/registry/people/{world.person.pk}?purpose=care")
    assert AuditEvent.objects.filter(action="registry.person.refused", actor_name="physician_b").count() == 1
    assert verify_chain() is None


def test_the_card_shows_registrations_with_history_and_observations(world: World) -> None:
    client = world.client("physician_a")
    pid = world.person.pk
    assert client.post(
        f"/api/registry/people/{pid}/visits", {"visited_on": "2024-01-10"}, content_type=JSON
    ).status_code == 201
    test = {"taken_on": "2024-01-10", "substance": "morphine", "method": "urine_gcms", "result": "positive"}
    assert client.post(f"/api/registry/people/{pid}/drug-tests", test, content_type=JSON).status_code == 201
    dose = {"given_on": "2024-01-11", "medication": "methadone", "dose_mg": "80"}
    assert client.post(f"/api/registry/people/{pid}/ost-doses", dose, content_type=JSON).status_code == 201
    too_much = {"given_on": "2024-01-11", "medication": "buprenorphine", "dose_mg": "80"}
    refused = client.post(f"/api/registry/people/{pid}/ost-doses", too_much, content_type=JSON)
    assert refused.status_code == 422 and "dose_mg" in refused.json()["detail"]
    status = {"status": "remission", "changed_on": timezone.localdate().isoformat(), "reason": "negative tests"}
    assert client.post(
        f"/api/registry/registrations/{world.registration.pk}/status", status, content_type=JSON
    ).status_code == 200
    card = client.get(f"/api/registry/people/{pid}?purpose=care").json()
    assert card["iin"] == world.person.iin and card["last_name_latin"] == "Ahmetov"
    [registration] = card["registrations"]
    assert registration["diagnosis"] == "F11.2" and registration["status"] == "remission"
    assert [(h["from"], h["to"]) for h in registration["status_history"]] == [("", "active"), ("active", "remission")]
    assert registration["diagnosis_name"]
    assert [v["visited_on"] for v in card["visits"]] == ["2024-01-10"]
    assert card["drug_tests"][0]["result"] == "positive"
    assert [d["dose_mg"] for d in card["ost_doses"]] == ["80.00"]
    assert card["treatments"][0]["kind"] == "ost"


def test_each_status_move_sets_its_dates_and_leaves_a_history_row(world: World) -> None:
    actor = world.users["physician_a"]
    today = timezone.localdate()
    remission_on, back_on, closed_on = today - timedelta(days=30), today - timedelta(days=10), today
    registration = do_change_status(
        world.registration, status=Status.REMISSION, changed_on=remission_on, reason="clean", actor=actor
    )
    assert (registration.status, registration.remission_since) == (Status.REMISSION, remission_on)
    do_change_status(registration, status=Status.ACTIVE, changed_on=back_on, reason="relapse", actor=actor)
    closed = do_deregister(registration, reason="death", deregistered_on=closed_on, actor=actor)
    stored = Registration.objects.get(pk=world.registration.pk)
    assert (stored.status, stored.remission_since, stored.deregistered_on) == (Status.DEREGISTERED, None, closed_on)
    assert closed.deregistered_on == closed_on
    history = [
        (c.from_status, c.to_status, c.changed_on, c.reason) for c in stored.status_changes.order_by("changed_on", "id")
    ]
    assert history[1:] == [
        (Status.ACTIVE, Status.REMISSION, remission_on, "clean"),
        (Status.REMISSION, Status.ACTIVE, back_on, "relapse"),
        (Status.ACTIVE, Status.DEREGISTERED, closed_on, "death"),
    ]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"iin": "880412300012"}, "iin"),  # wrong check digit
        ({"iin": make_iin(date(1988, 4, 13), "M", 3)}, "iin"),  # another birth date
        ({"iin": make_iin(date(1988, 4, 12), "F", 3)}, "iin"),  # another sex
        ({"iin": "", "document_type": "", "document_number": ""}, "iin"),  # neither IIN nor document
        ({"region": "KZ-99"}, "region"),
        ({"sex": "X"}, "sex"),
    ],
)
def test_create_refuses_inconsistent_identity(world: World, change: dict, field: str) -> None:
    body = {
        "last_name": "Новиков",
        "first_name": "Илья",
        "birth_date": "1988-04-12",
        "sex": "M",
        "region": "KZ-75",
        "iin": make_iin(date(1988, 4, 12), "M", 3),
        **change,
    }
    response = world.client("physician_a").post("/api/registry/people", body, content_type=JSON)
    assert response.status_code == 422
    assert response.json()["detail"].startswith(f"{field}:")


def test_create_without_iin_by_document_and_transliterates(world: World) -> None:
    body = {
        "last_name": "Жұмабаева",
        "first_name": "Әсел",
        "birth_date": "1999-02-03",
        "sex": "F",
        "region": "KZ-75",
        "document_type": "foreign_passport",
        "document_number": "AB123",
        "citizenship": "uz",
    }
    response = world.client("physician_a").post("/api/registry/people", body, content_type=JSON)
    assert response.status_code == 201
    data = response.json()
    assert (data["iin"], data["last_name_latin"], data["first_name_latin"]) == (None, "Jūmabaeva", "Äsel")
    assert data["citizenship"] == "UZ" and data["facility"] == "T-ALA-1"
    duplicate_iin = dict(body, iin=world.person.iin, birth_date="1988-04-12", sex="M")
    again = world.client("physician_a").post("/api/registry/people", duplicate_iin, content_type=JSON)
    # The IIN is taken: a recorded disclosure (409) offering the record, since it is in the physician's scope.
    assert again.status_code == 409 and again.json()["code"] == "registered_in_scope"


def test_transfer_moves_responsibility_and_access(world: World) -> None:
    pid = world.person.pk
    body = {"to_facility": "T-AST-1", "transferred_on": timezone.localdate().isoformat(), "reason": "moved"}
    response = world.client("physician_a").post(f"/api/registry/people/{pid}/transfer", body, content_type=JSON)
    assert response.status_code == 200
    assert (response.json()["from_region"], response.json()["to_region"]) == ("KZ-75", "KZ-71")
    assert world.client("physician_a").get(f"/api/registry/people/{pid}?purpose=care").status_code == 404
    assert world.client("chief_a").get(f"/api/registry/people/{pid}?purpose=care").status_code == 404
    card = world.client("physician_b").get(f"/api/registry/people/{pid}?purpose=care")
    assert card.status_code == 200 and card.json()["region"] == "KZ-71"
    assert world.client("chief_b").get(f"/api/registry/people/{pid}?purpose=care").status_code == 200
    event = AuditEvent.objects.get(action="registry.person.transfer", object_id=str(pid))
    assert event.details["from_facility"] == "T-ALA-1" and event.details["to_facility"] == "T-AST-1"
    assert Registration.objects.get(pk=world.registration.pk).physician is None


def test_break_the_glass_opens_for_three_hours_then_closes(world: World) -> None:
    client = world.client("physician_b")
    pid = world.person.pk
    assert client.get(f"/api/registry/people/{pid}?purpose=care").status_code == 404
    short = client.post("/api/registry/break-glass", {"person_id": pid, "reason": "why"}, content_type=JSON)
    assert short.status_code == 422
    grant = client.post(
        "/api/registry/break-glass", {"iin": world.person.iin, "reason": "unconscious patient in ER"}, content_type=JSON
    )
    assert grant.status_code == 201 and grant.json()["review_region"] == "KZ-75"
    assert client.get(f"/api/registry/people/{pid}?purpose=break_glass").status_code == 200
    assert reads_of(world.person)[-1].details["break_glass"] is True
    # The regional chief of the person's region sees it for review; the other chief does not.
    review = world.client("chief_a").get("/api/registry/break-glass/review").json()
    assert [g["user"] for g in review] == ["physician_b"]
    assert world.client("chief_b").get("/api/registry/break-glass/review").json() == []
    # Absent people cannot be "broken into" either, with the same 404 as everywhere.
    missing = client.post("/api/registry/break-glass", {"person_id": 999999, "reason": "x" * 20}, content_type=JSON)
    assert missing.status_code == 404
    # After 3 hours the grant no longer opens the record.
    BreakGlassGrant.objects.filter(pk=grant.json()["id"]).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(f"/api/registry/people/{pid}?purpose=care").status_code == 404


def test_access_report_lists_who_saw_the_record(world: World) -> None:
    pid = world.person.pk
    world.client("chief_a").get(f"/api/registry/people/{pid}?purpose=care")
    world.client("police").post(
        "/api/registry/police-check",
        {"iins": [world.person.iin], "basis": "weapon_permit", "request_number": "W-7"},
        content_type=JSON,
    )
    report = world.client("admin").get(f"/api/registry/people/{pid}/access-report").json()
    seen = {(line["who"], line["action"]) for line in report}
    assert ("chief_a", "registry.person.read") in seen
    assert ("physician_a", "registry.person.create") in seen
    assert ("police", "registry.police_check.disclosure") in seen
    # The administrator got the report, not the record.
    assert world.client("admin").get(f"/api/registry/people/{pid}?purpose=care").status_code == 403
    assert AuditEvent.objects.filter(action="registry.person.access_report", actor_name="admin").count() == 1


def test_merge_moves_records_and_undo_restores_them(world: World) -> None:
    twin = do_create_person(
        person_data(iin="", document_type="passport", document_number="N1", last_name="AKHMETOV", first_name="YERLAN"),
        actor=world.users["physician_a"],
    )
    Visit.objects.create(person=twin, visited_on=date(2024, 2, 1), facility=twin.facility)
    chief = world.client("chief_a")
    [candidate] = chief.get("/api/registry/duplicates").json()
    assert {candidate["person_a"], candidate["person_b"]} == {world.person.pk, twin.pk}
    assert candidate["score"] >= 0.85
    # Keeping the record without an IIN: it takes the IIN of the merged one.
    merge = chief.post(f"/api/registry/duplicates/{candidate['id']}/merge", {"keep": twin.pk}, content_type=JSON)
    assert merge.status_code == 200, merge.content
    moved = merge.json()["moved"]
    assert moved["registrations"] == [world.registration.pk]
    twin.refresh_from_db()
    world.person.refresh_from_db()
    assert twin.iin == make_iin(date(1988, 4, 12), "M", 1) and world.person.merged_into_id == twin.pk
    assert Registration.objects.get(pk=world.registration.pk).person_id == twin.pk
    # The merged record is gone from every view.
    assert world.client("physician_a").get(f"/api/registry/people/{world.person.pk}?purpose=care").status_code == 404
    assert world.client("chief_b").post(f"/api/registry/merges/{merge.json()['id']}/undo").status_code == 404
    assert world.client("physician_a").post(f"/api/registry/merges/{merge.json()['id']}/undo").status_code == 403
    undo = chief.post(f"/api/registry/merges/{merge.json()['id']}/undo")
    assert undo.status_code == 200 and undo.json()["undone"] is True
    twin.refresh_from_db()
    world.person.refresh_from_db()
    assert twin.iin is None and world.person.iin == make_iin(date(1988, 4, 12), "M", 1)
    assert world.person.merged_into_id is None
    assert Registration.objects.get(pk=world.registration.pk).person_id == world.person.pk
    assert Visit.objects.filter(person=twin).count() == 1
    assert chief.post(f"/api/registry/merges/{merge.json()['id']}/undo").status_code == 422
    assert [c["state"] for c in chief.get("/api/registry/duplicates").json()] == ["open"]


def test_police_check_answers_only_yes_no_and_records_disclosures(world: World) -> None:
    deregistered = do_create_person(
        person_data(last_name="Серов", iin=make_iin(date(1988, 4, 12), "M", 9)), actor=world.users["physician_a"]
    )
    reg = Registration.objects.create(
        person=deregistered,
        diagnosis_id="F12.2",
        registered_on=date(2015, 1, 1),
        grounds="voluntary",
        facility=deregistered.facility,
    )
    do_deregister(reg, reason="remission", deregistered_on=date(2020, 1, 1), actor=world.users["physician_a"])
    unknown = make_iin(date(1970, 1, 1), "F", 5)
    iins = [world.person.iin, deregistered.iin, unknown, "123"]
    police = world.client("police")
    body = {"iins": iins, "basis": "weapon_permit", "request_number": "2025-0042"}
    data = police.post("/api/registry/police-check", body, content_type=JSON).json()
    assert set(data) == {"request_id", "basis", "request_number", "count", "on_register", "answers"}
    answers = {a["iin"]: a for a in data["answers"]}
    assert answers[world.person.iin] == {"iin": world.person.iin, "valid": True, "on_register": True, "since": None}
    assert answers[deregistered.iin]["on_register"] is False
    assert answers[unknown] == {"iin": unknown, "valid": True, "on_register": False, "since": None}
    assert answers["123"]["valid"] is False
    assert (data["count"], data["on_register"]) == (4, 1)
    disclosures = Disclosure.objects.filter(request_id=data["request_id"]).order_by("person_id")
    assert [(d.person_id, d.on_register) for d in disclosures] == [(world.person.pk, True), (deregistered.pk, False)]
    # A court request may learn since when.
    court = police.post(
        "/api/registry/police-check", dict(body, basis="court", request_number="C-1"), content_type=JSON
    ).json()
    assert {a["iin"]: a["since"] for a in court["answers"]}[
        world.person.iin
    ] == world.registration.registered_on.isoformat()
    # Missing basis or request number, and unknown bases, are refused.
    assert (
        police.post("/api/registry/police-check", dict(body, basis="curiosity"), content_type=JSON).status_code == 422
    )
    assert (
        police.post("/api/registry/police-check", dict(body, request_number=" "), content_type=JSON).status_code == 422
    )


def test_police_check_by_file_upload_and_rate_limit(world: World) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("iins.csv", f"iin\n{world.person.iin}\n\n{world.other.iin}\n".encode(), "text/csv")
    police = world.client("police")
    data = police.post(
        "/api/registry/police-check", {"file": upload, "basis": "employment", "request_number": "E-1"}
    ).json()
    assert [a["on_register"] for a in data["answers"]] == [True, False]
    config = RegistryConfig.current()
    config.police_requests_per_hour = 2
    config.save()
    body = {"iins": [world.person.iin], "basis": "employment", "request_number": "E-2"}
    assert police.post("/api/registry/police-check", body, content_type=JSON).status_code == 200
    limited = police.post("/api/registry/police-check", body, content_type=JSON)
    assert limited.status_code == 429
    assert PoliceCheckRequest.objects.filter(user=world.users["police"]).count() == 2


def test_police_check_of_a_large_batch_is_set_based(world: World, django_assert_max_num_queries) -> None:
    iins = [world.person.iin]
    for i in range(3000):
        try:
            iins.append(make_iin(date(1980, 1, 1) + timedelta(days=i), "M", i))
        except InvalidIin:
            continue  # a serial without a check digit
    police = world.client("police")  # logging in (session, lockout records) is not part of the check
    with django_assert_max_num_queries(40):
        response = police.post(
            "/api/registry/police-check",
            {"iins": iins, "basis": "weapon_permit", "request_number": "B-1"},
            content_type=JSON,
        )
    assert response.status_code == 200 and response.json()["on_register"] == 1


def test_deregistration_proposals(world: World) -> None:
    old = timezone.localdate() - timedelta(days=4 * 365)
    Registration.objects.filter(pk=world.registration.pk).update(
        status="remission", remission_since=old, registered_on=old - timedelta(days=30), last_contact_on=old
    )
    proposals = world.client("chief_a").get("/api/registry/deregistration-proposals").json()
    assert proposals == [
        {
            "registration_id": world.registration.pk,
            "person_id": world.person.pk,
            "reason": "remission",
            "since": old.isoformat(),
        }
    ]
    assert world.client("chief_b").get("/api/registry/deregistration-proposals").json() == []
    Registration.objects.filter(pk=world.registration.pk).update(status="active", remission_since=None)
    [unreachable] = world.client("physician_a").get("/api/registry/deregistration-proposals").json()
    assert unreachable["reason"] == "unreachable"


def test_anonymisation_keeps_only_year_sex_and_region(world: World) -> None:
    person = world.person
    DrugTest.objects.create(
        person=person, taken_on=date(2010, 1, 1), substance="x", method="urine_ia", result="positive",
        facility=person.facility,
    )  # fmt: skip
    Registration.objects.filter(pk=world.registration.pk).update(registered_on=date(2010, 1, 1))
    do_deregister(
        Registration.objects.get(pk=world.registration.pk),
        reason="remission",
        deregistered_on=date(2015, 6, 1),
        actor=world.users["physician_a"],
    )
    # Not yet due a day before the 5-year period ends; due on the day it ends.
    assert do_anonymise_due(actor=world.users["admin"], today=date(2020, 5, 31)) == []
    assert do_anonymise_due(actor=world.users["admin"], today=date(2020, 6, 1)) == [person.pk]
    person.refresh_from_db()
    kept = {"birth_year": 1988, "sex": "M", "region_id": "KZ-75", "anonymised": True}
    assert {k: getattr(person, k) for k in kept} == kept
    for name in ("iin", "birth_date", "district_id"):
        assert getattr(person, name) is None
    for name in ("last_name", "first_name", "patronymic", "last_name_latin", "name_key", "address", "phone",
                 "document_number", "citizenship", "email"):  # fmt: skip
        assert getattr(person, name) == "", name
    assert not DrugTest.objects.filter(person=person).exists()
    assert Registration.objects.get(pk=world.registration.pk).diagnosis_id == "F11.2"
    # The statistics' ledger keeps the person's facts as now recorded: no birth date survives there either.
    _scope, region, sex, birth_date, birth_year, _spans = Contribution.objects.get(
        topic=REGISTER.name, subject=person.pk
    ).facts
    assert (region, sex, birth_date, birth_year) == ("KZ-75", "M", None, 1988)
    # The other person (still registered) is untouched; the run is audited with ids only.
    world.other.refresh_from_db()
    assert world.other.last_name == "Петрова"
    event = AuditEvent.objects.filter(action="registry.retention.anonymise").last()
    assert event.details["people"] == [person.pk]
    assert verify_chain() is None
