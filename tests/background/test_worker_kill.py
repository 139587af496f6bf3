"""A worker killed with SIGKILL in the middle of a screening job: the next worker finishes it, every row once.

A system test, as an operator would see it: a database of its own (a SQLite file, or a fresh PostgreSQL
database on the server of ``DATABASE_URL``), real ``drugcontrol worker`` processes, and the database and the
result file read from outside.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROWS = 400
PART_ROWS = 10
WAIT_S = 300  # an upper bound against a hung run, not a timing: the test polls for states, never for durations

PREPARE = """
import json, sys
from datetime import date
from drugcontrol.cli.django_setup import ensure_data_dir, setup_django
setup_django(); ensure_data_dir()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
from django.contrib.auth import get_user_model
from drugcontrol.lists.actions.demo_data import do_load_demo
from drugcontrol.lists.actions.screening_jobs import ScreeningOptions, do_create_screening_job
do_load_demo(actor="test")
user = get_user_model().objects.create_user("chemist", password="pw-chemist-12345")
job = do_create_screening_job(file_name="catalogue.csv", data=open(sys.argv[1], "rb").read(), jurisdiction="KZ",
                              as_of=date(2024, 3, 1), options=ScreeningOptions(), actor=user)
print(json.dumps({"job": job.pk}))
"""


def _structures(count: int) -> list[str]:
    """Distinct small structures (so no row is answered from another's cache), with an unreadable one now and then."""
    out = []
    a = 1
    while len(out) < count:
        for b in range(1, 12):
            out.append("C1CC(" if (a * 12 + b) % 97 == 0 else f"{'C' * a}N{'C' * b}c1ccccc1")
        a += 1
    return out[:count]


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    """A database for this test alone, on the engine the suite runs on."""
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{tmp_path / 'kill.sqlite3'}"
        return
    import psycopg

    name = f"drugcontrol_kill_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base, dbname="postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield base.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(base, dbname="postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _query(url: str, sql: str) -> list[tuple[Any, ...]]:
    if url.startswith("sqlite:///"):
        with sqlite3.connect(url.removeprefix("sqlite:///"), timeout=30) as connection:
            return connection.execute(sql).fetchall()
    import psycopg

    with psycopg.connect(url) as connection:
        return connection.execute(sql).fetchall()


def _job(url: str, job_id: int) -> tuple[str, int, int]:
    sql = f"SELECT status, rows_done, rows_total FROM lists_screeningjob WHERE id = {int(job_id)}"  # noqa: S608 - an int
    (row,) = _query(url, sql)
    return row


def _wait_for(what: str, check: Any, *, process: subprocess.Popen | None = None) -> Any:
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        if process is not None and process.poll() is not None:
            raise AssertionError(f"the worker exited ({process.returncode}) before {what}")
        time.sleep(0.05)
    raise AssertionError(f"gave up waiting for {what}")


def _worker(env: dict[str, str], log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "drugcontrol.cli.main", "worker", "--interval", "0.1"],
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )


def test_a_job_survives_a_killed_worker_with_every_row_once(database_url: str, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DRUGCONTROL_DATA_DIR": str(data_dir),
        "DRUGCONTROL_TASKS_HEARTBEAT_SECONDS": "0.2",
        "DRUGCONTROL_TASKS_LEASE_SECONDS": "1",
        "DRUGCONTROL_SCREENING_CHUNK_ROWS": str(PART_ROWS),
        "DRUGCONTROL_SCREENING_WORKERS": "1",
    }
    ids = [f"c{i:05d}" for i in range(ROWS)]
    source = tmp_path / "catalogue.csv"
    source.write_text(
        "id,smiles\n" + "".join(f"{i},{s}\n" for i, s in zip(ids, _structures(ROWS), strict=True)), encoding="utf-8"
    )
    prepared = subprocess.run(  # noqa: S603 - our own command line
        [sys.executable, "-c", PREPARE, str(source)], env=env, capture_output=True, text=True, check=False
    )
    assert prepared.returncode == 0, prepared.stderr
    job_id = json.loads(prepared.stdout.strip().splitlines()[-1])["job"]
    assert _job(database_url, job_id) == ("queued", 0, ROWS)

    log = tmp_path / "workers.log"
    first = _worker(env, log)
    try:
        status, done, _ = _wait_for(
            "the first parts of the result",
            lambda: (row := _job(database_url, job_id))[1] >= 2 * PART_ROWS and row,
            process=first,
        )
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait()
    status, done, total = _job(database_url, job_id)
    assert status == "running" and 0 < done < total, "the worker was to be killed in the middle of the job"
    ((task_status,),) = _query(database_url, "SELECT status FROM django_tasks_database_dbtaskresult")
    assert task_status == "RUNNING"  # left so by the killed worker, until a reaper takes it back

    second = _worker(env, log)
    try:
        _wait_for("the job to end", lambda: _job(database_url, job_id)[0] in ("done", "failed"), process=second)
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(timeout=60)
    assert _job(database_url, job_id) == ("done", ROWS, ROWS), log.read_text(errors="replace")[-3000:]
    ((task_status, worker_ids),) = _query(
        database_url, "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult"
    )
    workers = json.loads(worker_ids) if isinstance(worker_ids, str) else worker_ids
    assert task_status == "SUCCESSFUL" and len(workers) == 2 and workers[0] != workers[1]

    with (data_dir / "screening" / str(job_id) / "result.csv").open(encoding="utf-8", newline="") as handle:
        result = list(csv.DictReader(handle))
    assert [row["id"] for row in result] == ids  # every input row, once, in input order
    assert {row["verdict"] for row in result} >= {"invalid"} and all(row["verdict"] for row in result)
    assert _query(database_url, "SELECT COUNT(*) FROM background_workerlease") == [(0,)]  # stopped cleanly
