"""Score a table of texts: the input rows in the same order with two more columns, ``score`` and ``verdict``.

Reads CSV/TSV/XLSX through ``drugcontrol.tabular`` (streamed, with the import limits) and writes a CSV whose cells
a spreadsheet will not run as formulas. An unknown text column is refused before anything is written; an empty
text scores 0 (an empty page is no offer).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from drugcontrol.errors import InputRefused
from drugcontrol.messages import Message
from drugcontrol.monitoring.scoring.model import OfferModel
from drugcontrol.spreadsheet_safety import SafeCsvWriter
from drugcontrol.tabular.reading import ReadLimits, SourceRow, read_table

__all__ = ["NO_TEXT_COLUMN", "BulkResult", "score_table"]

NO_TEXT_COLUMN = Message(
    "monitor.no_text_column", "the file has no column %(column)s; its columns are: %(columns)s"
)
COLUMN_TAKEN = Message(
    "monitor.column_taken", "the file already has a column %(column)s; rename it so the result can add its own"
)
OUTPUT_COLUMNS = ("score", "verdict")
BATCH = 512


@dataclass(frozen=True)
class BulkResult:
    rows: int
    offers: int


def _batches(rows: Iterator[SourceRow]) -> Iterator[list[SourceRow]]:
    batch: list[SourceRow] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def score_table(
    path: Path, out: TextIO, *, text_column: str, model: OfferModel, limits: ReadLimits | None = None
) -> BulkResult:
    """Score every row of ``path`` into ``out``; raises ``InputRefused`` for a missing column and the tabular
    errors (``TableReadError``) for a file that cannot be read."""
    table = read_table(path, limits=limits or ReadLimits())
    if text_column not in table.columns:
        raise InputRefused(NO_TEXT_COLUMN, field="text_column", column=text_column,
                           columns=", ".join(table.columns))  # fmt: skip
    for name in OUTPUT_COLUMNS:
        if name in table.columns:
            raise InputRefused(COLUMN_TAKEN, field="text_column", column=name)
    writer = SafeCsvWriter(out, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([*table.columns, *OUTPUT_COLUMNS])
    rows = offers = 0
    for batch in _batches(iter(table)):
        scores = model.score([row.fields.get(text_column, "") for row in batch])
        for row, result in zip(batch, scores, strict=True):
            writer.writerow([*(row.fields.get(c, "") for c in table.columns), f"{result.score:.4f}", result.verdict])
            offers += result.verdict == "offer"
        rows += len(batch)
    return BulkResult(rows=rows, offers=offers)
