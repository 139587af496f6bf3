"""Bulk screening on Dask distributed: compounds/s with 1 and 2 worker processes, and how the cost grows with rows.

Measured in the same run, on the same inputs and the KZ demo list (as ``drugcontrol screen --scheduler``
does it: partitions of distinct structures, the list scattered once to every worker, rows back in order):

1. a ``LocalCluster`` on 127.0.0.1 with 1 worker process, then with 2 (one thread each), on the first
   ``--rows`` structures; the baseline is the local process pool of ``screen_inputs`` with the same number
   of processes on the same input;
2. the cost per row at each size of ``--sizes`` (default 10k and 100k) on the 2-worker cluster: wall time,
   µs per row and the growth factor against the smallest size (1.0 = linear).

Inputs: the four reference libraries, then analogues enumerated from them (a hydrogen of an aromatic
carbon replaced by one of ten substituents) until the size is reached; every structure is distinct, so no
row is answered from the screening cache.

Run: ``.venv/bin/python bench/bench_screen_dask.py [--rows 10000] [--sizes 10000,100000]``
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_lists import demo_database, reference_smiles, require_shared

SUBSTITUENTS = ("F", "Cl", "Br", "C", "OC", "C(F)(F)F", "N", "O", "CC", "C#N")


def distinct_structures(count: int) -> list[str]:
    """``count`` distinct canonical SMILES: the reference libraries first, then analogues enumerated from them."""
    from rdkit import Chem

    from drugcontrol.chem._rdlog import quiet_rdkit

    seen: dict[str, None] = {}
    bases = []
    with quiet_rdkit():
        for _, smiles in reference_smiles():
            mol = Chem.MolFromSmiles(smiles)
            if mol is None:
                continue
            seen.setdefault(Chem.MolToSmiles(mol))
            bases.append(mol)
            if len(seen) >= count:
                return list(seen)[:count]
        for analogue in _analogues(bases):
            seen.setdefault(analogue)
            if len(seen) >= count:
                break
    return list(seen)[:count]


def _analogues(bases: list) -> Iterator[str]:
    """Round after round over the bases: one more (substituent, position) per base and round."""
    from rdkit import Chem

    fragments = [Chem.MolFromSmiles(s) for s in SUBSTITUENTS]
    round_ = 0
    while True:
        produced = False
        for mol in bases:
            sites = [
                a.GetIdx() for a in mol.GetAtoms() if a.GetIsAromatic() and a.GetSymbol() == "C" and a.GetTotalNumHs()
            ]
            choices = [(site, frag) for frag in fragments for site in sites]
            if round_ >= len(choices):
                continue
            site, fragment = choices[round_]
            combined = Chem.RWMol(Chem.CombineMols(mol, fragment))
            combined.AddBond(site, mol.GetNumAtoms(), Chem.BondType.SINGLE)
            try:
                Chem.SanitizeMol(combined)
            except Exception:  # noqa: S112 - an odd aromatic system: skip that position
                continue
            produced = True
            yield Chem.MolToSmiles(combined)
        if not produced:
            return
        round_ += 1


def _timed_local(inputs, recipe, processes: int) -> float:
    from drugcontrol.expertise.screening import screen_inputs

    started = time.perf_counter()
    for _ in screen_inputs(inputs, recipe, workers=processes):
        pass
    return time.perf_counter() - started


def _timed_dask(inputs, recipe, address: str) -> tuple[float, list[dict[str, str]]]:
    from drugcontrol.expertise.screening import screen_inputs

    started = time.perf_counter()
    rows = list(screen_inputs(inputs, recipe, scheduler=address))
    return time.perf_counter() - started, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000, help="rows of the 1-vs-2-worker comparison")
    parser.add_argument("--sizes", default="10000,100000", help="row counts of the cost-growth series")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    require_shared()
    demo_database()
    from distributed import LocalCluster
    from django.utils import timezone

    from drugcontrol.expertise.screening import ScreeningRecipe, ScreenInput
    from drugcontrol.lists.assessors import assessor_as_of

    recipe = ScreeningRecipe.of(assessor_as_of("KZ", timezone.localdate()))
    started = time.perf_counter()
    structures = distinct_structures(max(args.rows, *sizes))
    print(f"{len(structures):,} distinct structures prepared in {time.perf_counter() - started:.0f} s")
    inputs = [ScreenInput(f"c{i}", s) for i, s in enumerate(structures[: args.rows])]

    rates = {}
    for workers in (1, 2):
        with LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address="127.0.0.1:0"
        ) as cluster:
            seconds, _ = _timed_dask(inputs, recipe, cluster.scheduler_address)
        local = _timed_local(inputs, recipe, workers)
        rates[workers] = len(inputs) / seconds
        print(
            f"{len(inputs):,} rows, {workers} worker process(es): Dask {rates[workers]:,.0f} compounds/s "
            f"({seconds:.1f} s); local pool of {workers} {len(inputs) / local:,.0f} compounds/s ({local:.1f} s); "
            f"Dask / local {local / seconds:.2f}"
        )
    print(f"2 workers / 1 worker: {rates[2] / rates[1]:.2f}x")

    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address="127.0.0.1:0"
    ) as cluster:
        base = None
        for size in sizes:
            batch = [ScreenInput(f"c{i}", s) for i, s in enumerate(structures[:size])]
            seconds, rows = _timed_dask(batch, recipe, cluster.scheduler_address)
            per_row = seconds / len(rows) * 1e6
            base = base or per_row
            peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(
                f"cost at {size:>9,} rows (2 workers): {seconds:8.1f} s, {len(rows) / seconds:6,.0f} compounds/s, "
                f"{per_row:7.0f} µs/row, growth per row {per_row / base:.2f}x; client peak RSS {peak_mb:,.0f} MB"
            )


if __name__ == "__main__":
    main()
