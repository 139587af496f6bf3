"""Where each rule flag on an approved medicine comes from, one line per medicine and source.

The false positives of ``eval_suspected.py`` split by source: Kazakhstan's law (listed, analogue with its
parent, group), China's list (listed, or its group classes) and every other jurisdiction's generic group in
force, by group id. The medicine register is empty, so no exemption hides anything; the medicines are those
of ``../shared/data/negatives/approved_medicines.csv`` that no list used (KZ, CN, US) controls by structure.
No model is needed: this is what the law texts, as encoded, decide.

Run: ``.venv/bin/python bench/eval_flag_sources.py [--as-of 2026-01-01] [--workers N]``
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_lists import SHARED, demo_database, require_shared

RULE_VERDICTS = {"listed", "analogue", "group"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--as-of", type=date.fromisoformat, default=None, help="date of the groups (default today)")
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args()
    require_shared()
    demo_database()
    from django.utils import timezone
    from rdkit import Chem

    from drugcontrol.chem.groups import GroupScreen
    from drugcontrol.expertise.assess import all_group_definitions
    from drugcontrol.expertise.risk.data import load_training_set
    from drugcontrol.expertise.screening import ScreeningRecipe, ScreenInput, screen_inputs
    from drugcontrol.lists.assessors import assessor_as_of

    as_of = args.as_of or timezone.localdate()
    training = load_training_set(SHARED, sources=("KZ", "CN", "US", "medicines"))
    medicines = [e for e in training.examples if "medicines" in e.sources and not e.sources & {"KZ", "CN", "US"}]
    recipe = ScreeningRecipe.of(assessor_as_of("KZ", timezone.localdate()))
    inputs = [ScreenInput(str(i), Chem.MolToSmiles(e.mol)) for i, e in enumerate(medicines)]
    law = list(screen_inputs(inputs, recipe, workers=args.workers))
    screen = GroupScreen([d for d in all_group_definitions() if d.jurisdiction != "KZ"], as_of=as_of)
    by_source: Counter[str] = Counter()
    flagged = set()
    print(f"{len(medicines)} medicines no list used controls; groups in force on {as_of}\n")
    for i, (example, row) in enumerate(zip(medicines, law, strict=True)):
        lines = []
        if row["verdict"] in RULE_VERDICTS:
            source = f"KZ {row['verdict']}"
            lines.append(f"{source}: {row['basis_name']} ({row['rule']})")
            by_source[source] += 1
        for match in screen.match(example.mol):
            group = match.definition
            source = f"{group.jurisdiction} group {group.group_id}"
            lines.append(source)
            by_source[source] += 1
        if lines:
            flagged.add(i)
            print(f"{example.name:<32} {example.key}")
            for line in lines:
                print(f"    {line}")
    total = len(medicines)
    print(f"\nflagged by any rule: {len(flagged)}/{total} = {100 * len(flagged) / total:.1f} %")
    for source, count in sorted(by_source.items()):
        print(f"  {source:<40} {count:>4}  {100 * count / total:.2f} %")


if __name__ == "__main__":
    main()
