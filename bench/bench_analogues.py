"""Analogue screening speed: prefiltered ``AnalogueScreen`` against testing every parent.

Parents are the controlled substances of the US DEA list (a stand-in for the ~400 parents of the
Kazakh list, which has no structures in the shared data); queries are forensic reference standards
(many new psychoactive substances). The baseline, measured in the same run on a sample of the same
queries, is the same screen with the prefilters off (every parent's skeleton is matched). Both must
find the same matches on the sample.

Run: ``.venv/bin/python bench/bench_analogues.py [--queries N] [--baseline-queries N]``
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

from rdkit import Chem

from drugcontrol.chem._rdlog import quiet_rdkit
from drugcontrol.chem.analogues import AnalogueScreen, ParentStructure
from drugcontrol.chem.errors import ChemError, TooComplexError
from drugcontrol.chem.standardize import standardize_mol
from drugcontrol.chem.substituents import SubstituentLibrary

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
PARENTS_TSV = SHARED / "lists" / "us_dea_list.tsv"
QUERIES_CSV = SHARED / "reference" / "cayman_reference_standards.csv"
LIBRARY_CSV = REPO / "src" / "drugcontrol" / "lists" / "data" / "kz_substituents_470.csv"


def _standard(smiles: str) -> Chem.Mol | None:
    with quiet_rdkit():
        mol = Chem.MolFromSmiles(smiles)
        if mol is None:
            return None
        try:
            return standardize_mol(mol, remove_isotopes=True)
        except ChemError:
            return None


def load_parents() -> list[ParentStructure]:
    parents: dict[str, ParentStructure] = {}
    with PARENTS_TSV.open(encoding="latin-1", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            mol = _standard(row.get("SMILES") or "")
            if mol is None or mol.GetNumHeavyAtoms() < 5:
                continue
            key = Chem.MolToSmiles(mol, isomericSmiles=False)
            parents.setdefault(key, ParentStructure(row["Name"] or key, mol))
    return list(parents.values())


def load_queries(limit: int) -> list[Chem.Mol]:
    queries: list[Chem.Mol] = []
    with QUERIES_CSV.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            mol = _standard(row["smiles"]) if row["smiles"] else None
            if mol is not None:
                queries.append(mol)
            if len(queries) >= limit:
                break
    return queries


def run(screen: AnalogueScreen, queries: list[Chem.Mol]) -> tuple[float, list[list[str]], int]:
    """Seconds taken, the match explanations per query, and how many queries hit the bound."""
    results: list[list[str]] = []
    too_complex = 0
    start = time.perf_counter()
    for query in queries:
        try:
            results.append([m.explain() for m in screen.find(query)])
        except TooComplexError:
            results.append(["too complex"])
            too_complex += 1
    return time.perf_counter() - start, results, too_complex


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--baseline-queries", type=int, default=150)
    args = parser.parse_args()
    if not PARENTS_TSV.exists() or not QUERIES_CSV.exists():
        print(f"Shared reference data not found under {SHARED}; nothing to measure.")
        return 0
    library = SubstituentLibrary.from_csv(LIBRARY_CSV)
    parents = load_parents()
    queries = load_queries(args.queries)

    start = time.perf_counter()
    screen = AnalogueScreen(parents, library)
    build = time.perf_counter() - start
    brute = AnalogueScreen(parents, library, prefilter=False)

    sample = queries[: args.baseline_queries]
    base_time, base_results, _ = run(brute, sample)
    fast_sample_time, fast_results, _ = run(screen, sample)
    if fast_results != base_results:
        print("MISMATCH: the prefiltered screen and the full scan disagree on the sample")
        return 1
    fast_time, all_results, too_complex = run(screen, queries)

    with_match = sum(1 for r in all_results if r and r != ["too complex"])
    print(f"parents: {len(parents)}, substituent items: {len(library)}, prepared in {build:.2f} s")
    print(f"queries: {len(queries)}; with an analogue match: {with_match}; too complex: {too_complex}")
    print(f"screen: {len(queries) / fast_time:,.0f} queries/s ({fast_time / len(queries) * 1e3:.2f} ms each)")
    print(f"baseline (no prefilter), {len(sample)} queries: {len(sample) / base_time:,.0f} queries/s")
    print(f"ratio (baseline time / screen time, same sample): {base_time / fast_sample_time:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
