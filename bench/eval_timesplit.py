"""Evaluation of screening: would the rules in force have caught substances listed later, and at what cost?

(a) Time split on China's list (``../shared/data/lists/china_controlled.csv``): with the CN list as of
    2018-01-01 (and 2021-01-01), screen the substances of the batches listed later (2018-09, 2021-07,
    2024-07, 2025-07) with Kazakhstan's substitution rule (the KZ substituent list in force today, applied
    to every CN entry: China has no substitution rule, so ``analogues_controlled`` is taken as true for
    all CN entries — an assumption of this evaluation) and the CN group definitions in force on that date.
    Recall = share flagged (any verdict but ``not_controlled``; unreadable structures are left out).
(b) Kazakhstan's demo list today against the NPS among the forensic reference standards (Cayman
    categories cannabinoids, opioids, stimulants, hallucinogens, benzodiazepines) and SWGDRUG monographs.
(c) False positives: approved medicines (``../shared/data/negatives/approved_medicines.csv``) that no list
    used controls (removed by identification against the KZ and CN lists today and the US DEA list):
    how many each configuration flags, and which.
(d) Baseline: nearest neighbour, Morgan radius 2, Tanimoto >= 0.7 against the earlier list.

A sweep over the ``similar`` threshold (a ROC-style table: recall on the later batches against the false
positive rate on the medicines) is printed to choose ``SIMILAR_THRESHOLD``.

Run: ``.venv/bin/python bench/eval_timesplit.py [--workers N]`` (about a minute on two cores).
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_lists import SHARED, batch_date, china_rows, demo_database, import_china, require_shared

SPLITS = (date(2018, 1, 1), date(2021, 1, 1))
LATER_BATCHES = (date(2018, 9, 1), date(2021, 7, 1), date(2024, 7, 1), date(2025, 7, 1))
TODAY = date(2025, 12, 1)
NN_THRESHOLD = 0.7
SWEEP = tuple(round(0.30 + 0.05 * i, 2) for i in range(13))
NPS_CATEGORIES = ("Cannabinoids", "Opioids", "Stimulants", "Hallucinogens", "Benzodiazepines")
RULE_VERDICTS = {"listed", "analogue", "group"}


@dataclass(frozen=True)
class Outcome:
    """One screened compound: its verdict and the similarity to the nearest listed entry."""

    id: str
    name: str
    verdict: str
    similarity: float
    nearest: float
    """Tanimoto to the nearest listed structure, computed for every row (the baseline's score)."""

    def flagged(self, threshold: float) -> bool:
        """Flagged at ``threshold``: a rule applies, or the nearest entry is at least that similar."""
        return self.verdict in RULE_VERDICTS or (self.verdict != "invalid" and self.nearest >= threshold)


def _assessor(code: str, day: date, *, library_day: date = TODAY):
    from drugcontrol.chem.substituents import SubstituentLibrary
    from drugcontrol.expertise.assess import Assessor, all_group_definitions
    from drugcontrol.lists.assessors import substituent_rows
    from drugcontrol.lists.snapshots import snapshot_as_of

    library = SubstituentLibrary.from_rows(substituent_rows("KZ", library_day), as_of=library_day, source="KZ")
    return Assessor(snapshot_as_of(code, day), library, all_group_definitions(), jurisdiction=code, as_of=day)


def screen(assessor, compounds: list[tuple[str, str, str]], workers: int) -> list[Outcome]:
    """Screen (id, name, SMILES) with the engine, and the nearest-entry similarity of every row."""
    from drugcontrol.chem.errors import ChemError
    from drugcontrol.chem.parse import to_mol
    from drugcontrol.chem.standardize import standardize
    from drugcontrol.expertise.screening import ScreeningRecipe, ScreenInput, screen_inputs

    recipe = ScreeningRecipe.of(assessor)
    inputs = [ScreenInput(cid, smiles) for cid, _, smiles in compounds]
    rows = list(screen_inputs(inputs, recipe, workers=workers))
    outcomes = []
    for (cid, name, smiles), row in zip(compounds, rows, strict=True):
        try:
            scores = assessor.similarity_index_.scores(standardize(to_mol(smiles)).mol)
            nearest = float(scores.max()) if scores.size else 0.0
        except ChemError:
            nearest = 0.0
        similarity = float(row["similarity"]) if row["similarity"] else 0.0
        outcomes.append(Outcome(cid, name, row["verdict"], similarity, nearest))
    return outcomes


def _share(outcomes: list[Outcome], threshold: float) -> tuple[int, int]:
    valid = [o for o in outcomes if o.verdict != "invalid"]
    return sum(o.flagged(threshold) for o in valid), len(valid)


def _baseline(outcomes: list[Outcome]) -> tuple[int, int]:
    valid = [o for o in outcomes if o.verdict != "invalid"]
    return sum(o.nearest >= NN_THRESHOLD for o in valid), len(valid)


def _pct(part: int, whole: int) -> str:
    return f"{part}/{whole} = {100 * part / whole:.1f} %" if whole else "0/0"


def _verdicts(outcomes: list[Outcome]) -> str:
    counts = Counter(o.verdict for o in outcomes)
    return ", ".join(
        f"{v} {counts[v]}"
        for v in ("listed", "analogue", "group", "similar", "not_controlled", "invalid", "undetermined")
        if counts[v]
    )


def time_split(workers: int, threshold: float) -> dict[date, list[Outcome]]:
    print("\n(a) time split on China's list; (d) nearest-neighbour baseline (Morgan r=2, Tanimoto >= 0.7)")
    rows = china_rows()
    results = {}
    for split in SPLITS:
        later = [r for r in rows if batch_date(r) > split and batch_date(r) in LATER_BATCHES]
        compounds = [(f"{r['list_id']}:{r['seq']}", r["name_en"] or r["name_zh"], r["smiles"]) for r in later]
        assessor = _assessor("CN", split)
        outcomes = screen(assessor, compounds, workers)
        results[split] = outcomes
        print(
            f"  list as of {split} ({len(assessor.snapshot.entries)} entries, groups in force: "
            f"{', '.join(assessor.groups_in_force) or 'none'}): {len(compounds)} later compounds"
        )
        print(f"    verdicts: {_verdicts(outcomes)}")
        print(
            f"    screening flags {_pct(*_share(outcomes, threshold))} (threshold {threshold:.2f});"
            f" rules alone (listed/analogue/group) {_pct(*_share(outcomes, 2.0))};"
            f" nearest-neighbour baseline {_pct(*_baseline(outcomes))}"
        )
        for batch in LATER_BATCHES:
            if batch <= split:
                continue
            part = [o for o, r in zip(outcomes, later, strict=True) if batch_date(r) == batch]
            print(f"      batch {batch}: screening {_pct(*_share(part, threshold))}, baseline {_pct(*_baseline(part))}")
        missed = [o for o in outcomes if o.verdict != "invalid" and not o.flagged(threshold)]
        print(f"    missed ({len(missed)}): " + "; ".join(f"{o.name} ({o.nearest:.2f})" for o in missed))
    return results


def nps_on_kz(workers: int, threshold: float) -> list[Outcome]:
    print("\n(b) Kazakhstan's demo list today against the NPS reference standards")
    compounds = []
    for name in ("cayman_reference_standards.csv", "swgdrug_monographs.csv"):
        with (SHARED / "reference" / name).open(encoding="utf-8", newline="") as handle:
            for number, row in enumerate(csv.DictReader(handle), start=2):
                nps = name.startswith("swgdrug") or any(c in row["category"] for c in NPS_CATEGORIES)
                if row["smiles"] and nps:
                    compounds.append((f"{name}:{number}", row["name"], row["smiles"]))
    outcomes = screen(_assessor("KZ", TODAY), compounds, workers)
    print(f"  {len(compounds)} NPS rows; verdicts: {_verdicts(outcomes)}")
    print(
        f"  screening flags {_pct(*_share(outcomes, threshold))}; rules alone {_pct(*_share(outcomes, 2.0))};"
        f" nearest-neighbour baseline {_pct(*_baseline(outcomes))}"
    )
    return outcomes


def medicines_not_controlled() -> tuple[list[tuple[str, str, str]], int]:
    """Approved medicines that the KZ and CN lists (today) and the US DEA list do not control by structure."""
    from drugcontrol.chem.errors import ChemError
    from drugcontrol.chem.identify import StructureIndex, identify_structure
    from drugcontrol.chem.keys import compute_keys
    from drugcontrol.chem.parse import to_mol
    from drugcontrol.lists.snapshots import snapshot_as_of

    us: StructureIndex[str] = StructureIndex()
    with (SHARED / "lists" / "us_dea_list.tsv").open(encoding="latin-1", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            try:
                us.add(compute_keys(to_mol(row["SMILES"])), row["Name"])
            except (ChemError, KeyError, TypeError):
                continue
    indexes = [snapshot_as_of("KZ", TODAY).structure_index, snapshot_as_of("CN", TODAY).structure_index, us]
    kept, removed = [], 0
    with (SHARED / "negatives" / "approved_medicines.csv").open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            try:
                controlled = any(identify_structure(row["smiles"], index).matched for index in indexes)
            except ChemError:
                continue
            if controlled:
                removed += 1
            else:
                kept.append((f"medicine:{number}", row["name"], row["smiles"]))
    return kept, removed


def false_positives(workers: int, threshold: float) -> dict[str, list[Outcome]]:
    print("\n(c) false positives on approved medicines not controlled by the lists used")
    medicines, removed = medicines_not_controlled()
    print(f"  {len(medicines)} medicines kept ({removed} removed: on the KZ, CN or US list in some form)")
    results = {}
    for label, code, day in (
        ("KZ today", "KZ", TODAY),
        ("CN 2018-01-01", "CN", SPLITS[0]),
        ("CN 2021-01-01", "CN", SPLITS[1]),
    ):
        outcomes = screen(_assessor(code, day), medicines, workers)
        results[label] = outcomes
        flagged = [o for o in outcomes if o.flagged(threshold)]
        print(
            f"  {label}: flagged {_pct(len(flagged), len([o for o in outcomes if o.verdict != 'invalid']))};"
            f" by a rule {sum(o.verdict in RULE_VERDICTS for o in outcomes)}; verdicts: {_verdicts(outcomes)}"
        )
        for o in sorted(flagged, key=lambda o: (o.verdict, -o.nearest)):
            print(f"      {o.verdict:<10} {o.nearest:.2f}  {o.name}")
    return results


def sweep(positives: dict[date, list[Outcome]], negatives: dict[str, list[Outcome]]) -> None:
    print("\nSweep of the `similar` threshold: recall on the later CN batches vs false positives on medicines")
    head = ("threshold", "recall@2018", "recall@2021", "FP KZ", "FP CN2018", "FP CN2021")
    print("  " + "  ".join(f"{h:>11}" for h in head))
    for t in SWEEP:
        recalls = [_share(positives[s], t) for s in SPLITS]
        fps = [_share(negatives[k], t) for k in ("KZ today", "CN 2018-01-01", "CN 2021-01-01")]
        cells = [f"{100 * a / b:10.1f}%" for a, b in (*recalls, *fps)]
        print(f"  {t:11.2f}  " + "  ".join(cells))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=None, help="processes (default: every core)")
    args = parser.parse_args()
    require_shared()
    folder = demo_database()
    import_china(folder)
    from drugcontrol.chem.similarity import SIMILAR_THRESHOLD

    print(f"SIMILAR_THRESHOLD = {SIMILAR_THRESHOLD}; KZ substituent list as of {TODAY} for every split")
    positives = time_split(args.workers, SIMILAR_THRESHOLD)
    nps_on_kz(args.workers, SIMILAR_THRESHOLD)
    negatives = false_positives(args.workers, SIMILAR_THRESHOLD)
    sweep(positives, negatives)


if __name__ == "__main__":
    main()
