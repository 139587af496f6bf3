"""The production server as operators run it: gunicorn on a free port, /healthz, a static file, JSON request logs."""

from __future__ import annotations

import http.client
import json
import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from drugcontrol.background.models import WorkerLease

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def database_url(tmp_path) -> Iterator[str]:
    """A database of its own: a fresh PostgreSQL database beside the test run's, or an SQLite file."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield f"sqlite:///{tmp_path / 'production.sqlite3'}"
        return
    import psycopg

    base, _, _name = url.rpartition("/")
    name = f"serve_test_{secrets.token_hex(4)}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    yield f"{base}/{name}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE {name} WITH (FORCE)")


def get(port: int, path: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    """One plain HTTP request, redirects not followed."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, dict(response.headers), response.read()
    finally:
        connection.close()


def test_the_production_server_answers_health_static_files_and_logs_json(tmp_path, database_url) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DRUGCONTROL_")}
    env.update(
        DATABASE_URL=database_url,
        DRUGCONTROL_DATA_DIR=str(tmp_path / "var"),
        DRUGCONTROL_SECRET_KEY=secrets.token_urlsafe(50),
        DRUGCONTROL_ALLOWED_HOSTS="127.0.0.1",
    )
    log = tmp_path / "server.log"
    drugcontrol = [sys.executable, "-m", "drugcontrol.cli.main"]
    with log.open("w") as stderr, (tmp_path / "worker.log").open("w") as worker_log:
        server = subprocess.Popen(  # noqa: S603 - our own command
            [*drugcontrol, "serve", "--production", "--port", str(port), "--workers", "1"],
            env=env,
            stdout=stderr,
            stderr=stderr,
            cwd=tmp_path,
        )
        # The worker waits for the server's migrations, then beats: /healthz then says the workers are alive.
        worker = subprocess.Popen(  # noqa: S603 - our own command
            [*drugcontrol, "worker"], env=env, stdout=worker_log, stderr=worker_log, cwd=tmp_path
        )
    try:
        deadline = time.monotonic() + 300  # migrations and collectstatic on a fresh database come first
        while True:
            assert server.poll() is None, log.read_text()
            try:
                status, _, body = get(port, "/healthz?iin=880412300127")
            except OSError:
                status, body = 0, b""
            if status == 200:
                break
            assert time.monotonic() < deadline, (body, log.read_text())
            time.sleep(0.5)
        assert json.loads(body) == {"status": "ok", "database": "ok", "migrations": "ok", "workers": "ok"}
        # Static files come from the application (WhiteNoise), through the TLS proxy's header.
        status, headers, body = get(port, "/static/web/site.css", **{"X-Forwarded-Proto": "https"})
        assert status == 200 and headers["Content-Type"].startswith("text/css") and b".verdict" in body
        # Plain HTTP elsewhere is sent to HTTPS.
        assert get(port, "/lists/")[0] == 301
    finally:
        server.terminate()
        worker.terminate()
        server.wait(timeout=30)
        worker.wait(timeout=30)
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    health = [line for line in lines if line.get("logger") == "drugcontrol.requests" and line["path"] == "/healthz"]
    assert health, log.read_text()
    assert health[0]["status"] == 200 and health[0]["user_id"] is None and health[0]["method"] == "GET"
    assert isinstance(health[0]["duration_ms"], float)
    assert "880412300127" not in log.read_text()  # the query string is never logged


@pytest.mark.django_db
def test_healthz_says_the_workers_are_down_until_a_worker_beats() -> None:
    down = Client().get("/healthz")
    assert down.status_code == 503 and down.json()["workers"] == "down"
    now = timezone.now()
    WorkerLease.objects.create(worker_id="w1", hostname="h", pid=1, started_at=now, heartbeat_at=now)
    assert Client().get("/healthz").json() == {"status": "ok", "database": "ok", "migrations": "ok", "workers": "ok"}


@pytest.mark.django_db
def test_healthz_reports_the_worker_heartbeat(settings) -> None:
    settings.HEALTHZ_WORKER_HEARTBEAT = "django.utils.timezone.now"  # a worker that beat just now
    assert Client().get("/healthz").json()["workers"] == "ok"
    settings.HEALTHZ_WORKER_MAX_AGE_SECONDS = -1  # every heartbeat is too old: the workers are down
    down = Client().get("/healthz")
    assert down.status_code == 503 and down.json()["workers"] == "down" and down.json()["status"] == "failing"
