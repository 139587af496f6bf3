"""/healthz for the operator's probes: database reachable, migrations applied, background workers alive.

Workers: the worker process writes a heartbeat; HEALTHZ_WORKER_HEARTBEAT names the callable that returns the time
of the newest one (or None when no worker has ever beaten). Without it the answer for workers is "unknown".
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

OK, DOWN, UNKNOWN = "ok", "down", "unknown"


def database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return DOWN
    return OK


def migrations_status() -> str:
    """'ok' when no migration of the installed apps is left to apply, else 'pending'."""
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return OK if not plan else "pending"


def worker_heartbeat() -> datetime | str | None:
    """The hook: the time of the newest worker heartbeat, None if none, UNKNOWN when nothing reports heartbeats."""
    if not settings.HEALTHZ_WORKER_HEARTBEAT:
        return UNKNOWN
    return import_string(settings.HEALTHZ_WORKER_HEARTBEAT)()


def workers_status() -> str:
    beat = worker_heartbeat()
    if beat == UNKNOWN:
        return UNKNOWN
    max_age = timedelta(seconds=settings.HEALTHZ_WORKER_MAX_AGE_SECONDS)
    return OK if isinstance(beat, datetime) and timezone.now() - beat <= max_age else DOWN


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when everything that is known is ok, 503 otherwise; the body says which part failed."""
    checks = {"database": database_status()}
    checks["migrations"] = migrations_status() if checks["database"] == OK else UNKNOWN
    checks["workers"] = workers_status() if checks["database"] == OK else UNKNOWN
    healthy = checks["database"] == OK and checks["migrations"] == OK and checks["workers"] in (OK, UNKNOWN)
    return JsonResponse({"status": OK if healthy else "failing", **checks}, status=200 if healthy else 503)
