"""Evaluation of the flags a screening raises, the law's and the warnings, on compounds the model never saw.

Sources of flags, reported separately and combined:

- law: Kazakhstan's list as it stands today (demo list), verdict ``listed``, ``analogue`` or ``group``;
- elsewhere: on another jurisdiction's list by structure (China's list as of the split date; the US list
  only where its 2022 snapshot is not later than the split), or a member of another jurisdiction's generic
  group in force on the split date (Germany's NpSG groups, China's classes; printed on a line of its own);
- known NPS: in a reference library by structure (only libraries not held out, and only entries first seen
  before the split where the library dates them);
- risk class: a scaffold family described as data (``expertise/data/risk_class_*.toml``). The classes were
  written in 2026 with every file in view, so on a split by date they are not blind: read this row as what
  the shipped classes catch, not as a forecast;
- risk: the NPS-likeness score, from a model trained *for that split* without the held-out compounds and
  without the approved medicines of the evaluation half, its threshold chosen by cross-validation on its own
  training data (0.5 % point; the 1 % point is printed too).

Splits: (a) China's batches: later batches (after 2021-01-01) held out; (b) the SWGDRUG monographs by
first-seen date (from 2019-01-01 held out); (c) leave one library out (Cayman, SWGDRUG, PiHKAL): the
entries of that library found in no other file, an approximation of "substances in no reference file".
False positives: the approved medicines that no list used (KZ, CN, US) controls, with the medicine
register empty (so no exemption hides the rule's own false positives). The production model learns from the
approved medicines as negatives, so each split's model does too, from one half of them (``--medicine-half``,
fixed by the structure key): the false positives are counted on the other half, which no model saw.
``--medicine-half none`` trains without any medicine and counts on all of them (the earlier, harsher set-up).
No evaluation compound is trained on: the rows of each split's model are checked by InChIKey skeleton
against the held-out compounds and the counted medicines (the line says how many rows that check removed).

Besides each source, three lines answer "who decides": *any law* (Kazakhstan's, or another jurisdiction's
list or group: a legal fact), *no law, warnings only* (flagged only by a library, a risk class or the score)
and *without the risk score*. The misses are counted by the Tanimoto similarity of each to its nearest
positive training example, and the medicines each source flags are named.

Run: ``.venv/bin/python bench/eval_suspected.py [--workers N] [--folds 3] [--medicine-half 0|1|none]``
(several minutes on two cores: one model per split).
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_lists import SHARED, demo_database, require_shared

TIME_SPLIT = date(2021, 1, 1)
FIRST_SEEN_SPLIT = date(2019, 1, 1)
US_SNAPSHOT = date(2022, 1, 1)
LIBRARIES = ("Cayman", "SWGDRUG", "PiHKAL")
RULE_VERDICTS = {"listed", "analogue", "group"}
FLAG_SOURCES = ("law", "elsewhere", "known NPS", "risk class", "risk")


@dataclass(frozen=True)
class Flags:
    """Per compound of a set, whether each source flags it (boolean arrays, same order)."""

    law: np.ndarray
    elsewhere: np.ndarray
    known: np.ndarray
    risk_class: np.ndarray
    risk: np.ndarray
    risk_1pct: np.ndarray

    def of(self, source: str) -> np.ndarray:
        return {
            "law": self.law,
            "elsewhere": self.elsewhere,
            "known NPS": self.known,
            "risk class": self.risk_class,
            "risk": self.risk,
        }[source]

    @property
    def combined(self) -> np.ndarray:
        return self.law | self.elsewhere | self.known | self.risk_class | self.risk

    @property
    def combined_1pct(self) -> np.ndarray:
        return self.law | self.elsewhere | self.known | self.risk_class | self.risk_1pct


def law_flags(examples, recipe, workers: int | None) -> np.ndarray:
    """Kazakhstan's verdict today on each example's structure: a rule applies (listed, analogue, group)."""
    from rdkit import Chem

    from drugcontrol.expertise.screening import ScreenInput, screen_inputs

    inputs = [ScreenInput(str(i), Chem.MolToSmiles(e.mol)) for i, e in enumerate(examples)]
    rows = list(screen_inputs(inputs, recipe, workers=workers))
    return np.array([r["verdict"] in RULE_VERDICTS for r in rows])


def risk_class_flags(examples) -> np.ndarray:
    """Whether a shipped risk class matches each example's structure."""
    from drugcontrol.expertise.suspicion import shipped_risk_classes

    classes = shipped_risk_classes()
    return np.array([any(c.matches(e.mol) for c in classes) for e in examples], dtype=bool)


def foreign_group_flags(examples, as_of: date) -> np.ndarray:
    """Whether another jurisdiction's generic group in force on ``as_of`` takes in each example."""
    from drugcontrol.chem.groups import GroupScreen
    from drugcontrol.expertise.assess import all_group_definitions

    definitions = [d for d in all_group_definitions() if d.jurisdiction != "KZ"]
    screen = GroupScreen(definitions, as_of=as_of)
    return np.array([bool(screen.match(e.mol)) for e in examples], dtype=bool)


