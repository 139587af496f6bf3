"""A trained NPS-likeness model: score structures, flag those above the threshold, name the nearest examples.

The model file is one zip: ``model.json`` (version, threshold, the cross-validated figures, the hashes of
the data it learnt from), ``booster.txt`` (LightGBM's own text format, no pickle), ``examples.tsv``
(each training example's name, label and Morgan fingerprint as hex, for the nearest-example reasons) and
``forest/`` (the same trees as numpy arrays, ``.npy`` without pickle, which score without importing LightGBM).
``load_model`` reads a file once per process and keeps it; a missing or unreadable file raises
``RiskModelUnavailable``, and ``available_model`` returns ``None`` instead, so a verdict can say the score
was not computed.
"""

from __future__ import annotations

import functools
import io
import json
import os
import threading
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from rdkit import Chem, DataStructs

from drugcontrol.chem.fingerprints import morgan_fingerprint
from drugcontrol.expertise.risk.features import FEATURE_SET, featurize
from drugcontrol.expertise.risk.forest import Forest

__all__ = [
    "MODEL_ENV",
    "MODEL_FILE_NAME",
    "NEAREST_DEFAULT",
    "RiskModel",
    "RiskModelUnavailable",
    "RiskResult",
    "available_model",
    "default_model_path",
    "in_domain",
    "load_model",
]

MODEL_ENV = "DRUGCONTROL_RISK_MODEL"
"""Environment variable naming the model file; default ``$DRUGCONTROL_DATA_DIR/models/nps-likeness.zip``."""
MODEL_FILE_NAME = "nps-likeness.zip"
FORMAT = "drugcontrol-nps-likeness/1"
NEAREST_DEFAULT = 3
"""Nearest training examples named as the reasons of a score."""


class RiskModelUnavailable(RuntimeError):
    """No usable model file: absent, unreadable, or of another feature recipe. Says which file and why."""


@dataclass(frozen=True)
class RiskResult:
    """The score of one structure (0-1), whether it passes the model's threshold, and why.

    ``nearest``: the closest training examples as (name, Tanimoto similarity on Morgan radius-2 bits),
    best first; ``nearest_positive`` says, row for row, whether each is a controlled structure or known
    NPS (True) or a non-psychoactive chemical or medicine (False). Empty when not asked for.
    """

    score: float
    flagged: bool
    nearest: list[tuple[str, float]] = field(default_factory=list)
    nearest_positive: list[bool] = field(default_factory=list)


