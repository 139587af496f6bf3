"""Registry speed on PostgreSQL: IIN lookup, fuzzy name search, the statistics page and the police batch check.

Each operation is timed the way the system does it (the access gate with its audit row, the search module,
the statistics page over HTTP, the police check action) and beside it the same query in plain SQL, in the same
run on the same data; the ratio is the price of the application layer. Targets: lookup p99 < 20 ms, name
search p95 < 150 ms, statistics page < 200 ms (at 1 M people), police batch of 100,000 IINs < 30 s.

The statistics page reads the aggregate tables (`drugcontrol.aggregates`); its plain SQL is the one grouped pass
over the records the page made before them, and the same figures counted from the records by the application
(`source="records"`) are timed too. The rebuild of the aggregates is timed after every load. The name search's
plain SQL sorts every match over the people, what the search avoids by finding the nearest names first in the table
of distinct names.

Needs PostgreSQL (the pg_trgm index and COPY are what is measured); it refuses to run on SQLite.

    DATABASE_URL=postgres://user@host:port/db .venv/bin/python bench/bench_registry.py --people 100000
    # the full size of the specification (about 15-25 minutes to load on 2 cores):
    DATABASE_URL=... .venv/bin/python bench/bench_registry.py --people 1000000 --events 10000000

Synthetic data is loaded once (`--seed`); a later run finds it and measures again (`--reload` to add more).
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

TARGETS = {"iin_lookup_p99": 0.020, "name_search": 0.150, "statistics_page": 0.200, "police_batch": 30.0}


def _refuse_unless_postgres() -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit(
            "bench_registry needs PostgreSQL: set DATABASE_URL=postgres://user@host:port/db "
            "(SQLite has no pg_trgm index and no COPY, so its figures would mean nothing)"
        )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "drugcontrol.settings")
    import django

    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit(f"bench_registry needs PostgreSQL; DATABASE_URL points at {connection.vendor}")


def _timed(fn: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def _p(times: list[float], q: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _report(name: str, app: float, sql: float, target_key: str, unit: str = "") -> None:
    target = TARGETS[target_key]
    verdict = "ok" if app < target else "SLOW"
    print(
        f"{name:<34} app {app * 1000:9.1f} ms   plain SQL {sql * 1000:9.1f} ms   "
        f"ratio {app / sql if sql else float('inf'):6.1f}x   target < {target * 1000:.0f} ms {unit}[{verdict}]"
    )


def _ensure_data(people: int, events: int, seed: int, reload: bool, rebuild: bool = True) -> None:
    from django.core.management import call_command

    from drugcontrol.registry.models import Person
    from drugcontrol.registry.synthetic.load import do_load_synthetic

    call_command("migrate", verbosity=0)
    have = Person.objects.count()
    if have >= people and not reload:
        print(f"using the {have:,} people already in the database")
        if rebuild:
            rebuild_aggregates()
        return
    start = time.perf_counter()
    summary = do_load_synthetic(people - have if not reload else people, events, seed=seed + have, aggregates=False)
    print(
        f"loaded {summary.people:,} people and {sum(summary.events.values()):,} events "
        f"in {time.perf_counter() - start:.1f} s"
    )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    rebuild_aggregates()


def rebuild_aggregates() -> None:
    from django.db import connection

    from drugcontrol.aggregates.models import Flow, Stock
    from drugcontrol.aggregates.store import rebuild
    from drugcontrol.registry.statistics.counts import REGISTER

    start = time.perf_counter()
    counted = rebuild(REGISTER)
    print(
        f"rebuilt the aggregates in {time.perf_counter() - start:.1f} s: {counted:,} people counted, "
        f"{Flow.objects.count():,} flow rows, {Stock.objects.count():,} stock rows"
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE aggregates_flow")
        cursor.execute("ANALYZE aggregates_stock")


def _users() -> dict[str, object]:
    from django.contrib.auth import get_user_model

    from drugcontrol.registry.models import Facility, RegistryConfig, Role, StaffProfile

    config = RegistryConfig.current()
    config.police_iins_per_day = 10_000_000
    config.police_requests_per_hour = 10_000
    config.save(update_fields=["police_iins_per_day", "police_requests_per_hour"])
    users = {}
    for name, role, region in (("bench_chief", Role.CHIEF, "KZ-75"), ("bench_analyst", Role.ANALYST, None),
                               ("bench_police", Role.POLICE, None)):  # fmt: skip
        user, _created = get_user_model().objects.get_or_create(username=name)
        StaffProfile.objects.update_or_create(user=user, defaults={"role": role, "region_id": region, "facility": None})
        users[name] = user
    assert Facility.objects.filter(region_id="KZ-75").exists()
    return users


def bench_iin_lookup(users: dict[str, object], samples: int) -> None:
    from django.db import connection

    from drugcontrol.registry.access import access_person_by_iin
    from drugcontrol.registry.models import Person

    iins = list(
        Person.objects.filter(facility__region_id="KZ-75").order_by("?").values_list("iin", flat=True)[:samples]
    )
    queue = iter(iins * 2)
    app_times = _timed(
        lambda: access_person_by_iin(users["bench_chief"], next(queue), purpose="lookup", remote_addr="bench"),
        len(iins),
    )

    def plain() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT p.* FROM registry_person p JOIN registry_facility f ON f.id = p.facility_id "
                "WHERE p.iin = %s AND p.merged_into_id IS NULL AND f.region_id = %s",
                [next(queue), "KZ-75"],
            )
            cursor.fetchall()

    sql_times = _timed(plain, len(iins))
    print(f"IIN lookup over {len(iins)} IINs: app p50 {_p(app_times, 0.5) * 1000:.2f} ms (gate + audit row)")
    _report("IIN lookup, p99", _p(app_times, 0.99), _p(sql_times, 0.99), "iin_lookup_p99")


def bench_name_search(samples: int) -> None:
    from django.db import connection

    from drugcontrol.registry.models import Person
    from drugcontrol.registry.name_search import search_key, search_people
    from drugcontrol.registry.synthetic.generate import FEMALE_FIRST, MALE_FIRST, SURNAMES

    rng = random.Random(5)
    queries = []
    for _ in range(samples):
        surname = rng.choice(SURNAMES)
        typo = surname[:-2] + surname[-1] + surname[-2]  # two letters swapped, as typed in a hurry
        queries.append(f"{typo} {rng.choice(MALE_FIRST + FEMALE_FIRST)}")
    people = Person.objects.all()
    app_times, sql_times = [], []
    for text in queries:
        start = time.perf_counter()
        search_people(people, text)
        app_times.append(time.perf_counter() - start)
        key = search_key(text)
        start = time.perf_counter()
        with connection.cursor() as cursor:
            # plain SQL over the people: every match sorted by (distance, id)
            cursor.execute(
                "SELECT id FROM registry_person WHERE name_key %% %s ORDER BY name_key <-> %s, id LIMIT 20",
                [key, key],
            )
            cursor.fetchall()
        sql_times.append(time.perf_counter() - start)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM registry_person_name")
        names = cursor.fetchone()[0]
    print(f"fuzzy name search over {samples} queries with a typo, {names:,} distinct names: "
          f"app p50 {_p(app_times, 0.5) * 1000:.1f} ms")  # fmt: skip
    _report("fuzzy name search, p95", _p(app_times, 0.95), _p(sql_times, 0.95), "name_search")


def bench_statistics(users: dict[str, object], repeat: int) -> None:
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from drugcontrol.registry.statistics.periods import period_ends

    # As a browser reaches a production server: an allowed host name, over HTTPS.
    client = Client(HTTP_HOST=(settings.ALLOWED_HOSTS or ["localhost"])[0])
    client.force_login(users["bench_analyst"])

    def page() -> None:
        query = {"rows": "region", "columns": "sex", "period": "month"}
        response = client.get("/registry/statistics/", query, secure=True)
        assert response.status_code == 200, response.status_code

    page()  # warm the caches once, as a server would be
    app_times = _timed(page, repeat)
    today = timezone.localdate()
    # The page's default timeline: month ends from the same month a year ago, the last one cut at today.
    ends = period_ends(date(today.year - 1, today.month, 1), today, "month")
    thresholds = ", ".join(["%s"] * len(ends))
    day_after = [end + timedelta(days=1) for end in ends]
    minor = "((p.birth_date IS NOT NULL AND p.birth_date > %s) OR (p.birth_date IS NULL AND p.birth_year > %s))"
    # One pass for the table, the timeline and the headline, as the page counts them (constant fragments only).
    grouped_sql = (
        f"SELECT p.region_id, p.sex, {minor}, width_bucket(r.registered_on, ARRAY[{thresholds}]::date[]), "  # noqa: S608
        f"width_bucket(r.deregistered_on, ARRAY[{thresholds}]::date[]), COUNT(*) "
        "FROM registry_registration r JOIN registry_person p ON p.id = r.person_id "
        "WHERE p.merged_into_id IS NULL AND r.registered_on <= %s "
        "AND (r.deregistered_on IS NULL OR r.deregistered_on > %s) GROUP BY 1, 2, 3, 4, 5"
    )
    adult_from = today.replace(year=today.year - 18)
    grouped_params = [adult_from, today.year - 18, *day_after, *day_after, today, ends[0]]
    repeated_sql = (  # people with more than one open registration, counted once in the headline
        "SELECT person_id, COUNT(*) FROM registry_registration r WHERE r.registered_on <= %s "
        "AND (r.deregistered_on IS NULL OR r.deregistered_on > %s) GROUP BY person_id HAVING COUNT(*) > 1"
    )

    def plain() -> None:
        with connection.cursor() as cursor:
            cursor.execute(grouped_sql, grouped_params)
            cursor.fetchall()
            cursor.execute(repeated_sql, [today, today])
            cursor.fetchall()

    sql_times = _timed(plain, repeat)
    from drugcontrol.registry.statistics.query import register_figures
    from drugcontrol.registry.statistics.scope import StatisticsScope

    def from_records() -> None:
        register_figures(
            today, "region", "sex", start=ends[0].replace(day=1), period="month", scope=StatisticsScope(None),
            source="records",
        )  # fmt: skip

    records_times = _timed(from_records, repeat)
    print(f"statistics figures counted from the records by the application: median "
          f"{statistics.median(records_times) * 1000:.1f} ms")  # fmt: skip
    _report("statistics page (median)", statistics.median(app_times), statistics.median(sql_times), "statistics_page")
    _report("statistics page, p95", _p(app_times, 0.95), _p(sql_times, 0.95), "statistics_page")


def bench_police(users: dict[str, object], batch: int) -> None:
    from django.db import connection

    from drugcontrol.registry.actions.police_checks import do_police_check
    from drugcontrol.registry.iin import generate_iin
    from drugcontrol.registry.models import Person

    on_register = list(Person.objects.order_by("?").values_list("iin", flat=True)[: batch // 2])
    rng = random.Random(9)

    strangers = [generate_iin(date(1970, 1, 1) + timedelta(days=rng.randrange(15000)), "M", rng)
                 for _ in range(batch - len(on_register))]  # fmt: skip
    iins = on_register + strangers
    rng.shuffle(iins)
    start = time.perf_counter()
    result = do_police_check(iins, basis="weapon_permit", request_number="BENCH-1", actor=users["bench_police"])
    app = time.perf_counter() - start
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.iin, MIN(r.registered_on) FROM registry_person p LEFT JOIN registry_registration r "
            "ON r.person_id = p.id AND r.status <> 'deregistered' WHERE p.iin = ANY(%s) AND p.merged_into_id IS NULL "
            "GROUP BY p.iin",
            [iins],
        )
        found = cursor.fetchall()
    sql = time.perf_counter() - start
    print(f"police batch: {len(iins):,} IINs, {sum(a.on_register for a in result.answers):,} on the register "
          f"({len(found):,} people found by plain SQL)")  # fmt: skip
    _report("police batch check", app, sql, "police_batch")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=100_000, help="people in the register (default 100,000)")
    parser.add_argument("--events", type=int, default=None, help="events to generate (default 10 per person)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reload", action="store_true", help="load another batch even if enough people exist")
    parser.add_argument("--no-rebuild", action="store_true", help="data already loaded: keep its aggregates")
    parser.add_argument("--lookups", type=int, default=1000, help="IIN lookups timed")
    parser.add_argument("--searches", type=int, default=100, help="name searches timed")
    parser.add_argument("--pages", type=int, default=20, help="statistics page loads timed")
    parser.add_argument("--police-batch", type=int, default=100_000, help="IINs in the police batch")
    args = parser.parse_args()
    _refuse_unless_postgres()
    print(f"load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores "
          "(a shared machine inflates every time; the ratios to plain SQL hold better)")  # fmt: skip
    _ensure_data(
        args.people,
        args.events if args.events is not None else args.people * 10,
        args.seed,
        args.reload,
        rebuild=not args.no_rebuild,
    )
    users = _users()
    bench_iin_lookup(users, args.lookups)
    bench_name_search(args.searches)
    bench_statistics(users, args.pages)
    bench_police(users, args.police_batch)
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
