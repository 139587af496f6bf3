"""Bulk screening: one verdict per row of a CSV, SDF or SMILES file, on every core, in input order.

Each row goes through ``Assessor.assess``, so a screened verdict is the verdict a single assessment
gives. What makes a library fast to screen is what a row does *not* do:

- a structure met before in the run is not assessed again (the same text is looked up before any work;
  the same standardised structure, with the same counter-ions, inside each worker), so duplicates cost a
  dictionary lookup;
- the InChI-based keys (up to four InChIs and a tautomer search) are computed only for a structure whose
  molecular formula, then whose InChI formula and connectivity layers, are those of a listed structure,
  since no other can be listed in any form;
- the analogue screen drops a query before building its atom tables when no parent passes the
  fingerprint and size prefilters, or when no candidate's skeleton maps onto it; the parents below the
  methodology's minimum size, which cannot make an analogue, are only mapped to apply the same bounds (the
  formal matches the methodology sets aside are named by the single assessment);
- one Morgan count computation serves the similarity search (counted over 64-bit words of the whole list at
  once) and the NPS-likeness features, with the same scores and features to the last bit;
- the NPS-likeness score of every new structure of a chunk is computed in one go (one feature matrix, one walk of
  the trees: ``RiskModel.batch``), each structure getting the score it gets on its own;
- the other jurisdictions' group screens share one prepared structure and test every core's pattern
  fingerprint at once, so a definition none of whose cores can match is never evaluated;
- the maximum common substructure, which puts the differences from the nearest entry into words, is not
  computed at all: a bulk row's explanation says the verdict and its basis, and the differences are shown
  when the row is assessed on its own (the web and API assessment of one structure). The verdicts are the
  same with and without it (``tests/expertise/test_screening_fast_path.py``), and the output no longer
  depends on how long a search was allowed to run, so every run gives the same bytes.

Workers are separate processes, each building its ``Assessor`` once from a picklable
``ScreeningRecipe`` (the list snapshot, the substituent list and the ids of the group definitions);
rows travel in chunks and come back in order. A bad row becomes ``invalid`` with the reason and never
stops the run. Given the address of a Dask scheduler, the same chunks run on its workers instead
(``screening_dask``): the output is the same, row for row.
"""

from __future__ import annotations

import csv
import multiprocessing
import os
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any, Literal

from rdkit import Chem

from drugcontrol.chem.errors import ChemError
from drugcontrol.chem.parse import to_mol
from drugcontrol.chem.similarity import SIMILAR_THRESHOLD
from drugcontrol.chem.standardize import Standardized, standardize
from drugcontrol.chem.substituents import SubstituentLibrary
from drugcontrol.errors import InputRefused
from drugcontrol.expertise.assess import (
    ANALOGUE_RULE_KZ,
    DEFAULT_TIME_LIMIT_S,
    Assessor,
    all_group_definitions,
    input_sha256,
)
from drugcontrol.expertise.medicines import MedicineRegister, RegisteredMedicine
from drugcontrol.expertise.methodology import FORMAL_RULE_ONLY, Methodology
from drugcontrol.expertise.risk import RiskModel
from drugcontrol.expertise.suspicion import SuspicionRecipe
from drugcontrol.expertise.verdicts import VERDICTS, Assessment
from drugcontrol.listcore.identification import entry_label
from drugcontrol.listcore.snapshot import ListedEntry, ListSnapshot
from drugcontrol.messages import Message
from drugcontrol.spreadsheet_safety import SafeDictWriter

__all__ = [
    "SCREEN_COLUMNS",
    "InputFormat",
    "ScreenInput",
    "ScreenInputError",
    "ScreenSummary",
    "ScreeningRecipe",
    "detect_input_format",
    "read_inputs",
    "row_of",
    "screen_file",
    "screen_inputs",
    "write_rows",
]

