"""Cross-validated recall of a few learner settings of the NPS-likeness model, on the training data alone.

Prints, per setting, the out-of-fold recall at 0.5 % and 1 % false positives of all negatives, and the
out-of-fold false positives *among the approved medicines of the training data* at those thresholds (the
medicines are the harder negatives).

The evaluation splits of ``eval_suspected.py`` are carved out of this same data, so a setting chosen here would
not be blind to them: the comparison of 2026-12-04 (model card) kept the recipe unchanged, and a future change
should be chosen on a copy of the data without the evaluation splits.

Run: ``.venv/bin/python bench/tune_risk.py [--folds 5]`` (a few minutes per setting on one core).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_lists import SHARED, require_shared

SETTINGS = {
    "current": {},
    "slower, longer (lr 0.05, 400 rounds)": {"learning_rate": 0.05, "rounds": 400},
    "more leaves (63, min 5 per leaf)": {"num_leaves": 63, "max_depth": -1, "min_data_in_leaf": 5},
    "positives weighted x2": {"scale_pos_weight": 2.0},
    "63 leaves, medicines weighted x3": {
        "num_leaves": 63,
        "max_depth": -1,
        "min_data_in_leaf": 5,
        "medicine_weight": 3,
    },
    "63 leaves, 300 rounds": {"num_leaves": 63, "max_depth": -1, "min_data_in_leaf": 5, "rounds": 300},
    "127 leaves, min 3 per leaf": {"num_leaves": 127, "max_depth": -1, "min_data_in_leaf": 3},
    "63 leaves, depth 8, min 5 per leaf": {"num_leaves": 63, "min_data_in_leaf": 5},
    "127 leaves, depth 8, min 3 per leaf": {"num_leaves": 127, "min_data_in_leaf": 3},
    "127 leaves, depth 8, min 3, 300 rounds": {"num_leaves": 127, "min_data_in_leaf": 3, "rounds": 300},
    "63 leaves, feature fraction 0.2": {
        "num_leaves": 63,
        "max_depth": -1,
        "min_data_in_leaf": 5,
        "feature_fraction": 0.2,
    },
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--only", default="", help="setting names separated by | (default: all)")
    args = parser.parse_args()
    require_shared()
    from drugcontrol.expertise.risk import train
    from drugcontrol.expertise.risk.data import load_training_set

    started = time.perf_counter()
    training = load_training_set(SHARED)
    labels = training.labels
    medicines = np.array(["medicines" in e.sources and not e.label for e in training.examples])
    print(
        f"{len(labels):,} examples ({int(labels.sum()):,} positive), {int(medicines.sum())} medicine negatives; "
        f"read in {time.perf_counter() - started:.0f} s"
    )
    chosen = [s for s in SETTINGS if not args.only or s in args.only.split("|")]
    base = dict(train.PARAMS)
    for name in chosen:
        setting = dict(SETTINGS[name])
        rounds = setting.pop("rounds", train.ROUNDS)
        weight = setting.pop("medicine_weight", 1.0)
        weights = np.where(medicines, weight, 1.0)
        train.PARAMS.clear()
        train.PARAMS.update({**base, **setting})
        started = time.perf_counter()
        cv = train.cross_validate(training.features, labels, weights=weights, folds=args.folds, rounds=rounds)
        line = [f"{name:<40}"]
        for point in train.FPR_POINTS:
            threshold = cv.thresholds[point]
            med_fp = float(np.mean(cv.scores[medicines] >= threshold))
            recall = 100 * cv.recall[point]
            line.append(f"{100 * point:.1f} %: recall {recall:.1f} %, medicines FP {100 * med_fp:.1f} %")
        for point in train.FPR_POINTS:  # the same rate among the medicines alone (the harder negatives)
            threshold = max(cv.thresholds[point], train.threshold_at(cv.scores[medicines], point))
            recall = 100 * float(np.mean(cv.scores[labels == 1] >= threshold))
            line.append(f"{100 * point:.1f} % of all and of medicines: recall {recall:.1f} %")
        print(" | ".join(line) + f"  ({time.perf_counter() - started:.0f} s)", flush=True)
    train.PARAMS.clear()
    train.PARAMS.update(base)


if __name__ == "__main__":
    main()
