"""Import the references the expertise methodology uses: the register of medicines and NPS libraries.

Both are read like a list (``tabular`` readers within the import limits, the ``--map FIELD=COLUMN``
mapping, errors naming row and field) and written in one transaction with an audit row. The register of
medicines is all or nothing; a reference library skips rows that have no readable structure (catalogues
list mixtures and kits) and reports how many. Each import replaces what it supplies: a registration by its
number, a library as a whole.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from drugcontrol.audit.actions import do_record_event
from drugcontrol.chem.errors import ChemError
from drugcontrol.chem.parse import to_mol
from drugcontrol.chem.standardize import standardize
from drugcontrol.expertise.medicines import medicine_key
from drugcontrol.expertise.suspicion import structure_key
from drugcontrol.importing import read_limits
from drugcontrol.listcore.list_files import read_list_table
from drugcontrol.lists.actions.list_imports import ImportRejected
from drugcontrol.lists.models import KnownSubstance, ReferenceRevision, RegisteredMedicine
from drugcontrol.messages import Message, RowError
from drugcontrol.tabular.errors import FIELD_REQUIRED, NO_DATA_ROWS
from drugcontrol.tabular.mapping import ColumnMapping, RowReader

__all__ = [
    "KNOWN_SUBSTANCE_FIELDS",
    "MEDICINE_FIELDS",
    "ReferenceImportReport",
    "do_import_known_substances",
    "do_import_medicines",
    "known_substance_mapping",
    "medicine_mapping",
]

MEDICINE_FIELDS = ("inn", "trade_name", "names", "smiles", "registration_number", "registered_from", "registered_to")
KNOWN_SUBSTANCE_FIELDS = ("entry", "name", "smiles", "first_seen")
BAD_STRUCTURE = Message("references.bad_structure", "not a readable structure: %(reason)s")
DATES_REVERSED = Message("references.dates_reversed", "ends before it starts (%(start)s)")
DUPLICATE_NUMBER = Message("references.duplicate_number", "the registration number is also on row %(other)s")
BAD_LIBRARY = Message("references.bad_library", "a library name is required (letters, digits, - and _)")


def mark_references_changed(name: str) -> None:
    """A fresh token for the reference set (caches of assessors key on it), in the caller's transaction."""
    ReferenceRevision.objects.update_or_create(name=name, defaults={"token": uuid.uuid4().hex})


def medicine_mapping(specs: Iterable[str], *, null_values: Iterable[str] = ()) -> ColumnMapping:
    return ColumnMapping.parse(specs, fields=MEDICINE_FIELDS, example="inn=INN", null_values=null_values)


def known_substance_mapping(specs: Iterable[str], *, null_values: Iterable[str] = ()) -> ColumnMapping:
    return ColumnMapping.parse(specs, fields=KNOWN_SUBSTANCE_FIELDS, example="entry=cas", null_values=null_values)


@dataclass
class ReferenceImportReport:
    what: str
    rows: int = 0
    written: int = 0
    skipped: int = 0
    warnings: list[RowError] = field(default_factory=list)

    def summary(self) -> str:
        skipped = f", {self.skipped} skipped (no readable structure)" if self.skipped else ""
        return f"{self.what}: {self.rows} rows, {self.written} written{skipped}"


def _structure(reader: RowReader) -> tuple[str, Any] | None:
    smiles = reader.get("smiles")
    if not smiles:
        reader.error(FIELD_REQUIRED, "smiles")
        return None
    try:
        return smiles, standardize(to_mol(smiles))
    except ChemError as exc:
        reader.error(BAD_STRUCTURE, "smiles", smiles[:80], reason=str(exc))
        return None


def _table(path: str | Path, mapping: ColumnMapping, required: Sequence[str], encoding: str | None, sheet: str | None):
    table = read_list_table(path, encoding=encoding, sheet=sheet, limits=read_limits())
    errors = mapping.check_header(list(table.columns), required=required)
    if errors:
        raise ImportRejected(errors)
    return table


