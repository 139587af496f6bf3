"""Stream the rows of a CSV/TSV or XLSX file as numbered text fields, within limits set by the caller.

Rows are read one at a time (openpyxl's read-only mode for XLSX, line by line for CSV), so memory does not
grow with the file. Row numbers are what a person sees in the file (header = row 1), so every error points
at the right line. Two limits protect the machine: the number of data rows, and for XLSX the size the
workbook declares it unpacks to, checked in the zip's directory before anything is decompressed (a tiny
file that unpacks to gigabytes, a "zip bomb", is refused at once; zipfile itself never inflates an entry
beyond its declared size). Text that is not valid in its encoding is refused with its row, never stored
as mojibake.
"""

from __future__ import annotations

import contextlib
import csv
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from drugcontrol.messages import Message, RowError
from drugcontrol.tabular.errors import TabularError

UNKNOWN_TYPE = Message("tabular.unknown_type", "unknown file type %(suffix)s; expected .csv, .tsv, .txt or .xlsx")
NO_SUCH_FILE = Message("tabular.no_such_file", "no such file")
NO_HEADER = Message("tabular.no_header", "the file has no header row")
NOT_XLSX = Message("tabular.not_xlsx", "not a readable XLSX workbook (%(detail)s)")
NO_SHEET = Message("tabular.no_sheet", "no sheet named %(sheet)s; the sheets are %(sheets)s")
EMPTY_SHEET = Message("tabular.empty_sheet", "the sheet is empty")
BAD_CSV = Message("tabular.bad_csv", "cannot be read as CSV (%(detail)s)")
BAD_ENCODING = Message(
    "tabular.bad_encoding",
    "the text is not valid %(encoding)s; save the file as UTF-8 or give its encoding (e.g. cp1251)",
)
UNKNOWN_ENCODING = Message("tabular.unknown_encoding", "unknown text encoding %(encoding)s")
TOO_MANY_ROWS = Message(
    "tabular.too_many_rows",
    "the file has more than %(limit)s data rows, the import row limit (DRUGCONTROL_IMPORT_MAX_ROWS); split it",
)
UNPACKS_TOO_LARGE = Message(
    "tabular.unpacks_too_large",
    "the workbook unpacks to %(size)s MB, more than the limit of %(limit)s MB "
    "(DRUGCONTROL_IMPORT_MAX_UNPACKED_MB); nothing was read",
)


class TableReadError(TabularError):
    """The file itself cannot be read as the format it claims to be, or is beyond a limit."""


@dataclass(frozen=True)
class ReadLimits:
    """How much a file may hold: data rows, and the unpacked size of an XLSX workbook (None: no limit)."""

    max_rows: int | None = None
    max_unpacked_bytes: int | None = None


NO_LIMITS = ReadLimits()


@dataclass(frozen=True)
class SourceRow:
    """A data row: its number in the file and its cells by column name; `error` when the row is unreadable."""

    number: int
    fields: dict[str, str]
    error: RowError | None = None


@dataclass
class Table:
    """The header of a file and an iterator over its data rows (read as they are consumed)."""

    columns: tuple[str, ...]
    rows: Iterator[SourceRow] = field(repr=False)

    def __iter__(self) -> Iterator[SourceRow]:
        return self.rows