SCREEN_COLUMNS: tuple[str, ...] = (
    "id",
    "verdict",
    "form",
    "basis_entry",
    "basis_name",
    "table",
    "rule",
    "similarity",
    "risk",
    "elsewhere",
    "known_as",
    "smiles",
    "explanation",
    "error",
)
"""Columns of the output CSV, in order. ``smiles`` is the standardized structure assessed; ``risk`` the
NPS-likeness score (empty when no model is installed or the verdict is a control), ``elsewhere`` the other
jurisdictions whose lists control it, ``known_as`` the reference-library entries (``library:entry``)."""

InputFormat = Literal["csv", "sdf", "smi"]
ProgressCallback = Callable[[int, int], None]
"""Called as ``progress(rows_done, rows_total)`` after each chunk."""

_SUFFIXES: dict[str, InputFormat] = {
    ".csv": "csv",
    ".tsv": "csv",
    ".sdf": "sdf",
    ".sd": "sdf",
    ".gz": "sdf",
    ".smi": "smi",
    ".smiles": "smi",
    ".txt": "smi",
}
_CACHE_LIMIT = 200_000
_CHUNK_LIMIT = 64
"""Rows per chunk at most: about 0.1 s of work, so no core waits long for the last chunk of another."""


class ScreenInputError(InputRefused):
    """The input file as a whole cannot be screened (unknown type, missing column): a message code whose
    parameters name the file as its user knows it (``file``), rendered in the reader's language by the shell."""


UNKNOWN_FILE_TYPE = Message(
    "screen_unknown_type",
    "%(file)s: unknown file type %(suffix)s; expected .csv, .tsv, .sdf, .sdf.gz, .smi, .smiles or .txt.",
)
NO_SUCH_FILE = Message("screen_no_file", "%(file)s: no such file.")
UNREADABLE_CSV = Message("screen_unreadable_csv", "%(file)s: not a readable CSV file (%(reason)s).")
NO_STRUCTURE_COLUMN = Message(
    "screen_no_structure_column", "%(file)s: no column “%(column)s” for the structures; the columns are %(columns)s."
)
NO_ID_COLUMN = Message(
    "screen_no_id_column", "%(file)s: no column “%(column)s” for the ids; the columns are %(columns)s."
)
FILE_TOO_LARGE = Message("screen_file_too_large", "%(file)s: %(size)s bytes, more than the limit of %(limit)s.")
FILE_EMPTY = Message("screen_file_empty", "%(file)s: the file is empty.")
NO_ROWS = Message("screen_no_rows", "%(file)s: no rows to screen.")


@dataclass(frozen=True)
class ScreenInput:
    """One row to screen: the caller's id and the structure text, or why the row could not be read."""

    id: str
    structure: str
    error: str = ""


def detect_input_format(path: str | Path) -> InputFormat:
    """``csv`` (.csv, .tsv), ``sdf`` (.sdf, .sd, .sdf.gz) or ``smi`` (.smi, .smiles, .txt)."""
    suffix = Path(path).suffix.lower()
    if suffix == ".gz" and not Path(path).name.lower().endswith((".sdf.gz", ".sd.gz")):
        suffix = ""
    found = _SUFFIXES.get(suffix)
    if found is None:
        raise ScreenInputError(UNKNOWN_FILE_TYPE, file=Path(path).name, suffix=suffix or "—")
    return found


def read_inputs(
    path: str | Path,
    *,
    fmt: InputFormat | None = None,
    id_column: str = "id",
    smiles_column: str = "smiles",
    id_property: str | None = None,
    name: str = "",
) -> list[ScreenInput]:
    """Every row of ``path`` as a ``ScreenInput``, in file order; errors name the file ``name`` (default: its
    file name), so a stored upload is named as its user called it.

    CSV/TSV: the structure from ``smiles_column`` (SMILES, InChI or a molfile), the id from ``id_column``
    (the row number when the file has no column of the default name ``id``). SDF: the id from the record
    title, or from the data item ``id_property``; a broken record becomes a row with its error. SMILES
    file: one structure per line, optionally followed by whitespace and an id (default: the line number);
    blank lines and lines starting with ``#`` are skipped.
    """
    path = Path(path)
    if not path.is_file():
        raise ScreenInputError(NO_SUCH_FILE, file=name or str(path))
    kind = fmt or detect_input_format(name or path)
    if kind == "csv":
        return _read_csv(path, id_column=id_column, smiles_column=smiles_column, name=name or path.name)
    if kind == "sdf":
        return _read_sdf(path, id_property=id_property)
    return _read_smi(path)


