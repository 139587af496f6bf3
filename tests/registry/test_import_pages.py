"""The import page through HTTP: the upload is queued as a job, a worker runs it, the owner sees the outcome and
downloads the rejects; who may use it, what it writes, what it refuses (limits, bad text), what it audits."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from tests.registry.conftest import World
from tests.registry.register_files import GOOD_IIN, HEADER, MAPPING_LINES, WOMAN_IIN, good_rows
from tests.task_worker import run_queued_tasks

from drugcontrol.audit.models import AuditEvent
from drugcontrol.registry.models import (
    DuplicateCandidate,
    Person,
    RegisterImport,
    Registration,
    StagedRegisterRow,
)

IMPORT = "/registry/import/"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
MAPPING = "\n".join(MAPPING_LINES)
PAK = ["123", "Пак", "Игорь", "", "1999-01-01", "М", "KZ-75", "T-ALA-1", "F15.2", "2024-01-01"]


def csv_upload(rows: list[list[str]], name: str = "almaty.csv", header: list[str] = HEADER) -> SimpleUploadedFile:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8"), content_type="text/csv")


def submit(world: World, role: str, upload: SimpleUploadedFile, *, mapping: str = MAPPING, skip: bool = False):
    data = {"file": upload, "mapping": mapping}
    if skip:
        data["skip_invalid"] = "on"
    return world.client(role).post(IMPORT, data, **EN)


def post_import(world: World, role: str, upload: SimpleUploadedFile, *, mapping: str = MAPPING, skip: bool = False):
    """Upload, let the worker run the queued job, then open the job's page as the uploader."""
    response = submit(world, role, upload, mapping=mapping, skip=skip)
    if response.status_code != 302:
        return response
    run_queued_tasks()
    return world.client(role).get(response["Location"], **EN)


def imported() -> int:
    return Person.objects.filter(iin__in=[GOOD_IIN, WOMAN_IIN]).count()


def problem_rows(page: str) -> list[tuple[str, str]]:
    """(row, field) of each line of the problems table."""
    table = page.split('id="import-problems"', 1)[1].split("</table>", 1)[0]
    return re.findall(r"<tr><td>(\d+)</td><td>([^<]*)</td>", table)


def rejects_link(page: str) -> str:
    match = re.search(r'href="(/registry/import/\d+/rejects\.csv)" id="rejects-download"', page)
    assert match, "no rejects download on the page"
    return match.group(1)


def rejects_download(world: World, role: str, page: str) -> list[list[str]]:
    response = world.client(role).get(rejects_link(page), **EN)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))


# --- the job ----------------------------------------------------------------------------------------------------------


def test_the_upload_is_queued_and_imported_by_the_worker_then_audited(world: World) -> None:
    response = submit(world, "admin", csv_upload(good_rows()))
    assert response.status_code == 302
    waiting = world.client("admin").get(response["Location"], **EN).content.decode()
    assert 'data-status="queued"' in waiting and 'http-equiv="refresh"' in waiting
    assert imported() == 0  # the web process read no row
    run_queued_tasks()
    page = world.client("admin").get(response["Location"], **EN).content.decode()
    assert 'data-status="done"' in page and 'http-equiv="refresh"' not in page
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
    job = RegisterImport.objects.get()
    assert bytes(job.upload) == b"" and not StagedRegisterRow.objects.exists()  # nothing of the file is kept


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
    header, region, iin = rejects_download(world, "admin", page)
    assert header == ["row", "field", "message", "value"]
    assert region == ["2", "region", "unknown region code (ISO 3166-2:KZ, e.g. KZ-75)", "KZ-99"]
    assert iin[:2] == ["3", "iin"] and "check digit" in iin[2] and iin[3] == rows[1][0]


