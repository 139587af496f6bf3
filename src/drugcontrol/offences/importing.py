"""Import of cases and seizures from CSV/XLSX (one row per seizure; rows with the same case number form one
case), through the shared tabular reader and mapping, all-or-nothing or skip-invalid with a rejects file.

Every row is validated (dates, region, action, circumstances, mass, substance on the list or a structure)
before anything is written; each problem names its row and field. All-or-nothing writes nothing when any row
is wrong; skip-invalid writes every case whose rows are all right and rejects the others' rows. The cases are
written by `do_create_case`, so every case has its audit row, in one transaction for the whole file.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from drugcontrol.errors import InputRefused
from drugcontrol.importing import read_limits
from drugcontrol.offences.actions.cases import CaseData, ParticipantData, SeizureData, do_create_case
from drugcontrol.offences.counts import counted_together
from drugcontrol.tabular.errors import RowError, TabularError
from drugcontrol.tabular.mapping import ColumnMapping, RowReader
from drugcontrol.tabular.reading import read_table

FIELDS = (
    "case_number",
    "act_date",
    "region",
    "action",
    "circumstances",
    "participant_role",
    "participant_age",
    "participant_sex",
    "substance",
    "smiles",
    "form",
    "net_g",
    "gross_g",
    "purity_pct",
    "seized_on",
    "place",
)
REQUIRED = ("case_number", "act_date", "region", "action")


@dataclass
class ImportResult:
    """What was written, and every problem as code + parameters (the job keeps them `stored()`, so the page and the
    rejects download say them in the reader's language)."""

    written: int
    problems: list[RowError]
    refused: bool


def _error(row: int, exc: InputRefused, value: str = "") -> RowError:
    return RowError(row, exc.field, exc.code, tuple(sorted(exc.params.items())), value)


def _case_of(rows: Sequence[tuple[int, RowReader]]) -> CaseData:
    first = rows[0][1]
    participants = []
    seizures = []
    for _number, row in rows:
        if row.get("participant_role"):
            age = row.get("participant_age")
            participants.append(
                ParticipantData(
                    role=row.get("participant_role"),
                    age=int(age) if age.isdigit() else -1,
                    sex=row.get("participant_sex").upper()[:1],
                )
            )
        if row.get("substance") or row.get("smiles"):
            seizures.append(
                SeizureData(
                    substance=row.get("substance"),
                    smiles=row.get("smiles"),
                    net_g=row.get("net_g") or None,
                    gross_g=row.get("gross_g") or None,
                    purity_pct=row.get("purity_pct") or None,
                    form=row.get("form"),
                    seized_on=row.get("seized_on") or None,
                    place=row.get("place"),
                )
            )
    return CaseData(
        number=first.get("case_number"),
        act_date=first.get("act_date"),
        region=first.get("region").upper(),
        action=first.get("action"),
        circumstances=tuple(c.strip() for c in first.get("circumstances").split(";") if c.strip()),
        participants=tuple(participants),
        seizures=tuple(seizures),
    )


def run_import_file(path: Path, *, actor: Any, mapping: Sequence[str], skip_invalid: bool) -> ImportResult:
    """Validate the whole file, then write all of it, the valid cases, or nothing."""
    problems: list[RowError] = []
    try:
        columns = ColumnMapping.parse(mapping, fields=FIELDS, example="case_number=No")
        table = read_table(path, limits=read_limits())
        header = columns.check_header(table.columns, required=REQUIRED)
        if header:
            return ImportResult(0, list(header), refused=True)
        groups: OrderedDict[str, list[tuple[int, RowReader]]] = OrderedDict()
        for source in table:
            reader = RowReader(source, columns)
            if reader.errors:
                problems.extend(reader.errors)
                continue
            groups.setdefault(reader.get("case_number"), []).append((source.number, reader))
    except TabularError as exc:
        return ImportResult(0, [exc.error], refused=True)
    written = 0
    bad_rows = {p.row for p in problems}
    with transaction.atomic(), counted_together():
        for number, rows in groups.items():
            if any(r in bad_rows for r, _ in rows):
                continue
            try:
                with transaction.atomic():
                    do_create_case(_case_of(rows), actor=actor)
                written += 1
            except InputRefused as exc:
                problems.extend(_error(r, exc, number) for r, _ in rows)
        if problems and not skip_invalid:
            transaction.set_rollback(True)
            written = 0
    return ImportResult(written, problems, refused=bool(problems) and not skip_invalid)


__all__ = ["FIELDS", "ImportResult", "RowError", "run_import_file"]
