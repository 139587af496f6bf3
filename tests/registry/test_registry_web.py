"""The registry's pages as a new user meets them, through HTTP: the IIN lookup's errors and redirect, the offer
for a person outside the scope (a recorded disclosure), search by name, the worklist and the regional overview,
styled refusals in the reader's language, the merge of records with different birth dates, the police check's
CSV and its "no valid IIN" refusal, and dates per language."""

from __future__ import annotations

import csv
import io
from datetime import date

from django.utils import formats, translation
from tests.registry.conftest import World, person_data

from drugcontrol.audit.models import AuditEvent
from drugcontrol.registry.actions.people import do_create_person
from drugcontrol.registry.iin import make_iin
from drugcontrol.registry.models import DuplicateCandidate, Person

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
RU = {"HTTP_ACCEPT_LANGUAGE": "ru"}
KK = {"HTTP_ACCEPT_LANGUAGE": "kk"}


def test_a_mistyped_iin_is_explained_in_the_readers_language(world: World) -> None:
    client = world.client("physician_a")
    good = world.person.iin
    wrong_check = good[:11] + str((int(good[11]) + 1) % 10)
    answer = client.post("/registry/lookup/", {"iin": wrong_check}, **EN)
    assert answer.status_code == 400
    assert f"must be {good[11]}, not {wrong_check[11]}" in answer.content.decode()
    assert (
        "Контрольная (последняя) цифра должна быть"
        in client.post("/registry/lookup/", {"iin": wrong_check}, **RU).content.decode()
    )
    assert "digits only" in client.post("/registry/lookup/", {"iin": "88O412300012"}, **EN).content.decode()
    assert "this one has 5" in client.post("/registry/lookup/", {"iin": "88041"}, **EN).content.decode()


def test_a_person_outside_the_scope_is_a_recorded_disclosure_with_emergency_access_offered(world: World) -> None:
    client = world.client("physician_b")
    answer = client.post("/registry/lookup/", {"iin": world.person.iin}, **EN).content.decode()
    assert "already on the register" in answer and 'id="break-glass-offer"' in answer
    assert "Ахметов" not in answer
    assert AuditEvent.objects.filter(
        action="registry.person.presence", actor=world.users["physician_b"], object_id=str(world.person.pk)
    ).exists()
    nobody = client.post("/registry/lookup/", {"iin": make_iin(date(1970, 1, 2), "M", 99)}, **EN).content.decode()
    assert "Nobody with this IIN is on the register." in nobody and 'id="offer-new"' in nobody


def test_search_by_name_in_latin_letters_finds_the_cyrillic_record_of_ones_scope_only(world: World) -> None:
    answer = world.client("physician_a").get("/registry/people/", {"name": "Akhmetov"}, **EN)
    assert answer.status_code == 200 and "Ахметов Ерлан Серикович" in answer.content.decode()
    assert AuditEvent.objects.filter(
        action="registry.person.read", object_id=str(world.person.pk), purpose="search"
    ).exists()
    elsewhere = world.client("physician_b").get("/registry/people/", {"name": "Akhmetov"}, **EN).content.decode()
    assert "Ахметов" not in elsewhere and "found by IIN" in elsewhere
    by_birth = world.client("physician_b").get("/registry/people/", {"birth_date": "1995-11-03"}, **EN)
    assert "Петрова" in by_birth.content.decode()
    short = world.client("physician_a").get("/registry/people/", {"name": "Ah"}, **EN).content.decode()
    assert "at least three letters" in short
    assert world.client("police").get("/registry/people/", {"name": "Akhmetov"}).status_code == 403


def test_the_worklist_names_who_is_due_and_records_each_read(world: World) -> None:
    answer = world.client("physician_a").get("/registry/worklist/", **EN).content.decode()
    assert "Ахметов Ерлан Серикович" in answer  # registered 100 days ago, never visited or tested
    assert AuditEvent.objects.filter(
        action="registry.person.read", object_id=str(world.person.pk), purpose="worklist"
    ).exists()
    assert "Петрова" not in answer


def test_the_regional_overview_counts_without_naming(world: World) -> None:
    answer = world.client("chief_a").get("/registry/overview/", **EN).content.decode()
    assert 'id="overview-total">1<' in answer and "Ахметов" not in answer
    assert world.client("physician_a").get("/registry/overview/").status_code == 403


