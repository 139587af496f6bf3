"""Read structures given as SMILES, InChI, molfiles or SD files into RDKit molecules.

This is where user data enters the chemistry core, so it is validated once here: sizes are checked
before RDKit sees the text, every failure is a typed ``ChemError`` whose message carries RDKit's own
reason, and RDKit's log noise never reaches stderr.
"""

from __future__ import annotations

import gzip
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, NoReturn, get_args

from rdkit import Chem
from rdkit.Chem import rdinchi

from drugcontrol.chem._rdlog import quiet_rdkit
from drugcontrol.chem.errors import (
    ChemError,
    EmptyStructureError,
    NotTextError,
    StructureTooLargeError,
    UnparseableStructureError,
)

__all__ = [
    "MAX_HEAVY_ATOMS",
    "MAX_INPUT_CHARS",
    "MAX_RINGS",
    "Format",
    "SdfRecord",
    "detect_format",
    "iter_sdf",
    "to_mol",
]

# Controlled substances are small molecules: the largest on any list (peptide-like opioids, the
# bulkiest synthetic cannabinoids, a molfile with explicit hydrogens and long data items) stay well
# under these bounds. Anything bigger is a polymer, a protein, a wrong file or an attack, and is
# refused at once instead of keeping a worker busy with ring perception or tautomer enumeration.
MAX_INPUT_CHARS = 100_000
"""Longest structure text accepted (a 400-atom V2000 molfile with hydrogens is about 60,000 chars)."""
MAX_HEAVY_ATOMS = 400
"""Most non-hydrogen atoms accepted; the largest controlled substances have fewer than 100."""
MAX_RINGS = 40
"""Most rings (SSSR) accepted; controlled substances have at most about ten."""

Format = Literal["smiles", "molblock", "inchi"]
_FORMATS: tuple[str, ...] = ("auto", *get_args(Format))
_FORMAT_LABELS = {"smiles": "SMILES", "molblock": "a molfile", "inchi": "an InChI"}

_INCHIKEY = re.compile(r"^(InChIKey=)?[A-Z]{14}-[A-Z]{10}-[A-Z]$")
_COUNTS_LINE = re.compile(r"V[23]000\s*$")
_V3000_COUNTS = re.compile(r"^M\s+V30\s+COUNTS\s+(\d+)\s+(\d+)")
_SMILES_TOKEN = re.compile(r"\[[^\]]*\]|Br|Cl|%\(\d+\)|%\d{2}|\d|[BCNOPSFIbcnops]|.", re.DOTALL)
_BRACKET_HYDROGEN = re.compile(r"^\[\d*H(?![a-z])")
_FORMULA_ELEMENT = re.compile(r"([A-Z][a-z]?)(\d*)")
_SDF_DATA_NAME = re.compile(r"<([^>]*)>")
_HYDROGEN_SYMBOLS = frozenset({"H", "D", "T"})


def detect_format(text: str) -> Format:
    """Guess the format of structure text: InChI by its prefix, molfile by its lines, else SMILES."""
    stripped = text.strip()
    if stripped[:6].lower() == "inchi=":
        return "inchi"
    if "\n" in stripped or "\r" in stripped or "M  END" in stripped or _COUNTS_LINE.search(stripped):
        return "molblock"
    return "smiles"


def to_mol(text: str, *, fmt: Literal["auto", "smiles", "molblock", "inchi"] = "auto") -> Chem.Mol:
    """Parse structure text into a sanitized RDKit molecule (hydrogens implicit).

    ``fmt="auto"`` uses ``detect_format``. Sizes are checked before parsing (text length, then a
    cheap count of atoms and ring closures in the text) and again on the parsed molecule.

    Raises ``EmptyStructureError``, ``StructureTooLargeError`` or ``UnparseableStructureError``;
    never returns ``None``.
    """
    if not isinstance(text, str):
        raise TypeError(f"to_mol expects structure text (str), got {type(text).__name__}.")
    if fmt not in _FORMATS:
        raise ValueError(f"The 'fmt' parameter of to_mol must be one of {_FORMATS}. Got {fmt!r} instead.")
    if len(text) > MAX_INPUT_CHARS:
        raise StructureTooLargeError(
            f"The structure text is {len(text):,} characters long; at most {MAX_INPUT_CHARS:,} are "
            "accepted for a single structure."
        )
    _check_text(text)
    stripped = text.strip()
    if not stripped:
        raise EmptyStructureError("No structure was given: the text is empty.")
    chosen: Format = detect_format(stripped) if fmt == "auto" else fmt
    if chosen == "smiles":
        mol = _read_smiles(stripped)
    elif chosen == "inchi":
        mol = _read_inchi(stripped)
    else:
        mol = _read_molblock(text)
    _check_parsed_size(mol, chosen)
    return mol