def skeleton_key(example) -> str:
    """The InChIKey's first block (connectivity) of an example: what "the same compound" means for leakage."""
    from rdkit import Chem

    return Chem.MolToInchiKey(example.mol).split("-")[0]


def training_rows(training, excluded: set[int], keys: list[str]) -> tuple[list[int], int]:
    """Rows a split's model may learn from: none whose InChIKey skeleton is one of the excluded compounds'.

    Examples are distinct by standardized parent SMILES; two of them may still share an InChIKey skeleton
    (tautomers, stereo written differently), so the check is by InChIKey too. Returns the rows and how many
    were removed only by that check.
    """
    banned = {keys[i] for i in excluded}
    rows = [i for i in range(len(training.examples)) if i not in excluded]
    kept = [i for i in rows if keys[i] not in banned]
    assert not {keys[i] for i in kept} & banned, "an evaluation compound is in the training rows"
    return kept, len(rows) - len(kept)


def nearest_positive(model, examples) -> np.ndarray:
    """Tanimoto of each example to its nearest positive training example (Morgan bits, as the reasons show)."""
    from rdkit import DataStructs

    from drugcontrol.chem.fingerprints import morgan_fingerprint

    positives = [fp for fp, label in zip(model.fingerprints, model.labels, strict=True) if label]
    return np.array(
        [max(DataStructs.BulkTanimotoSimilarity(morgan_fingerprint(e.mol), positives), default=0.0) for e in examples]
    )


def medicine_halves(examples, medicines: list[int]) -> tuple[list[int], list[int]]:
    """The medicines in two halves fixed by the structure key (the same halves on every run and split)."""
    import hashlib

    first = [i for i in medicines if hashlib.sha256(examples[i].key.encode()).digest()[0] % 2 == 0]
    chosen = set(first)
    return first, [i for i in medicines if i not in chosen]


def _pct(mask: np.ndarray) -> str:
    return f"{100 * mask.mean():5.1f} % ({int(mask.sum())}/{len(mask)})" if len(mask) else "  n/a"


