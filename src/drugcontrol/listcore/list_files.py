"""Open an official list file: CSV/TSV and XLSX through the shared tabular readers, SDF record by record.

SDF is the lists' own format (structures with data fields), so its reader lives here rather than in the
generic `drugcontrol.tabular`; a record whose structure cannot be read carries the problem in its row's
`error`, reported like any other row error.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

from drugcontrol.tabular.errors import Message
from drugcontrol.tabular.reading import (
    NO_LIMITS,
    NO_SUCH_FILE,
    ReadLimits,
    SourceRow,
    Table,
    TableReadError,
    detect_format,
    limit_rows,
    read_table,
)

UNREADABLE_RECORD = Message("lists.unreadable_record", "the record's structure cannot be read: %(detail)s")


def _sdf_rows(path: str | Path) -> Iterator[SourceRow]:
    from rdkit import Chem

    from drugcontrol.chem.parse import iter_sdf

    for record in iter_sdf(path):
        fields = dict(record.props)
        error = None
        if record.mol is not None:
            fields["molblock"] = Chem.MolToMolBlock(record.mol)
        else:
            fields["molblock"] = ""
            error = UNREADABLE_RECORD.at(record.index, "molblock", detail=str(record.error))
        yield SourceRow(record.index, fields, error)


def read_sdf(path: str | Path, *, limits: ReadLimits = NO_LIMITS) -> Table:
    """The columns of an SD file are the data fields of its first record (plus `molblock`)."""
    rows = _sdf_rows(path)
    first = next(rows, None)
    if first is None:
        return Table((), iter(()))
    return Table(tuple(first.fields), limit_rows(itertools.chain([first], rows), limits))


def read_list_table(
    path: str | Path, *, encoding: str | None = None, sheet: str | None = None, limits: ReadLimits = NO_LIMITS
) -> Table:
    if not Path(path).is_file():
        raise TableReadError(NO_SUCH_FILE)
    if detect_format(path) == "sdf":
        return read_sdf(path, limits=limits)
    return read_table(path, encoding=encoding, sheet=sheet, limits=limits)
