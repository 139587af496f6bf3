"""Background tasks of early warning (run by ``drugcontrol worker``): thin shells over the actions."""

from __future__ import annotations

from typing import Any

from django_tasks import task

__all__ = ["import_notifications_file"]


@task()
def import_notifications_file(*, import_id: int) -> dict[str, Any]:
    """Import one queued notifications file; the record keeps the outcome and every row problem."""
    from drugcontrol.earlywarning.actions.importing import run_import

    return run_import(import_id)
