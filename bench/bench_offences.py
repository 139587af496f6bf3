"""Offences speed on PostgreSQL: the dashboard and the qualification of one seizure, each beside plain SQL.

Synthetic records are generated in Python with skewed distributions (more possession than sale, cannabis the
most seized, a few regions with most cases, more cases each year) and written by COPY (`drugcontrol.bulk`,
columns named explicitly), then `VACUUM ANALYZE`, then the dashboard's aggregate tables are rebuilt from them
(`drugcontrol aggregates rebuild --topic offences.cases`, timed). Measured in the same run:

- the dashboard as the application computes it (`offences.statistics.dashboard`: month-end rows of the aggregate
  tables, each table suppressed), the same dashboard counted over the records, and the same GROUP BY queries
  over the records in plain SQL; the figures of the two application paths are compared;
- the qualification of one seizure (`offences.qualification.qualify_seizures`: the list version of the date,
  the entry by name, the thresholds, the class and the article) beside the plain-SQL read of the same entry's
  threshold row in force on the date.

Targets of the specification: dashboard < 1 s, one qualification < 10 ms p99 (at 1 M cases, 5 M seizures).

    DATABASE_URL=postgres://user@host:port/db .venv/bin/python bench/bench_offences.py --cases 100000
    # the full size (loads in a few minutes on 2 cores):
    DATABASE_URL=... .venv/bin/python bench/bench_offences.py --cases 1000000 --seizures-per-case 5

Data is loaded once; a later run finds it and measures again (`--reload` drops the synthetic rows first).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta

TARGETS = {"dashboard": 1.0, "qualify_p99": 0.010}
SUBSTANCES = (("героин", ""), ("ГАШИШ", ""), ("МАРИХУАНА", "dried"), ("ПИРРОЛИДИНОВАЛЕРОФЕНОН", ""),
              ("МЕТАМФЕТАМИН (ПЕРВИТИН)", ""), ("АМФЕТАМИН", ""), ("КОКАИН", ""), ("ОПИЙ", ""))  # fmt: skip


def _setup() -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("bench_offences needs PostgreSQL: set DATABASE_URL=postgres://user@host:port/db")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "drugcontrol.settings")
    os.environ.setdefault("DRUGCONTROL_DEBUG", "1")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from drugcontrol.lists.models import LegalAct

    if not LegalAct.objects.filter(jurisdiction_id="KZ").exists():
        from drugcontrol.lists.actions.demo_data import do_load_demo

        do_load_demo(actor="bench")


REGIONS_WEIGHT = 1.35  # region i of n gets weight 1 / 1.35**i: a few regions hold most cases
YEARS = ((2023, 30), (2024, 33), (2025, 37))  # cases per year: the figures officials quote grow
ACTIONS = {"possession": 40, "sale": 20, "transport_for_sale": 10, "consumption": 12, "cultivation": 8,
           "manufacture": 4, "den": 2, "inducement": 2, "advertising": 2}  # fmt: skip
ARTICLE_OF = {"possession": "296", "consumption": "296", "cultivation": "300", "manufacture": "297-1",
              "den": "302", "inducement": "299", "advertising": "299-1"}  # fmt: skip
SIZES = {"below_small": 10, "small": 45, "large": 30, "especially_large": 15}
CLASSES = {"cannabis": 45, "opioids": 15, "synthetic_stimulants": 22, "synthetic_cannabinoids": 6, "cocaine": 2,
           "hallucinogens": 2, "sedatives": 3, "precursors": 2, "other": 3}  # fmt: skip
ROLES = {"buyer": 35, "seller": 20, "courier": 15, "stash_layer": 12, "organiser": 5, "manufacturer": 4,
         "recruiter": 3, "advertiser": 3, "consumer": 3}  # fmt: skip
CHUNK = 50_000  # cases generated and written at a time

CASE_COLUMNS = ("id", "number", "opened_on", "act_date", "region_id", "action", "circumstances", "summary", "size",
                "article", "part", "code_version", "created_at")  # fmt: skip
SEIZURE_COLUMNS = ("id", "case_id", "exhibit", "smiles", "substance_label", "substance_class", "basis_relation",
                   "form", "net_g", "seized_on", "region_id", "place", "size")  # fmt: skip
PARTICIPANT_COLUMNS = ("id", "case_id", "role", "full_name", "iin", "age", "sex", "region_id")
LABORATORY_COLUMNS = ("id", "case_id", "kind", "region_id", "location", "products", "equipment", "shut_down_on")


def _other_columns(model, given: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[object, ...]]:
    """NOT NULL columns the bench does not generate (a field added later), with the model's default."""
    rest = [f for f in model._meta.concrete_fields if f.column not in given and not f.null and not f.primary_key]
    return tuple(f.column for f in rest), tuple(f.get_default() for f in rest)


