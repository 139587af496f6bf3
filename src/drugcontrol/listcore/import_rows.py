"""Validate rows of an official list before anything is written: every problem with its row and field.

An import is all-or-nothing: the caller writes only when `errors` is empty, so a list with one bad row
leaves the database exactly as it was.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from drugcontrol.listcore.tabular import SourceRow
from drugcontrol.listcore.thresholds import ThresholdFormatError, Thresholds, parse_thresholds

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


class MappingError(ValueError):
    """A --map option that names an unknown field or is not written target=source."""


@dataclass(frozen=True)
class RowError:
    row: int
    field: str
    message: str
    value: str = ""

    def __str__(self) -> str:
        shown = f" (value {self.value[:60]!r})" if self.value else ""
        return f"row {self.row}, field {self.field!r}: {self.message}{shown}"


@dataclass(frozen=True)
class ColumnMapping:
    """Which source column fills which field; unmapped fields fall back to a column of the same name."""

    targets: dict[str, str] = field(default_factory=dict)
    null_values: frozenset[str] = frozenset()

    @classmethod
    def parse(cls, specs: Iterable[str], *, null_values: Iterable[str] = ()) -> ColumnMapping:
        """`null_values` are cell texts that mean "nothing here" (an export's placeholder such as <NO_STRUCTURE>)."""
        targets: dict[str, str] = {}
        for spec in specs:
            target, sep, source = spec.partition("=")
            target, source = target.strip(), source.strip()
            if not sep or not target or not source:
                raise MappingError(f"--map {spec!r}: expected FIELD=COLUMN, e.g. name_en=Name")
            if target not in TARGET_FIELDS:
                raise MappingError(f"--map {spec!r}: unknown field {target!r}; fields are {', '.join(TARGET_FIELDS)}")
            targets[target] = source
        return cls(targets, frozenset(null_values))

    def source_for(self, target: str) -> str:
        return self.targets.get(target, target)


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


def parse_date(text: str) -> date:
    """ISO (2024-02-03) or the Russian/Kazakh way of writing dates (03.02.2024)."""
    text = text.strip()
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date, no time of day
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not a valid date (YYYY-MM-DD or DD.MM.YYYY)")


def _structure(fields: dict[str, str], mapping: ColumnMapping) -> tuple[str, str]:
    for target in ("smiles", "inchi", "molblock"):
        value = fields.get(mapping.source_for(target), "").strip()
        if value and value not in mapping.null_values:
            return target, value
    return "", ""


def check_header(columns: Sequence[str], mapping: ColumnMapping) -> list[RowError]:
    """Explicit mappings must name existing columns: a typo in --map is an error, not silently empty data."""
    return [
        RowError(1, target, f"column {source!r} is not in the file; its columns are {', '.join(columns)}")
        for target, source in mapping.targets.items()
        if source not in columns
    ]


def validate_rows(
    rows: Iterable[SourceRow],
    mapping: ColumnMapping,
    *,
    allowed_tables: Sequence[str] = (),
    default_effective: date | None = None,
) -> Validation:
    from drugcontrol.chem.errors import ChemError
    from drugcontrol.chem.keys import compute_keys
    from drugcontrol.chem.parse import to_mol

    good: list[ImportRow] = []
    errors: list[RowError] = []
    warnings: list[RowError] = []
    seen_rows: dict[str, int] = {}  # InChIKey → first row with it
    header_checked = False

    def get(fields: dict[str, str], target: str) -> str:
        value = fields.get(mapping.source_for(target), "").strip()
        return "" if value in mapping.null_values else value

    for source in rows:
        fields = source.fields
        if not header_checked:
            errors.extend(check_header(list(fields), mapping))
            header_checked = True
            if errors:
                return Validation([], errors, warnings)
        row_errors: list[RowError] = []
        n = source.number
        if "__error__" in fields:
            row_errors.append(RowError(n, "molblock", fields["__error__"]))
        names = {lang: get(fields, f"name_{lang}") for lang in ("ru", "kk", "en")}
        names = {k: v for k, v in names.items() if v}
        inn = get(fields, "inn")
        if not names and not inn:
            row_errors.append(RowError(n, "name_en", "the row has no name (name_en, name_ru, name_kk or inn)"))
        table = get(fields, "table")
        if not table:
            row_errors.append(RowError(n, "table", "the row has no table"))
        elif allowed_tables and table not in allowed_tables:
            row_errors.append(RowError(n, "table", f"unknown table; this list has {', '.join(allowed_tables)}", table))
        raw_date = get(fields, "effective_from")
        effective = default_effective
        if raw_date:
            try:
                effective = parse_date(raw_date)
            except ValueError as exc:
                row_errors.append(RowError(n, "effective_from", str(exc)))
        elif default_effective is None:
            row_errors.append(
                RowError(n, "effective_from", "no date in the row and no default (--default-effective-date)")
            )
        effective_to = None
        raw_end = get(fields, "effective_to")
        if raw_end:
            try:
                effective_to = parse_date(raw_end)
            except ValueError as exc:
                row_errors.append(RowError(n, "effective_to", str(exc)))
            else:
                if effective is not None and effective_to <= effective:
                    row_errors.append(
                        RowError(
                            n,
                            "effective_to",
                            f"ends on or before it starts ({effective.isoformat()})",
                            raw_end,
                        )
                    )
        cas_cell = get(fields, "cas")
        cas_list = cas_numbers(cas_cell)
        if cas_cell and not cas_list:
            warnings.append(
                RowError(n, "cas", "no valid CAS number (with a correct check digit); left empty", cas_cell)
            )
        kind = get(fields, "kind").lower()
        if kind and kind not in KINDS:
            row_errors.append(RowError(n, "kind", f"unknown kind; kinds are {', '.join(KINDS)}", kind))
        structure_field, structure = _structure(fields, mapping)
        keys = None
        if structure:
            try:
                keys = compute_keys(to_mol(structure, fmt=structure_field))  # type: ignore[arg-type]
            except ChemError as exc:
                row_errors.append(RowError(n, structure_field, str(exc), structure))
        thresholds: tuple[Thresholds, ...] = ()
        cells = (get(fields, "small"), get(fields, "large"), get(fields, "especially_large"))
        if any(cells):
            try:
                thresholds = (parse_thresholds(*cells, form=get(fields, "form")),)
            except ThresholdFormatError as exc:
                row_errors.append(RowError(n, exc.column, str(exc), exc.value))
        if row_errors:
            errors.extend(row_errors)
            continue
        synonyms = tuple(s.strip() for s in re.split(r"[;|]", get(fields, "synonyms")) if s.strip())
        synonyms += tuple(f"CAS {c}" for c in cas_list[1:])
        if keys is not None:
            # Official lists do repeat a structure (two names of one compound, or a source's own error):
            # both lines are kept, and the administrator is told.
            key = keys.inchikey  # type: ignore[attr-defined]
            if key in seen_rows:
                warnings.append(RowError(n, structure_field, f"the same structure as row {seen_rows[key]}"))
            else:
                seen_rows[key] = n
        good.append(
            ImportRow(
                row=n,
                names=names,
                inn=inn,
                cas=cas_list[0] if cas_list else "",
                synonyms=synonyms,
                kind=kind or ("substance" if keys is not None else "other"),
                structure_input=structure,
                table=table,
                section=get(fields, "section"),
                number=get(fields, "number"),
                note=get(fields, "note"),
                effective_from=effective,  # type: ignore[arg-type]
                analogues_controlled=get(fields, "analogues_controlled").lower() in {"1", "true", "yes", "да"},
                thresholds=thresholds,
                keys=keys,
                act=get(fields, "act"),
                effective_to=effective_to,
                ended_by=get(fields, "ended_by"),
            )
        )
    if not header_checked:
        errors.append(RowError(1, "", "the file has no data rows"))
    return Validation(good, errors, warnings)
