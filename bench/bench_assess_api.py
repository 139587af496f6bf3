"""Single assessment through the API: ``POST /api/lists/assess`` latency, p50 and p99, beside the pure assess.

Both are measured in the same run on the same structures (a random sample of the reference libraries)
against Kazakhstan's demo list: the HTTP path through Django's test client (routing, JSON parsing,
validation, the cached assessor, serialisation) and, as the baseline, ``Assessor.assess`` called in
process. The assessor is warmed up first (built once per list version and cached, as in the server).
Target: p99 < 50 ms.

Run: ``.venv/bin/python bench/bench_assess_api.py [--requests N]``
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_lists import demo_database, reference_smiles, require_shared

TARGET_P99_S = 0.050


def _percentile(times: list[float], q: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _summary(label: str, times: list[float]) -> str:
    ms = {name: _percentile(times, q) * 1000 for name, q in (("p50", 0.5), ("p90", 0.9), ("p99", 0.99))}
    figures = "  ".join(f"{name} {value:.1f} ms" for name, value in ms.items())
    mean = statistics.fmean(times) * 1000
    return f"{label}: n={len(times)}  {figures}  max {max(times) * 1000:.1f} ms  mean {mean:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=400)
    args = parser.parse_args()
    require_shared()
    demo_database()
    from django.test import Client
    from django.utils import timezone

    from drugcontrol.lists.assessors import assessor_as_of

    day = timezone.localdate()
    structures = [s for _, s in random.Random(279).sample(reference_smiles(), args.requests)]
    assessor = assessor_as_of("KZ", day)
    client = Client()
    client.post("/api/lists/assess", {"structure": "CCO", "as_of": day.isoformat()}, content_type="application/json")

    pure: list[float] = []
    for smiles in structures:
        started = time.perf_counter()
        assessor.assess(smiles)
        pure.append(time.perf_counter() - started)
    api: list[float] = []
    statuses: dict[int, int] = {}
    for smiles in structures:
        started = time.perf_counter()
        response = client.post(
            "/api/lists/assess", {"structure": smiles, "as_of": day.isoformat()}, content_type="application/json"
        )
        api.append(time.perf_counter() - started)
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1

    print(f"KZ list as of {day}; {len(structures)} structures sampled from the reference libraries")
    print(_summary("pure Assessor.assess (baseline)", pure))
    print(_summary("POST /api/lists/assess        ", api) + f"  statuses {statuses}")
    overhead = statistics.median(a - p for a, p in zip(api, pure, strict=True))
    print(f"API overhead over the pure assess: median {overhead * 1000:.1f} ms per request")
    p99 = _percentile(api, 0.99)
    print(
        f"target p99 < {TARGET_P99_S * 1000:.0f} ms: {'met' if p99 < TARGET_P99_S else 'NOT met'} ({p99 * 1000:.1f} ms)"
    )


if __name__ == "__main__":
    main()
