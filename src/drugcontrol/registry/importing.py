"""Validate the rows of a regional register (CSV/XLSX) before anything is written: every problem by row and field.

A regional register names its columns its own way; a mapping (`--map last_name=Фамилия`) says which column
fills which field, and unmapped fields fall back to a column of the same name. Every row is checked in full
(IIN check digit and its agreement with birth date and sex, dates, ICD-10 code, region and facility codes),
so one run lists every problem rather than the first.

Pure Python, no Django: the reference codes (regions, diagnoses, facilities) are passed in, so the checks
are the same in a test, the command line and the web.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TextIO

from drugcontrol.listcore.import_rows import RowError, parse_date
from drugcontrol.listcore.tabular import SourceRow
from drugcontrol.registry.iin import IinMismatch, InvalidIin, check_iin_agrees, parse_iin
from drugcontrol.spreadsheet_safety import SafeCsvWriter

TARGET_FIELDS = (
    "iin",
    "document_type",
    "document_number",
    "last_name",
    "first_name",
    "patronymic",
    "birth_date",
    "sex",
    "citizenship",
    "region",
    "address",
    "phone",
    "facility",
    "diagnosis",
    "registered_on",
    "grounds",
    "remission_since",
)
REQUIRED = ("last_name", "first_name", "region", "facility", "diagnosis", "registered_on")
DOCUMENT_TYPES = ("id_card", "passport", "foreign_passport", "residence_permit", "stateless", "birth_certificate")
GROUNDS = ("voluntary", "referral", "court", "compulsory")
_SEX_WORDS = {
    "m": "M", "male": "M", "м": "M", "муж": "M", "мужской": "M", "ер": "M",
    "f": "F", "female": "F", "ж": "F", "жен": "F", "женский": "F", "әйел": "F",
}  # fmt: skip


class ImportMappingError(ValueError):
    """A --map option that names an unknown field or is not written FIELD=COLUMN."""


@dataclass(frozen=True)
class RegisterMapping:
    """Which source column fills which field of the register."""

    targets: dict[str, str] = field(default_factory=dict)

    @classmethod
    def parse(cls, specs: Iterable[str]) -> RegisterMapping:
        targets: dict[str, str] = {}
        for spec in specs:
            target, sep, source = spec.partition("=")
            target, source = target.strip(), source.strip()
            if not sep or not target or not source:
                raise ImportMappingError(f"--map {spec!r}: expected FIELD=COLUMN, e.g. last_name=Фамилия")
            if target not in TARGET_FIELDS:
                raise ImportMappingError(
                    f"--map {spec!r}: unknown field {target!r}; fields are {', '.join(TARGET_FIELDS)}"
                )
            targets[target] = source
        return cls(targets)

    def source_for(self, target: str) -> str:
        return self.targets.get(target, target)


@dataclass(frozen=True)
class ReferenceCodes:
    """The codes a row may use, read from the reference tables by the caller."""

    regions: frozenset[str]
    diagnoses: frozenset[str]
    facilities: Mapping[str, str]  # facility code -> its region code


@dataclass(frozen=True)
class RegisterRow:
    """One validated row: a person and their registration."""

    row: int
    iin: str
    document_type: str
    document_number: str
    last_name: str
    first_name: str
    patronymic: str
    birth_date: date
    sex: str
    citizenship: str
    region: str
    address: str
    phone: str
    facility: str
    diagnosis: str
    registered_on: date
    grounds: str
    remission_since: date | None


@dataclass(frozen=True)
class RegisterValidation:
    rows: tuple[RegisterRow, ...]
    errors: tuple[RowError, ...]
    total: int

    @property
    def rejected_rows(self) -> frozenset[int]:
        return frozenset(e.row for e in self.errors)


def _sex(text: str) -> str:
    value = _SEX_WORDS.get(text.strip().lower())
    if value is None:
        raise ValueError(f"sex must be M or F (М/Ж, male/female). Got {text!r} instead.")
    return value


def _diagnosis(text: str) -> str:
    """'F11.2', 'f11.2' and 'F112' all mean F11.2."""
    value = text.strip().upper().replace(",", ".")
    if len(value) == 4 and "." not in value:
        value = f"{value[:3]}.{value[3]}"
    return value


class _Row:
    """Collects the errors of one row while its fields are read."""

    def __init__(self, source: SourceRow, mapping: RegisterMapping) -> None:
        self.number = source.number
        self.fields = source.fields
        self.mapping = mapping
        self.errors: list[RowError] = []

    def get(self, target: str) -> str:
        return self.fields.get(self.mapping.source_for(target), "").strip()

    def error(self, target: str, message: str, value: str = "") -> None:
        self.errors.append(RowError(self.number, target, message, value))

    def date(self, target: str, *, required: bool) -> date | None:
        raw = self.get(target)
        if not raw:
            if required:
                self.error(target, "a date is required")
            return None
        try:
            return parse_date(raw)
        except ValueError as exc:
            self.error(target, str(exc), raw)
            return None


def check_columns(columns: Sequence[str], mapping: RegisterMapping) -> list[RowError]:
    """Explicit mappings must name existing columns, and every required field must have a column."""
    errors = [
        RowError(1, target, f"column {source!r} is not in the file; its columns are {', '.join(columns)}")
        for target, source in mapping.targets.items()
        if source not in columns
    ]
    errors += [
        RowError(1, target, f"no column for the required field {target!r}; add --map {target}=COLUMN")
        for target in REQUIRED
        if target not in mapping.targets and target not in columns
    ]
    if "iin" not in mapping.targets and "iin" not in columns and "document_number" not in columns:
        errors.append(RowError(1, "iin", "no column for the IIN (or, without one, the identity document)"))
    return errors


def _identity(row: _Row, birth: date | None, sex: str | None) -> tuple[str, date | None, str | None]:
    """The IIN, checked in full and against the birth date and sex; missing birth date and sex come from it."""
    iin = row.get("iin")
    if not iin:
        if row.get("document_type") not in DOCUMENT_TYPES:
            row.error("document_type", f"without an IIN a document type is required: {', '.join(DOCUMENT_TYPES)}")
        if not row.get("document_number"):
            row.error("document_number", "without an IIN the identity document number is required")
        return "", birth, sex
    try:
        parsed = parse_iin(iin)
    except InvalidIin as exc:
        row.error("iin", str(exc), iin)
        return iin, birth, sex
    try:
        check_iin_agrees(iin, birth_date=birth, sex=sex)
    except IinMismatch as exc:
        row.error("iin", str(exc), iin)
    return parsed.value, birth or parsed.birth_date, sex or parsed.sex


def _validate_row(
    source: SourceRow, mapping: RegisterMapping, codes: ReferenceCodes, today: date
) -> tuple[RegisterRow | None, list[RowError]]:
    row = _Row(source, mapping)
    for target in ("last_name", "first_name"):
        if not row.get(target):
            row.error(target, "is required")
    birth = row.date("birth_date", required=False)
    sex: str | None = None
    if row.get("sex"):
        try:
            sex = _sex(row.get("sex"))
        except ValueError as exc:
            row.error("sex", str(exc), row.get("sex"))
    iin, birth, sex = _identity(row, birth, sex)
    if birth is None and not any(e.field in ("birth_date", "iin") for e in row.errors):
        row.error("birth_date", "a birth date is required when there is no IIN")
    if sex is None and not any(e.field in ("sex", "iin") for e in row.errors):
        row.error("sex", "sex is required when there is no IIN")
    if birth is not None and birth > today:
        row.error("birth_date", "is in the future", birth.isoformat())
    region = row.get("region").upper()
    if region and region not in codes.regions:
        row.error("region", "unknown region code (ISO 3166-2:KZ, e.g. KZ-75)", region)
    elif not region:
        row.error("region", "is required")
    facility = row.get("facility")
    if not facility:
        row.error("facility", "is required")
    elif facility not in codes.facilities:
        row.error("facility", "unknown facility code", facility)
    diagnosis = _diagnosis(row.get("diagnosis"))
    if not diagnosis:
        row.error("diagnosis", "is required")
    elif diagnosis not in codes.diagnoses:
        row.error("diagnosis", "not an ICD-10 code the register accepts (F11–F16, F18, F19 with the fourth character)",
                  row.get("diagnosis"))  # fmt: skip
    registered = row.date("registered_on", required=True)
    if registered is not None and registered > today:
        row.error("registered_on", "is in the future", registered.isoformat())
    if registered is not None and birth is not None and registered < birth:
        row.error("registered_on", "precedes the birth date", registered.isoformat())
    remission = row.date("remission_since", required=False)
    if remission is not None and registered is not None and remission < registered:
        row.error("remission_since", "precedes the registration", remission.isoformat())
    grounds = row.get("grounds").lower() or "voluntary"
    if grounds not in GROUNDS:
        row.error("grounds", f"must be one of {', '.join(GROUNDS)}", grounds)
    if row.errors:
        return None, row.errors
    return (
        RegisterRow(
            row=row.number,
            iin=iin,
            document_type=row.get("document_type") if not iin else "",
            document_number=row.get("document_number"),
            last_name=row.get("last_name"),
            first_name=row.get("first_name"),
            patronymic=row.get("patronymic"),
            birth_date=birth,  # type: ignore[arg-type]
            sex=sex,  # type: ignore[arg-type]
            citizenship=(row.get("citizenship") or "KZ").upper(),
            region=region,
            address=row.get("address"),
            phone=row.get("phone"),
            facility=facility,
            diagnosis=diagnosis,
            registered_on=registered,  # type: ignore[arg-type]
            grounds=grounds,
            remission_since=remission,
        ),
        [],
    )


def validate_register_rows(
    rows: Iterable[SourceRow], mapping: RegisterMapping, codes: ReferenceCodes, *, today: date
) -> RegisterValidation:
    """Every row checked; IINs repeated within the file are errors on the later rows."""
    good: list[RegisterRow] = []
    errors: list[RowError] = []
    first_row_of_iin: dict[str, int] = {}
    total = 0
    for source in rows:
        if total == 0:
            header_errors = check_columns(list(source.fields), mapping)
            if header_errors:
                return RegisterValidation((), tuple(header_errors), 0)
        total += 1
        valid, row_errors = _validate_row(source, mapping, codes, today)
        if valid is not None and valid.iin:
            if valid.iin in first_row_of_iin:
                row_errors = [RowError(source.number, "iin", f"the same IIN as row {first_row_of_iin[valid.iin]}")]
                valid = None
            else:
                first_row_of_iin[valid.iin] = source.number
        errors.extend(row_errors)
        if valid is not None:
            good.append(valid)
    if total == 0:
        errors.append(RowError(1, "", "the file has no data rows"))
    return RegisterValidation(tuple(good), tuple(errors), total)


REJECTS_COLUMNS = ("row", "field", "message", "value")


def write_rejects_csv(handle: TextIO, errors: Iterable[RowError]) -> int:
    """The rejects table as CSV on an open text stream: one line per problem; returns how many were written.

    Shared by the command line (a file) and the web page (a download), so both give the same columns.
    """
    writer = SafeCsvWriter(handle)
    writer.writerow(REJECTS_COLUMNS)
    count = 0
    for error in errors:
        writer.writerow([error.row, error.field, error.message, error.value])
        count += 1
    return count


def write_rejects(path: str | Path, errors: Iterable[RowError]) -> int:
    """The rejects file: one line per problem (row number, field, message, value), UTF-8 CSV."""
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        return write_rejects_csv(handle, errors)
