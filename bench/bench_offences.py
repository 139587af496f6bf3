"""Offences speed on PostgreSQL: the dashboard and the qualification of one seizure, each beside plain SQL.

Synthetic records are generated inside PostgreSQL (INSERT ... SELECT over generate_series, with skewed
distributions: more possession than sale, cannabis the most seized, a few regions with most cases), then:

- the dashboard as the application computes it (`offences.statistics.dashboard`: seven grouped counts in the
  user's scope, each suppressed) beside the same GROUP BY queries in plain SQL, in the same run;
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


LOAD_SQL = """
WITH regions AS (SELECT array_agg(code ORDER BY code) AS codes FROM registry_region)
INSERT INTO offences_case (number, opened_on, act_date, region_id, action, circumstances, summary, size, article,
                           part, code_version, created_at)
SELECT 'BENCH-' || g,
       d, d,
       (SELECT codes[1 + floor(power(random(), 2) * array_length(codes, 1) + g * 0)::int] FROM regions),
       a.action, '[]'::jsonb, '', s.size, a.article, a.part,
       CASE WHEN d >= date '2025-03-05' THEN '2025' ELSE '2015' END, now()
FROM generate_series(1, %(cases)s) AS g
CROSS JOIN LATERAL (SELECT date '2023-01-01' + (random() * 1060)::int AS d) AS dd
CROSS JOIN LATERAL (
    SELECT (ARRAY['possession','possession','possession','possession','sale','sale','transport_for_sale',
                  'consumption','cultivation','manufacture'])[1 + (random() * 9 + g * 0)::int] AS action
) AS pick
CROSS JOIN LATERAL (
    SELECT pick.action,
           CASE pick.action WHEN 'possession' THEN '296' WHEN 'consumption' THEN '296' WHEN 'cultivation' THEN '300'
                WHEN 'manufacture' THEN '297-1' ELSE '297' END AS article,
           1 + (random() * 2)::int AS part
) AS a
CROSS JOIN LATERAL (
    SELECT (ARRAY['below_small','small','small','small','large','large','especially_large'])[1 + (random() * 6
           + g * 0)::int] AS size
) AS s
"""
SEIZURES_SQL = """
INSERT INTO offences_seizure (case_id, exhibit, smiles, substance_label, substance_class, basis_relation, form,
                              net_g, seized_on, region_id, place, size)
SELECT c.id, c.number || '-' || k, '', 'synthetic',
       (ARRAY['cannabis','cannabis','cannabis','opioids','synthetic_stimulants','synthetic_stimulants','cocaine',
              'other'])[1 + (random() * 7 + k * 0)::int],
       'listed', '', round((random() * 100)::numeric, 3), c.act_date, c.region_id, '', c.size
FROM offences_case c CROSS JOIN generate_series(1, %(per_case)s) AS k
WHERE c.number LIKE 'BENCH-%%'
"""
PARTICIPANTS_SQL = """
INSERT INTO offences_participant (case_id, role, full_name, iin, age, sex)
SELECT c.id, (ARRAY['buyer','buyer','seller','courier','stash_layer','organiser'])[1 + (random() * 5)::int], '', '',
       16 + (random() * 50)::int, CASE WHEN random() < 0.85 THEN 'M' ELSE 'F' END
FROM offences_case c WHERE c.number LIKE 'BENCH-%%'
"""
LABS_SQL = """
INSERT INTO offences_laboratory (case_id, kind, region_id, location, products, equipment, shut_down_on)
SELECT c.id, CASE c.action WHEN 'manufacture' THEN 'laboratory' ELSE 'grow' END, c.region_id, '', '', '', c.act_date
FROM offences_case c WHERE c.number LIKE 'BENCH-%%' AND c.action IN ('manufacture', 'cultivation')
  AND random() < 0.2
"""

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


def _load(cases: int, per_case: int, reload: bool) -> int:
    from django.db import connection, transaction

    from drugcontrol.offences.models import Case

    if reload:
        _drop()
    have = Case.objects.filter(number__startswith="BENCH-").count()
    if have >= cases:
        return have
    if have:
        _drop()
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(LOAD_SQL, {"cases": cases})
        cursor.execute(SEIZURES_SQL, {"per_case": per_case})
        cursor.execute(PARTICIPANTS_SQL)
        cursor.execute(LABS_SQL)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE offences_case; ANALYZE offences_seizure; ANALYZE offences_participant")
    print(f"loaded {cases:,} cases, {cases * per_case:,} seizures in {time.perf_counter() - started:.1f} s")
    return cases


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
    parser.add_argument("--reload", action="store_true")
    args = parser.parse_args()
    _setup()
    from django.db import connection

    from drugcontrol.offences.qualification import SeizureInput, qualify_seizures
    from drugcontrol.offences.statistics import dashboard

    cases = _load(args.cases, args.seizures_per_case, args.reload)
    user = _analyst()
    year = 2025
    params = {"s": date(year, 1, 1), "e": date(year, 12, 31), "p": date(year - 1, 1, 1)}

    def plain_dashboard() -> None:
        with connection.cursor() as cursor:
            for sql in PLAIN_DASHBOARD:
                cursor.execute(sql, params)
                cursor.fetchall()

    dashboard(user, year=year)  # warm the caches once, like a running server
    app = _time(lambda: dashboard(user, year=year), 5)
    plain = _time(plain_dashboard, 5)
    print(
        f"dashboard ({cases:,} cases): application median {statistics.median(app) * 1000:.0f} ms, "
        f"plain SQL median {statistics.median(plain) * 1000:.0f} ms, ratio "
        f"{statistics.median(app) / statistics.median(plain):.2f}; target < {TARGETS['dashboard'] * 1000:.0f} ms"
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
    for (name, form), mass, day, action in inputs[:50]:  # warm: one list version per act, loaded once
        qualify_seizures([SeizureInput(name, "", mass, None, form)], action=action, act_date=day)
    app_q = []
    for (name, form), mass, day, action in inputs:
        started = time.perf_counter()
        qualify_seizures([SeizureInput(name, "", mass, None, form)], action=action, act_date=day)
        app_q.append(time.perf_counter() - started)
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


if __name__ == "__main__":
    main()