def _check_text(text: str) -> None:
    """Refuse code points UTF-8 cannot carry (lone surrogates from a JSON ``\\ud800`` escape) before RDKit,
    which would fail on them in its own way in each parser."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise NotTextError(
            f"The structure text holds a character that is not text (a lone surrogate) at position {exc.start + 1}.",
            position=exc.start + 1,
        ) from None


@dataclass(frozen=True)
class SdfRecord:
    """One record of an SD file: the molecule or the reason it could not be read, and its data items."""

    index: int
    """1-based position of the record in the file."""
    mol: Chem.Mol | None
    error: ChemError | None
    props: dict[str, str] = field(default_factory=dict)
    title: str = ""
    """First line of the record's molfile header (usually the compound name or an identifier)."""

    @property
    def ok(self) -> bool:
        return self.error is None


def iter_sdf(source: str | os.PathLike[str] | bytes) -> Iterator[SdfRecord]:
    """Read an SD file record by record; a bad record is reported in its ``SdfRecord.error``.

    ``source`` is a path (``.sdf`` or gzip-compressed ``.sdf.gz``), SDF text (a ``str`` holding
    line breaks) or SDF bytes. Files are streamed, so memory stays bounded by one record, and a
    record longer than ``MAX_INPUT_CHARS`` is skipped as too large without being kept in memory.
    A missing file raises ``FileNotFoundError`` at once, not on the first iteration.
    """
    if isinstance(source, bytes):
        return _iter_records(_decode(line) for line in source.splitlines())
    if isinstance(source, str) and ("\n" in source or "\r" in source):
        return _iter_records(iter(source.splitlines()))
    path = Path(source)
    if not path.is_file():
        raise FileNotFoundError(f"No SD file at {str(path)!r}.")
    return _iter_records(_file_lines(path))


# --- SMILES ------------------------------------------------------------------------------------


def _read_smiles(text: str) -> Chem.Mol:
    if _INCHIKEY.match(text):
        raise UnparseableStructureError(
            f"{_excerpt(text)} is an InChIKey, a hash that cannot be turned back into a structure; "
            "give a SMILES, an InChI or a molfile instead.",
            fmt="smiles",
            reason="InChIKey given",
        )
    smiles = text.split(maxsplit=1)[0]  # RDKit reads a trailing name or CXSMILES extension itself
    heavy_atoms, ring_closures = _scan_smiles(smiles)
    if heavy_atoms > MAX_HEAVY_ATOMS:
        raise StructureTooLargeError(
            f"The SMILES has {heavy_atoms} heavy atoms; at most {MAX_HEAVY_ATOMS} are accepted "
            "(controlled substances are small molecules)."
        )
    rings = (ring_closures + 1) // 2
    if rings > MAX_RINGS:
        raise StructureTooLargeError(
            f"The SMILES opens {rings} rings; at most {MAX_RINGS} are accepted (controlled substances have far fewer)."
        )
    return _parsed("smiles", text, lambda: Chem.MolFromSmiles(text))


def _scan_smiles(smiles: str) -> tuple[int, int]:
    """Count heavy atoms and ring-closure digits without parsing: an upper bound that costs O(n).

    Every ring in a SMILES is closed by a pair of ring-closure labels, so half their number bounds
    the ring count. Digits inside brackets (isotopes, charges, hydrogen counts) are not labels.
    """
    heavy_atoms = ring_closures = 0
    for token in _SMILES_TOKEN.findall(smiles):
        if token.startswith("["):
            if not _BRACKET_HYDROGEN.match(token):
                heavy_atoms += 1
        elif token.isdigit() or token.startswith("%"):
            ring_closures += 1
        elif token.isalpha():
            heavy_atoms += 1
    return heavy_atoms, ring_closures


# --- InChI -------------------------------------------------------------------------------------