def _read_csv(path: Path, *, id_column: str, smiles_column: str, name: str) -> list[ScreenInput]:
    from drugcontrol.tabular.reading import TableReadError, read_csv

    try:
        table = read_csv(path)
        header = list(table.columns)
        rows = list(table)
    except (TableReadError, csv.Error) as exc:
        raise ScreenInputError(UNREADABLE_CSV, file=name, reason=str(exc)) from exc
    columns = ", ".join(header)
    if smiles_column not in header:
        raise ScreenInputError(
            NO_STRUCTURE_COLUMN, field="smiles_column", file=name, column=smiles_column, columns=columns
        )
    if id_column not in header and id_column != "id":
        raise ScreenInputError(NO_ID_COLUMN, field="id_column", file=name, column=id_column, columns=columns)
    inputs = []
    for row in rows:
        structure = row.fields.get(smiles_column, "")
        row_id = row.fields.get(id_column, "") or f"row {row.number}"
        error = "" if structure else f"row {row.number}: the {smiles_column!r} cell is empty"
        inputs.append(ScreenInput(row_id, structure, error))
    return inputs


def _read_sdf(path: Path, *, id_property: str | None) -> list[ScreenInput]:
    from drugcontrol.chem.parse import iter_sdf

    inputs = []
    for record in iter_sdf(path):
        row_id = (record.props.get(id_property, "") if id_property else record.title) or f"record {record.index}"
        if record.mol is None:
            inputs.append(ScreenInput(row_id, "", f"record {record.index}: {record.error}"))
        else:
            inputs.append(ScreenInput(row_id, Chem.MolToMolBlock(record.mol)))
    return inputs


def _read_smi(path: Path) -> list[ScreenInput]:
    text = path.read_bytes().decode("utf-8-sig", errors="replace")
    inputs = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        parts = stripped.split(maxsplit=1)
        inputs.append(ScreenInput(parts[1].strip() if len(parts) > 1 else f"line {number}", parts[0]))
    return inputs


@dataclass(frozen=True)
class ScreeningRecipe:
    """Everything a worker process needs to build the same ``Assessor``: plain, picklable data.

    Group definitions hold code, so they travel by id and are looked up in ``all_group_definitions``.
    """

    snapshot: ListSnapshot
    substituents: SubstituentLibrary | None
    group_ids: tuple[str, ...]
    jurisdiction: str
    as_of: date
    similar_threshold: float = SIMILAR_THRESHOLD
    analogue_rule: str = ANALOGUE_RULE_KZ
    time_limit_s: float = DEFAULT_TIME_LIMIT_S
    methodology: Methodology = FORMAL_RULE_ONLY
    medicines: tuple[RegisteredMedicine, ...] = ()
    suspicion: SuspicionRecipe | None = None

    @classmethod
    def of(cls, assessor: Assessor) -> ScreeningRecipe:
        """The recipe of an existing assessor; raises ``ValueError`` if it uses a group not known by id."""
        known = {d.group_id: d for d in all_group_definitions()}
        ids = tuple(d.group_id for d in assessor.group_screen_.definitions)
        foreign = [g for g, d in zip(ids, assessor.group_screen_.definitions, strict=True) if known.get(g) is not d]
        if foreign:
            raise ValueError(f"Group definition(s) {', '.join(foreign)} are not the software's own; cannot screen.")
        return cls(
            snapshot=assessor.snapshot,
            substituents=assessor.substituents,
            group_ids=ids,
            jurisdiction=assessor.jurisdiction,
            as_of=assessor.as_of,
            similar_threshold=assessor.similar_threshold,
            analogue_rule=assessor.analogue_rule,
            time_limit_s=assessor.time_limit_s,
            methodology=assessor.methodology,
            medicines=assessor.medicines.records if assessor.medicines is not None else (),
            suspicion=assessor.suspicion.recipe if assessor.suspicion is not None else None,
        )

    def build(self) -> Assessor:
        """The assessor configured for screening (same verdicts, see ``Assessor`` on the screening options)."""
        known = {d.group_id: d for d in all_group_definitions()}
        return Assessor(
            self.snapshot,
            self.substituents,
            [known[g] for g in self.group_ids],
            jurisdiction=self.jurisdiction,
            as_of=self.as_of,
            analogue_rule=self.analogue_rule,
            similar_threshold=self.similar_threshold,
            time_limit_s=self.time_limit_s,
            compare_nearest=1,
            explain_differences=False,
            keys_on_demand=True,
            explain_set_aside=False,
            methodology=self.methodology,
            medicines=MedicineRegister(self.medicines, self.as_of) if self.medicines else None,
            suspicion=self.suspicion.build(self.as_of, bulk=True) if self.suspicion is not None else None,
        )


