"""A person's access report: every read, change and disclosure of their record, from the audit log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from drugcontrol.audit.models import AuditEvent
from drugcontrol.registry.access import PERSON_OBJECT, person_exists_for_report, record_report_view
from drugcontrol.registry.models import Disclosure, Person


@dataclass(frozen=True)
class AccessLine:
    at: datetime
    who: str
    action: str
    purpose: str
    remote_addr: str
    break_glass: bool


def access_report(person: Person) -> list[AccessLine]:
    """Audit rows about the person (reads, refusals excluded) plus police disclosures, newest first."""
    lines = [
        AccessLine(
            at=e.at,
            who=e.actor_name,
            action=e.action,
            purpose=e.purpose,
            remote_addr=e.remote_addr,
            break_glass=bool((e.details or {}).get("break_glass")),
        )
        for e in AuditEvent.objects.filter(object_type=PERSON_OBJECT, object_id=str(person.pk)).exclude(
            action="registry.person.refused"
        )
    ]
    disclosures: Any = Disclosure.objects.filter(person=person).select_related("request__user")
    lines += [
        AccessLine(
            at=d.request.at,
            who=d.request.user.get_username(),
            action="registry.police_check.disclosure",
            purpose=f"{d.request.basis} {d.request.request_number}",
            remote_addr=d.request.remote_addr,
            break_glass=False,
        )
        for d in disclosures
    ]
    return sorted(lines, key=lambda line: line.at, reverse=True)


def do_read_access_report(user: Any, person_id: int, *, remote_addr: str = "") -> tuple[Person, list[AccessLine]]:
    """The report for whoever may read it (the gate refuses the others); reading it is itself audited."""
    person = person_exists_for_report(user, person_id)
    lines = access_report(person)
    record_report_view(user, person, remote_addr=remote_addr)
    return person, lines
