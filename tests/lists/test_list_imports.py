"""Importing official lists: real foreign lists load whole; a list with any bad row writes nothing."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from drugcontrol.audit.models import AuditEvent
from drugcontrol.listcore.import_rows import MappingError, parse_mapping
from drugcontrol.lists.actions.list_imports import ActInput, ImportRejected, do_import_list
from drugcontrol.lists.models import ListEntry, Substance
from drugcontrol.lists.snapshots import list_diff, snapshot_as_of

pytestmark = pytest.mark.django_db

CHINA_MAP = [
    "name_en=name_en",
    "smiles=smiles",
    "table=list_id",
    "effective_from=effective_date",
    "cas=cas",
    "synonyms=name_zh",
    "number=seq",
    "note=remark",
]


def import_china(shared: Path):
    return do_import_list(
        shared / "lists/china_controlled.csv",
        jurisdiction_code="CN",
        mapping=parse_mapping(CHINA_MAP),
        act=ActInput("CN catalogues"),
        default_effective=date(2014, 1, 1),
        actor="tests",
    )


@pytest.mark.shared
def test_china_list_loads_with_its_batches_in_time(shared: Path) -> None:
    report = import_china(shared)
    assert report.rows == 513 and report.added == 513
    # The 2013 catalogues are in force from 2014; the NPS supplement arrives batch by batch.
    assert len(snapshot_as_of("CN", date(2013, 12, 31)).entries) == 0
    assert len(snapshot_as_of("CN", date(2015, 1, 1)).entries) == 123 + 158
    assert len(snapshot_as_of("CN", date(2025, 7, 1)).entries) == 513
    diff = list_diff("CN", date(2024, 1, 1), date(2024, 7, 1))
    assert len(diff.added) == 46 and not diff.removed
    # Source problems are reported as warnings, with the row: a CAS cell saying "not available" in Chinese.
    assert any(w.field == "cas" and "暂无" in w.value for w in report.warnings)
    assert AuditEvent.objects.filter(action="lists.import", object_id="CN").exists()


@pytest.mark.shared
def test_us_dea_list_loads(shared: Path) -> None:
    report = do_import_list(
        shared / "lists/us_dea_list.tsv",
        jurisdiction_code="US",
        mapping=parse_mapping(
            [
                "name_en=Name",
                "smiles=SMILES",
                "table=CSA SCH",
                "number=DEA Number",
                "synonyms=Other Names",
                "note=Notes",
            ],
            null_values=["<NO_STRUCTURE>"],
        ),
        act=ActInput("DEA 2022"),
        default_effective=date(2022, 1, 1),
        encoding="latin-1",
        actor="tests",
    )
    assert report.rows == 572
    snapshot = snapshot_as_of("US", date(2022, 6, 1))
    assert {e.table for e in snapshot.entries} >= {"I", "II", "III", "IV", "V", "List I", "List II"}
    # Inorganic List II chemicals keep their structure: potassium permanganate is not "no structure".
    permanganate = [e for e in snapshot.entries if "permanganate" in e.names.get("en", "").lower()]
    assert permanganate and all(e.keys is not None for e in permanganate)


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_a_list_with_bad_rows_writes_nothing_and_says_where(tmp_path: Path) -> None:
    before = (Substance.objects.count(), ListEntry.objects.count(), AuditEvent.objects.count())
    path = write_csv(
        tmp_path / "bad.csv",
        [
            {"name": "Amphetamine", "structure": "CC(N)Cc1ccccc1", "schedule": "I", "date": "2024-01-10"},
            {"name": "Broken", "structure": "C1CC(", "schedule": "I", "date": "2024-01-10"},
            {"name": "Unknown table", "structure": "CCO", "schedule": "IX", "date": "2024-01-10"},
            {"name": "Impossible date", "structure": "CCN", "schedule": "II", "date": "2024-02-30"},
        ],
    )
    with pytest.raises(ImportRejected) as err:
        do_import_list(
            path,
            jurisdiction_code="KZ",
            mapping=parse_mapping(["name_en=name", "smiles=structure", "table=schedule", "effective_from=date"]),
            act=ActInput("test act"),
            default_effective=None,
            actor="tests",
        )
    found = {(e.row, e.field) for e in err.value.errors}
    assert found == {(3, "smiles"), (4, "table"), (5, "effective_from")}
    messages = " | ".join(str(e) for e in err.value.errors)
    assert "row 3, field 'smiles'" in messages and "IX" in messages and "2024-02-30" in messages
    assert (Substance.objects.count(), ListEntry.objects.count(), AuditEvent.objects.count()) == before


def test_a_mapping_to_a_missing_column_is_an_error_on_the_header(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "list.csv", [{"name": "Amphetamine", "smiles": "CC(N)Cc1ccccc1", "table": "I"}])
    with pytest.raises(ImportRejected) as err:
        do_import_list(
            path,
            jurisdiction_code="KZ",
            mapping=parse_mapping(["name_en=Name"]),
            act=ActInput("x"),
            default_effective=date(2024, 1, 1),
            actor="tests",
        )
    assert err.value.errors[0].row == 1 and "'Name' is not in the file" in str(err.value.errors[0])


def test_mapping_syntax_errors() -> None:
    with pytest.raises(MappingError, match="unknown field 'colour'"):
        parse_mapping(["colour=red"])
    with pytest.raises(MappingError, match="FIELD=COLUMN"):
        parse_mapping(["name_en"])


def test_xlsx_import_with_replace_versions_the_list(tmp_path: Path) -> None:
    def workbook(path: Path, rows: list[tuple[str, str, str]]) -> Path:
        book = Workbook()
        sheet = book.active
        sheet.append(["Name", "SMILES", "Schedule"])
        for row in rows:
            sheet.append(row)
        book.save(path)
        return path

    mapping = parse_mapping(["name_en=Name", "smiles=SMILES", "table=Schedule"])
    # Two made-up entries (hexylamine, heptylamine) so that names come from this file alone.
    first = workbook(
        tmp_path / "v1.xlsx", [("Hexylamine", "CCCCCCN", "BtMG II"), ("Heptylamine", "CCCCCCCN", "BtMG III")]
    )
    second = workbook(tmp_path / "v2.xlsx", [("Hexylamine", "CCCCCCN", "BtMG I")])
    do_import_list(
        first,
        jurisdiction_code="DE",
        mapping=mapping,
        act=ActInput("v1"),
        default_effective=date(2020, 1, 1),
        actor="t",
    )
    report = do_import_list(
        second,
        jurisdiction_code="DE",
        mapping=mapping,
        act=ActInput("v2"),
        default_effective=date(2023, 1, 1),
        replace=True,
        actor="t",
    )
    assert (report.changed, report.removed) == (1, 1)
    diff = list_diff("DE", date(2021, 1, 1), date(2023, 6, 1))
    assert [e.names["en"] for e in diff.removed] == ["Heptylamine"]
    assert [(c.before.table, c.after.table) for c in diff.changed] == [("BtMG II", "BtMG I")]
    assert {e.table for e in snapshot_as_of("DE", date(2021, 1, 1)).entries} == {"BtMG II", "BtMG III"}


def test_sdf_import_reports_the_broken_record(tmp_path: Path) -> None:
    from rdkit import Chem

    good = Chem.MolFromSmiles("CC(N)Cc1ccccc1")
    good.SetProp("_Name", "Amphetamine")
    good.SetProp("NAME", "Amphetamine")
    good.SetProp("TABLE", "I")
    block = Chem.MolToMolBlock(good) + "> <NAME>\nAmphetamine\n\n> <TABLE>\nI\n\n$$$$\n"
    broken = "broken\n\n\n  1  1  0  0  0  0  0  0  0  0999 V2000\nnonsense\n$$$$\n"
    path = tmp_path / "list.sdf"
    path.write_text(block + broken, encoding="utf-8")
    with pytest.raises(ImportRejected) as err:
        do_import_list(
            path,
            jurisdiction_code="UN",
            mapping=parse_mapping(["name_en=NAME", "table=TABLE"]),
            act=ActInput("sdf"),
            default_effective=date(2024, 1, 1),
            actor="t",
        )
    assert [(e.row, e.field) for e in err.value.errors if e.field == "molblock"] == [(2, "molblock")]
