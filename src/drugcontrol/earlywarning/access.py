"""The only place that decides who may use early warning, and loads its protected objects for a user.

Reading notifications, coverage and the procedure needs ``earlywarning.read_warning``; changing anything needs
``earlywarning.manage_warning``. A refusal is audited and the same whatever object was asked for.
"""

from __future__ import annotations

from typing import Any

from drugcontrol.audit.actions import do_record_event
from drugcontrol.earlywarning.messages import NOT_ALLOWED
from drugcontrol.errors import AccessDenied, NotFoundForUser

READ = "earlywarning.read_warning"
MANAGE = "earlywarning.manage_warning"


def may_read(user: Any) -> bool:
    return bool(user.is_authenticated and (user.has_perm(READ) or user.has_perm(MANAGE)))


def may_manage(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_perm(MANAGE))


def require(user: Any, *, manage: bool = False, remote_addr: str = "", what: str = "") -> None:
    """Raise AccessDenied (audited) unless the user may read (or, with ``manage``, change) early warning."""
    allowed = may_manage(user) if manage else may_read(user)
    if not allowed:
        do_record_event(
            actor=user if user.is_authenticated else "anonymous",
            action="warning.refused",
            object_type="warning",
            object_id=what,
            remote_addr=remote_addr,
            details={"manage": manage},
        )
        raise AccessDenied(NOT_ALLOWED)


def access_notification(user: Any, notification_id: int, *, remote_addr: str = "") -> Any:
    from drugcontrol.earlywarning.models import Notification

    require(user, remote_addr=remote_addr, what=str(notification_id))
    notification = Notification.objects.filter(pk=notification_id).first()
    if notification is None:
        raise NotFoundForUser("notification")
    return notification


def access_import(user: Any, import_id: int, *, remote_addr: str = "") -> Any:
    """A queued import, for the managers of early warning (who may queue them)."""
    from drugcontrol.earlywarning.models import NotificationImport

    require(user, manage=True, remote_addr=remote_addr, what=f"import {import_id}")
    job = NotificationImport.objects.filter(pk=import_id).first()
    if job is None:
        raise NotFoundForUser("import")
    return job


def access_sample(user: Any, transfer_id: int, *, remote_addr: str = "") -> Any:
    """A sample transfer with its chain of custody, for readers of early warning."""
    from drugcontrol.earlywarning.models import SampleTransfer

    require(user, remote_addr=remote_addr, what=f"sample {transfer_id}")
    transfer = SampleTransfer.objects.filter(pk=transfer_id).first()
    if transfer is None:
        raise NotFoundForUser("sample")
    return transfer
