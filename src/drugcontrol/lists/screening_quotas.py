"""Who may start screening jobs, and how much: the role, the jobs at once, the rows per job and per day.

A screening job costs a core for as long as it runs, so it is a resource to ration, not a page to serve. The
limits are settings (``SCREENING_ROLES``, ``SCREENING_MAX_ACTIVE_JOBS``, ``SCREENING_MAX_ROWS_PER_JOB``,
``SCREENING_MAX_ROWS_PER_DAY``); a refusal is a ``ScreeningRefused`` with the HTTP status to answer and a message
in the user's language that names the limit.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from drugcontrol.lists.models import ScreeningJob

__all__ = ["NO_REGISTRY_ROLE", "ScreeningRefused", "check_may_screen", "check_rows", "role_for_screening"]

NO_REGISTRY_ROLE = "expert"
"""The role name in ``SCREENING_ROLES`` of an account without a registry role (laboratory and list staff)."""


class ScreeningRefused(Exception):
    """A job the user may not start now; ``status`` is the HTTP answer, ``code`` says which limit."""

    def __init__(self, code: str, message: str, *, status: int) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


def role_for_screening(user: Any) -> str:
    """The user's registry role, or ``NO_REGISTRY_ROLE``; read without importing the registry app."""
    profile = getattr(user, "registry_profile", None)  # a missing profile raises an AttributeError subclass
    return getattr(profile, "role", None) or NO_REGISTRY_ROLE


def check_may_screen(user: Any) -> None:
    """Refuse a role that may not screen (403) and a user with too many jobs queued or running (429).

    Call inside the transaction that creates the job, after locking the user's row, so that two uploads at
    once cannot both pass the count.
    """
    if not user.is_superuser and role_for_screening(user) not in settings.SCREENING_ROLES:
        raise ScreeningRefused("role", _("Your role may not start screening jobs."), status=403)
    active = ScreeningJob.objects.filter(
        created_by=user, status__in=[ScreeningJob.Status.QUEUED, ScreeningJob.Status.RUNNING]
    ).count()
    if active >= settings.SCREENING_MAX_ACTIVE_JOBS:
        raise ScreeningRefused(
            "active_jobs",
            _(
                "You already have %(active)d screening jobs queued or running; the limit is %(limit)d at once. "
                "Wait until one finishes."
            )
            % {"active": active, "limit": settings.SCREENING_MAX_ACTIVE_JOBS},
            status=429,
        )


def check_rows(user: Any, rows: int) -> None:
    """Refuse a file with more rows than one job may have (413), or more than the user's daily rows (429)."""
    if rows > settings.SCREENING_MAX_ROWS_PER_JOB:
        raise ScreeningRefused(
            "rows_per_job",
            _("The file has %(rows)d rows; a screening job may have at most %(limit)d. Split the file.")
            % {"rows": rows, "limit": settings.SCREENING_MAX_ROWS_PER_JOB},
            status=413,
        )
    since = timezone.now() - timedelta(days=1)
    used = sum(ScreeningJob.objects.filter(created_by=user, created_at__gte=since).values_list("rows_total", flat=True))
    if used + rows > settings.SCREENING_MAX_ROWS_PER_DAY:
        raise ScreeningRefused(
            "rows_per_day",
            _(
                "You have submitted %(used)d rows for screening in the last 24 hours; with these %(rows)d rows that "
                "would be more than your limit of %(limit)d rows a day."
            )
            % {"used": used, "rows": rows, "limit": settings.SCREENING_MAX_ROWS_PER_DAY},
            status=429,
        )