def _read_inchi(text: str) -> Chem.Mol:
    inchi = text.split(maxsplit=1)[0]
    if not inchi.startswith("InChI="):
        _raise_unparseable("inchi", text, "an InChI starts with 'InChI=' (exactly this case)")
    heavy_atoms = _inchi_heavy_atoms(inchi)
    if heavy_atoms > MAX_HEAVY_ATOMS:
        raise StructureTooLargeError(
            f"The InChI formula has {heavy_atoms} heavy atoms; at most {MAX_HEAVY_ATOMS} are accepted "
            "(controlled substances are small molecules)."
        )
    with quiet_rdkit() as log:
        mol, retcode, message, inchi_log, *_ = rdinchi.InchiToMol(inchi, True, True)
    if mol is None or retcode not in (0, 1):  # 1 = the InChI library only warned
        log_lines = [line.strip() for line in (inchi_log or "").splitlines() if line.strip()]
        reason = (message or "").strip() or log.reason() or (log_lines[-1] if log_lines else "")
        _raise_unparseable("inchi", text, reason)
    return mol


def _inchi_heavy_atoms(inchi: str) -> int:
    """Heavy atoms named by the formula layer, e.g. ``2C9H13N.H2O4S`` → 2×10 + 5 = 25."""
    layers = inchi.split("/")
    if len(layers) < 2:
        return 0
    total = 0
    for component in layers[1].split("."):
        match = re.match(r"(\d*)(.*)", component)
        multiplier = int(match.group(1)) if match and match.group(1) else 1
        body = match.group(2) if match else component
        for symbol, count in _FORMULA_ELEMENT.findall(body):
            if symbol not in _HYDROGEN_SYMBOLS:
                total += multiplier * (int(count) if count else 1)
    return total


# --- molfile -----------------------------------------------------------------------------------


def _read_molblock(text: str) -> Chem.Mol:
    lines = text.rstrip().splitlines()
    end = next((i for i, line in enumerate(lines) if line.strip() == "$$$$"), None)
    if end is not None:
        if any(line.strip() for line in lines[end + 1 :]):
            raise UnparseableStructureError(
                "The text holds more than one SD file record; give one molfile, or read the whole file as an SD file.",
                fmt="molblock",
                reason="several records",
            )
        lines = lines[:end]
    block, counts = _normalise_header(lines)
    if counts is not None:
        atoms, bonds = counts
        min_rings = bonds - atoms + 1  # cycle rank of a connected graph; more parts only add rings
        if min_rings > MAX_RINGS:
            raise StructureTooLargeError(
                f"The molfile has {atoms} atoms and {bonds} bonds, so at least {min_rings} rings; "
                f"at most {MAX_RINGS} are accepted."
            )
    strict = {"sanitize": True, "removeHs": True, "strictParsing": True}
    return _parsed("molblock", text, lambda: Chem.MolFromMolBlock(block, **strict))


def _parsed(kind: str, text: str, parse: Callable[[], Chem.Mol | None]) -> Chem.Mol:
    """The molecule RDKit's ``parse`` returns, with its own log silenced; unparseable: the log's reason, or the
    message of what it raised (malformed CXSMILES extensions and strict molfiles raise)."""
    with quiet_rdkit() as log:
        try:
            mol = parse()
        except (RuntimeError, ValueError) as exc:
            mol = None
            log_reason = str(exc)
        else:
            log_reason = ""
    if mol is None:
        _raise_unparseable(kind, text, log_reason or log.reason())
    return mol


def _normalise_header(lines: list[str]) -> tuple[str, tuple[int, int] | None]:
    """Rebuild the three header lines before the counts line and read the atom and bond counts.

    Pasted molfiles often lose blank header lines (or gain one); the counts line is the anchor.
    """
    counts_index = next((i for i, line in enumerate(lines) if _COUNTS_LINE.search(line)), None)
    if counts_index is None:
        counts_index = 3 if len(lines) > 3 else None  # old molfiles may omit "V2000"
    if counts_index is None:
        return "\n".join(lines) + "\n", None
    header = lines[max(0, counts_index - 3) : counts_index]
    header = [""] * (3 - len(header)) + header
    body = lines[counts_index:]
    return "\n".join([*header, *body]) + "\n", _read_counts(body)


