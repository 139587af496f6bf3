"""Read official lists from CSV/TSV, XLSX and SDF into numbered rows of text fields.

Row numbers are what a person sees in the file (header = row 1 for tables, record 1 for SDF), so an
error message points at the right line.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


class TableReadError(ValueError):
    """The file itself cannot be read as the format it claims to be."""


@dataclass(frozen=True)
class SourceRow:
    number: int
    fields: dict[str, str]


def detect_format(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix in {".csv", ".tsv", ".txt"}:
        return "csv"
    if suffix in {".xlsx", ".xlsm"}:
        return "xlsx"
    if suffix in {".sdf", ".sd", ".mol"}:
        return "sdf"
    raise TableReadError(f"{path}: unknown file type {suffix!r}; expected .csv, .tsv, .xlsx or .sdf")


def _decode(raw: bytes, encoding: str | None, path: str | Path) -> str:
    if encoding:
        return raw.decode(encoding)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Official exports from older systems often come in Windows-1251 or Latin-1.
        for fallback in ("cp1251", "latin-1"):
            try:
                return raw.decode(fallback)
            except UnicodeDecodeError:
                continue
    raise TableReadError(f"{path}: cannot decode the file; pass --encoding")


def read_csv(path: str | Path, *, encoding: str | None = None, delimiter: str | None = None) -> Iterator[SourceRow]:
    text = _decode(Path(path).read_bytes(), encoding, path)
    if delimiter is None:
        first_line = text.split("\n", 1)[0]
        delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    if not reader.fieldnames:
        raise TableReadError(f"{path}: the file has no header row")
    for number, record in enumerate(reader, start=2):
        yield SourceRow(number, {k.strip(): (v or "").strip() for k, v in record.items() if k is not None})


def read_xlsx(path: str | Path, *, sheet: str | None = None) -> Iterator[SourceRow]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise TableReadError(f"{path}: not a readable XLSX workbook ({exc})") from exc
    try:
        worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
    except KeyError as exc:
        raise TableReadError(f"{path}: no sheet named {sheet!r}; sheets are {workbook.sheetnames}") from exc
    rows = worksheet.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        raise TableReadError(f"{path}: the sheet is empty")
    names = [str(h).strip() if h is not None else "" for h in header]
    for number, values in enumerate(rows, start=2):
        if all(v is None for v in values):
            continue
        fields = {}
        for name, value in zip(names, values, strict=False):
            if name:
                fields[name] = (
                    ""
                    if value is None
                    else (value.isoformat()[:10] if hasattr(value, "isoformat") else str(value)).strip()
                )
        yield SourceRow(number, fields)
    workbook.close()


def read_sdf(path: str | Path) -> Iterator[SourceRow]:
    """Each record's data fields, plus its connection table as the field `molblock` (or `error`)."""
    from rdkit import Chem

    from drugcontrol.chem.parse import iter_sdf

    for record in iter_sdf(path):
        fields = dict(record.props)
        if record.mol is not None:
            fields["molblock"] = Chem.MolToMolBlock(record.mol)
        else:
            fields["molblock"] = ""
            fields["__error__"] = str(record.error)
        yield SourceRow(record.index, fields)


def read_rows(
    path: str | Path, *, encoding: str | None = None, delimiter: str | None = None, sheet: str | None = None
) -> Iterator[SourceRow]:
    if not Path(path).is_file():
        raise TableReadError(f"{path}: no such file")
    kind = detect_format(path)
    if kind == "csv":
        return read_csv(path, encoding=encoding, delimiter=delimiter)
    if kind == "xlsx":
        return read_xlsx(path, sheet=sheet)
    return read_sdf(path)
