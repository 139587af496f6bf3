"""One lock per user for the check-and-insert of a sliding-window limit (police checks, presence disclosures).

Counting the window and inserting the new rows must be one atomic step, or concurrent requests all read the same
count and all pass (35 of 30 went through with 10 at once). Updating the user's own profile row is that lock on
both databases: PostgreSQL holds the row lock until the transaction ends, and on SQLite the first write of a
transaction takes the database's write lock, so the count that follows is read under it. Call it first inside
`transaction.atomic()`.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F

from drugcontrol.registry.models import StaffProfile


def lock_user_window(actor: Any) -> None:
    """Serialise the actor's rate-limited operations until the surrounding transaction ends."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lock_user_window must run inside transaction.atomic()")
    StaffProfile.objects.filter(user=actor).update(role=F("role"))
