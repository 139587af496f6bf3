"""Check one row of a regional register (CSV/XLSX): every problem by row and field, nothing written.

A regional register names its columns its own way; the shared tabular mapping (`--map last_name=Фамилия`)
says which column fills which field. Every row is checked in full (IIN check digit and its agreement with
birth date and sex, dates, ICD-10 code, region and facility codes), so one run lists every problem rather
than the first.

Pure Python, no Django: the reference codes (regions, diagnoses, facilities, document types, grounds) are
passed in by the caller, read from the reference tables and the model choices, so the checks are the same
in a test, the command line and the background job.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from drugcontrol.messages import Message, RowError
from drugcontrol.registry.identity import missing_identity
from drugcontrol.registry.iin import IinMismatch, InvalidIin, check_iin_agrees, parse_iin
from drugcontrol.registry.messages import BAD_IIN
from drugcontrol.tabular.errors import FIELD_REQUIRED, IN_FUTURE, NOT_ONE_OF
from drugcontrol.tabular.mapping import ColumnMapping, RowReader
from drugcontrol.tabular.reading import SourceRow

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
_SEX_WORDS = {
    "m": "M", "male": "M", "м": "M", "муж": "M", "мужской": "M", "ер": "M",
    "f": "F", "female": "F", "ж": "F", "жен": "F", "женский": "F", "әйел": "F",
}  # fmt: skip

NO_IDENTITY_COLUMN = Message(
    "registry.no_identity_column", "no column for the IIN (or, without one, the identity document)"
)
IIN_DISAGREES = Message("registry.iin_disagrees", "the IIN disagrees with the row: %(detail)s")
BAD_SEX = Message("registry.bad_sex", "sex must be M or F (М/Ж, male/female)")
BIRTH_DATE_REQUIRED = Message("registry.birth_date_required", "a birth date is required when there is no IIN")
SEX_REQUIRED = Message("registry.sex_required", "sex is required when there is no IIN")
UNKNOWN_REGION = Message("registry.unknown_region", "unknown region code (ISO 3166-2:KZ, e.g. KZ-75)")
UNKNOWN_FACILITY = Message("registry.unknown_facility", "unknown facility code")
UNKNOWN_DIAGNOSIS = Message(
    "registry.unknown_diagnosis",
    "not an ICD-10 code the register accepts (F11–F16, F18, F19 with the fourth character)",
)
BEFORE_BIRTH = Message("registry.before_birth", "precedes the birth date")
BEFORE_REGISTRATION = Message("registry.before_registration", "precedes the registration")
SAME_IIN_IN_FILE = Message("registry.same_iin_in_file", "the same IIN as row %(first)s")
# An IIN already on the register is a recorded disclosure (registry/actions/presence.py), told by where the person is.
ALREADY_REGISTERED = Message("registry.already_registered", "already on the register (%(region)s); disclosure recorded")
ALREADY_REGISTERED_IN_REGION = Message(
    "registry.already_registered_in_region",
    "already on the register in your region (record #%(id)s); disclosure recorded",
)
ALREADY_REGISTERED_ELSEWHERE = Message(
    "registry.already_registered_elsewhere", "already registered outside your region (%(region)s); disclosure recorded"
)


def parse_register_mapping(specs: Iterable[str]) -> ColumnMapping:
    """The `--map` options of a register import (fields: TARGET_FIELDS)."""
    return ColumnMapping.parse(specs, fields=TARGET_FIELDS, example="last_name=Фамилия")


@dataclass(frozen=True)
class ReferenceCodes:
    """The codes a row may use, read from the reference tables and the model choices by the caller."""

    regions: frozenset[str]
    diagnoses: frozenset[str]
    facilities: Mapping[str, str]  # facility code -> its region code
    document_types: Collection[str]
    grounds: Sequence[str]


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

    def to_json(self) -> dict[str, Any]:
        """For the staging table: dates as ISO text."""
        return {k: v.isoformat() if isinstance(v, date) else v for k, v in asdict(self).items()}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> RegisterRow:
        values = dict(data)
        for name in ("birth_date", "registered_on", "remission_since"):
            if values[name]:
                values[name] = date.fromisoformat(values[name])
        return cls(**values)


def check_register_header(columns: Sequence[str], mapping: ColumnMapping) -> list[RowError]:
    """Explicit mappings name existing columns; every required field, and the IIN or a document, has a column."""
    errors = mapping.check_header(columns, required=REQUIRED)
    if not mapping.has_column("iin", columns) and not mapping.has_column("document_number", columns):
        errors.append(NO_IDENTITY_COLUMN.at(1, "iin"))
    return errors


def _sex(row: RowReader) -> str | None:
    text = row.get("sex")
    if not text:
        return None
    value = _SEX_WORDS.get(text.lower())
    if value is None:
        row.error(BAD_SEX, "sex", text)
    return value


def _diagnosis(text: str) -> str:
    """'F11.2', 'f11.2' and 'F112' all mean F11.2."""
    value = text.strip().upper().replace(",", ".")
    if len(value) == 4 and "." not in value:
        value = f"{value[:3]}.{value[3]}"
    return value


def _identity(row: RowReader, codes: ReferenceCodes) -> tuple[str, date | None, str | None]:
    """The IIN, checked in full and against the birth date and sex; missing birth date and sex come from it."""
    birth = row.date("birth_date", required=False)
    sex = _sex(row)
    iin = row.get("iin")
    for problem in missing_identity(
        iin=iin,
        document_type=row.get("document_type"),
        document_number=row.get("document_number"),
        document_types=codes.document_types,
    ):
        field = "document_type" if problem.code == "registry.document_type_required" else "document_number"
        row.error(problem, field, types=", ".join(t for t in codes.document_types if t))
    if not iin:
        if birth is None and not row.has_error("birth_date"):
            row.error(BIRTH_DATE_REQUIRED, "birth_date")
        if sex is None and not row.has_error("sex"):
            row.error(SEX_REQUIRED, "sex")
        return "", birth, sex
    try:
        parsed = parse_iin(iin)
    except InvalidIin as exc:
        row.error(BAD_IIN, "iin", iin, detail=exc.as_param())
        return iin, birth, sex
    try:
        check_iin_agrees(iin, birth_date=birth, sex=sex)
    except IinMismatch as exc:
        row.error(IIN_DISAGREES, "iin", iin, detail=exc.as_param())
    return parsed.value, birth or parsed.birth_date, sex or parsed.sex


def _code(row: RowReader, target: str, known: Collection[str], unknown: Message, *, upper: bool = False) -> str:
    value = row.get(target).upper() if upper else row.get(target)
    if not value:
        row.error(FIELD_REQUIRED, target)
    elif value not in known:
        row.error(unknown, target, value)
    return value


def validate_register_row(
    source: SourceRow, mapping: ColumnMapping, codes: ReferenceCodes, *, today: date
) -> RegisterRow | list[RowError]:
    """The row to write, or every problem of the row."""
    row = RowReader(source, mapping)
    for target in ("last_name", "first_name"):
        if not row.get(target):
            row.error(FIELD_REQUIRED, target)
    iin, birth, sex = _identity(row, codes)
    if birth is not None and birth > today:
        row.error(IN_FUTURE, "birth_date", birth.isoformat())
    region = _code(row, "region", codes.regions, UNKNOWN_REGION, upper=True)
    facility = _code(row, "facility", codes.facilities, UNKNOWN_FACILITY)
    diagnosis = _diagnosis(row.get("diagnosis"))
    if not diagnosis:
        row.error(FIELD_REQUIRED, "diagnosis")
    elif diagnosis not in codes.diagnoses:
        row.error(UNKNOWN_DIAGNOSIS, "diagnosis", row.get("diagnosis"))
    registered = row.date("registered_on", required=True)
    if registered is not None and registered > today:
        row.error(IN_FUTURE, "registered_on", registered.isoformat())
    if registered is not None and birth is not None and registered < birth:
        row.error(BEFORE_BIRTH, "registered_on", registered.isoformat())
    remission = row.date("remission_since", required=False)
    if remission is not None and registered is not None and remission < registered:
        row.error(BEFORE_REGISTRATION, "remission_since", remission.isoformat())
    grounds = row.get("grounds").lower() or codes.grounds[0]
    if grounds not in codes.grounds:
        row.error(NOT_ONE_OF, "grounds", grounds, choices=", ".join(codes.grounds))
    if row.errors:
        return row.errors
    return RegisterRow(
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
    )
