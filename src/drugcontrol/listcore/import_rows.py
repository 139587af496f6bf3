"""Validate rows of an official list before anything is written: every problem with its row and field.

An import is all-or-nothing: the caller writes only when there are no errors, so a list with one bad row
leaves the database exactly as it was. Each row is checked on its own (`validate_row`); `validate_rows`
adds what needs the whole file (the header, structures repeated across rows).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from drugcontrol.listcore.thresholds import ThresholdFormatError, Thresholds, parse_thresholds
from drugcontrol.tabular.errors import BAD_DATE, NO_DATA_ROWS, Message, RowError, RowErrors
from drugcontrol.tabular.mapping import ColumnMapping, MappingError, RowReader, parse_date
from drugcontrol.tabular.reading import SourceRow, Table

__all__ = ["ColumnMapping", "ImportRow", "MappingError", "RowError", "Validation", "parse_date", "validate_rows"]

TARGET_FIELDS = (
    "name_en",
    "name_ru",
    "name_kk",
    "inn",
    "cas",
    "synonyms",
    "smiles",
    "inchi",
    "molblock",
    "table",
    "section",
    "number",
    "note",
    "kind",
    "effective_from",
    "act",
    "effective_to",
    "ended_by",
    "small",
    "large",
    "especially_large",
    "form",
    "analogues_controlled",
)
KINDS = ("substance", "plant", "preparation", "group", "other")
_CAS = re.compile(r"(?<![\d-])(\d{2,7})-(\d{2})-(\d)(?![\d-])")

NO_NAME = Message("lists.no_name", "the row has no name (name_en, name_ru, name_kk or inn)")
NO_TABLE = Message("lists.no_table", "the row has no table")
UNKNOWN_TABLE = Message("lists.unknown_table", "unknown table; this list has %(tables)s")
NO_EFFECTIVE_DATE = Message("lists.no_effective_date", "no date in the row and no default (--default-effective-date)")
ENDS_BEFORE_START = Message("lists.ends_before_start", "ends on or before it starts (%(start)s)")
BAD_CAS = Message("lists.bad_cas", "no valid CAS number (with a correct check digit); left empty")
UNKNOWN_KIND = Message("lists.unknown_kind", "unknown kind; kinds are %(kinds)s")
BAD_STRUCTURE = Message("lists.bad_structure", "the structure cannot be read: %(detail)s")
BAD_QUANTITY = Message("lists.bad_quantity", "cannot read the quantity: %(detail)s")
SAME_STRUCTURE = Message("lists.same_structure", "the same structure as row %(first)s")
NO_SUCH_ACT = Message("lists.no_such_act", "no such act in this jurisdiction")


def parse_mapping(specs: Iterable[str], *, null_values: Iterable[str] = ()) -> ColumnMapping:
    """The `--map` options of a list import (fields: TARGET_FIELDS)."""
    return ColumnMapping.parse(specs, fields=TARGET_FIELDS, example="name_en=Name", null_values=null_values)


@dataclass(frozen=True)
class ImportRow:
    row: int
    names: dict[str, str]
    inn: str
    cas: str
    synonyms: tuple[str, ...]
    kind: str
    structure_input: str
    table: str
    section: str
    number: str
    note: str
    effective_from: date
    analogues_controlled: bool
    thresholds: tuple[Thresholds, ...]
    keys: object | None = None  # StructureKeys when the row has a structure
    act: str = ""
    effective_to: date | None = None
    ended_by: str = ""


def cas_numbers(text: str) -> list[str]:
    """The CAS numbers in a cell whose check digit is right; official sheets often add salts or notes."""
    found = []
    for head, middle, check in _CAS.findall(text):
        digits = (head + middle)[::-1]
        if sum(int(d) * (i + 1) for i, d in enumerate(digits)) % 10 == int(check):
            found.append(f"{head}-{middle}-{check}")
    return found


@dataclass
class Validation:
    """Rows ready to write, errors that block the import, and warnings that do not."""

    rows: list[ImportRow]
    errors: list[RowError]
    warnings: list[RowError]


@dataclass(frozen=True)
class RowResult:
    """One row checked: the row to write (None when it has errors), its errors and its warnings."""

    row: ImportRow | None
    errors: list[RowError]
    warnings: list[RowError]


def _structure(row: RowReader) -> tuple[str, str]:
    for target in ("smiles", "inchi", "molblock"):
        value = row.get(target)
        if value:
            return target, value
    return "", ""


def _effective_dates(row: RowReader, default_effective: date | None) -> tuple[date | None, date | None]:
    raw_date = row.get("effective_from")
    effective = default_effective
    if raw_date:
        try:
            effective = parse_date(raw_date)
        except ValueError:
            row.error(BAD_DATE, "effective_from", raw_date)
    elif default_effective is None:
        row.error(NO_EFFECTIVE_DATE, "effective_from")
    effective_to = row.date("effective_to", required=False)
    if effective_to is not None and effective is not None and effective_to <= effective:
        row.error(ENDS_BEFORE_START, "effective_to", row.get("effective_to"), start=effective.isoformat())
    return effective, effective_to


def validate_row(
    source: SourceRow, mapping: ColumnMapping, *, allowed_tables: Sequence[str] = (), default_effective: date | None
) -> RowResult:
    """Every problem of one row, and the row to write when there is none."""
    from drugcontrol.chem.errors import ChemError
    from drugcontrol.chem.keys import compute_keys
    from drugcontrol.chem.parse import to_mol

    row = RowReader(source, mapping)
    warnings: list[RowError] = []
    names = {lang: row.get(f"name_{lang}") for lang in ("ru", "kk", "en")}
    names = {k: v for k, v in names.items() if v}
    inn = row.get("inn")
    if not names and not inn:
        row.error(NO_NAME, "name_en")
    table = row.get("table")
    if not table:
        row.error(NO_TABLE, "table")
    elif allowed_tables and table not in allowed_tables:
        row.error(UNKNOWN_TABLE, "table", table, tables=", ".join(allowed_tables))
    effective, effective_to = _effective_dates(row, default_effective)
    cas_cell = row.get("cas")
    cas_list = cas_numbers(cas_cell)
    if cas_cell and not cas_list:
        warnings.append(BAD_CAS.at(row.number, "cas", cas_cell))
    kind = row.get("kind").lower()
    if kind and kind not in KINDS:
        row.error(UNKNOWN_KIND, "kind", kind, kinds=", ".join(KINDS))
    structure_field, structure = _structure(row)
    keys = None
    if structure:
        try:
            keys = compute_keys(to_mol(structure, fmt=structure_field))  # type: ignore[arg-type]
        except ChemError as exc:
            row.error(BAD_STRUCTURE, structure_field, structure, detail=str(exc))
    thresholds: tuple[Thresholds, ...] = ()
    cells = (row.get("small"), row.get("large"), row.get("especially_large"))
    if any(cells):
        try:
            thresholds = (parse_thresholds(*cells, form=row.get("form")),)
        except ThresholdFormatError as exc:
            row.error(BAD_QUANTITY, exc.column, exc.value, detail=str(exc))
    if row.errors:
        return RowResult(None, row.errors, warnings)
    synonyms = tuple(s.strip() for s in re.split(r"[;|]", row.get("synonyms")) if s.strip())
    synonyms += tuple(f"CAS {c}" for c in cas_list[1:])
    valid = ImportRow(
        row=row.number,
        names=names,
        inn=inn,
        cas=cas_list[0] if cas_list else "",
        synonyms=synonyms,
        kind=kind or ("substance" if keys is not None else "other"),
        structure_input=structure,
        table=table,
        section=row.get("section"),
        number=row.get("number"),
        note=row.get("note"),
        effective_from=effective,  # type: ignore[arg-type]
        analogues_controlled=row.get("analogues_controlled").lower() in {"1", "true", "yes", "да"},
        thresholds=thresholds,
        keys=keys,
        act=row.get("act"),
        effective_to=effective_to,
        ended_by=row.get("ended_by"),
    )
    return RowResult(valid, [], warnings)


def validate_rows(
    table: Table,
    mapping: ColumnMapping,
    *,
    allowed_tables: Sequence[str] = (),
    default_effective: date | None = None,
) -> Validation:
    """The header first (a wrong mapping stops there), then every row; repeated structures are warnings."""
    header_errors = mapping.check_header(table.columns)
    if header_errors:
        return Validation([], header_errors, [])
    good: list[ImportRow] = []
    errors = RowErrors()
    warnings: list[RowError] = []
    first_row_of_structure: dict[str, int] = {}  # InChIKey → first row with it
    seen_any = False
    for source in table:
        seen_any = True
        result = validate_row(source, mapping, allowed_tables=allowed_tables, default_effective=default_effective)
        errors.extend(result.errors)
        warnings.extend(result.warnings)
        valid = result.row
        if valid is None:
            continue
        if valid.keys is not None:
            # Official lists do repeat a structure (two names of one compound, or a source's own error):
            # both lines are kept, and the administrator is told.
            key = valid.keys.inchikey  # type: ignore[attr-defined]
            if key in first_row_of_structure:
                field = _structure(RowReader(source, mapping))[0]
                warnings.append(SAME_STRUCTURE.at(valid.row, field, first=first_row_of_structure[key]))
            else:
                first_row_of_structure[key] = valid.row
        good.append(valid)
    if not seen_any:
        errors.add(NO_DATA_ROWS.at(1, ""))
    return Validation(good, list(errors), warnings)
