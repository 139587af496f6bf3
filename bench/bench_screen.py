"""Bulk screening speed: the union of the reference libraries against Kazakhstan's full demo list.

Measured in the same run, on the same compounds, list and cores:

0. the floor: the project's own parse + standardise (``chem.parse.to_mol`` + ``chem.standardize``) of every
   distinct input text, on the same worker pool and chunks as the engine. Every verdict needs both, so no
   engine can be faster; the target is >= 0.6 of the floor with every verdict, the risk score included;
1. the screening engine (``expertise.screening``, every core, worker start-up included), with the NPS-likeness
   score in the verdict chain: the installed model (``$DRUGCONTROL_RISK_MODEL`` or ``--model``), else a small one
   trained here and installed for the run, so that every row is really scored (the run fails if the ``risk``
   column stays empty);
2. the naive RDKit loop of the specification: each query parsed, then tested against every listed
   structure with ``HasSubstructMatch`` plus a Morgan Tanimoto (one process; on a random sample,
   extrapolated — it gives no verdict, no standardisation and no explanation);
3. single assessments in a loop (``Assessor.assess`` per row, one process, no de-duplication; on a
   sample, extrapolated): the same verdicts and explanations without the screening engine.

The floor and the engine run in alternating rounds (floor then engine, then engine then floor, ...), each
over the whole input, and the figures are the medians of the rounds: on a machine whose load changes, two
phases minutes apart measure the load rather than the engine. The load average is printed with each round, and
so is the ratio of the CPU seconds the two phases spent (this process and its workers), which other work on a
shared machine moves far less than wall time.

Targets: >= 1,000 compounds/s on two cores, >= 0.6 of the floor and >= 10x the naive loop.

Run: ``.venv/bin/python bench/bench_screen.py [--workers N] [--rounds N] [--rows N] [--naive-sample N]
[--assess-sample N] [--model FILE] [--rows-out FILE] [--compare FILE] [--without-rules]`` (``--rows``: a random
sample of the rows, for a quick run while developing). ``--rows-out`` writes the engine's output rows (the screening
CSV) and ``--compare`` counts the rows, and the verdicts, that differ from such a file written earlier (by another
version of the engine, with the same model): a change that only makes screening faster must leave every row as it
was. ``--without-rules`` adds a third phase to every round: the engine without the screens of the legal rules (the
analogue rule, Kazakhstan's groups, the other jurisdictions' lists), which gives no lawful verdict but shows what the
rest costs, and so how much time any faster rule screen could have at the target.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_lists import demo_database, reference_smiles, require_shared

TARGET_RATE = 1000.0
TARGET_RATIO = 10.0
TARGET_FLOOR_SHARE = 0.6


def _floor_chunk(texts: list[str]) -> int:
    """Parse and standardise each text (what every verdict needs first); the count read."""
    from drugcontrol.chem._rdlog import quiet_rdkit
    from drugcontrol.chem.errors import ChemError
    from drugcontrol.chem.parse import to_mol
    from drugcontrol.chem.standardize import standardize

    done = 0
    with quiet_rdkit():
        for text in texts:
            try:
                standardize(to_mol(text))
                done += 1
            except ChemError:
                continue
    return done


def pooled_seconds(function, texts: list[str], workers: int | None) -> float:
    """Wall time of ``function`` over ``texts`` on the engine's pool shape: same processes, same chunks; the
    chunks' results are left in ``pooled_seconds.results``."""
    from drugcontrol.expertise.screening import _CHUNK_LIMIT, _default_context

    workers = workers or os.cpu_count() or 1
    size = max(8, min(_CHUNK_LIMIT, len(texts) // (workers * 8) or 8))
    chunks = [texts[i : i + size] for i in range(0, len(texts), size)]
    started = time.perf_counter()
    if workers == 1:
        results = [function(chunk) for chunk in chunks]
    else:
        with _default_context().Pool(workers) as pool:
            results = list(pool.imap(function, chunks))
    pooled_seconds.results = results
    return time.perf_counter() - started


def risk_model(path: str | None):
    """The installed NPS-likeness model (or ``path``), else a small one trained here (scoring costs the same per
    row); installed through ``DRUGCONTROL_RISK_MODEL`` so that the engine's workers score with it."""
    import tempfile

    from drugcontrol.expertise.risk import MODEL_ENV, available_model
    from drugcontrol.expertise.risk.train import train_from_folder
    from eval_lists import SHARED

    if path:
        os.environ[MODEL_ENV] = path
    model = available_model()
    if model is not None:
        return model, "installed"
    small = train_from_folder(SHARED, rounds=200, folds=2, sources=("KZ", "SWGDRUG", "PiHKAL", "medicines"))
    target = small.save(Path(tempfile.mkdtemp(prefix="bench-risk-")) / "nps-likeness.zip")
    os.environ[MODEL_ENV] = str(target)
    return small, f"none installed: a small one trained and installed for this run ({target})"


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


def rounds(
    inputs, distinct: list[str], recipes: dict[str, object], workers: int | None, count: int
) -> tuple[list[dict], list[dict]]:
    """``count`` rounds of the floor and of each recipe's engine over the same texts, the order reversed every
    other round; the rows of the last round's ``engine`` phase and, per round, the seconds of each phase and the
    load average before it."""
    from drugcontrol.expertise.screening import screen_inputs

    measured, rows = [], []
    for number in range(count):
        figures = {"load": os.getloadavg()[0]}
        phases = ("floor", *recipes) if number % 2 == 0 else (*reversed(recipes), "floor")
        for phase in phases:
            cpu = cpu_seconds()
            if phase == "floor":
                figures["floor"] = pooled_seconds(_floor_chunk, distinct, workers)
            else:
                started = time.perf_counter()
                phase_rows = list(screen_inputs(inputs, recipes[phase], workers=workers))
                figures[phase] = time.perf_counter() - started
                if phase == "engine":
                    rows = phase_rows
            figures[f"{phase}_cpu"] = cpu_seconds() - cpu
        measured.append(figures)
        engines = "; ".join(
            f"{phase} {figures[phase]:.1f} s (CPU {figures[f'{phase}_cpu']:.1f}), ratio "
            f"{figures['floor'] / figures[phase]:.2f} (CPU {figures['floor_cpu'] / figures[f'{phase}_cpu']:.2f})"
            for phase in recipes
        )
        print(
            f"round {number + 1} ({' then '.join(phases)}, load {figures['load']:.1f}): "
            f"floor {figures['floor']:.1f} s (CPU {figures['floor_cpu']:.1f}); {engines}",
            flush=True,
        )
    return measured, rows


def without_rules(recipe):
    """The recipe without the screens of the legal rules (the analogue rule, Kazakhstan's groups and the other
    jurisdictions' lists); the entries, similarity, known NPS, risk classes and the score stay. It gives no
    lawful verdict: it measures what the rest of the engine costs, the ceiling of any faster rule screen."""
    from dataclasses import replace

    suspicion = replace(recipe.suspicion, foreign=()) if recipe.suspicion is not None else None
    return replace(recipe, substituents=None, group_ids=(), suspicion=suspicion)


def medians(measured: list[dict], phase: str, texts: int) -> tuple[float, float, float]:
    """For one engine phase over the rounds: the median share of the floor in wall time and in CPU seconds, and the
    median CPU milliseconds per distinct text."""
    share = statistics.median(m["floor"] / m[phase] for m in measured)
    cpu_share = statistics.median(m["floor_cpu"] / m[f"{phase}_cpu"] for m in measured)
    return share, cpu_share, statistics.median(m[f"{phase}_cpu"] for m in measured) * 1000 / texts


def cpu_seconds() -> float:
    """CPU time of this process and of its finished worker processes (each pool's workers are joined when the
    pool closes): unlike wall time, barely moved by other work on the machine."""
    import resource

    own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def compare_rows(rows: list[dict[str, str]], path: str) -> None:
    """Print how many rows, and how many verdicts, differ from the rows of an earlier run in ``path``."""
    import csv
    import io

    from drugcontrol.expertise.screening import write_rows

    with open(path, encoding="utf-8", newline="") as handle:
        earlier = list(csv.DictReader(handle))
    buffer = io.StringIO()
    write_rows(rows, buffer)  # as written to the file, cell for cell
    rows = list(csv.DictReader(io.StringIO(buffer.getvalue())))
    if len(earlier) != len(rows):
        print(f"compared with {path}: {len(earlier):,} rows there, {len(rows):,} here: not the same input")
        return
    differ = sum(1 for old, new in zip(earlier, rows, strict=True) if any(old[k] != new[k] for k in old))
    verdicts = sum(1 for old, new in zip(earlier, rows, strict=True) if old["verdict"] != new["verdict"])
    same = Counter(r["verdict"] for r in earlier) == Counter(r["verdict"] for r in rows)
    print(
        f"compared with {path}: {differ:,} of {len(rows):,} rows differ in any column, {verdicts:,} in the verdict; "
        f"verdict counts {'identical' if same else 'DIFFERENT'}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=None, help="processes (default: every core)")
    parser.add_argument("--rounds", type=int, default=3, help="alternating floor/engine rounds (median reported)")
    parser.add_argument("--rows", type=int, default=None, help="a random sample of this many rows (default: all)")
    parser.add_argument("--naive-sample", type=int, default=300)
    parser.add_argument("--assess-sample", type=int, default=300)
    parser.add_argument("--model", default=None, help="the NPS-likeness model file to score with")
    parser.add_argument("--rows-out", default=None, help="write the engine's output rows (CSV) to this file")
    parser.add_argument("--compare", default=None, help="count the rows that differ from this earlier --rows-out")
    parser.add_argument(
        "--without-rules",
        action="store_true",
        help="also measure the engine without the legal rule screens: the ceiling of any faster rule screen",
    )
    args = parser.parse_args()
    require_shared()
    demo_database()
    from django.utils import timezone

    from drugcontrol.expertise.screening import ScreeningRecipe, ScreenInput
    from drugcontrol.lists.assessors import assessor_as_of

    assessor = assessor_as_of("KZ", timezone.localdate())
    recipe = ScreeningRecipe.of(assessor)
    compounds = reference_smiles()
    if args.rows and args.rows < len(compounds):
        compounds = random.Random(11).sample(compounds, args.rows)
    inputs = [ScreenInput(cid, smiles) for cid, smiles in compounds]
    entries = [e.smiles for e in assessor.snapshot.entries if e.smiles]
    print(
        f"{len(inputs):,} reference rows ({len({s for _, s in compounds}):,} distinct SMILES texts) against "
        f"the KZ list as of {recipe.as_of}: {len(assessor.snapshot.entries)} entries, {len(entries)} with a structure"
    )

    model, origin = risk_model(args.model)
    distinct = list(dict.fromkeys(s for _, s in compounds))
    recipes = {"engine": recipe, **({"without_rules": without_rules(recipe)} if args.without_rules else {})}
    measured, rows = rounds(inputs, distinct, recipes, args.workers, max(1, args.rounds))
    floor_s = statistics.median(m["floor"] for m in measured)
    engine_s = statistics.median(m["engine"] for m in measured)
    share, cpu_share, engine_ms = medians(measured, "engine", len(distinct))
    floor_rate, engine_rate = len(inputs) / floor_s, len(inputs) / engine_s
    loads = [m["load"] for m in measured]
    counts = Counter(r["verdict"] for r in rows)
    print(
        f"floor (parse + standardise of the {len(distinct):,} distinct texts, same pool), median of {len(measured)} "
        f"rounds: {floor_s:.1f} s = {floor_rate:,.0f} compounds/s"
    )
    print(
        f"engine (workers: {args.workers or 'every core'}, start-up included), median: {engine_s:.1f} s = "
        f"{engine_rate:,.0f} compounds/s; " + ", ".join(f"{k} {v}" for k, v in counts.most_common())
    )
    scored = sum(1 for r in rows if r["risk"])
    print(f"the risk score is in the verdict chain: {scored:,} rows scored (model {model.version}, {origin})")
    if not scored:
        sys.exit("no row was scored: the engine did not see the model")
    print(
        f"ratio engine / floor, median of the rounds: {share:.2f} (target >= {TARGET_FLOOR_SHARE}); load average "
        f"{min(loads):.1f}-{max(loads):.1f}; in CPU seconds (floor / engine, median): {cpu_share:.2f}"
    )
    floor_ms = statistics.median(m["floor_cpu"] for m in measured) * 1000 / len(distinct)
    print(
        f"CPU per distinct text, median: floor {floor_ms:.2f} ms, engine {engine_ms:.2f} ms (the engine's own work "
        f"beyond the floor: {engine_ms - floor_ms:.2f} ms; at most {floor_ms / TARGET_FLOOR_SHARE - floor_ms:.2f} ms "
        f"for the target)"
    )
    if args.without_rules:
        bare_share, bare_cpu_share, bare_ms = medians(measured, "without_rules", len(distinct))
        print(
            f"engine without the rule screens (no lawful verdict; the ceiling of any faster rule screen), median: "
            f"ratio {bare_share:.2f}, in CPU seconds {bare_cpu_share:.2f}; CPU per distinct text {bare_ms:.2f} ms, so "
            f"the rule screens take {engine_ms - bare_ms:.2f} ms and the target leaves them "
            f"{max(0.0, floor_ms / TARGET_FLOOR_SHARE - bare_ms):.2f} ms"
        )

    if args.rows_out:
        from drugcontrol.expertise.screening import write_rows

        with open(args.rows_out, "w", encoding="utf-8", newline="") as handle:
            write_rows(rows, handle)
        print(f"engine rows written to {args.rows_out}")
    if args.compare:
        compare_rows(rows, args.compare)

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
    print(
        f"target {TARGET_FLOOR_SHARE} of the floor: {'met' if share >= TARGET_FLOOR_SHARE else 'NOT met'} "
        f"({share:.2f}; floor {floor_rate:,.0f}/s, engine {engine_rate:,.0f}/s)"
    )


if __name__ == "__main__":
    main()
