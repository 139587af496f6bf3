"""The drug-offer classifier: calibrated probabilities from character and word n-grams and the evidence counts.

Follows scikit-learn's estimator conventions: ``__init__`` stores parameters, ``fit`` returns ``self``, learned
attributes end in ``_``. The probability is calibrated (``CalibratedClassifierCV``, sigmoid) so that a score means
roughly what it says; ``threshold_`` is chosen by ``choose_threshold`` on a validation split for the operating
point of the monitoring (find ≥ 97 % of offers while flagging ≤ 0.5 % of ordinary posts). ``score`` gives each
text its score, its verdict and its reasons (``evidence.find_evidence``).
"""

from __future__ import annotations

import hashlib
import math
import pickle
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, make_pipeline

from drugcontrol.monitoring.scoring.evidence import Evidence, Lexicon, evidence_counts, find_evidence

__all__ = ["MAX_TEXT_CHARS", "OfferModel", "OfferScore", "choose_threshold", "load_model", "normalise"]

MAX_TEXT_CHARS = 20_000
"""Evidence (the reasons) is looked for in the first 20,000 characters of a text."""
MAX_NGRAM_CHARS = 3_000
"""The n-grams are taken from the first 3,000 characters: a shop says what it sells near the top."""
VERDICT_OFFER = "offer"
VERDICT_NO_OFFER = "no_offer"


def normalise(text: str) -> str:
    """Lower case, ``ё`` as ``е``, digits as ``0`` and runs of space as one: prices and weights vary, the shape
    of an offer does not."""
    text = (text or "")[:MAX_NGRAM_CHARS].lower().replace("ё", "е")
    return re.sub(r"\s+", " ", re.sub(r"\d", "0", text)).strip()


class EvidenceFeatures(BaseEstimator, TransformerMixin):
    """The evidence counts of each text as a sparse matrix (one column per evidence code)."""

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon

    def fit(self, texts: Sequence[str], y: Any = None) -> EvidenceFeatures:
        return self

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        rows = [evidence_counts(find_evidence(text[:MAX_TEXT_CHARS], self.lexicon)) for text in texts]
        return sparse.csr_matrix(np.asarray(rows, dtype=np.float64) * 2.0)


@dataclass(frozen=True)
class OfferScore:
    """The calibrated probability that a text offers drugs, its verdict at the threshold, and why."""

    score: float
    verdict: str
    reasons: list[Evidence]


class OfferModel(BaseEstimator):
    """Calibrated logistic regression over n-grams and evidence; see the module docstring."""

    def __init__(self, lexicon: Lexicon | None = None, *, c: float = 8.0, max_features: int = 200_000,
                 calibration_folds: int = 3, random_state: int = 470) -> None:  # fmt: skip
        self.lexicon = lexicon
        self.c = c
        self.max_features = max_features
        self.calibration_folds = calibration_folds
        self.random_state = random_state

    def _features(self) -> FeatureUnion:
        return FeatureUnion([
            ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True,
                                      max_features=self.max_features, preprocessor=normalise, dtype=np.float32)),
            ("words", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), min_df=2, sublinear_tf=True,
                                      max_features=self.max_features // 2, preprocessor=normalise,
                                      token_pattern=r"(?u)\b\w+\b", dtype=np.float32)),  # noqa: S106
            ("evidence", EvidenceFeatures(self.lexicon)),
        ])  # fmt: skip

    def fit(self, texts: Sequence[str], labels: Sequence[int]) -> OfferModel:
        if len(texts) != len(labels) or len(set(labels)) != 2:
            raise ValueError("The training set needs texts with both labels (0 and 1), one label per text.")
        pipeline = make_pipeline(
            self._features(),
            LogisticRegression(C=self.c, class_weight="balanced", max_iter=3000, random_state=self.random_state),
        )
        # ensemble=False: the calibrator learns from cross-validated scores, one pipeline is kept (scoring runs once)
        self.classifier_ = CalibratedClassifierCV(pipeline, method="sigmoid", cv=self.calibration_folds,
                                                  ensemble=False)  # fmt: skip
        self.classifier_.fit(list(texts), np.asarray(labels))
        self.threshold_ = 0.5
        self.metrics_: dict[str, Any] = {}
        return self

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """The probability of an offer for each text; a text with no word in it (empty, only spaces or
        punctuation) offers nothing and scores 0 without asking the classifier, whose prior would decide it."""
        texts = list(texts)
        scores = np.zeros(len(texts), dtype=np.float64)
        worded = [i for i, text in enumerate(texts) if re.search(r"\w", text or "")]
        if worded:
            scores[worded] = self.classifier_.predict_proba([texts[i] for i in worded])[:, 1]
        return scores

    def score(self, texts: Sequence[str]) -> list[OfferScore]:  # type: ignore[override]
        """Score, verdict and reasons of each text, in order."""
        if not texts:
            return []
        probabilities = self.predict_proba(texts)
        return [
            OfferScore(
                score=round(float(p), 4),
                verdict=VERDICT_OFFER if p >= self.threshold_ else VERDICT_NO_OFFER,
                reasons=find_evidence(text[:MAX_TEXT_CHARS], self.lexicon),
            )
            for text, p in zip(texts, probabilities, strict=True)
        ]

    @property
    def version(self) -> str:
        """A short digest of the learned model: the same training gives the same version."""
        return getattr(self, "version_", "")

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        data = pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL)
        self.version_ = hashlib.sha256(data).hexdigest()[:12]
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_bytes(pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL))
        tmp.replace(path)


def choose_threshold(negative_scores: Sequence[float], *, max_false_positive_rate: float) -> float:
    """The lowest threshold that flags at most ``max_false_positive_rate`` of the negatives (scores ≥ it are
    offers)."""
    ordered = sorted(negative_scores, reverse=True)
    allowed = math.floor(len(ordered) * max_false_positive_rate)
    if allowed >= len(ordered):
        return 0.0
    return float(np.nextafter(ordered[allowed], 1.0))


class ModelMissing(FileNotFoundError):
    """No trained model at the configured path: ``drugcontrol monitor train`` makes one."""


_LOADED: dict[tuple[str, float], OfferModel] = {}


def load_model(path: Path) -> OfferModel:
    """The model at ``path``, loaded once per process (again when the file changes)."""
    try:
        key = (str(path), path.stat().st_mtime)
    except FileNotFoundError:
        raise ModelMissing(str(path)) from None
    if key not in _LOADED:
        with path.open("rb") as fh:
            model = pickle.load(fh)  # noqa: S301 - a file this installation's own train command wrote
        if not isinstance(model, OfferModel):
            raise ModelMissing(str(path))
        _LOADED.clear()
        _LOADED[key] = model
    return _LOADED[key]
