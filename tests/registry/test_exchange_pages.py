"""The import and extract pages through HTTP: who may use them, what they write, what they refuse, what they audit."""

from __future__ import annotations

import base64
import csv
import io
import re
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from tests.registry.conftest import World
from tests.registry.register_files import GOOD_IIN, HEADER, MAPPING_LINES, WOMAN_IIN, good_rows

from drugcontrol.audit.models import AuditEvent
from drugcontrol.registry.actions.registrations import do_register_person
from drugcontrol.registry.models import DuplicateCandidate, Person, Registration

IMPORT = "/registry/import/"
EXTRACT = "/registry/extract/"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
MAPPING = "\n".join(MAPPING_LINES)
ROLES = ("physician_a", "physician_b", "chief_a", "chief_b", "analyst", "police", "admin", "norole")


def csv_upload(rows: list[list[str]], name: str = "almaty.csv", header: list[str] = HEADER) -> SimpleUploadedFile:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8"), content_type="text/csv")


def post_import(world: World, role: str, upload: SimpleUploadedFile, *, mapping: str = MAPPING, skip: bool = False):
    data = {"file": upload, "mapping": mapping}
    if skip:
        data["skip_invalid"] = "on"
    return world.client(role).post(IMPORT, data, **EN)


def imported() -> int:
    return Person.objects.filter(iin__in=[GOOD_IIN, WOMAN_IIN]).count()


def problem_rows(page: str) -> list[tuple[str, str]]:
    """(row, field) of each line of the problems table."""
    table = page.split('id="import-problems"', 1)[1].split("</table>", 1)[0]
    return re.findall(r"<tr><td>(\d+)</td><td>([^<]*)</td>", table)


def rejects_download(page: str) -> list[list[str]]:
    match = re.search(r'href="data:text/csv;charset=utf-8;base64,([A-Za-z0-9+/=]+)" download="([^"]+)"', page)
    assert match, "no rejects download on the page"
    return list(csv.reader(io.StringIO(base64.b64decode(match.group(1)).decode("utf-8"))))


# --- import ---------------------------------------------------------------------------------------------------------


def test_admin_imports_a_clean_csv_and_the_import_is_audited(world: World) -> None:
    response = post_import(world, "admin", csv_upload(good_rows()))
    assert response.status_code == 200
    page = response.content.decode()
    assert "2 of 2 rows imported from almaty.csv" in page
    person = Person.objects.get(iin=GOOD_IIN)
    assert (person.last_name, person.birth_date, person.sex, person.facility.code) == (
        "Сериков", date(1990, 3, 15), "M", "T-ALA-1",
    )  # fmt: skip
    woman = Registration.objects.get(person__iin=WOMAN_IIN)
    assert (woman.diagnosis_id, woman.registered_on) == ("F12.1", date(2024, 2, 1))
    event = AuditEvent.objects.get(action="registry.import")
    assert (event.actor_name, event.object_id, event.remote_addr) == ("admin", "almaty.csv", "10.1.2.3")
    assert event.details["created"] == 2 and event.details["rejected_rows"] == []
    assert 'id="import-problems"' not in page


def test_a_bad_row_refuses_the_file_with_row_and_field_and_writes_nothing(world: World) -> None:
    rows = good_rows()
    rows[1][0] = WOMAN_IIN[:11] + str((int(WOMAN_IIN[11]) + 1) % 10)  # wrong check digit, data row 2 = line 3
    rows[0][6] = "KZ-99"  # line 2: no such region
    people_before = Person.objects.count()
    page = post_import(world, "admin", csv_upload(rows, "bad.csv")).content.decode()
    assert 'id="import-refused"' in page and "nothing was imported" in page
    assert problem_rows(page) == [("2", "region"), ("3", "iin")]
    assert "check digit" in page
    assert Person.objects.count() == people_before
    assert not AuditEvent.objects.filter(action="registry.import").exists()
    header, region, iin = rejects_download(page)
    assert header == ["row", "field", "message", "value"]
    assert region == ["2", "region", "unknown region code (ISO 3166-2:KZ, e.g. KZ-75)", "KZ-99"]
    assert iin[:2] == ["3", "iin"] and "check digit" in iin[2] and iin[3] == rows[1][0]


