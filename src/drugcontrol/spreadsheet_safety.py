"""Cells that a spreadsheet will not run: the one escaping of formulas for every CSV and XLSX we write.

Excel, LibreOffice and Google Sheets treat a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or with a tab
or carriage return followed by one) as a formula; a name, an IIN column or a structure typed by someone else can
then fetch URLs or run commands on the machine of whoever opens the download. OWASP's advice, followed here:
prefix such a text cell with a single quote, which the spreadsheet reads as "this is text" (the quote shows in a
plain-text reader, the lesser evil). Numbers are left alone: a negative count is a number, not a formula.
`csv` itself quotes separators and double quotes (RFC 4180), so a formula cannot hide behind a comma.

Pure Python, no Django: the list exports, screening results, registry downloads and rejects files all use it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from typing import IO, Any

#: What a cell may not start with (OWASP "CSV Injection"): formula signs, tab and carriage return.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value: Any) -> Any:
    """`value` as a cell that cannot be read as a formula: text starting with a formula sign gets a leading "'"."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def escape_row(values: Iterable[Any]) -> list[Any]:
    """Every cell of a row through `escape_formula` (for `csv.writer` rows and openpyxl's `append`)."""
    return [escape_formula(value) for value in values]


class SafeCsvWriter:
    """`csv.writer` whose rows go through `escape_formula`."""

    def __init__(self, handle: IO[str], **fmtparams: Any) -> None:
        self._writer = csv.writer(handle, **fmtparams)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow(escape_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


class SafeDictWriter(csv.DictWriter):
    """`csv.DictWriter` whose values go through `escape_formula`."""

    def writerow(self, rowdict: Mapping[str, Any]) -> Any:
        return super().writerow({key: escape_formula(value) for key, value in rowdict.items()})

    def writerows(self, rowdicts: Iterable[Mapping[str, Any]]) -> None:
        for rowdict in rowdicts:
            self.writerow(rowdict)


def csv_text(rows: Iterable[Iterable[Any]]) -> str:
    """Rows (the header first) as the text of a CSV file, every cell escaped."""
    buffer = io.StringIO()
    SafeCsvWriter(buffer).writerows(rows)
    return buffer.getvalue()