def do_import_medicines(
    path: str | Path,
    *,
    mapping: ColumnMapping,
    encoding: str | None = None,
    sheet: str | None = None,
    actor: Any,
) -> ReferenceImportReport:
    """Validate every row, then write them all (a registration number already known is updated)."""
    table = _table(path, mapping, ("inn", "smiles", "registration_number", "registered_from"), encoding, sheet)
    errors: list[RowError] = []
    records: list[dict[str, Any]] = []
    numbers: dict[str, int] = {}
    for source in table:
        reader = RowReader(source, mapping)
        inn, number = reader.get("inn"), reader.get("registration_number")
        for name, value in (("inn", inn), ("registration_number", number)):
            if not value:
                reader.error(FIELD_REQUIRED, name)
        start = reader.date("registered_from", required=True)
        end = reader.date("registered_to", required=False)
        if start and end and end < start:
            reader.error(DATES_REVERSED, "registered_to", end.isoformat(), start=start.isoformat())
        if number and number in numbers:
            reader.error(DUPLICATE_NUMBER, "registration_number", number, other=numbers[number])
        numbers.setdefault(number, reader.number)
        structure = _structure(reader)
        errors.extend(reader.errors)
        if reader.errors or structure is None:
            continue
        smiles, std = structure
        records.append(
            {
                "inn": inn,
                "trade_name": reader.get("trade_name"),
                "names": [n.strip() for n in reader.get("names").split("|") if n.strip()],
                "smiles": smiles,
                "structure_key": medicine_key(std),
                "registration_number": number,
                "registered_from": start,
                "registered_to": end,
            }
        )
    if not records and not errors:
        errors.append(NO_DATA_ROWS.at(0, ""))
    if errors:
        raise ImportRejected(sorted(errors, key=lambda e: (e.row, e.field)))
    report = ReferenceImportReport("register of medicines", rows=len(records))
    with transaction.atomic():
        for record in records:
            RegisteredMedicine.objects.update_or_create(
                registration_number=record.pop("registration_number"),
                defaults=record,
            )
            report.written += 1
        mark_references_changed("medicines")
        do_record_event(
            actor=actor,
            action="lists.medicines_import",
            object_type="medicines",
            object_id="register",
            details={"file": Path(path).name, "report": report.summary()},
        )
    return report


def do_import_known_substances(
    path: str | Path,
    *,
    library: str,
    mapping: ColumnMapping,
    encoding: str | None = None,
    sheet: str | None = None,
    actor: Any,
) -> ReferenceImportReport:
    """Replace the entries of ``library`` by the file's rows that have a readable structure."""
    library = library.strip()
    if not library or not library.replace("-", "").replace("_", "").isalnum():
        raise ImportRejected([BAD_LIBRARY.at(0, "library", library)])
    table = _table(path, mapping, ("smiles",), encoding, sheet)
    report = ReferenceImportReport(f"library {library}")
    rows: list[KnownSubstance] = []
    errors: list[RowError] = []
    for source in table:
        report.rows += 1
        reader = RowReader(source, mapping)
        first_seen = reader.date("first_seen", required=False)
        report.warnings.extend(e for e in reader.errors if e.field == "first_seen")  # the date is left empty
        structure = _structure(reader) if reader.get("smiles") else None
        if structure is None:
            report.skipped += 1
            continue
        smiles, std = structure
        name = reader.get("name")
        rows.append(
            KnownSubstance(
                library=library,
                entry=(reader.get("entry") or name or f"row {reader.number}")[:300],
                name=name[:300],
                smiles=smiles,
                structure_key=structure_key(std),
                first_seen=first_seen,
            )
        )
    if not rows and not errors:
        errors.append(NO_DATA_ROWS.at(0, ""))
    if errors:
        raise ImportRejected(sorted(errors, key=lambda e: (e.row, e.field)))
    with transaction.atomic():
        KnownSubstance.objects.filter(library=library).delete()
        KnownSubstance.objects.bulk_create(rows, batch_size=500)
        report.written = len(rows)
        mark_references_changed(f"library:{library}")
        do_record_event(
            actor=actor,
            action="lists.nps_library_import",
            object_type="nps_library",
            object_id=library,
            details={"file": Path(path).name, "report": report.summary()},
        )
    return report