def test_skip_invalid_imports_the_good_rows_and_offers_the_rejects(world: World) -> None:
    rows = good_rows()
    rows.insert(1, ["123", "Пак", "Игорь", "", "1999-01-01", "М", "KZ-75", "T-ALA-1", "F15.2", "2024-01-01"])
    page = post_import(world, "admin", csv_upload(rows, "mixed.csv"), skip=True).content.decode()
    assert "2 of 3 rows imported from mixed.csv" in page
    assert imported() == 2 and not Person.objects.filter(last_name="Пак").exists()
    assert problem_rows(page) == [("3", "iin")]
    assert 'download="mixed-rejects.csv"' in page
    lines = rejects_download(page)
    assert lines[0] == ["row", "field", "message", "value"]  # the columns of the command line's rejects file
    assert len(lines) == 2 and lines[1][:2] == ["3", "iin"] and "12 digits" in lines[1][2] and lines[1][3] == "123"
    assert AuditEvent.objects.get(action="registry.import").details["rejected_rows"] == [3]


def test_without_skip_invalid_the_same_mixed_file_is_refused(world: World) -> None:
    rows = [*good_rows(), ["123", "Пак", "Игорь", "", "1999-01-01", "М", "KZ-75", "T-ALA-1", "F15.2", "2024-01-01"]]
    page = post_import(world, "admin", csv_upload(rows, "mixed.csv")).content.decode()
    assert 'id="import-refused"' in page and problem_rows(page) == [("4", "iin")]
    assert imported() == 0


def test_an_xlsx_register_with_columns_named_after_the_fields_needs_no_mapping(world: World) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    fields = ["iin", "last_name", "first_name", "patronymic", "birth_date", "sex", "region", "facility", "diagnosis",
              "registered_on"]  # fmt: skip
    workbook.active.append(fields)
    for row in good_rows():
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("register.xlsx", buffer.getvalue())
    page = post_import(world, "chief_a", upload, mapping="").content.decode()
    assert "2 of 2 rows imported from register.xlsx" in page
    assert imported() == 2
    assert AuditEvent.objects.get(action="registry.import").object_id == "register.xlsx"


def test_a_mapping_to_a_missing_column_refuses_the_file_at_its_header(world: World) -> None:
    page = post_import(world, "admin", csv_upload(good_rows()), mapping="iin=IIN", skip=True).content.decode()
    assert 'id="import-refused"' in page
    assert ("1", "iin") in problem_rows(page) and "column &#x27;IIN&#x27; is not in the file" in page
    assert imported() == 0


@pytest.mark.parametrize(
    ("mapping", "message"),
    [("iin", "expected FIELD=COLUMN"), ("shoe=Size", "unknown field &#x27;shoe&#x27;")],
)
def test_a_malformed_mapping_is_a_form_error(world: World, mapping: str, message: str) -> None:
    page = post_import(world, "admin", csv_upload(good_rows()), mapping=mapping).content.decode()
    assert message in page
    assert imported() == 0 and not AuditEvent.objects.filter(action="registry.import").exists()


def test_only_csv_and_xlsx_files_are_accepted(world: World) -> None:
    upload = SimpleUploadedFile("register.sdf", b"not a register")
    page = post_import(world, "admin", upload).content.decode()
    assert "Only CSV (.csv, .tsv, .txt) and XLSX (.xlsx) files can be imported." in page
    assert not AuditEvent.objects.filter(action="registry.import").exists()


def test_a_broken_xlsx_is_a_form_error_naming_the_upload(world: World) -> None:
    page = post_import(world, "admin", SimpleUploadedFile("register.xlsx", b"PK not really a zip")).content.decode()
    assert "register.xlsx: not a readable XLSX workbook" in page
    assert "register-import-" not in page  # the temporary folder is not shown
    assert not AuditEvent.objects.filter(action="registry.import").exists()


