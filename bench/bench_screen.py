"""Bulk screening speed: the union of the reference libraries against Kazakhstan's full demo list.

Measured in the same run, on the same compounds and list:

1. the screening engine (``expertise.screening``, every core, worker start-up included);
2. the naive RDKit loop of the specification: each query parsed, then tested against every listed
   structure with ``HasSubstructMatch`` plus a Morgan Tanimoto (one process; on a random sample,
   extrapolated — it gives no verdict, no standardisation and no explanation);
3. single assessments in a loop (``Assessor.assess`` per row, one process, no de-duplication; on a
   sample, extrapolated): the same verdicts and explanations without the screening engine.

Targets: >= 1,000 compounds/s on two cores and >= 10x the naive loop.

Run: ``.venv/bin/python bench/bench_screen.py [--workers N] [--naive-sample N] [--assess-sample N]``
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_lists import demo_database, reference_smiles, require_shared

TARGET_RATE = 1000.0
TARGET_RATIO = 10.0


def naive_loop(smiles: list[str], entries: list[str]) -> float:
    """Seconds for the naive loop over ``smiles``: every query against every entry."""
    from rdkit import Chem, DataStructs
    from rdkit.Chem import rdFingerprintGenerator

    from drugcontrol.chem._rdlog import quiet_rdkit

    generator = rdFingerprintGenerator.GetMorganGenerator(radius=2, fpSize=2048)
    with quiet_rdkit():
        mols = [m for m in (Chem.MolFromSmiles(s) for s in entries) if m is not None]
        fps = [generator.GetFingerprint(m) for m in mols]
        started = time.perf_counter()
        for text in smiles:
            query = Chem.MolFromSmiles(text)
            if query is None:
                continue
            query_fp = generator.GetFingerprint(query)
            for mol, fp in zip(mols, fps, strict=True):
                query.HasSubstructMatch(mol)
                DataStructs.TanimotoSimilarity(query_fp, fp)
        return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=None, help="processes (default: every core)")
    parser.add_argument("--naive-sample", type=int, default=1000)
    parser.add_argument("--assess-sample", type=int, default=500)
    args = parser.parse_args()
    require_shared()
    demo_database()
    from django.utils import timezone

    from drugcontrol.expertise.screening import ScreeningRecipe, ScreenInput, screen_inputs
    from drugcontrol.lists.assessors import assessor_as_of

    assessor = assessor_as_of("KZ", timezone.localdate())
    recipe = ScreeningRecipe.of(assessor)
    compounds = reference_smiles()
    inputs = [ScreenInput(cid, smiles) for cid, smiles in compounds]
    entries = [e.smiles for e in assessor.snapshot.entries if e.smiles]
    print(
        f"{len(inputs):,} reference rows ({len({s for _, s in compounds}):,} distinct SMILES texts) against "
        f"the KZ list as of {recipe.as_of}: {len(assessor.snapshot.entries)} entries, {len(entries)} with a structure"
    )

    started = time.perf_counter()
    rows = list(screen_inputs(inputs, recipe, workers=args.workers))
    engine_s = time.perf_counter() - started
    engine_rate = len(rows) / engine_s
    counts = Counter(r["verdict"] for r in rows)
    print(
        f"engine: {len(rows):,} rows in {engine_s:.1f} s = {engine_rate:,.0f} compounds/s "
        f"(workers: {args.workers or 'every core'}); " + ", ".join(f"{k} {v}" for k, v in counts.most_common())
    )

    sample = random.Random(470).sample([s for _, s in compounds], min(args.naive_sample, len(compounds)))
    naive_rate = len(sample) / naive_loop(sample, entries)
    print(
        f"naive loop (1 process, sample of {len(sample)}, extrapolated): {naive_rate:,.0f} compounds/s "
        f"= {len(inputs) / naive_rate:.1f} s for the union"
    )

    assess_sample = sample[: args.assess_sample]
    started = time.perf_counter()
    for smiles in assess_sample:
        assessor.assess(smiles)
    assess_rate = len(assess_sample) / (time.perf_counter() - started)
    print(
        f"single assess loop (1 process, sample of {len(assess_sample)}, extrapolated): {assess_rate:,.0f} "
        f"compounds/s = {len(inputs) / assess_rate:.1f} s for the union"
    )

    ratio_naive = engine_rate / naive_rate
    ratio_assess = engine_rate / assess_rate
    print(f"ratio engine / naive loop: {ratio_naive:.1f}x (target >= {TARGET_RATIO:.0f}x)")
    print(f"ratio engine / single assess loop: {ratio_assess:.1f}x")
    print(
        f"target {TARGET_RATE:,.0f} compounds/s: {'met' if engine_rate >= TARGET_RATE else 'NOT met'} "
        f"({engine_rate:,.0f}); published anchor ~260 compounds/s"
    )


if __name__ == "__main__":
    main()