def test_home_pages_link_what_each_role_may_do(world: World) -> None:
    chief = world.client("chief_a").get("/registry/", **EN).content.decode()
    assert 'href="/registry/statistics/"' in chief and 'href="/registry/overview/"' in chief
    assert "no personal record" not in chief and "not personal records" not in chief
    analyst = world.client("analyst").get("/registry/", **EN).content.decode()
    assert 'href="/registry/statistics/"' in analyst and "not personal records" in analyst
    admin = world.client("admin").get("/registry/", **EN).content.decode()
    assert 'href="/registry/staff/"' in admin and 'href="/audit/"' in admin


def test_refusals_are_styled_pages_in_the_readers_language(world: World) -> None:
    missing = world.client("physician_a").get("/registry/people/999999/", **RU)
    assert missing.status_code == 404 and 'id="refusal"' in missing.content.decode()
    assert "Здесь нечего показать" in missing.content.decode()
    refused = world.client("police").get("/registry/worklist/", **KK)
    assert (
        refused.status_code == 403 and "Бұл бет сіздің есептік жазбаңызға қолжетімді емес" in refused.content.decode()
    )
    no_role = world.client("norole").get("/registry/", **EN)
    assert no_role.status_code == 403 and "registry administrator" in no_role.content.decode()
    assert 'href="/registry/"' not in world.client("norole").get("/", **EN).content.decode()  # no dead-end link
    unknown = world.client("anonymous").get("/no/such/page/", **EN)
    assert unknown.status_code == 404 and 'id="refusal"' in unknown.content.decode()


def test_a_merge_of_different_birth_dates_needs_a_reason(world: World) -> None:
    twin = do_create_person(
        person_data(iin="", birth_date=date(1988, 4, 21), document_type="passport", document_number="N9"),
        actor=world.users["physician_a"],
    )
    candidate = DuplicateCandidate.objects.filter(person_b=twin).first() or DuplicateCandidate.objects.create(
        person_a=world.person, person_b=twin, score=0.9, reasons=[]
    )
    chief = world.client("chief_a")
    page = chief.get(f"/registry/duplicates/{candidate.pk}/", **EN).content.decode()
    assert page.count('class="differs"') >= 2 and "Ахметов Ерлан Серикович" in page
    refused = chief.post(
        f"/registry/duplicates/{candidate.pk}/merge/", {"keep": world.person.pk, "reason": " \u200b "}, **EN
    )
    assert refused.status_code == 400 and "state why they are the same person" in refused.content.decode()
    assert Person.objects.get(pk=twin.pk).merged_into_id is None
    merged = chief.post(
        f"/registry/duplicates/{candidate.pk}/merge/",
        {"keep": world.person.pk, "reason": "the passport shows 12 April; the birth date was mistyped"},
        **EN,
    )
    assert merged.status_code == 200 and Person.objects.get(pk=twin.pk).merged_into_id == world.person.pk
    assert AuditEvent.objects.filter(
        action="registry.person.merge", details__reason__startswith="the passport"
    ).exists()


def test_the_police_check_downloads_csv_and_refuses_a_batch_without_a_valid_iin(world: World) -> None:
    police = world.client("police")
    form = {"basis": "weapon_permit", "request_number": "77"}
    answer = police.post("/registry/police-check/", {**form, "iins": "123\nabc\n", "download": "csv"}, **EN)
    assert answer.status_code == 200 and "None of the 2 lines is a valid IIN" in answer.content.decode()
    csv_answer = police.post(
        "/registry/police-check/", {**form, "iins": f"{world.person.iin}\n123", "download": "csv"}, **EN
    )
    assert csv_answer["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(csv_answer.content.decode())))
    assert [(r["iin"], r["valid"], r["on_register"]) for r in rows] == [(world.person.iin, "1", "1"), ("123", "0", "0")]


def test_dates_read_naturally_in_each_language() -> None:
    day = date(2024, 3, 1)
    with translation.override("ru"):
        assert formats.date_format(day) == "1 марта 2024"
    with translation.override("kk"):
        assert formats.date_format(day) == "2024 ж. 1 наурыз"
    with translation.override("en"):
        assert formats.date_format(day) == "March 1, 2024"


def test_a_refused_field_is_named_by_its_label_under_the_field(world: World) -> None:
    answer = world.client("physician_a").post(
        f"/registry/people/{world.person.pk}/visit/", {"visited_on": "2999-01-01", "kind": "scheduled"}, **RU
    )
    text = answer.content.decode()
    error = text.split('id="field-visited_on"')[1].split("</div>")[0]
    assert 'class="field-error"' in error and "visited_on" not in error.split("field-error")[1]