def test_the_rejects_are_rendered_in_the_language_of_the_reader(world: World) -> None:
    rows = good_rows()
    rows[0][6] = "KZ-99"
    page = post_import(world, "admin", csv_upload(rows, "bad.csv")).content.decode()
    link = rejects_link(page)
    russian = world.client("admin").get(link, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    kazakh = world.client("admin").get(link, HTTP_ACCEPT_LANGUAGE="kk").content.decode()
    assert "неизвестный код области" in russian
    assert "облыстың белгісіз коды" in kazakh


def test_skip_invalid_imports_the_good_rows_and_offers_the_rejects(world: World) -> None:
    rows = good_rows()
    rows.insert(1, PAK)
    page = post_import(world, "admin", csv_upload(rows, "mixed.csv"), skip=True).content.decode()
    assert "2 of 3 rows imported from mixed.csv" in page
    assert imported() == 2 and not Person.objects.filter(last_name="Пак").exists()
    assert problem_rows(page) == [("3", "iin")]
    response = world.client("admin").get(rejects_link(page))
    assert 'filename="mixed-rejects.csv"' in response["Content-Disposition"]
    lines = rejects_download(world, "admin", page)
    assert lines[0] == ["row", "field", "message", "value"]  # the columns of the command line's rejects file
    assert len(lines) == 2 and lines[1][:2] == ["3", "iin"] and "12 digits" in lines[1][2] and lines[1][3] == "123"
    assert AuditEvent.objects.get(action="registry.import").details["rejected_rows"] == [3]
    downloads = AuditEvent.objects.filter(action="registry.import.rejects")
    assert downloads.count() == 2 and {e.actor_name for e in downloads} == {"admin"}


def test_formula_like_cells_of_the_rejects_are_escaped(world: World) -> None:
    rows = good_rows()
    rows[0][0] = '=HYPERLINK("http://evil.example")'
    rows[1][6] = "@SUM(A1)"
    rows.append(["-2+3", *PAK[1:]])
    page = post_import(world, "admin", csv_upload(rows, "formulas.csv")).content.decode()
    lines = rejects_download(world, "admin", page)
    values = {line[3] for line in lines[1:]}
    assert '\'=HYPERLINK("http://evil.example")' in values and "'@SUM(A1)" in values and "'-2+3" in values
    assert not any(cell.startswith(("=", "+", "-", "@")) for line in lines for cell in line)


def test_the_rejects_and_the_job_are_only_for_the_user_who_ran_it(world: World) -> None:
    rows = [*good_rows(), PAK]
    response = submit(world, "chief_a", csv_upload(rows, "mixed.csv"))
    run_queued_tasks()
    job_page = response["Location"]
    rejects = rejects_link(world.client("chief_a").get(job_page).content.decode())
    # Another importer (even the administrator) gets the page of a job that does not exist.
    for other in ("admin", "chief_b"):
        assert world.client(other).get(job_page).status_code == 404
        assert world.client(other).get(rejects).status_code == 404
        assert world.client(other).get("/registry/import/999999/rejects.csv").status_code == 404
    for role in ("physician_a", "analyst", "police"):
        assert world.client(role).get(rejects).status_code == 403
    assert world.client("anonymous").get(rejects).status_code == 302
    assert not AuditEvent.objects.filter(action="registry.import.rejects").exists()


def test_without_skip_invalid_the_same_mixed_file_is_refused(world: World) -> None:
    page = post_import(world, "admin", csv_upload([*good_rows(), PAK], "mixed.csv")).content.decode()
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
    assert imported() == 0 and not RegisterImport.objects.exists()


def test_only_csv_and_xlsx_files_are_accepted(world: World) -> None:
    upload = SimpleUploadedFile("register.sdf", b"not a register")
    page = post_import(world, "admin", upload).content.decode()
    assert "Only CSV (.csv, .tsv, .txt) and XLSX (.xlsx) files can be imported." in page
    assert not RegisterImport.objects.exists()


def test_a_broken_xlsx_is_refused_on_the_job_page(world: World) -> None:
    page = post_import(world, "admin", SimpleUploadedFile("register.xlsx", b"PK not really a zip")).content.decode()
    assert 'id="import-refused"' in page and "not a readable XLSX workbook" in page
    assert "register-import-" not in page  # the temporary folder is not shown
    assert not AuditEvent.objects.filter(action="registry.import").exists()


def test_a_file_above_the_upload_limit_of_the_settings_is_refused(world: World, settings) -> None:
    upload = csv_upload(good_rows())
    settings.MAX_UPLOAD_BYTES = upload.size - 1
    page = post_import(world, "admin", upload).content.decode()
    assert "the largest file accepted is" in page
    assert imported() == 0 and not RegisterImport.objects.exists()


def test_a_chief_of_another_region_gets_the_unknown_facility_error(world: World) -> None:
    page = post_import(world, "chief_b", csv_upload(good_rows())).content.decode()
    assert 'id="import-refused"' in page
    assert problem_rows(page) == [("2", "facility"), ("3", "facility")]
    assert "unknown facility code" in page
    assert imported() == 0


def test_an_iin_already_on_the_register_is_an_error_of_its_row(world: World) -> None:
    rows = good_rows()
    rows[0][0] = world.person.iin
    rows[0][4], rows[0][5] = world.person.birth_date.strftime("%d.%m.%Y"), "M"
    page = post_import(world, "admin", csv_upload(rows), skip=True).content.decode()
    assert "1 of 2 rows imported" in page and problem_rows(page) == [("2", "iin")]
    assert "already on the register" in page and "disclosure recorded" in page  # a recorded disclosure


@pytest.mark.parametrize("role", ["physician_a", "analyst", "police", "norole"])
def test_other_roles_get_403_and_nothing_is_written(world: World, role: str) -> None:
    assert world.client(role).get(IMPORT).status_code == 403
    assert submit(world, role, csv_upload(good_rows())).status_code == 403
    assert imported() == 0 and not RegisterImport.objects.exists()
    assert not AuditEvent.objects.filter(action="registry.import").exists()


def test_the_import_page_needs_a_login(world: World) -> None:
    response = world.client("anonymous").post(IMPORT, {"file": csv_upload(good_rows()), "mapping": MAPPING})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert imported() == 0 and not RegisterImport.objects.exists()


TWIN = ["", "Ахметов", "Эрлан", "Серикович", "12.04.1988", "М", "KZ-75", "T-ALA-1", "F11.2", "2024-03-01",
        "passport", "N0001234"]  # fmt: skip


def test_duplicate_candidates_are_counted_with_a_link_for_the_chief(world: World) -> None:
    # The world's Ахметов Ерлан Серикович, born 12.04.1988, with a passport instead of an IIN and a misspelt name.
    upload = csv_upload([TWIN], "region.csv", [*HEADER, "Документ", "Номер документа"])
    mapping = f"{MAPPING}\ndocument_type=Документ\ndocument_number=Номер документа"
    page = post_import(world, "chief_a", upload, mapping=mapping).content.decode()
    assert "1 of 1 rows imported" in page
    assert "1 possible duplicate queued for review." in page
    assert 'href="/registry/duplicates/"' in page
    candidate = DuplicateCandidate.objects.get()
    assert world.person.pk in {candidate.person_a_id, candidate.person_b_id}


def test_the_admin_is_told_the_chief_reviews_the_duplicates(world: World) -> None:
    upload = csv_upload([TWIN], "region.csv", [*HEADER, "Документ", "Номер документа"])
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


# --- files that would exhaust the machine, text that is not what it claims -----------------------------------------


def zip_bomb_xlsx(rows: int) -> bytes:
    """A real workbook whose sheet is `rows` identical rows: it packs a hundredfold, like a zip bomb."""
    import zipfile

    from openpyxl import Workbook

    template = io.BytesIO()
    Workbook().save(template)
    out = io.BytesIO()
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                target.writestr(info, source.read(info))
                continue
            with target.open(info.filename, "w") as sheet:
                sheet.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
                line = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>'
                for _ in range(rows // 1000):
                    sheet.write(line * 1000)
                sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


def test_a_zip_bomb_workbook_is_refused_before_it_is_unpacked(world: World, settings) -> None:
    settings.IMPORT_MAX_UNPACKED_BYTES = 2 * 1024 * 1024
    bomb = zip_bomb_xlsx(100_000)  # about 5 MB unpacked
    assert len(bomb) < 100_000
    page = post_import(world, "admin", SimpleUploadedFile("bomb.xlsx", bomb), mapping="").content.decode()
    assert 'id="import-refused"' in page
    assert "more than the limit of 2.0 MB (DRUGCONTROL_IMPORT_MAX_UNPACKED_MB)" in page
    assert RegisterImport.objects.get().total == 0  # not one row was read


def test_a_file_over_the_row_limit_is_refused_and_nothing_is_written(world: World, settings) -> None:
    settings.IMPORT_MAX_ROWS = 2
    settings.IMPORT_BATCH_ROWS = 1  # rows 2 and 3 are staged before row 4 goes over the limit
    rows = good_rows()
    rows.append([*TWIN[:10]])
    page = post_import(world, "admin", csv_upload(rows), skip=True).content.decode()
    assert 'id="import-refused"' in page and problem_rows(page) == [("4", "")]
    assert "more than 2 data rows, the import row limit (DRUGCONTROL_IMPORT_MAX_ROWS)" in page
    assert imported() == 0 and not StagedRegisterRow.objects.exists()
    assert not AuditEvent.objects.filter(action="registry.import").exists()


def test_invalid_utf8_is_refused_with_its_row_and_never_stored(world: World) -> None:
    text = csv_upload(good_rows()).read()
    lines = text.split(b"\n")
    lines[2] = lines[2].replace("Ким".encode(), b"\xca\xe8\xec")  # "Ким" in Windows-1251 inside a UTF-8 file
    page = post_import(world, "admin", SimpleUploadedFile("mixed.csv", b"\n".join(lines)), skip=True).content.decode()
    assert 'id="import-refused"' in page and problem_rows(page) == [("3", "")]
    assert "the text is not valid utf-8" in page
    assert imported() == 0 and not Person.objects.filter(last_name__contains="Ê").exists()


def _refuse_people_named(name: str) -> None:
    """A database trigger that refuses to insert a person of that name: a failure inside the final write."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION refuse_person() RETURNS trigger AS $$ BEGIN "
                f"IF NEW.last_name = '{name}' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$ "
                "LANGUAGE plpgsql"
            )
            cursor.execute(
                "CREATE TRIGGER refuse_person BEFORE INSERT ON registry_person "
                "FOR EACH ROW EXECUTE FUNCTION refuse_person()"
            )
        else:
            cursor.execute(
                "CREATE TRIGGER refuse_person BEFORE INSERT ON registry_person "
                f"WHEN NEW.last_name = '{name}' BEGIN SELECT RAISE(ABORT, 'refused'); END"
            )


def test_an_import_that_fails_half_way_through_its_write_leaves_nothing(world: World, settings) -> None:
    settings.IMPORT_BATCH_ROWS = 1  # one insert per row: the first person is written before the second fails
    _refuse_people_named("Ким")
    people_before = Person.objects.count()
    page = post_import(world, "admin", csv_upload(good_rows())).content.decode()
    assert 'data-status="failed"' in page and "nothing was imported" in page
    assert Person.objects.count() == people_before and not Registration.objects.filter(person__iin=GOOD_IIN).exists()
    assert not AuditEvent.objects.filter(action="registry.import").exists()
    assert not StagedRegisterRow.objects.exists()


@pytest.mark.django_db
def test_sqlite_databases_are_opened_in_wal_mode(tmp_path) -> None:
    """A long import must not lock out readers: every SQLite connection of the settings runs in WAL mode."""
    from django.conf import settings as django_settings
    from django.db.backends.sqlite3.base import DatabaseWrapper

    configured = django_settings.DATABASES["default"]
    if configured["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("WAL is a mode of SQLite")
    wrapper = DatabaseWrapper({**configured, "NAME": str(tmp_path / "wal.sqlite3")})
    try:
        with wrapper.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
    finally:
        wrapper.close()
