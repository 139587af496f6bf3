"""The one gate of the monitoring domain: only the cyber police (permission ``monitoring.monitor``, the
``cyber_police`` group) use it, and every case a user opens is loaded here and audited.

Another authenticated user (a physician, a list administrator, an insider with a valid account) is refused with
``AccessDenied`` (403) for the whole domain; a case that does not exist is ``NotFoundForUser`` (404).
"""

from __future__ import annotations

from typing import Any

from drugcontrol.audit.actions import do_record_event
from drugcontrol.errors import AccessDenied, NotFoundForUser
from drugcontrol.messages import Message
from drugcontrol.monitoring.models import Case

__all__ = ["MONITOR_PERMISSION", "access_case", "may_monitor", "require_monitor"]

MONITOR_PERMISSION = "monitoring.monitor"
NOT_CYBER_POLICE = Message("monitor.not_cyber_police", "Online-market monitoring is for the cyber police only.")


def may_monitor(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.has_perm(MONITOR_PERMISSION))


def require_monitor(user: Any, *, action: str = "", remote_addr: str = "") -> None:
    """Refuse (and audit the refusal of) anyone without the monitoring permission."""
    if may_monitor(user):
        return
    if getattr(user, "is_authenticated", False):
        do_record_event(actor=user, action="monitoring.refused", object_type="monitoring", remote_addr=remote_addr,
                        details={"attempted": action})  # fmt: skip
    raise AccessDenied(NOT_CYBER_POLICE)


def access_case(user: Any, case_id: int, *, purpose: str, remote_addr: str = "", for_update: bool = False) -> Case:
    """The case for a monitoring user, its reading audited with ``purpose``."""
    require_monitor(user, action=purpose, remote_addr=remote_addr)
    cases = Case.objects.select_related("site")
    if for_update:
        cases = cases.select_for_update()
    case = cases.filter(pk=case_id).first()
    if case is None:
        raise NotFoundForUser("case")
    do_record_event(actor=user, action="monitoring.read_case", object_type="case", object_id=case.pk,
                    purpose=purpose, remote_addr=remote_addr)  # fmt: skip
    return case
