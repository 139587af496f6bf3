"""Train the drug-offer model reproducibly from ``../shared/data/web`` (research and non-commercial data: the
model is built by this command where it is used and never committed).

Examples and labels:

- offers (1): the dead-drop market listings (Russian, English, transliterated; the transliterated copy of each
  listing goes with it into the same split). The darknet "drugs illegal" lines are left out: that category labels
  whole pages, cut into lines that are mostly no offer (forum menus, pyrotechnics tutorials, reviews);
- ordinary texts (0): Telegram posts (news incl. news about drugs, IT, ads), eBay titles (weed trimmers,
  "marijuana" socks: hard negatives), darknet pages selling legal drugs and darknet forums.

Splits: the darknet files come with train/validation/test; every other text goes to a split by a hash of its
normalised text (70/15/15: lower case, digits as 0, punctuation and spaces folded, so "MDMA 1 g" and "MDMA 2 g" share
a split), so a split never changes between runs. A text that, normalised, is already in an earlier split (train,
then validation) is left out of the later one, and each split keeps one copy of a text: a model is never measured on
what it was taught (the darknet forums repeat their menus across the dataset's splits). The threshold is the lowest
that flags at most ``max_false_positive_rate`` of the validation negatives; the test split is only measured.
"""

from __future__ import annotations

import csv
import hashlib
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from drugcontrol.monitoring.scoring.evidence import Lexicon
from drugcontrol.monitoring.scoring.model import OfferModel, choose_threshold, normalise

__all__ = ["Example", "TrainingReport", "evaluate", "load_corpus", "text_key", "train_model"]

KEYWORD_FILE = "drug_offer_keywords_to_substance.csv"
SPLITS = ("train", "validation", "test")
TARGET_FALSE_POSITIVE_RATE = 0.005


@dataclass(frozen=True)
class Example:
    text: str
    label: int
    source: str
    split: str


def text_key(text: str) -> str:
    """A text as the splits compare it: ``model.normalise`` (lower case, digits as 0) with punctuation folded."""
    return re.sub(r"[\W_]+", " ", normalise(text)).strip()


def _split_of(text: str) -> str:
    bucket = int(hashlib.sha256(text_key(text).encode("utf-8")).hexdigest()[:8], 16) % 100
    return "train" if bucket < 70 else "validation" if bucket < 85 else "test"


def _without_repeats(examples: list[Example]) -> list[Example]:
    """One example per normalised text and split, and none in a later split that an earlier one holds."""
    seen: dict[str, int] = {}
    kept = []
    order = {split: i for i, split in enumerate(SPLITS)}
    for example in sorted(examples, key=lambda e: order[e.split]):  # stable: file order within a split
        key = text_key(example.text)
        if key in seen:
            continue
        seen[key] = order[example.split]
        kept.append(example)
    return kept


def _darknet(folder: Path) -> Iterator[Example]:
    # "onion_drugs_illegal" is a page category cut into lines (forum chrome, pyrotechnics tutorials, vendor
    # reviews): most of its lines are no offer, so it is left out rather than taught as offers.
    for name, label in (("onion_drugs_legal", 0), ("onion_forums_illegal", 0), ("onion_forums_legal", 0),
                        ("ebay", 0)):  # fmt: skip
        for split in SPLITS:
            path = folder / f"{name}.{split}.clean.txt"
            for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
                if line.strip():
                    yield Example(line.strip(), label, name, split)


def load_corpus(web: Path) -> list[Example]:
    """Every example of ``web`` (``../shared/data/web``) with its label, source and split."""
    examples: list[Example] = []
    with (web / "drug_offer_listings_ru.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            text = (row.get("description") or "").strip()
            if not text:
                continue
            split = _split_of(text)
            examples.append(Example(text, 1, "listings", split))
            translit = (row.get("desc_en") or "").strip()
            if translit and translit != text:
                examples.append(Example(translit, 1, "listings_translit", split))
    with (web / "telegram_posts_ru.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            text = (row.get("text") or "").strip()
            if text:
                examples.append(Example(text, 0, "telegram", _split_of(text)))
    examples.extend(_darknet(web / "darknet_pages_en"))
    return _without_repeats(examples)


@dataclass
class TrainingReport:
    """What the training measured: counts, the threshold and recall/false-positive rates per split."""

    counts: dict[str, dict[str, int]]
    threshold: float
    metrics: dict[str, dict[str, float]]

    def as_dict(self) -> dict[str, Any]:
        return {"counts": self.counts, "threshold": self.threshold, "metrics": self.metrics}


def evaluate(model: OfferModel, examples: list[Example], threshold: float) -> dict[str, float]:
    """Recall on offers, false-positive rate on ordinary texts and accuracy at ``threshold``."""
    if not examples:
        return {}
    scores = model.predict_proba([e.text for e in examples])
    positives = [s for s, e in zip(scores, examples, strict=True) if e.label == 1]
    negatives = [s for s, e in zip(scores, examples, strict=True) if e.label == 0]
    found = sum(1 for s in positives if s >= threshold)
    flagged = sum(1 for s in negatives if s >= threshold)
    right = found + len(negatives) - flagged
    return {
        "offers": len(positives),
        "ordinary": len(negatives),
        "recall": round(found / len(positives), 4) if positives else 0.0,
        "false_positive_rate": round(flagged / len(negatives), 5) if negatives else 0.0,
        "accuracy": round(right / len(examples), 4),
    }


def train_model(
    web: Path,
    *,
    max_false_positive_rate: float = TARGET_FALSE_POSITIVE_RATE,
    sample: int | None = None,
    seed: int = 470,
) -> tuple[OfferModel, TrainingReport]:
    """Train on the train split, choose the threshold on validation, measure on test. ``sample`` keeps at most
    that many examples per split and label (a small model for tests), chosen reproducibly with ``seed``."""
    corpus = load_corpus(web)
    by_split = {split: [e for e in corpus if e.split == split] for split in SPLITS}
    if sample is not None:
        rng = random.Random(seed)  # noqa: S311 - a reproducible sample, not a secret
        for split, items in by_split.items():
            kept = []
            for label in (0, 1):
                group = [e for e in items if e.label == label]
                kept.extend(rng.sample(group, min(sample, len(group))))
            by_split[split] = kept
    train = by_split["train"]
    lexicon = Lexicon.from_keyword_file(web / KEYWORD_FILE)
    model = OfferModel(lexicon).fit([e.text for e in train], [e.label for e in train])
    validation = by_split["validation"]
    negatives = model.predict_proba([e.text for e in validation if e.label == 0])
    model.threshold_ = choose_threshold(list(negatives), max_false_positive_rate=max_false_positive_rate)
    report = TrainingReport(
        counts={s: {"offers": sum(e.label for e in by_split[s]), "ordinary": sum(1 - e.label for e in by_split[s])}
                for s in SPLITS},
        threshold=round(model.threshold_, 6),
        metrics={s: evaluate(model, by_split[s], model.threshold_) for s in ("validation", "test")},
    )  # fmt: skip
    model.metrics_ = report.as_dict()
    return model, report