def test_a_file_above_the_upload_limit_of_the_settings_is_refused(world: World, settings) -> None:
    upload = csv_upload(good_rows())
    settings.MAX_UPLOAD_BYTES = upload.size - 1
    page = post_import(world, "admin", upload).content.decode()
    assert "the largest file accepted is" in page
    assert imported() == 0


def test_a_chief_of_another_region_gets_the_unknown_facility_error(world: World) -> None:
    page = post_import(world, "chief_b", csv_upload(good_rows())).content.decode()
    assert 'id="import-refused"' in page
    assert problem_rows(page) == [("2", "facility"), ("3", "facility")]
    assert "unknown facility code" in page
    assert imported() == 0


@pytest.mark.parametrize("role", ["physician_a", "analyst", "police", "norole"])
def test_other_roles_get_403_and_nothing_is_written(world: World, role: str) -> None:
    assert world.client(role).get(IMPORT).status_code == 403
    assert post_import(world, role, csv_upload(good_rows())).status_code == 403
    assert imported() == 0
    assert not AuditEvent.objects.filter(action="registry.import").exists()


def test_the_import_page_needs_a_login(world: World) -> None:
    response = world.client("anonymous").post(IMPORT, {"file": csv_upload(good_rows()), "mapping": MAPPING})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert imported() == 0


def test_duplicate_candidates_are_counted_with_a_link_for_the_chief(world: World) -> None:
    # The world's Ахметов Ерлан Серикович, born 12.04.1988, with a passport instead of an IIN and a misspelt name.
    twin = ["", "Ахметов", "Эрлан", "Серикович", "12.04.1988", "М", "KZ-75", "T-ALA-1", "F11.2", "2024-03-01",
            "passport", "N0001234"]  # fmt: skip
    upload = csv_upload([twin], "region.csv", [*HEADER, "Документ", "Номер документа"])
    mapping = f"{MAPPING}\ndocument_type=Документ\ndocument_number=Номер документа"
    page = post_import(world, "chief_a", upload, mapping=mapping).content.decode()
    assert "1 of 1 rows imported" in page
    assert "1 possible duplicate queued for review." in page
    assert 'href="/registry/duplicates/"' in page
    candidate = DuplicateCandidate.objects.get()
    assert world.person.pk in {candidate.person_a_id, candidate.person_b_id}


def test_the_admin_is_told_the_chief_reviews_the_duplicates(world: World) -> None:
    twin = ["", "Ахметов", "Эрлан", "Серикович", "12.04.1988", "М", "KZ-75", "T-ALA-1", "F11.2", "2024-03-01",
            "passport", "N0001234"]  # fmt: skip
    upload = csv_upload([twin], "region.csv", [*HEADER, "Документ", "Номер документа"])
    mapping = f"{MAPPING}\ndocument_type=Документ\ndocument_number=Номер документа"
    page = post_import(world, "admin", upload, mapping=mapping).content.decode()
    assert "1 possible duplicate queued for review." in page and "The regional chief reviews them." in page
    assert 'href="/registry/duplicates/"' not in page  # a page the administrator may not open


def test_the_import_page_lists_the_known_fields(world: World) -> None:
    page = world.client("admin").get(IMPORT, **EN).content.decode()
    fields = page.split('id="known-fields"', 1)[1].split("</details>", 1)[0]
    for name in ("iin", "last_name", "facility", "remission_since"):
        assert f"<code>{name}</code>" in fields
    assert "<code>registered_on</code> *" in fields and "<code>patronymic</code> *" not in fields


# --- extract --------------------------------------------------------------------------------------------------------


@pytest.fixture
def two_regions(world: World, settings) -> World:
    """The world's Almaty person is registered; its Astana person gets a registration too (k-anonymity off)."""
    settings.EXTRACT_MIN_GROUP = 1
    do_register_person(
        world.other,
        diagnosis="F12.1",
        registered_on=date(2024, 1, 20),
        grounds="referral",
        actor=world.users["physician_b"],
    )
    return world


def extract_lines(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))


