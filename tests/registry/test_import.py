"""Import of a regional register: every row checked, errors by row and field, all or nothing, rejects file."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from django.utils import translation
from tests.registry.register_files import GOOD_IIN, HEADER, MAPPING_LINES, WOMAN_IIN, good_rows
from typer.testing import CliRunner

from drugcontrol.audit.models import AuditEvent
from drugcontrol.cli.main import app
from drugcontrol.registry.importing.rows import ReferenceCodes, parse_register_mapping, validate_register_row
from drugcontrol.registry.models import Person, Registration
from drugcontrol.tabular.mapping import ColumnMapping, MappingError
from drugcontrol.tabular.reading import SourceRow

runner = CliRunner()
MAP = [arg for line in MAPPING_LINES for arg in ("--map", line)]


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def run(path: Path, *extra: str):
    return runner.invoke(app, ["registry-data", "import", str(path), *MAP, "--actor", "admin", *extra])


def test_a_clean_file_is_imported_and_audited(world, tmp_path: Path) -> None:
    result = run(write_csv(tmp_path / "almaty.csv", good_rows()))
    assert result.exit_code == 0, result.output
    assert "2 of 2 rows imported" in result.output
    person = Person.objects.get(iin=GOOD_IIN)
    assert (person.last_name, person.last_name_latin, person.sex, person.birth_date) == (
        "Сериков", "Serikov", "M", date(1990, 3, 15),
    )  # fmt: skip
    assert person.facility.code == "T-ALA-1"
    woman = Registration.objects.get(person__iin=WOMAN_IIN)
    assert (woman.diagnosis_id, woman.registered_on, woman.grounds) == ("F12.1", date(2024, 2, 1), "voluntary")
    event = AuditEvent.objects.filter(action="registry.import").get()
    assert event.object_id == "almaty.csv" and event.details["created"] == 2 and event.actor_name == "admin"


def test_a_bad_iin_is_reported_by_row_and_field_and_nothing_is_written(world, tmp_path: Path) -> None:
    rows = good_rows()
    rows[1][0] = WOMAN_IIN[:11] + str((int(WOMAN_IIN[11]) + 1) % 10)  # wrong check digit on data row 2 (line 3)
    people_before = Person.objects.count()
    result = run(write_csv(tmp_path / "bad.csv", rows))
    assert result.exit_code == 2
    assert "row 3, field 'iin'" in result.output and "check digit" in result.output
    assert "nothing was imported" in result.output
    assert Person.objects.count() == people_before
    assert not AuditEvent.objects.filter(action="registry.import").exists()


def test_every_problem_of_a_row_is_listed(world, tmp_path: Path) -> None:
    rows = good_rows()
    rows[0][4] = "16.03.1990"  # the IIN says 15 March
    rows[1][6] = "KZ-99"
    rows[1][8] = "F10.2"  # alcohol: not on this register
    rows[1][9] = "31.02.2024"
    result = run(write_csv(tmp_path / "bad.csv", rows))
    assert result.exit_code == 2
    assert "row 2, field 'iin'" in result.output and "1990-03-15" in result.output
    assert "row 3, field 'region'" in result.output
    assert "row 3, field 'diagnosis'" in result.output
    assert "row 3, field 'registered_on'" in result.output


def test_skip_invalid_writes_the_good_rows_and_a_rejects_file(world, tmp_path: Path) -> None:
    rows = good_rows()
    rows.append(["123", "Пак", "Игорь", "", "1999-01-01", "М", "KZ-75", "T-ALA-1", "F15.2", "2024-01-01"])
    rejects = tmp_path / "rejects.csv"
    result = run(write_csv(tmp_path / "mixed.csv", rows), "--skip-invalid", "--rejects", str(rejects))
    assert result.exit_code == 0, result.output
    assert "2 of 3 rows imported" in result.output
    lines = list(csv.reader(rejects.open(encoding="utf-8")))
    assert lines[0] == ["row", "field", "message", "value"]
    assert lines[1][:2] == ["4", "iin"] and "12 digits" in lines[1][2] and lines[1][3] == "123"
    assert Person.objects.filter(iin__in=[GOOD_IIN, WOMAN_IIN]).count() == 2
    assert AuditEvent.objects.get(action="registry.import").details["rejected_rows"] == [4]


def test_skip_invalid_without_a_rejects_file_is_refused(world, tmp_path: Path) -> None:
    result = run(write_csv(tmp_path / "x.csv", good_rows()), "--skip-invalid")
    assert result.exit_code == 2 and "--rejects" in result.output
    assert not Person.objects.filter(iin=GOOD_IIN).exists()


def test_an_iin_already_on_the_register_or_twice_in_the_file_is_an_error(world, tmp_path: Path) -> None:
    rows = good_rows()
    rows[0][0] = world.person.iin
    rows[0][4], rows[0][5] = world.person.birth_date.strftime("%d.%m.%Y"), "M"
    rows.append(list(rows[1]))
    with translation.override("en"):
        result = run(write_csv(tmp_path / "dup.csv", rows))
    assert result.exit_code == 2
    # The clash is a recorded disclosure of that person, not a bare "already there".
    assert "row 2, field 'iin': already on the register (" in result.output and "disclosure recorded" in result.output
    assert AuditEvent.objects.filter(action="registry.person.presence", object_id=str(world.person.pk)).count() == 1
    assert "row 4, field 'iin': the same IIN as row 3" in result.output


def test_roles_other_than_admin_and_chief_cannot_import(world, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "x.csv", good_rows())
    result = runner.invoke(app, ["registry-data", "import", str(path), *MAP, "--actor", "physician_a"])
    assert result.exit_code == 2 and "administrator or a regional chief" in result.output
    # A chief imports only into facilities of their region: Astana's chief does not know T-ALA-1.
    result = runner.invoke(app, ["registry-data", "import", str(path), *MAP, "--actor", "chief_b"])
    assert result.exit_code == 2 and "unknown facility code" in result.output


def test_xlsx_with_a_misspelt_mapping(world, tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(HEADER)
    for row in good_rows():
        workbook.active.append(row)
    path = tmp_path / "register.xlsx"
    workbook.save(path)
    ok = run(path)
    assert ok.exit_code == 0, ok.output
    bad = runner.invoke(app, ["registry-data", "import", str(path), "--map", "iin=IIN", "--actor", "admin"])
    assert bad.exit_code == 2 and "column 'IIN' is not in the file" in bad.output


def test_mapping_syntax_errors() -> None:
    with pytest.raises(MappingError, match="FIELD=COLUMN"):
        parse_register_mapping(["iin"])
    with pytest.raises(MappingError, match="unknown field 'shoe'"):
        parse_register_mapping(["shoe=Size"])


def test_without_an_iin_a_document_and_birth_data_are_required() -> None:
    codes = ReferenceCodes(regions=frozenset({"KZ-75"}), diagnoses=frozenset({"F11.2"}), facilities={"F1": "KZ-75"},
                           document_types=("passport",), grounds=("voluntary",))  # fmt: skip
    fields = {
        "last_name": "Ли", "first_name": "Ан", "region": "KZ-75", "facility": "F1", "diagnosis": "F112",
        "registered_on": "2024-01-01", "iin": "", "document_type": "passport", "document_number": "N123",
    }  # fmt: skip
    ok = validate_register_row(SourceRow(2, {**fields, "birth_date": "1990-01-01", "sex": "ж"}), ColumnMapping(),
                               codes, today=date(2025, 1, 1))  # fmt: skip
    assert not isinstance(ok, list) and (ok.diagnosis, ok.sex) == ("F11.2", "F")
    missing = validate_register_row(SourceRow(2, {**fields, "document_number": ""}), ColumnMapping(), codes,
                                    today=date(2025, 1, 1))  # fmt: skip
    assert isinstance(missing, list) and {e.field for e in missing} == {"document_number", "birth_date", "sex"}
    assert {e.code for e in missing} == {
        "registry.document_number_required", "registry.birth_date_required", "registry.sex_required",
    }  # fmt: skip


def test_an_imported_person_like_one_on_the_register_is_queued_as_a_duplicate(world, tmp_path: Path) -> None:
    from drugcontrol.registry.models import DuplicateCandidate

    # The world's Ахметов Ерлан Серикович, born 12.04.1988, comes back from a regional file with a passport
    # instead of an IIN and a misspelt first name: a candidate for review, not a merge and not a refusal.
    path = tmp_path / "region.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([*HEADER, "Документ", "Номер документа"])
        writer.writerow(["", "Ахметов", "Эрлан", "Серикович", "12.04.1988", "М", "KZ-75", "T-ALA-1", "F11.2",
                         "2024-03-01", "passport", "N0001234"])  # fmt: skip
        writer.writerow([*good_rows()[1], "", ""])
    result = run(path, "--map", "document_type=Документ", "--map", "document_number=Номер документа")
    assert result.exit_code == 0, result.output
    assert "2 of 2 rows imported" in result.output
    assert "1 possible duplicate(s) queued for review" in result.output
    imported = Person.objects.get(document_number="N0001234")
    candidate = DuplicateCandidate.objects.get()
    assert {candidate.person_a_id, candidate.person_b_id} == {imported.pk, world.person.pk}
    assert imported.merged_into_id is None and world.person.merged_into_id is None
    event = AuditEvent.objects.get(action="registry.import.duplicates")
    assert event.details["duplicate_candidates"] == 1


def test_two_rows_of_one_person_in_a_file_are_one_candidate_pair(world, tmp_path: Path) -> None:
    from drugcontrol.registry.models import DuplicateCandidate

    path = tmp_path / "twice.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([*HEADER, "Документ", "Номер документа"])
        writer.writerow(["", "Нурланова", "Динара", "", "03.09.1995", "Ж", "KZ-75", "T-ALA-1", "F12.1",
                         "2024-02-01", "passport", "N0000001"])  # fmt: skip
        writer.writerow(["", "Нурланова", "Динора", "", "03.09.1995", "Ж", "KZ-75", "T-ALA-2", "F12.1",
                         "2024-06-01", "id_card", "000000002"])  # fmt: skip
    result = run(path, "--map", "document_type=Документ", "--map", "document_number=Номер документа")
    assert result.exit_code == 0, result.output
    assert "1 possible duplicate(s) queued for review" in result.output
    assert DuplicateCandidate.objects.count() == 1
    assert AuditEvent.objects.get(action="registry.import.duplicates").details["duplicate_candidates"] == 1