def _read_counts(body: list[str]) -> tuple[int, int] | None:
    counts_line = body[0]
    if counts_line.rstrip().endswith("V3000"):
        for line in body[1:]:
            match = _V3000_COUNTS.match(line)
            if match:
                return int(match.group(1)), int(match.group(2))
        return None
    try:
        return int(counts_line[0:3]), int(counts_line[3:6])
    except ValueError:
        return None


# --- SD files ----------------------------------------------------------------------------------


def _iter_records(lines: Iterable[str]) -> Iterator[SdfRecord]:
    index = 0
    buffer: list[str] = []
    size = 0
    too_long = False
    for line in lines:
        if line.strip() == "$$$$":
            index += 1
            yield _make_record(index, buffer, too_long)
            buffer, size, too_long = [], 0, False
            continue
        if too_long:
            continue
        size += len(line) + 1
        if size > MAX_INPUT_CHARS:
            buffer, too_long = [], True
            continue
        buffer.append(line)
    if too_long or any(line.strip() for line in buffer):  # last record without its "$$$$"
        yield _make_record(index + 1, buffer, too_long)


def _make_record(index: int, lines: list[str], too_long: bool) -> SdfRecord:
    if too_long:
        error = StructureTooLargeError(
            f"SD file record {index} is longer than {MAX_INPUT_CHARS:,} characters and was skipped."
        )
        return SdfRecord(index=index, mol=None, error=error)
    end = next((i for i, line in enumerate(lines) if line.startswith("M  END")), None)
    mol_lines = lines if end is None else lines[: end + 1]
    props = _parse_data_items(lines[end + 1 :] if end is not None else [])
    title = mol_lines[0].strip() if mol_lines else ""
    try:
        mol = to_mol("\n".join(mol_lines), fmt="molblock")
    except ChemError as error:
        return SdfRecord(index=index, mol=None, error=error, props=props, title=title)
    for name, value in props.items():
        mol.SetProp(name, value)
    return SdfRecord(index=index, mol=mol, error=None, props=props, title=title)


def _parse_data_items(lines: list[str]) -> dict[str, str]:
    """Data items: a ``> <name>`` line, value lines, then a blank line."""
    props: dict[str, str] = {}
    name: str | None = None
    values: list[str] = []
    for line in [*lines, ""]:
        if line.startswith(">"):
            if name is not None:
                props[name] = "\n".join(values)
            match = _SDF_DATA_NAME.search(line)
            name = match.group(1) if match else line[1:].strip()
            values = []
        elif name is not None:
            if line.strip():
                values.append(line.rstrip())
            else:
                props[name] = "\n".join(values)
                name, values = None, []
    return props


def _file_lines(path: Path) -> Iterator[str]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as handle:
        for raw in handle:
            yield _decode(raw).rstrip("\r\n")


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")  # old SD files from vendors and agencies


# --- shared ------------------------------------------------------------------------------------


def _check_parsed_size(mol: Chem.Mol, fmt: Format) -> None:
    if mol.GetNumAtoms() == 0:
        raise EmptyStructureError(f"The structure read as {_FORMAT_LABELS[fmt]} holds no atoms.")
    heavy_atoms = mol.GetNumHeavyAtoms()
    if heavy_atoms > MAX_HEAVY_ATOMS:
        raise StructureTooLargeError(
            f"The structure has {heavy_atoms} heavy atoms; at most {MAX_HEAVY_ATOMS} are accepted "
            "(controlled substances are small molecules)."
        )
    rings = mol.GetRingInfo().NumRings()
    if rings > MAX_RINGS:
        raise StructureTooLargeError(
            f"The structure has {rings} rings; at most {MAX_RINGS} are accepted (controlled substances have far fewer)."
        )


def _raise_unparseable(fmt: Format, text: str, reason: str) -> NoReturn:
    detail = reason or "the parser gave no reason"
    if fmt == "molblock":
        message = f"The molfile could not be read: {detail}."
    else:
        message = f"{_excerpt(text)} could not be read as {_FORMAT_LABELS[fmt]}: {detail}."
    raise UnparseableStructureError(message, fmt=fmt, reason=reason)


def _excerpt(text: str, limit: int = 60) -> str:
    """The start of the input, quoted, for messages (never the whole of a long text)."""
    stripped = text.strip()
    first_line = stripped.splitlines()[0] if stripped else ""
    if len(first_line) > limit or first_line != stripped:
        return repr(first_line[:limit] + "…")
    return repr(first_line)