def evaluate(
    name: str,
    training,
    held_out: list[int],
    medicines: list[int],
    *,
    training_medicines: list[int],
    groups_as_of: date,
    elsewhere_sources,
    known_ok,
    recipe,
    workers,
    folds: int,
    keys: list[str],
) -> None:
    """Train without ``held_out`` and the evaluation medicines, then flag both sets by every source."""
    from drugcontrol.expertise.risk.train import train_model

    every_medicine = {i for i, e in enumerate(training.examples) if "medicines" in e.sources}
    excluded = set(held_out) | set(medicines) | (every_medicine - set(training_medicines))
    rows, by_inchikey = training_rows(training, excluded, keys)
    started = time.perf_counter()
    model, cv = train_model(training, rows=rows, folds=folds)
    one_pct = model.meta["cross_validation"]["points"][1]["threshold"]
    print(
        f"\n{name}: {len(held_out)} held-out compounds; model trained on {len(rows):,} examples in "
        f"{time.perf_counter() - started:.0f} s (CV recall {100 * cv.recall[0.005]:.1f} % at 0.5 %, "
        f"{100 * cv.recall[0.01]:.1f} % at 1 %); no held-out compound or counted medicine in training by "
        f"InChIKey ({by_inchikey} more rows left out by that check)"
    )
    results = {}
    group_flags: dict[str, np.ndarray] = {}
    for label, subset in (("held-out NPS", held_out), ("medicines (FP)", medicines)):
        examples = [training.examples[i] for i in subset]
        scores = model.raw_scores([e.mol for e in examples])
        groups = foreign_group_flags(examples, groups_as_of)
        group_flags[label] = groups
        results[label] = Flags(
            law=law_flags(examples, recipe, workers),
            elsewhere=np.array([any(elsewhere_sources(e)) for e in examples], dtype=bool) | groups,
            known=np.array([known_ok(e) for e in examples], dtype=bool),
            risk_class=risk_class_flags(examples),
            risk=scores >= model.threshold,
            risk_1pct=scores >= one_pct,
        )
    positives, negatives = results["held-out NPS"], results["medicines (FP)"]
    print(f"  {'source':<22}{'recall':>22}   {'false positives':>22}")
    for source in FLAG_SOURCES:
        kind = "law" if source == "law" else "warning"
        print(f"  {source + ' (' + kind + ')':<22}{_pct(positives.of(source)):>22}   {_pct(negatives.of(source)):>22}")
    print(
        f"  {'  of which groups':<22}{_pct(group_flags['held-out NPS']):>22}   "
        f"{_pct(group_flags['medicines (FP)']):>22}"
    )
    print(f"  {'risk at the 1 % point':<22}{_pct(positives.risk_1pct):>22}   {_pct(negatives.risk_1pct):>22}")
    print(f"  {'combined':<22}{_pct(positives.combined):>22}   {_pct(negatives.combined):>22}")
    print(f"  {'combined, 1 % point':<22}{_pct(positives.combined_1pct):>22}   {_pct(negatives.combined_1pct):>22}")
    for label, of in (
        ("any law (KZ, elsewhere)", lambda f: f.law | f.elsewhere),
        ("no law, warnings only", lambda f: ~(f.law | f.elsewhere) & (f.known | f.risk_class | f.risk)),
        ("without the risk score", lambda f: f.law | f.elsewhere | f.known | f.risk_class),
    ):
        print(f"  {label:<22}{_pct(of(positives)):>22}   {_pct(of(negatives)):>22}")
    held = [training.examples[i] for i in held_out]
    missed = ~positives.combined
    if missed.any():
        near = nearest_positive(model, held)
        bins = ((0.0, 0.4), (0.4, 0.6), (0.6, 1.01))
        cells = [
            f"{lo:.1f}-{min(hi, 1.0):.1f}: {int((missed & (near >= lo) & (near < hi)).sum())}"
            f"/{int(((near >= lo) & (near < hi)).sum())}"
            for lo, hi in bins
        ]
        print(f"  missed by nearest positive in training (Tanimoto): {', '.join(cells)}")
        shown = [f"{held[i].name} ({near[i]:.2f})" for i in np.flatnonzero(missed)[:12]]
        print(f"  missed, first {len(shown)}: {'; '.join(shown)}")
    counted = [training.examples[i] for i in medicines]
    for source in FLAG_SOURCES:
        names = [counted[i].name for i in np.flatnonzero(negatives.of(source))]
        if names:
            print(f"  medicines flagged by {source}: {', '.join(names)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=None, help="processes for the screening (default: every core)")
    parser.add_argument("--folds", type=int, default=3, help="cross-validation folds of each split's model")
    parser.add_argument(
        "--medicine-half",
        default="0",
        choices=("0", "1", "none"),
        help="the half of the approved medicines the models learn from (the other is the FP set), or none",
    )
    args = parser.parse_args()
    require_shared()
    demo_database()
    from django.utils import timezone

    from drugcontrol.expertise.risk.data import load_training_set
    from drugcontrol.expertise.screening import ScreeningRecipe
    from drugcontrol.lists.assessors import assessor_as_of

    started = time.perf_counter()
    training = load_training_set(SHARED)
    examples = training.examples
    print(
        f"training data: {len(examples):,} distinct structures ({int(training.labels.sum()):,} positive), read "
        f"and featurised in {time.perf_counter() - started:.0f} s"
    )
    keys = [skeleton_key(e) for e in examples]
    recipe = ScreeningRecipe.of(assessor_as_of("KZ", timezone.localdate()))
    medicines = [i for i, e in enumerate(examples) if "medicines" in e.sources and not e.sources & {"KZ", "CN", "US"}]
    medicine_set = set(medicines)
    if args.medicine_half == "none":
        learnt, counted = [], medicines
    else:
        halves = medicine_halves(examples, medicines)
        learnt, counted = halves[int(args.medicine_half)], halves[1 - int(args.medicine_half)]
    print(
        f"medicines no list used controls: {len(medicines)} (medicine register empty); the models learn from "
        f"{len(learnt)} of them, the false positives are counted on the other {len(counted)}"
    )

    def cn_before(day: date):
        return lambda e: ["CN"] if e.first_seen.get("CN", date.max) <= day else []

    # (a) China's batches after the split, held out
    later = [
        i for i, e in enumerate(examples) if e.first_seen.get("CN", date.min) > TIME_SPLIT and i not in medicine_set
    ]
    evaluate(
        f"(a) China's batches after {TIME_SPLIT}",
        training,
        later,
        counted,
        training_medicines=learnt,
        groups_as_of=TIME_SPLIT,
        elsewhere_sources=lambda e: [],
        known_ok=lambda e: e.first_seen.get("SWGDRUG", date.max) <= TIME_SPLIT,
        recipe=recipe,
        workers=args.workers,
        folds=args.folds,
        keys=keys,
    )

    # (b) SWGDRUG monographs first seen from the split on
    recent = [
        i
        for i, e in enumerate(examples)
        if e.first_seen.get("SWGDRUG", date.min) >= FIRST_SEEN_SPLIT and i not in medicine_set
    ]
    evaluate(
        f"(b) SWGDRUG monographs first seen from {FIRST_SEEN_SPLIT}",
        training,
        recent,
        counted,
        training_medicines=learnt,
        groups_as_of=FIRST_SEEN_SPLIT,
        elsewhere_sources=cn_before(FIRST_SEEN_SPLIT),
        known_ok=lambda e: False,
        recipe=recipe,
        workers=args.workers,
        folds=args.folds,
        keys=keys,
    )

    # (c) leave one library out: its entries found in no other file
    for library in LIBRARIES:
        alone = [i for i, e in enumerate(examples) if e.sources == {library}]
        evaluate(
            f"(c) {library} entries in no other reference file",
            training,
            alone,
            counted,
            training_medicines=learnt,
            groups_as_of=timezone.localdate(),
            elsewhere_sources=lambda e: [],
            known_ok=lambda e: False,
            recipe=recipe,
            workers=args.workers,
            folds=args.folds,
            keys=keys,
        )


if __name__ == "__main__":
    main()
