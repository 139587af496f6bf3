"""The shared tabular core without a database: streaming readers and their limits, the mapping, row errors."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from drugcontrol.tabular.errors import FIELD_REQUIRED, Message, RowError, RowErrors
from drugcontrol.tabular.mapping import ColumnMapping, MappingError, RowReader
from drugcontrol.tabular.reading import ReadLimits, SourceRow, TableReadError, read_csv, read_table, read_xlsx
from drugcontrol.tabular.rejects import write_rejects_csv

FIELDS = ("name", "date", "code")


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_csv_rows_are_numbered_as_in_the_file_and_read_lazily(tmp_path: Path) -> None:
    path = write(tmp_path / "a.csv", "name,code\nАсхат,1\n\n Ким , 2 \n".encode())
    table = read_csv(path)
    assert table.columns == ("name", "code")
    rows = [(r.number, r.fields) for r in table]
    assert rows == [(2, {"name": "Асхат", "code": "1"}), (4, {"name": "Ким", "code": "2"})]


def test_tab_separated_and_byte_order_mark(tmp_path: Path) -> None:
    path = write(tmp_path / "a.tsv", "\ufeffname\tcode\nA\t1\n".encode())
    table = read_table(path)
    assert table.columns == ("name", "code") and next(iter(table)).fields == {"name": "A", "code": "1"}


RUSSIAN_EXCEL = (
    "Вещество;Масса, г;Дата изъятия\r\n"
    "Героин;0,5;01.02.2024\r\n"
    "Гашиш;12,75;15.03.2024\r\n"
    "Мефедрон;3;31.02.2024\r\n"
)


def test_a_russian_excel_csv_is_read_by_its_semicolons_whatever_the_decimal_commas(tmp_path: Path) -> None:
    path = write(tmp_path / "изъятия.csv", RUSSIAN_EXCEL.encode("cp1251"))
    table = read_table(path, encoding="cp1251")
    assert table.columns == ("Вещество", "Масса, г", "Дата изъятия")
    assert [(r.number, r.fields["Масса, г"]) for r in table] == [(2, "0,5"), (3, "12,75"), (4, "3")]


def test_a_bad_row_of_a_semicolon_csv_is_reported_with_its_row_and_field(tmp_path: Path) -> None:
    path = write(tmp_path / "изъятия.csv", RUSSIAN_EXCEL.encode())
    mapping = ColumnMapping.parse(["name=Вещество", "date=Дата изъятия"], fields=FIELDS)
    errors = RowErrors()
    for row in read_table(path):
        reader = RowReader(row, mapping)
        reader.date("date", required=True)
        errors.extend(reader.errors)
    assert [str(e) for e in errors] == [
        "row 4, field 'date': not a valid date (YYYY-MM-DD or DD.MM.YYYY) (value '31.02.2024')"
    ]


def test_commas_inside_names_do_not_make_a_tab_separated_file_comma_separated(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", b"name\tcode\nN,N-Dimethyltryptamine\t1\n2,5-DMA\t2\n")
    assert [r.fields for r in read_table(path)] == [
        {"name": "N,N-Dimethyltryptamine", "code": "1"},
        {"name": "2,5-DMA", "code": "2"},
    ]


def test_invalid_utf8_names_its_row_and_is_never_guessed(tmp_path: Path) -> None:
    path = write(tmp_path / "a.csv", b"name,code\nA,1\nB,2\n\xca\xe8\xec,3\nD,4\n")
    table = read_csv(path)
    seen = []
    with pytest.raises(TableReadError) as refused:
        for row in table:
            seen.append(row.fields["name"])
    assert seen == ["A", "B"]
    assert (refused.value.error.row, refused.value.code) == (4, "tabular.bad_encoding")
    assert "not valid utf-8" in str(refused.value)


def test_a_named_encoding_reads_a_windows_1251_file(tmp_path: Path) -> None:
    path = write(tmp_path / "a.csv", "name\nКим\n".encode("cp1251"))
    assert [r.fields["name"] for r in read_csv(path, encoding="cp1251")] == ["Ким"]


def test_the_row_limit_refuses_the_first_row_beyond_it(tmp_path: Path) -> None:
    path = write(tmp_path / "a.csv", b"name\n" + b"x\n" * 5)
    rows = iter(read_csv(path, limits=ReadLimits(max_rows=3)))
    assert [next(rows).number for _ in range(3)] == [2, 3, 4]
    with pytest.raises(TableReadError, match="more than 3 data rows") as refused:
        next(rows)
    assert refused.value.error.row == 5


def sheet_xlsx(path: Path, sheet_xml: bytes) -> Path:
    from openpyxl import Workbook

    template = io.BytesIO()
    Workbook().save(template)
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = sheet_xml if info.filename == "xl/worksheets/sheet1.xml" else source.read(info)
            target.writestr(info, data)
    return path


def test_a_workbook_that_unpacks_beyond_the_limit_is_refused_from_its_directory(tmp_path: Path) -> None:
    body = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 50_000
    xml = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    path = sheet_xlsx(tmp_path / "bomb.xlsx", xml + body + b"</sheetData></worksheet>")
    assert path.stat().st_size * 50 < 2_500_000  # it packs more than fiftyfold
    with pytest.raises(TableReadError, match=r"more than the limit of 1\.0 MB") as refused:
        read_xlsx(path, limits=ReadLimits(max_unpacked_bytes=1024 * 1024))
    assert refused.value.code == "tabular.unpacks_too_large"


def test_a_sheet_that_claims_the_whole_grid_is_read_only_as_wide_as_its_header(tmp_path: Path) -> None:
    xml = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<dimension ref="A1:XFD1048576"/><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>Ким</t></is></c>'
        '<c r="C2" t="inlineStr"><is><t>extra</t></is></c></row></sheetData></worksheet>'
    ).encode()
    table = read_xlsx(sheet_xlsx(tmp_path / "wide.xlsx", xml))
    assert table.columns == ("name",)
    assert [(r.number, r.fields) for r in table] == [(2, {"name": "Ким"})]


def test_not_a_workbook(tmp_path: Path) -> None:
    with pytest.raises(TableReadError, match="not a readable XLSX workbook"):
        read_xlsx(write(tmp_path / "x.xlsx", b"PK not a zip"))


def test_mapping_syntax_unknown_fields_and_header_checks() -> None:
    with pytest.raises(MappingError, match=r"expected FIELD=COLUMN, e\.g\. name=Name"):
        ColumnMapping.parse(["name"], fields=FIELDS, example="name=Name")
    with pytest.raises(MappingError, match="unknown field 'shoe'; fields are name, date, code") as refused:
        ColumnMapping.parse(["shoe=Size"], fields=FIELDS)
    assert refused.value.code == "tabular.map_unknown_field"
    mapping = ColumnMapping.parse(["name=Имя"], fields=FIELDS)
    errors = mapping.check_header(["Имя", "Дата"], required=["name", "code"])
    assert [(e.row, e.field, e.code) for e in errors] == [(1, "code", "tabular.required_column")]
    errors = mapping.check_header(["Name"], required=[])
    assert [(e.field, e.message) for e in errors] == [("name", "column 'Имя' is not in the file; its columns are Name")]


def test_a_row_reader_collects_every_problem_of_its_row_with_codes() -> None:
    mapping = ColumnMapping.parse(["date=Дата"], fields=FIELDS, null_values=["-"])
    reader = RowReader(SourceRow(7, {"name": "-", "Дата": "31.02.2024"}), mapping)
    assert reader.get("name") == "" and reader.date("date", required=True) is None
    assert reader.date("code", required=True) is None
    assert [(e.row, e.field, e.code, e.value) for e in reader.errors] == [
        (7, "date", "tabular.bad_date", "31.02.2024"),
        (7, "code", "tabular.date_required", ""),
    ]


def test_errors_render_in_a_language_the_shell_gives_and_collect_by_row() -> None:
    unknown = Message("tests.unknown", "unknown code %(code)s")
    error = unknown.at(3, "code", "Z9", code="Z9")
    assert str(error) == "row 3, field 'code': unknown code Z9 (value 'Z9')"
    assert error.render({"unknown code %(code)s": "неизвестный код %(code)s"}.get) == "неизвестный код Z9"
    collected = RowErrors()
    collected.extend([error, RowError(2, "name", "tabular.required")])
    assert collected.rejected_rows == {2, 3} and [e.row for e in collected.sorted()] == [2, 3]
    with pytest.raises(ValueError, match="declared twice"):
        Message("tests.unknown", "another text")


def test_the_rejects_table_is_rendered_by_the_reader_from_problems_kept_as_code_and_parameters() -> None:
    unknown = Message("tests.unknown_region", "unknown region %(code)s")
    kept = [unknown.at(4, "region", "=HYPERLINK(1)", code="KZ-00").stored(), FIELD_REQUIRED.at(5, "name").stored()]
    assert json.loads(json.dumps(kept)) == kept  # a job keeps them as JSON
    problems = [RowError.from_stored(item) for item in kept]
    assert problems[0] == unknown.at(4, "region", "=HYPERLINK(1)", code="KZ-00")
    handle = io.StringIO()
    russian = {"unknown region %(code)s": "неизвестный регион %(code)s", "is required": "обязательно"}.get
    assert write_rejects_csv(handle, problems, lambda text: russian(text) or text) == 2
    assert handle.getvalue().splitlines() == [
        "row,field,message,value",
        "4,region,неизвестный регион KZ-00,'=HYPERLINK(1)",  # a formula in a cell is escaped
        "5,name,обязательно,",
    ]
