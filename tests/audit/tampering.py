"""Tamper with the audit log the way an insider with database rights could: straight SQL, triggers disabled."""

from __future__ import annotations

from django.db import connection

from drugcontrol.audit.models import AuditEvent

TRIGGERS = ("audit_event_no_update", "audit_event_no_truncate")


def raw_sql(sql: str, params: list | None = None) -> None:
    """Run ``sql`` past the ORM and, on PostgreSQL, past the triggers, as the table's owner could."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending foreign-key checks before ALTER
            for trigger in TRIGGERS:
                cursor.execute(f"ALTER TABLE audit_auditevent DISABLE TRIGGER {trigger}")
        cursor.execute(sql, params or [])
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_no_update")


def rehash_from(first_id: int) -> None:
    """Recompute prev_hash and hash of every event from ``first_id`` on, so that the chain links again."""
    previous = AuditEvent.objects.filter(id__lt=first_id).order_by("-id").first()
    prev_hash = previous.hash if previous else "0" * 64
    for event in AuditEvent.objects.filter(id__gte=first_id).order_by("id"):
        event.prev_hash = prev_hash
        event.hash = event.compute_hash()
        raw_sql(
            "UPDATE audit_auditevent SET prev_hash = %s, hash = %s WHERE id = %s",
            [event.prev_hash, event.hash, event.id],
        )
        prev_hash = event.hash
