"""The drug-offer model on held-out data: recall at ≤ 0.5 % of ordinary posts flagged, and scoring speed.

    .venv/bin/python bench/eval_offers.py [--model PATH | --save PATH] [--data ../shared/data/web]

Without --model it trains one on the whole training split, exactly as `drugcontrol monitor train` does (--save keeps
it). Printed for the validation split (where the threshold is chosen) and for the test split (never used for fitting
nor for the threshold: measured only), each with its count of texts, recall, false-positive rate, accuracy and what
is flagged per source; beside the model, in the same run, a keyword baseline (an offer when any slang term of the
lexicon occurs). Target: ≥ 97 % of offers found at ≤ 0.5 % of ordinary posts flagged (DUTA's darknet classifier:
91.4 % accuracy).
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from pathlib import Path

from drugcontrol.monitoring.scoring.evidence import find_evidence
from drugcontrol.monitoring.scoring.model import load_model
from drugcontrol.monitoring.scoring.training import SPLITS, Example, evaluate, load_corpus, train_model


def _report(name: str, model, examples: list[Example]) -> None:
    at = model.threshold_
    metrics = evaluate(model, examples, at)
    print(f"{name} split: {metrics['offers']} offers, {metrics['ordinary']} ordinary texts — at the threshold "
          f"{at:.4f}: recall {metrics['recall']:.2%}, false positives {metrics['false_positive_rate']:.2%}, "
          f"accuracy {metrics['accuracy']:.2%}")  # fmt: skip
    scores = model.predict_proba([e.text for e in examples])
    by_source: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for s, e in zip(scores, examples, strict=True):
        by_source[e.source][0] += int(s >= at)
        by_source[e.source][1] += 1
    for source, (flagged, total) in sorted(by_source.items()):
        print(f"  {source:24s} flagged {flagged}/{total}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path)
    parser.add_argument("--save", type=Path, help="keep the model trained here (with no --model)")
    parser.add_argument("--data", type=Path, default=Path("../shared/data/web"))
    args = parser.parse_args()
    if args.model:
        model = load_model(args.model)
    else:
        started = time.perf_counter()
        model, report = train_model(args.data)
        print(f"trained on {report.counts['train']} in {time.perf_counter() - started:.0f} s")
        if args.save:
            model.save(args.save)
    corpus = load_corpus(args.data)
    split = {name: [e for e in corpus if e.split == name] for name in SPLITS}
    print(f"train split: {sum(e.label for e in split['train'])} offers, "
          f"{sum(1 - e.label for e in split['train'])} ordinary texts (fitting only)")  # fmt: skip
    _report("validation", model, split["validation"])
    _report("test", model, split["test"])
    test = split["test"]
    texts = [e.text for e in test]
    started = time.perf_counter()
    model.predict_proba(texts)
    seconds = time.perf_counter() - started
    started = time.perf_counter()
    keyword = [any(r.code == "monitor.slang" for r in find_evidence(t, model.lexicon)) for t in texts]
    keyword_seconds = time.perf_counter() - started
    positives = sum(e.label for e in test)
    kp = sum(k for k, e in zip(keyword, test, strict=True) if e.label) / positives
    kn = sum(k for k, e in zip(keyword, test, strict=True) if not e.label) / (len(test) - positives)
    print(f"keyword baseline on test: recall {kp:.2%}, false positives {kn:.2%}")
    print(f"speed: model {len(texts) / seconds:.0f} texts/s, keyword baseline {len(texts) / keyword_seconds:.0f} "
          f"texts/s, ratio {keyword_seconds / seconds:.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
