"""The training data of the NPS-likeness model, read from the reference files and labelled.

Positives are structures some authority controls (Kazakhstan's demo list, China's catalogues and NPS
supplement, the US DEA list) and the new psychoactive substances of reference libraries (Cayman's
forensic standards in the NPS categories, every SWGDRUG monograph, PiHKAL/TiHKAL). Negatives are the
Tox21 chemicals and the approved medicines that are none of those *by structure*: a row flagged
``dea_list_match`` is dropped, and so is any whose standardized parent (stereo and isotopes aside) is
the parent of a positive. Carbon-free structures are outside the model's domain (``model.in_domain``)
and left out. Every structure is standardized as an assessment standardizes it, and
duplicates (salts, stereoisomers, deuterated standards) collapse to one example, positive if any of
its rows is. The SHA-256 of each file read is recorded, so a model says what it learnt from.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
from rdkit import Chem

from drugcontrol.chem._rdlog import quiet_rdkit
from drugcontrol.chem.errors import ChemError
from drugcontrol.chem.parse import to_mol
from drugcontrol.chem.standardize import standardize
from drugcontrol.expertise.risk.features import featurize
from drugcontrol.expertise.risk.model import in_domain

__all__ = [
    "KZ_DEMO_LIST",
    "NPS_CATEGORIES",
    "SOURCES",
    "Example",
    "Row",
    "TrainingSet",
    "load_training_set",
    "parent_key",
    "read_rows",
]

KZ_DEMO_LIST = Path(__file__).resolve().parents[2] / "lists" / "demo" / "kz_decree_470.csv"
NPS_CATEGORIES = ("Cannabinoids", "Opioids", "Stimulants", "Hallucinogens", "Benzodiazepines")
"""Cayman categories whose standards are taken as new psychoactive substances (a row in any of them)."""


@dataclass(frozen=True)
class Source:
    """One file of the training data: where it lies under the data folder and what its rows are."""

    code: str
    path: str
    positive: bool
    licence: str


SOURCES: tuple[Source, ...] = (
    Source("KZ", "(project) lists/demo/kz_decree_470.csv", True, "project data written from the public decree"),
    Source(
        "CN", "lists/china_controlled.csv", True, "PRC catalogues; SMILES from a public repository, no licence stated"
    ),
    Source("US", "lists/us_dea_list.tsv", True, "FDA-SRS/DEA via ncats gsrs (Apache-2.0)"),
    Source(
        "Cayman",
        "reference/cayman_reference_standards.csv",
        True,
        "Cayman listing via a public repository, no licence stated",
    ),
    Source(
        "SWGDRUG",
        "reference/swgdrug_monographs.csv",
        True,
        "swgdrug.org monographs via a public repository, no licence stated",
    ),
    Source(
        "PiHKAL",
        "reference/psychoactives_pihkal_tihkal.csv",
        True,
        "PsychonautWiki/PiHKAL-TiHKAL via april19ai/psymol, no licence stated",
    ),
    Source("Tox21", "reference/tox21_chemicals.csv", False, "NCATS Tox21 (US government work)"),
    Source(
        "medicines",
        "negatives/approved_medicines.csv",
        False,
        "DrugCentral 2023 (CC BY-SA 4.0), MoleculeNet ClinTox (MIT)",
    ),
)


@dataclass(frozen=True)
class Row:
    """One row of a source file: its name, structure and the date it was first seen (when the file says)."""

    source: str
    name: str
    smiles: str
    first_seen: date | None = None


@dataclass
class Example:
    """One distinct structure of the training data, with every row that gave it."""

    key: str
    mol: Chem.Mol
    name: str
    label: bool
    sources: set[str] = field(default_factory=set)
    first_seen: dict[str, date] = field(default_factory=dict)
    """Per source, the earliest date a row of that source gives (CN batch, SWGDRUG monograph, KZ entry)."""


@dataclass
class TrainingSet:
    """The labelled examples, their feature matrix (row for row) and what was read and dropped."""

    examples: list[Example]
    features: np.ndarray
    file_hashes: dict[str, str]
    dropped: dict[str, int]

    @property
    def labels(self) -> np.ndarray:
        return np.array([e.label for e in self.examples], dtype=np.int8)

    def counts(self) -> dict[str, int]:
        """Examples per source and label (an example from two sources counts in both)."""
        found: dict[str, int] = {}
        for example in self.examples:
            for source in example.sources:
                key = f"{source}:{'positive' if example.label else 'negative'}"
                found[key] = found.get(key, 0) + 1
        return found


def parent_key(mol: Chem.Mol) -> str:
    """The standardized parent without stereo and isotopes, as canonical SMILES: what "same structure" means here."""
    return Chem.MolToSmiles(mol, isomericSmiles=False)


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None


def _csv(path: Path, *, delimiter: str = ",", encoding: str = "utf-8") -> Iterator[dict[str, str]]:
    with path.open(encoding=encoding, newline="") as handle:
        yield from csv.DictReader(handle, delimiter=delimiter)


def read_rows(data_dir: Path, code: str) -> Iterator[Row]:
    """The rows of one source (``SOURCES``) that enter training; rows without a structure are skipped."""
    if code == "KZ":
        for row in _csv(KZ_DEMO_LIST):
            yield Row(code, row["name_en"] or row["name_ru"], row["smiles"], _date(row["effective_from"]))
    elif code == "CN":
        for row in _csv(data_dir / "lists" / "china_controlled.csv"):
            yield Row(
                code, row["name_en"] or row["name_zh"], row["smiles"], _date(row["effective_date"]) or date(2014, 1, 1)
            )
    elif code == "US":
        for row in _csv(data_dir / "lists" / "us_dea_list.tsv", delimiter="\t", encoding="latin-1"):
            yield Row(code, row["Name"], row["SMILES"])
    elif code == "Cayman":
        for row in _csv(data_dir / "reference" / "cayman_reference_standards.csv"):
            if any(category in row["category"] for category in NPS_CATEGORIES):
                yield Row(code, row["name"], row["smiles"])
    elif code == "SWGDRUG":
        for row in _csv(data_dir / "reference" / "swgdrug_monographs.csv"):
            yield Row(code, row["name"], row["smiles"], _date(row["date"]))
    elif code == "PiHKAL":
        for row in _csv(data_dir / "reference" / "psychoactives_pihkal_tihkal.csv"):
            yield Row(code, row["name"], row["smiles"])
    elif code == "Tox21":
        for row in _csv(data_dir / "reference" / "tox21_chemicals.csv"):
            if not row["dea_list_match"]:
                yield Row(code, row["name"], row["smiles"])
    elif code == "medicines":
        for row in _csv(data_dir / "negatives" / "approved_medicines.csv"):
            if not row["dea_list_match"]:
                yield Row(code, row["name"], row["smiles"])
    else:
        raise ValueError(f"Unknown training source {code!r}; known: {', '.join(s.code for s in SOURCES)}.")


def _file_of(data_dir: Path, source: Source) -> Path:
    return KZ_DEMO_LIST if source.code == "KZ" else data_dir / source.path


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _parent(smiles: str) -> Chem.Mol | None:
    if not smiles:
        return None
    try:
        with quiet_rdkit():
            return standardize(to_mol(smiles, fmt="smiles")).mol
    except ChemError:
        return None


def load_training_set(data_dir: Path, *, sources: tuple[str, ...] | None = None) -> TrainingSet:
    """Read, standardize, label and featurize the training data under ``data_dir`` (``../shared/data``).

    Raises ``FileNotFoundError`` naming the first file that is missing.
    """
    chosen = [s for s in SOURCES if sources is None or s.code in sources]
    hashes = {}
    for source in chosen:
        path = _file_of(data_dir, source)
        if not path.is_file():
            raise FileNotFoundError(f"training data file not found: {path}")
        hashes[source.path] = _sha256(path)
    by_key: dict[str, Example] = {}
    dropped = {"unreadable": 0, "negative_is_positive": 0, "outside_domain": 0}
    for positive in (True, False):  # every positive is known before the first negative is weighed
        for source in (s for s in chosen if s.positive is positive):
            for row in read_rows(data_dir, source.code):
                mol = _parent(row.smiles)
                if mol is None or mol.GetNumAtoms() == 0:
                    dropped["unreadable"] += 1
                    continue
                if not in_domain(mol):  # carbon-free: list IV reagents, inorganic salts (see model.in_domain)
                    dropped["outside_domain"] += 1
                    continue
                key = parent_key(mol)
                example = by_key.get(key)
                if example is None:
                    example = by_key[key] = Example(key, mol, row.name, positive)
                elif example.label and not positive:
                    dropped["negative_is_positive"] += 1
                    continue
                example.sources.add(source.code)
                if row.first_seen is not None:
                    known = example.first_seen.get(source.code)
                    example.first_seen[source.code] = min(known, row.first_seen) if known else row.first_seen
    examples = sorted(by_key.values(), key=lambda e: e.key)  # file order never matters
    return TrainingSet(examples, featurize([e.mol for e in examples]), hashes, dropped)