def row_of(row_id: str, assessment: Assessment) -> dict[str, str]:
    """One output row; the explanation leaves out the first step (its SMILES is in ``smiles``)."""
    basis = assessment.basis
    if isinstance(basis, ListedEntry):
        basis_entry, basis_name = basis.substance_id, str(entry_label(basis))
        table = f"{basis.table} {basis.number}".strip()
    elif basis is not None:
        basis_entry, basis_name, table = basis.group_id, basis.name_en, ""
    else:
        basis_entry = basis_name = table = ""
    steps = assessment.steps[1:] if assessment.query is not None else assessment.steps
    return {
        "id": row_id,
        "verdict": assessment.verdict,
        "form": assessment.form or "",
        "basis_entry": basis_entry,
        "basis_name": basis_name,
        "table": table,
        "rule": assessment.rule,
        "similarity": "" if assessment.similarity is None else f"{assessment.similarity:.3f}",
        "risk": "" if assessment.risk is None else f"{assessment.risk:.3f}",
        "elsewhere": " ".join(assessment.elsewhere),
        "known_as": "; ".join(assessment.known_as),
        "smiles": assessment.query.smiles if assessment.query is not None else "",
        "explanation": " ".join(step.text for step in steps),
        "error": assessment.error_message,
    }


def _invalid_row(item: ScreenInput) -> dict[str, str]:
    return {**dict.fromkeys(SCREEN_COLUMNS, ""), "id": item.id, "verdict": "invalid", "error": item.error}