class RiskModel:
    """A loaded model. Thread-safe for scoring; build it with ``load_model`` or ``RiskModel.from_bytes``."""

    def __init__(
        self,
        meta: dict[str, Any],
        booster_text: str,
        names: list[str],
        labels: list[bool],
        fps: list,
        *,
        forest: Forest | None = None,
    ) -> None:
        """``forest``: the trees as the model file keeps them; without it they are read from ``booster_text``
        (through LightGBM, whose import alone costs more than a second of a worker's start-up)."""
        if meta.get("format") != FORMAT or meta.get("feature_set") != FEATURE_SET:
            raise RiskModelUnavailable(
                f"model of format {meta.get('format')!r} / features {meta.get('feature_set')!r}; this software reads "
                f"{FORMAT!r} / {FEATURE_SET!r}: train it again with `drugcontrol expertise train-risk`"
            )
        self.meta = meta
        self.booster_text = booster_text
        self.forest = forest if forest is not None else Forest.of(self.booster.dump_model())
        self.names = names
        self.labels = labels
        self.fingerprints = fps

    @functools.cached_property
    def booster(self) -> Any:
        """LightGBM's model, loaded when first asked for: scoring uses ``forest`` where it can."""
        import lightgbm

        return lightgbm.Booster(model_str=self.booster_text)

    @property
    def version(self) -> str:
        """``nps-likeness/<hash of the trained trees>``: the same data and seed give the same version."""
        return str(self.meta["version"])

    @property
    def threshold(self) -> float:
        """Scores at or above this are flagged (chosen by cross-validation at ``operating_fpr``)."""
        return float(self.meta["threshold"])

    @property
    def operating_fpr(self) -> float:
        return float(self.meta["operating_fpr"])

    def raw_scores(self, mols: Sequence[Chem.Mol]) -> np.ndarray:
        """Scores only, as an array: the bulk path (no reasons). A structure outside the model's domain
        (``in_domain``) scores 0. Structures of a ``batch`` in progress are not scored again."""
        if not mols:
            return np.zeros(0)
        owner, primed = getattr(_batches, "scores", (None, None))
        if owner is self and primed:
            found = [primed.get(id(mol)) for mol in mols]
            if all(item is not None and item[0] is mol for item, mol in zip(found, mols, strict=True)):
                return np.array([item[1] for item in found], dtype=float)  # type: ignore[index]
        features = featurize(mols)
        if self.forest is not None:
            scores = self.forest.predict(features)
        else:
            scores = np.asarray(self.booster.predict(features, num_threads=1), dtype=float)
        outside = [i for i, mol in enumerate(mols) if not in_domain(mol)]
        if outside:
            scores[outside] = 0.0
        return scores

    @contextmanager
    def batch(self, mols: Sequence[Chem.Mol]) -> Iterator[None]:
        """Score ``mols`` at once (one feature matrix, one walk of the trees) for the ``raw_scores`` and ``score``
        calls that ask about them, one at a time, inside the block (this thread only).

        Bulk screening assesses structures one by one, and a call per structure costs the trees' walk over again;
        a structure of the batch gets the score it would get on its own (the same features, the same sums). The
        molecules are held while the block runs, so their identity stands for them."""
        scores = self.raw_scores(mols) if mols else np.zeros(0)
        previous = getattr(_batches, "scores", (None, None))
        _batches.scores = (self, {id(mol): (mol, float(value)) for mol, value in zip(mols, scores, strict=True)})
        try:
            yield
        finally:
            _batches.scores = previous

    def score(self, mols: Sequence[Chem.Mol], *, nearest: int = NEAREST_DEFAULT) -> list[RiskResult]:
        """One result per standardized molecule, in order; ``nearest=0`` leaves out the reasons (faster)."""
        scores = self.raw_scores(mols)
        threshold = self.threshold
        results = []
        for mol, value in zip(mols, scores, strict=True):
            near = self.nearest(mol, nearest) if nearest > 0 else []
            results.append(
                RiskResult(
                    score=round(float(value), 4),
                    flagged=bool(value >= threshold),
                    nearest=[(self.names[i], s) for i, s in near],
                    nearest_positive=[self.labels[i] for i, _ in near],
                )
            )
        return results

    def nearest(self, mol: Chem.Mol, k: int = NEAREST_DEFAULT) -> list[tuple[int, float]]:
        """Indexes of the ``k`` most similar training examples with their Tanimoto similarity, best first."""
        similarities = np.asarray(DataStructs.BulkTanimotoSimilarity(morgan_fingerprint(mol), self.fingerprints))
        k = min(k, len(similarities))
        if k == 0:
            return []
        best = np.argpartition(-similarities, k - 1)[:k]
        best = best[np.lexsort((best, -similarities[best]))]
        return [(int(i), round(float(similarities[i]), 3)) for i in best]

    # -- file format -------------------------------------------------------------------------------------
    def to_bytes(self) -> bytes:
        """The model file (zip); stored without timestamps so the same model gives the same bytes."""
        buffer = io.BytesIO()
        lines = ["name\tpositive\tmorgan"]
        for name, label, fp in zip(self.names, self.labels, self.fingerprints, strict=True):
            clean = " ".join(name.split())
            lines.append(f"{clean}\t{int(label)}\t{DataStructs.BitVectToFPSText(fp)}")
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            members: dict[str, str | bytes] = {
                "model.json": json.dumps(self.meta, indent=2, sort_keys=True, ensure_ascii=False),
                "booster.txt": self.booster_text,
                "examples.tsv": "\n".join(lines) + "\n",
            }
            if self.forest is not None:
                members.update({f"{_FOREST}{name}": data for name, data in self.forest.to_members().items()})
            for member, content in members.items():
                info = zipfile.ZipInfo(member, date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, content)
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> RiskModel:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            meta = json.loads(archive.read("model.json"))
            booster_text = archive.read("booster.txt").decode("utf-8")
            rows = archive.read("examples.tsv").decode("utf-8").splitlines()[1:]
            trees = {
                name.removeprefix(_FOREST): archive.read(name)
                for name in archive.namelist()
                if name.startswith(_FOREST)
            }
        names, labels, fps = [], [], []
        for line in rows:
            name, label, hex_fp = line.split("\t")
            names.append(name)
            labels.append(label == "1")
            fps.append(DataStructs.CreateFromFPSText(hex_fp))
        return cls(meta, booster_text, names, labels, fps, forest=Forest.from_members(trees) if trees else None)

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the model file (beside, then renamed: a reader never sees half a file)."""
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.part")
        partial.write_bytes(self.to_bytes())
        partial.replace(target)
        return target


_FOREST = "forest/"
"""Folder of the model file holding the trees as arrays (``Forest.to_members``); a file without it (written
before it existed) is read through LightGBM."""

_batches = threading.local()
"""The scores of the ``RiskModel.batch`` in progress in this thread, by molecule identity."""


def in_domain(mol: Chem.Mol) -> bool:
    """Whether the model speaks about a structure at all: it holds carbon.

    Carbon-free structures (inorganic salts, gases, the reagents of list table IV such as sulfuric acid or
    potassium permanganate) are controlled by name and identity, never by likeness to a new psychoactive
    substance; the model is trained without them and scores them 0 rather than guess from features it
    never learnt on (an iron atom's all-zero fingerprint).
    """
    return any(atom.GetAtomicNum() == 6 for atom in mol.GetAtoms())


def default_model_path() -> Path:
    """``$DRUGCONTROL_RISK_MODEL``, else ``models/nps-likeness.zip`` under ``$DRUGCONTROL_DATA_DIR`` (``./var``)."""
    named = os.environ.get(MODEL_ENV)
    if named:
        return Path(named)
    return Path(os.environ.get("DRUGCONTROL_DATA_DIR", Path.cwd() / "var")) / "models" / MODEL_FILE_NAME


_LOADED: dict[tuple[str, int, int], RiskModel] = {}
_LOCK = threading.Lock()


def load_model(path: str | os.PathLike[str] | None = None) -> RiskModel:
    """The model in ``path`` (default ``default_model_path()``), read once per process and kept.

    A file replaced on disk (another size or modification time) is read again. Raises
    ``RiskModelUnavailable`` naming the file when there is none or it cannot be read.
    """
    target = Path(path) if path is not None else default_model_path()
    try:
        stat = target.stat()
    except OSError as exc:
        raise RiskModelUnavailable(
            f"no NPS-likeness model at {target}: build it with `drugcontrol expertise train-risk`"
        ) from exc
    key = (str(target.resolve()), stat.st_size, stat.st_mtime_ns)
    with _LOCK:
        model = _LOADED.get(key)
        if model is None:
            try:
                model = RiskModel.from_bytes(target.read_bytes())
            except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
                raise RiskModelUnavailable(f"the NPS-likeness model {target} cannot be read: {exc}") from exc
            _LOADED.clear()
            _LOADED[key] = model
        return model


def available_model(path: str | os.PathLike[str] | None = None) -> RiskModel | None:
    """The model as ``load_model`` gives it, or ``None`` when there is none: the score is then "not computed"."""
    try:
        return load_model(path)
    except RiskModelUnavailable:
        return None
