"""SQL that only PostgreSQL has (pg_trgm indexes, triggers, covering indexes) as a migration operation that the
embedded SQLite skips: one operation instead of a vendor check in every migration that needs one."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import migrations


def _executing(statements: Sequence[str]) -> Callable[[Any, Any], None]:
    def run(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


def postgresql_only(forward: Sequence[str], backward: Sequence[str]) -> migrations.RunPython:
    """Run `forward` on migrating and `backward` on reversing, in order, on PostgreSQL; nothing elsewhere."""
    return migrations.RunPython(_executing(forward), _executing(backward))