class _Worker:
    """One assessor and a cache of result rows by standardised form, for the life of a process."""

    def __init__(self, recipe: ScreeningRecipe) -> None:
        self.assessor = recipe.build()
        self.cache: dict[tuple[str, tuple[str, ...], bool], dict[str, str]] = {}

    def row(self, structure: str) -> dict[str, str]:
        """The result row (without id) for one structure text.

        Repeats are found by the standardised structure with what standardisation removed (counter-ions) and
        whether it neutralised it: everything a verdict depends on, so two drawings of one compound, or of its
        salt, cost one assessment. A text that cannot be parsed or standardised gets the single assessment's
        refusal."""
        return self._row(structure, self._standardized(structure))

    def rows(self, structures: Sequence[str]) -> list[dict[str, str]]:
        """``row`` for each text; the NPS-likeness scores of the chunk's new structures are computed at once."""
        standardized = [self._standardized(s) for s in structures]
        model = self._model()
        if model is None:
            return [self._row(s, std) for s, std in zip(structures, standardized, strict=True)]
        new = {}
        for std in standardized:
            if std is not None and self._key(std) not in self.cache:
                new.setdefault(self._key(std), std.mol)
        with model.batch(list(new.values())):
            return [self._row(s, std) for s, std in zip(structures, standardized, strict=True)]

    def _row(self, structure: str, std: Standardized | None) -> dict[str, str]:
        if std is None:
            return row_of("", self.assessor.assess(structure))
        key = self._key(std)
        found = self.cache.get(key)
        if found is None:
            found = row_of("", self.assessor.assess_standardized(std, input_sha256(structure)))
            if len(self.cache) < _CACHE_LIMIT:
                self.cache[key] = found
        return found

    @staticmethod
    def _standardized(structure: str) -> Standardized | None:
        try:
            return standardize(to_mol(structure))
        except (ChemError, RuntimeError, ValueError, KeyError):
            return None

    @staticmethod
    def _key(std: Standardized) -> tuple[str, tuple[str, ...], bool]:
        return (std.smiles, std.removed_fragments, std.neutralized)

    def _model(self) -> RiskModel | None:
        """The NPS-likeness model the assessor scores with in bulk (None: none, or not pinned for the run)."""
        suspicion = self.assessor.suspicion
        likeness = suspicion.likeness if suspicion is not None else None
        return likeness.model if likeness is not None and likeness.use_model else None


_PROCESS_WORKER: _Worker | None = None


def _init_process(recipe: ScreeningRecipe) -> None:
    global _PROCESS_WORKER
    _PROCESS_WORKER = _Worker(recipe)


def _process_chunk(structures: list[str]) -> list[dict[str, str]]:
    if _PROCESS_WORKER is None:  # pragma: no cover - the pool initializer always runs first
        raise RuntimeError("screening worker used before its initializer ran")
    return _PROCESS_WORKER.rows(structures)


