"""The only place that loads an expert report for a user."""

from __future__ import annotations

from typing import Any

from drugcontrol.errors import NotFoundForUser
from drugcontrol.lists.models import ExpertReport


def access_expert_report(user: Any, number: str) -> ExpertReport:
    """The report for its author, or for a user allowed to read every report (`lists.view_expertreport`).

    Anyone else gets the same refusal (404) as for a number that does not exist.
    """
    report = ExpertReport.objects.filter(number=number).select_related("created_by").first()
    if report is None or not (report.created_by_id == user.pk or user.has_perm("lists.view_expertreport")):
        raise NotFoundForUser("report")
    return report