def test_the_analyst_downloads_the_extract_and_the_download_is_audited(two_regions: World) -> None:
    world = two_regions
    response = world.client("analyst").get(EXTRACT, {"region": "", "download": "csv"})
    lines = extract_lines(response)
    assert lines[0] == ["pseudonym", "birth_year", "sex", "region", "diagnosis", "registered_month", "status"]
    assert len(lines) == 1 + Registration.objects.count() == 3
    almaty_month = (timezone.localdate() - timedelta(days=100)).strftime("%Y-%m")
    by_region = {line[3]: line for line in lines[1:]}
    assert by_region["KZ-75"][1:] == ["1988", "M", "KZ-75", "F11.2", almaty_month, "active"]
    assert by_region["KZ-71"][1:] == ["1995", "F", "KZ-71", "F12.1", "2024-01", "active"]
    pseudonyms = {line[0] for line in lines[1:]}
    assert len(pseudonyms) == 2 and all(re.fullmatch(r"[0-9a-f]{16}", p) for p in pseudonyms)
    body = response.content.decode("utf-8")
    for person in (world.person, world.other):
        for identity in (person.iin, person.last_name, person.first_name, person.birth_date.isoformat()):
            assert identity not in body
    event = AuditEvent.objects.get(action="registry.extract")
    assert (event.actor_name, event.remote_addr, event.details) == (
        "analyst",
        "10.1.2.3",
        {"rows": 2, "region": "", "min_group": 1, "left_out": 0},
    )


def test_the_region_filter_keeps_the_region_and_the_pseudonym_is_stable(two_regions: World) -> None:
    client = two_regions.client("analyst")
    everything = extract_lines(client.get(EXTRACT, {"download": "csv"}))
    astana = extract_lines(client.get(EXTRACT, {"region": "KZ-71", "download": "csv"}))
    assert [line[3] for line in astana[1:]] == ["KZ-71"]
    assert astana[1] in everything[1:]  # the same person has the same pseudonym in both extracts
    assert "KZ-71" in client.get(EXTRACT, {"region": "KZ-71", "download": "csv"})["Content-Disposition"]
    assert [e.details["region"] for e in AuditEvent.objects.filter(action="registry.extract").order_by("pk")] == [
        "", "KZ-71", "KZ-71",
    ]  # fmt: skip


def test_the_extract_page_describes_the_columns_and_the_audit_without_recording_anything(world: World) -> None:
    response = world.client("analyst").get(EXTRACT, **EN)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    for column in ("pseudonym", "birth_year", "sex", "region", "diagnosis", "registered_month", "status"):
        assert f"<code>{column}</code>" in page
    assert "Every download is recorded in the audit log" in page
    assert 'method="get"' in page and 'name="download"' in page and 'value="KZ-75"' in page
    assert not AuditEvent.objects.filter(action="registry.extract").exists()


def test_an_unknown_region_is_a_form_error_and_nothing_is_recorded(world: World) -> None:
    response = world.client("analyst").get(EXTRACT, {"region": "KZ-99", "download": "csv"}, **EN)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert "Select a valid choice" in response.content.decode()
    assert not AuditEvent.objects.filter(action="registry.extract").exists()


@pytest.mark.parametrize("role", ["physician_a", "chief_a", "police", "admin", "norole"])
def test_other_roles_get_403_for_the_extract_and_nothing_is_recorded(world: World, role: str) -> None:
    client = world.client(role)
    assert client.get(EXTRACT).status_code == 403
    assert client.get(EXTRACT, {"region": "KZ-75", "download": "csv"}).status_code == 403
    assert not AuditEvent.objects.filter(action="registry.extract").exists()


# --- access and links -----------------------------------------------------------------------------------------------

# Who may open each page is in the page matrix of test_registry_pages; here: who is shown the link.
LINKS = {IMPORT: {"admin", "chief_a", "chief_b"}, EXTRACT: {"analyst"}}


@pytest.mark.parametrize("role", sorted(set(ROLES) - {"norole"}))
def test_the_home_page_links_each_role_to_the_pages_it_may_open(world: World, role: str) -> None:
    home = world.client(role).get("/registry/").content.decode()
    for path, allowed in LINKS.items():
        assert (f'href="{path}"' in home) == (role in allowed), (path, role)