def _pick(rng: random.Random, weights: dict[str, int], k: int) -> list[str]:
    return rng.choices(list(weights), weights=list(weights.values()), k=k)


def _next_ids(cursor) -> dict[str, int]:
    ids = {}
    for table in ("case", "seizure", "participant", "laboratory"):
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM offences_{table}")  # noqa: S608 - fixed names
        ids[table] = cursor.fetchone()[0]
    return ids


def _write(model, columns: tuple[str, ...], rows: list[tuple]) -> int:
    from drugcontrol.bulk import write_rows

    extra_names, extra_values = _other_columns(model, columns)
    return write_rows(model._meta.db_table, (*columns, *extra_names), [row + extra_values for row in rows])


def _generate(cases: int, per_case: int, seed: int = 11) -> tuple[int, int, int, int]:
    """Write `cases` synthetic cases (about `per_case` seizures each, 1-3 participants, a lab or grow for a fifth
    of manufacture and cultivation) by COPY, chunk by chunk; returns the rows written per table."""
    from django.db import connection
    from django.utils import timezone

    from drugcontrol.offences.models import Case, Laboratory, Participant, Seizure
    from drugcontrol.registry.models import Region

    rng = random.Random(seed)
    codes = list(Region.objects.order_by("code").values_list("code", flat=True))
    region_weights = {code: 1000 / REGIONS_WEIGHT ** (i % 12) for i, code in enumerate(codes)}
    year_days = {year: (date(year, 1, 1), 365 + (year % 4 == 0)) for year, _w in YEARS}
    spread = [max(1, per_case + d) for d in (-3, -2, -1, 0, 1, 2, 3)]  # mean `per_case`
    now = timezone.now()
    totals = [0, 0, 0, 0]
    with connection.cursor() as cursor:
        ids = _next_ids(cursor)
    for first in range(0, cases, CHUNK):
        n = min(CHUNK, cases - first)
        years = rng.choices([y for y, _w in YEARS], weights=[w for _y, w in YEARS], k=n)
        regions = rng.choices(list(region_weights), weights=list(region_weights.values()), k=n)
        actions = _pick(rng, ACTIONS, n)
        sizes = _pick(rng, SIZES, n)
        classes = _pick(rng, CLASSES, n * (per_case + 3))
        roles = _pick(rng, ROLES, n * 3)
        case_rows, seizure_rows, participant_rows, lab_rows = [], [], [], []
        c = r = 0
        for i in range(n):
            start, days = year_days[years[i]]
            day = start + timedelta(days=int(rng.random() * days))
            action, size, region = actions[i], sizes[i], regions[i]
            if action in ("den", "inducement", "advertising"):
                size = ""
            article = ARTICLE_OF.get(action, "297")
            part = 1 + (size in ("large", "especially_large")) + (size == "especially_large")
            case_id = ids["case"] + first + i
            case_rows.append((case_id, f"BENCH-{first + i + 1}", day, day, region, action, "[]", "", size, article,
                              part, "2025" if day >= date(2025, 3, 5) else "2015", now))  # fmt: skip
            for k in range(rng.choice(spread)):
                seizure_rows.append((ids["seizure"] + totals[1] + len(seizure_rows), case_id, f"{case_id}-{k}", "",
                                     "synthetic", classes[c], "listed", "", round(rng.random() * 100, 3), day,
                                     region, "", size))  # fmt: skip
                c = (c + 1) % len(classes)
            for _p in range(1 + int(rng.random() ** 3 * 3)):
                participant_rows.append((ids["participant"] + totals[2] + len(participant_rows), case_id,
                                         roles[r], "", "", 16 + int(rng.random() ** 1.6 * 50),
                                         "M" if rng.random() < 0.85 else "F", region))  # fmt: skip
                r = (r + 1) % len(roles)
            if action in ("manufacture", "cultivation") and rng.random() < 0.2:
                kind = "laboratory" if action == "manufacture" else "grow"
                lab_rows.append((ids["laboratory"] + totals[3] + len(lab_rows), case_id, kind, region, "", "", "", day))
        totals[0] += _write(Case, CASE_COLUMNS, case_rows)
        totals[1] += _write(Seizure, SEIZURE_COLUMNS, seizure_rows)
        totals[2] += _write(Participant, PARTICIPANT_COLUMNS, participant_rows)
        totals[3] += _write(Laboratory, LABORATORY_COLUMNS, lab_rows)
    from django.core.management.color import no_style

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Case, Seizure, Participant, Laboratory]):
            cursor.execute(sql)
    return tuple(totals)