def _default_context() -> multiprocessing.context.BaseContext:
    """``fork`` from a program's main thread (fast start); ``spawn`` from any other thread (a server)."""
    in_main = threading.current_thread() is threading.main_thread()
    if in_main and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def screen_inputs(
    inputs: Sequence[ScreenInput],
    recipe: ScreeningRecipe,
    *,
    workers: int | None = None,
    chunk_size: int | None = None,
    progress: ProgressCallback | None = None,
    scheduler: str | None = None,
) -> Iterator[dict[str, str]]:
    """One output row per input, in input order (see ``SCREEN_COLUMNS``).

    ``workers``: processes to use (default: every core; 1 screens in this process). ``scheduler``: the
    address of a Dask scheduler (``tcp://host:8786``) whose workers do the work instead; ``workers`` is then
    not used. Identical structure texts are assessed once. ``progress(done, total)`` is called as chunks finish.
    """
    workers = (os.cpu_count() or 1) if workers is None else workers
    if workers < 1:
        raise ValueError(f"The 'workers' parameter of screen_inputs must be at least 1. Got {workers}.")
    total = len(inputs)
    unique: dict[str, int] = {}
    for item in inputs:
        if not item.error:
            unique.setdefault(item.structure, len(unique))
    texts = list(unique)
    if scheduler:
        from drugcontrol.expertise.screening_dask import DASK_PARTITION_ROWS, run_partitions

        size = chunk_size or max(8, min(DASK_PARTITION_ROWS, len(texts) // 16 or 8))
    else:
        size = chunk_size or max(8, min(_CHUNK_LIMIT, len(texts) // (workers * 8) or 8))
    chunks = [texts[i : i + size] for i in range(0, len(texts), size)]
    results = run_partitions(chunks, recipe, scheduler) if scheduler else _run_chunks(chunks, recipe, workers)
    rows: list[dict[str, str]] = []
    done_texts = 0
    emitted = 0
    for chunk_rows in results:
        rows.extend(chunk_rows)
        done_texts += len(chunk_rows)
        while emitted < total:
            item = inputs[emitted]
            if item.error:
                yield _invalid_row(item)
            elif unique[item.structure] < done_texts:
                yield {**rows[unique[item.structure]], "id": item.id}
            else:
                break
            emitted += 1
        if progress is not None:
            progress(emitted, total)
    for item in inputs[emitted:]:  # only rows that need no assessment can be left
        yield _invalid_row(item) if item.error else {**rows[unique[item.structure]], "id": item.id}
    if progress is not None and emitted < total:
        progress(total, total)


def _run_chunks(chunks: list[list[str]], recipe: ScreeningRecipe, workers: int) -> Iterator[list[dict[str, str]]]:
    if workers == 1 or len(chunks) <= 1:
        worker = _Worker(recipe)
        for chunk in chunks:
            yield worker.rows(chunk)
        return
    context = _default_context()
    with context.Pool(min(workers, len(chunks)), initializer=_init_process, initargs=(recipe,)) as pool:
        yield from pool.imap(_process_chunk, chunks)


def write_rows(rows: Iterable[dict[str, str]], handle: IO[str]) -> ScreenSummary:
    """Write rows as CSV (``SCREEN_COLUMNS``) and count them per verdict as they pass."""
    started = time.perf_counter()
    writer = SafeDictWriter(handle, fieldnames=SCREEN_COLUMNS, lineterminator="\n")
    writer.writeheader()
    counts: Counter[str] = Counter()
    for row in rows:
        writer.writerow(row)
        counts[row["verdict"]] += 1
    return ScreenSummary(counts=dict(counts), seconds=time.perf_counter() - started)


@dataclass(frozen=True)
class ScreenSummary:
    """Rows per verdict and the wall time of the run."""

    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def rate(self) -> float:
        """Rows per second."""
        return self.total / self.seconds if self.seconds > 0 else 0.0

    def line(self) -> str:
        """``"1,204 rows: listed 12, analogue 30, ... — 1,530 compounds/s"``."""
        parts = ", ".join(f"{v} {self.counts[v]:,}" for v in VERDICTS if self.counts.get(v))
        return f"{self.total:,} rows: {parts or 'none'} — {self.seconds:.1f} s, {self.rate:,.0f} compounds/s"

    def to_dict(self) -> dict[str, Any]:
        return {"counts": dict(self.counts), "total": self.total, "seconds": round(self.seconds, 3)}


def screen_file(
    input_path: str | Path,
    output: str | Path | IO[str],
    recipe: ScreeningRecipe,
    *,
    fmt: InputFormat | None = None,
    id_column: str = "id",
    smiles_column: str = "smiles",
    id_property: str | None = None,
    workers: int | None = None,
    progress: ProgressCallback | None = None,
    scheduler: str | None = None,
) -> ScreenSummary:
    """Read ``input_path``, screen every row and write the CSV to ``output`` (a path or an open text file).

    Raises ``ScreenInputError`` when the file as a whole cannot be read; bad rows only become ``invalid``. A
    path is written only when the run completes. ``scheduler``: run on the workers of this Dask scheduler
    (see ``screen_inputs``).
    """
    inputs = read_inputs(input_path, fmt=fmt, id_column=id_column, smiles_column=smiles_column, id_property=id_property)
    if progress is not None:
        progress(0, len(inputs))
    started = time.perf_counter()
    rows = screen_inputs(inputs, recipe, workers=workers, progress=progress, scheduler=scheduler)
    if hasattr(output, "write"):
        summary = write_rows(rows, output)  # type: ignore[arg-type]
    else:  # written beside, then renamed: a run that fails leaves no half-written file under the name asked for
        target = Path(output)
        partial = target.with_name(f".{target.name}.part")
        try:
            with partial.open("w", encoding="utf-8", newline="") as handle:
                summary = write_rows(rows, handle)
            partial.replace(target)
        finally:
            partial.unlink(missing_ok=True)
    return ScreenSummary(counts=summary.counts, seconds=time.perf_counter() - started)
