"""Create an expert report: take the next number, store the content as printed, write the audit row."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from drugcontrol import __version__
from drugcontrol.audit.actions import acting_user, do_record_event
from drugcontrol.expertise.assess import Assessor
from drugcontrol.expertise.report import report_content
from drugcontrol.lists.models import ExpertReport, Jurisdiction, ReportSequence


def _next_number(jurisdiction: Jurisdiction, year: int) -> str:
    """``KZ-2026-000123``: per jurisdiction and year, one more than the last (inside the caller's transaction)."""
    sequence, _ = ReportSequence.objects.select_for_update().get_or_create(jurisdiction=jurisdiction, year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"{jurisdiction.code}-{year}-{sequence.last:06d}"


def do_create_report(
    *, structure: str, assessor: Assessor, actor: Any, lang: str = "en", remote_addr: str = ""
) -> ExpertReport:
    """Assess ``structure`` with ``assessor`` and store the numbered report; one transaction, one audit row."""
    assessment = assessor.assess(structure)
    jurisdiction = Jurisdiction.objects.get(code=assessor.jurisdiction)
    user = acting_user(actor)
    now = timezone.now()
    with transaction.atomic():
        number = _next_number(jurisdiction, timezone.localdate(now).year)
        content = report_content(
            assessment,
            structure=structure,
            number=number,
            generated_at=now,
            software_version=__version__,
            acts=assessor.snapshot.acts,
            groups_in_force=assessor.groups_in_force,
            substituents_as_of=assessor.as_of.isoformat() if assessor.substituents is not None else "",
            list_revision=jurisdiction.revision,
            lang=lang,
        )
        report = ExpertReport.objects.create(
            number=number,
            jurisdiction=jurisdiction,
            as_of=assessor.as_of,
            list_revision=jurisdiction.revision,
            created_at=now,
            created_by=user,
            input_text=structure,
            input_sha256=assessment.input_sha256,
            verdict=assessment.verdict,
            software_version=__version__,
            content=content,
        )
        do_record_event(
            actor=actor,
            action="lists.create_report",
            object_type="expert_report",
            object_id=number,
            remote_addr=remote_addr,
            details={
                "verdict": assessment.verdict,
                "jurisdiction": jurisdiction.code,
                "as_of": assessor.as_of.isoformat(),
                "input_sha256": assessment.input_sha256,
            },
        )
    return report