PLAIN_DASHBOARD = (
    "SELECT extract(month FROM act_date), count(*) FROM offences_case WHERE act_date BETWEEN %(s)s AND %(e)s "
    "GROUP BY 1",
    "SELECT region_id, article, count(*) FROM offences_case WHERE act_date BETWEEN %(s)s AND %(e)s GROUP BY 1, 2",
    "SELECT size, count(*) FROM offences_case WHERE act_date BETWEEN %(s)s AND %(e)s GROUP BY 1",
    "SELECT substance_class, seized_on >= %(s)s, count(*) FROM offences_seizure WHERE seized_on BETWEEN %(p)s AND "
    "%(e)s GROUP BY 1, 2",
    "SELECT l.kind, count(*) FROM offences_laboratory l WHERE l.shut_down_on BETWEEN %(s)s AND %(e)s GROUP BY 1",
    "SELECT p.role, p.sex, count(*) FROM offences_participant p JOIN offences_case c ON c.id = p.case_id "
    "WHERE c.act_date BETWEEN %(s)s AND %(e)s GROUP BY 1, 2",
    "SELECT CASE WHEN p.age < 18 THEN 'u18' WHEN p.age < 25 THEN '18-24' WHEN p.age < 35 THEN '25-34' "
    "WHEN p.age < 45 THEN '35-44' ELSE '45+' END, p.sex, count(*) FROM offences_participant p "
    "JOIN offences_case c ON c.id = p.case_id WHERE c.act_date BETWEEN %(s)s AND %(e)s GROUP BY 1, 2",
)
PLAIN_QUALIFY = """
SELECT t.small, t.large, t.especially_large, t.form, e.table
FROM lists_listentry e JOIN lists_substance s ON s.id = e.substance_id JOIN lists_entrythreshold t ON t.entry_id = e.id
WHERE e.jurisdiction_id = 'KZ' AND s.name_ru LIKE %(name)s AND e.valid_from <= %(day)s
  AND (e.valid_to IS NULL OR e.valid_to > %(day)s)
LIMIT 5
"""


DROP_SQL = (
    "DELETE FROM offences_labresult WHERE seizure_id IN (SELECT s.id FROM offences_seizure s JOIN offences_case c "
    "ON c.id = s.case_id WHERE c.number LIKE 'BENCH-%%')",
    "DELETE FROM offences_precursorfound WHERE laboratory_id IN (SELECT l.id FROM offences_laboratory l "
    "JOIN offences_case c ON c.id = l.case_id WHERE c.number LIKE 'BENCH-%%')",
    *(
        f"DELETE FROM offences_{table} WHERE case_id IN (SELECT id FROM offences_case WHERE number LIKE 'BENCH-%%')"  # noqa: S608 - fixed table names
        for table in ("seizure", "participant", "laboratory")
    ),
    "DELETE FROM offences_case WHERE number LIKE 'BENCH-%%'",
)


