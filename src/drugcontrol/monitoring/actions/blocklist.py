"""The block list: every blocking decision with what it blocks, in full or as the changes since a moment, and
the decisions whose sites are alive again. Format: ``docs/monitoring-blocklist.md``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction

from drugcontrol.audit.actions import do_record_event
from drugcontrol.monitoring.access import require_monitor
from drugcontrol.monitoring.models import Case, CaseStep

__all__ = ["BLOCKLIST_FORMAT", "do_export_blocklist"]

BLOCKLIST_FORMAT = "drugcontrol-blocklist/1"
_LISTED = (Case.Status.BLOCKED, Case.Status.RECHECKED)


def _entry(case: Case) -> dict[str, Any]:
    return {
        "case": case.number,
        "decision_number": case.decision_number,
        "decision_date": case.decision_date.isoformat() if case.decision_date else None,
        "block_type": case.block_type,
        "urls": case.urls,
        "domains": case.domains,
        "ips": case.ips,
        "blocked_at": case.blocked_at.isoformat() if case.blocked_at else None,
        "alive_again": case.alive_again,
    }


def do_export_blocklist(*, actor: Any, since: datetime | None = None, remote_addr: str = "") -> dict[str, Any]:
    """The full list (``since`` None) or the delta: decisions added or changed since ``since``, and the cases
    that left the list (closed or sent back to a demand) as ``removed``."""
    require_monitor(actor, action="export_blocklist", remote_addr=remote_addr)
    cases = Case.objects.filter(decision_number__gt="").order_by("decision_date", "number")
    if since is None:
        listed = [_entry(c) for c in cases.filter(status__in=_LISTED)]
        removed: list[str] = []
    else:
        touched = set(CaseStep.objects.filter(at__gt=since).values_list("case_id", flat=True))
        listed = [_entry(c) for c in cases.filter(pk__in=touched, status__in=_LISTED)]
        removed = [c.number for c in cases.filter(pk__in=touched).exclude(status__in=_LISTED)]
    document = {
        "format": BLOCKLIST_FORMAT,
        "kind": "full" if since is None else "delta",
        "since": since.isoformat() if since else None,
        "decisions": listed,
        "removed": removed,
        "alive_again": [c.number for c in cases.filter(alive_again=True, status__in=_LISTED)],
    }
    with transaction.atomic():
        do_record_event(actor=actor, action="monitoring.export_blocklist", object_type="blocklist",
                        remote_addr=remote_addr,
                        details={"kind": document["kind"], "decisions": len(listed)})  # fmt: skip
    return document