def detect_format(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix in {".csv", ".tsv", ".txt"}:
        return "csv"
    if suffix in {".xlsx", ".xlsm"}:
        return "xlsx"
    if suffix in {".sdf", ".sd", ".mol"}:
        return "sdf"
    raise TableReadError(UNKNOWN_TYPE, suffix=repr(suffix))


def limit_rows(rows: Iterator[SourceRow], limits: ReadLimits) -> Iterator[SourceRow]:
    """The rows, refused (TableReadError) at the first one beyond `limits.max_rows`."""
    for count, row in enumerate(rows, start=1):
        if limits.max_rows is not None and count > limits.max_rows:
            raise TableReadError(TOO_MANY_ROWS, row=row.number, limit=limits.max_rows)
        yield row


class _Undecodable(Exception):
    pass


def _decoded_lines(handle: IO[bytes], encoding: str) -> Iterator[str]:
    """Line by line, so that a bad byte is found at its row, never replaced by a guess."""
    first = True
    for raw in handle:
        try:
            yield raw.decode("utf-8-sig" if first and encoding.replace("_", "-").lower() in ("utf-8", "utf8")
                             else encoding)  # fmt: skip
        except UnicodeDecodeError as exc:
            raise _Undecodable from exc
        first = False


SNIFF_LINES = 20
DELIMITERS = ",;\t"


def sniff_delimiter(lines: list[str]) -> str:
    """The delimiter of a CSV from its first lines: ";" from a Russian Excel (whose decimal mark is the comma),
    "," or a tab otherwise. The one that splits the most rows into as many cells as the header wins, then the one
    that splits the header widest, so decimal commas in the cells never outvote the semicolons between them."""

    def fit(delimiter: str) -> tuple[int, int]:
        records: list[list[str]] = []
        with contextlib.suppress(csv.Error):  # the sample may end inside a quoted cell
            records.extend(csv.reader(lines, delimiter=delimiter))
        width = len(records[0]) if records else 0
        if width < 2:
            return (0, 0)
        return (sum(len(record) == width for record in records[1:] if any(map(str.strip, record))), width)

    best = max(DELIMITERS, key=fit)
    return best if fit(best) > (0, 0) else ","


def _csv_rows(handle: IO[bytes], encoding: str, delimiter: str | None) -> tuple[tuple[str, ...], Iterator[SourceRow]]:
    lines = _decoded_lines(handle, encoding)
    try:
        first_line = next(lines, "")
    except _Undecodable:
        raise TableReadError(BAD_ENCODING, row=1, encoding=encoding) from None
    if not first_line.strip():
        raise TableReadError(NO_HEADER)
    sample, undecodable = [first_line], False
    try:
        for line in lines:
            sample.append(line)
            if len(sample) == SNIFF_LINES:
                break
    except _Undecodable:
        undecodable = True  # raised again below, at its row, after the rows before it
    if delimiter is None:
        delimiter = sniff_delimiter(sample)

    def all_lines() -> Iterator[str]:
        yield from sample
        if undecodable:
            raise _Undecodable
        yield from lines

    reader = csv.reader(all_lines(), delimiter=delimiter)
    header = tuple(name.strip() for name in next(reader))

    def rows() -> Iterator[SourceRow]:
        number = 1
        try:
            for record in reader:
                number += 1
                if not any(cell.strip() for cell in record):
                    continue
                yield SourceRow(number, {n: v.strip() for n, v in zip(header, record, strict=False) if n})
        except _Undecodable:
            raise TableReadError(BAD_ENCODING, row=number + 1, encoding=encoding) from None
        except csv.Error as exc:
            raise TableReadError(BAD_CSV, row=number + 1, detail=str(exc)) from None
        finally:
            handle.close()

    return header, rows()


def read_csv(
    path: str | Path, *, encoding: str | None = None, delimiter: str | None = None, limits: ReadLimits = NO_LIMITS
) -> Table:
    """UTF-8 (with or without a byte-order mark) unless `encoding` says otherwise; no silent fallback."""
    encoding = encoding or "utf-8"
    try:
        "".encode(encoding)
    except LookupError:
        raise TableReadError(UNKNOWN_ENCODING, encoding=repr(encoding)) from None
    handle = Path(path).open("rb")  # noqa: SIM115 - closed by the row generator when it ends
    try:
        columns, rows = _csv_rows(handle, encoding, delimiter)
    except BaseException:
        handle.close()
        raise
    return Table(columns, limit_rows(rows, limits))


def check_unpacked_size(path: str | Path, limit: int | None) -> int:
    """The size an XLSX (a zip) declares it unpacks to, refused above `limit` before anything is inflated."""
    try:
        with zipfile.ZipFile(path) as archive:
            size = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise TableReadError(NOT_XLSX, detail=str(exc)) from None
    if limit is not None and size > limit:
        raise TableReadError(UNPACKS_TOO_LARGE, size=_mb(size), limit=_mb(limit))
    return size


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:,.1f}"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return str(value).strip()


def read_xlsx(path: str | Path, *, sheet: str | None = None, limits: ReadLimits = NO_LIMITS) -> Table:
    """The first sheet (or `sheet`), streamed in read-only mode, only as wide as its header."""
    from openpyxl import load_workbook

    check_unpacked_size(path, limits.max_unpacked_bytes)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise TableReadError(NOT_XLSX, detail=str(exc)) from exc
    try:
        try:
            worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
        except (KeyError, IndexError):
            raise TableReadError(NO_SHEET, sheet=repr(sheet), sheets=", ".join(workbook.sheetnames)) from None
        # The declared dimension may claim 16,384 columns and a million rows: read what is there instead.
        worksheet.reset_dimensions()
        values = worksheet.iter_rows(values_only=True)
        header = next(values, None)
        if header is None:
            raise TableReadError(EMPTY_SHEET)
        names = tuple(_cell(h) for h in header)
    except BaseException:
        workbook.close()
        raise

    def rows() -> Iterator[SourceRow]:
        try:
            for number, row in enumerate(values, start=2):
                cells = row[: len(names)]
                if all(v is None or v == "" for v in cells):
                    continue
                yield SourceRow(number, {n: _cell(v) for n, v in zip(names, cells, strict=False) if n})
        finally:
            workbook.close()

    return Table(names, limit_rows(rows(), limits))


def read_table(
    path: str | Path,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    sheet: str | None = None,
    limits: ReadLimits = NO_LIMITS,
) -> Table:
    """A CSV/TSV or XLSX file as a header and a stream of rows."""
    if not Path(path).is_file():
        raise TableReadError(NO_SUCH_FILE)
    kind = detect_format(path)
    if kind == "csv":
        return read_csv(path, encoding=encoding, delimiter=delimiter, limits=limits)
    if kind == "xlsx":
        return read_xlsx(path, sheet=sheet, limits=limits)
    raise TableReadError(UNKNOWN_TYPE, suffix=repr(Path(path).suffix))