def _drop() -> None:
    """The synthetic rows only (the database does not cascade: Django does, row by row)."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        for sql in DROP_SQL:
            cursor.execute(sql)


def _load(cases: int, per_case: int, reload: bool, rebuild: bool) -> int:
    """Generate and COPY the records (unless already there), VACUUM ANALYZE, then rebuild the aggregates (timed)."""
    from django.db import connection, transaction

    from drugcontrol.aggregates.models import Horizon
    from drugcontrol.offences.counts import TOPIC, rebuild_offence_counts
    from drugcontrol.offences.models import Case

    if reload:
        _drop()
    have = Case.objects.filter(number__startswith="BENCH-").count()
    if have < cases:
        if have:
            _drop()
        started = time.perf_counter()
        with transaction.atomic():
            written = _generate(cases, per_case)
        print(
            f"loaded by COPY {written[0]:,} cases, {written[1]:,} seizures, {written[2]:,} participants, "
            f"{written[3]:,} laboratories and grows in {time.perf_counter() - started:.1f} s"
        )
        started = time.perf_counter()
        with connection.cursor() as cursor:
            for table in ("case", "seizure", "participant", "laboratory"):
                cursor.execute(f"VACUUM ANALYZE offences_{table}")
        print(f"VACUUM ANALYZE in {time.perf_counter() - started:.1f} s")
        have, rebuild = cases, True
    if rebuild or not Horizon.objects.filter(topic=TOPIC).exists():
        started = time.perf_counter()
        counted = rebuild_offence_counts()
        with connection.cursor() as cursor:
            for table in ("aggregates_stock", "aggregates_flow"):
                cursor.execute(f"VACUUM ANALYZE {table}")
        print(f"aggregates rebuilt from the records: {counted:,} cases in {time.perf_counter() - started:.1f} s")
    return have


def _analyst():
    from django.contrib.auth import get_user_model

    from drugcontrol.registry.models import Role, StaffProfile

    user, _ = get_user_model().objects.get_or_create(username="bench-offences-analyst")
    StaffProfile.objects.get_or_create(user=user, defaults={"role": Role.ANALYST})
    return user


def _time(fn: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return times


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seizures-per-case", type=int, default=5)
    parser.add_argument("--qualifications", type=int, default=1000)
    parser.add_argument("--reload", action="store_true", help="drop the synthetic records and load them again")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the aggregates even if the data is there")
    args = parser.parse_args()
    _setup()
    from django.db import connection

    from drugcontrol.offences.qualification import SeizureInput, qualify_seizures
    from drugcontrol.offences.statistics import dashboard

    cases = _load(args.cases, args.seizures_per_case, args.reload, args.rebuild)
    print(f"load average before measuring: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    user = _analyst()
    year = 2025
    params = {"s": date(year, 1, 1), "e": date(year, 12, 31), "p": date(year - 1, 1, 1)}

    def plain_dashboard() -> None:
        with connection.cursor() as cursor:
            for sql in PLAIN_DASHBOARD:
                cursor.execute(sql, params)
                cursor.fetchall()

    figures = dashboard(user, year=year)  # warm the caches once, like a running server
    same = figures.to_api() == dashboard(user, year=year, source="records").to_api()
    app = _time(lambda: dashboard(user, year=year), 5)
    records = _time(lambda: dashboard(user, year=year, source="records"), 3)
    plain = _time(plain_dashboard, 3)
    print(
        f"dashboard ({cases:,} cases, year {year}): application (aggregates) median "
        f"{statistics.median(app) * 1000:.0f} ms; application over the records {statistics.median(records) * 1000:.0f}"
        f" ms; plain SQL over the records median {statistics.median(plain) * 1000:.0f} ms; ratio aggregates / plain "
        f"{statistics.median(app) / statistics.median(plain):.3f}; figures identical: {'yes' if same else 'NO'}; "
        f"target < {TARGETS['dashboard'] * 1000:.0f} ms"
    )

    rng = random.Random(7)
    inputs = [
        (
            rng.choice(SUBSTANCES),
            f"{rng.uniform(0.001, 300):.3f}",
            date(2020, 1, 1) + timedelta(days=rng.randrange(2000)),
            rng.choice(("possession", "sale", "transport_for_sale")),
        )
        for _ in range(args.qualifications)
    ]
    cold = []  # warm, like a running server: each substance's entry of each list version is loaded once
    for (name, form), mass, day, action in inputs:
        started = time.perf_counter()
        qualify_seizures([SeizureInput(name, "", mass, None, form)], action=action, act_date=day)
        cold.append(time.perf_counter() - started)
    app_q, app_cpu = [], []
    for (name, form), mass, day, action in inputs:
        started, cpu = time.perf_counter(), time.process_time()
        qualify_seizures([SeizureInput(name, "", mass, None, form)], action=action, act_date=day)
        app_q.append(time.perf_counter() - started)
        app_cpu.append(time.process_time() - cpu)
    plain_q = []
    with connection.cursor() as cursor:
        for (name, _form), _mass, day, _action in inputs:
            started = time.perf_counter()
            cursor.execute(PLAIN_QUALIFY, {"name": f"{name.upper()}%", "day": day})
            cursor.fetchall()
            plain_q.append(time.perf_counter() - started)
    print(
        f"qualify one seizure ({len(inputs)}): application p50 {_p(app_q, 0.5) * 1000:.2f} ms, "
        f"p99 {_p(app_q, 0.99) * 1000:.2f} ms; plain SQL p50 {_p(plain_q, 0.5) * 1000:.2f} ms, "
        f"p99 {_p(plain_q, 0.99) * 1000:.2f} ms; ratio p99 {_p(app_q, 0.99) / _p(plain_q, 0.99):.2f}; "
        f"target p99 < {TARGETS['qualify_p99'] * 1000:.0f} ms"
    )
    print(f"qualify, first pass (each list version and entry loaded once): max {max(cold) * 1000:.1f} ms")
    print(  # the CPU time of the process: what the code costs, whatever the other processes on the machine do
        f"qualify one seizure, CPU time of the process: p50 {_p(app_cpu, 0.5) * 1000:.2f} ms, "
        f"p99 {_p(app_cpu, 0.99) * 1000:.2f} ms; load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )


if __name__ == "__main__":
    main()
