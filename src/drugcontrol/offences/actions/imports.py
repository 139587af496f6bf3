"""Queueing an offences import (the web process reads no row) and reading a job back (its owner only)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from drugcontrol.audit.actions import do_record_event
from drugcontrol.errors import NotFoundForUser
from drugcontrol.offences.access import Capability, require
from drugcontrol.offences.models import OffenceImport


def do_queue_offences_import(
    actor: Any, *, file_name: str, upload: bytes, mapping: list[str], skip_invalid: bool, remote_addr: str = ""
) -> OffenceImport:
    from drugcontrol.offences.tasks import offences_import_task

    require(actor, Capability.IMPORT)
    with transaction.atomic():
        job = OffenceImport.objects.create(
            actor=actor, file_name=file_name[:200], upload=upload, mapping=mapping, skip_invalid=skip_invalid
        )
        do_record_event(
            actor=actor,
            action="offences.import.queue",
            object_type="offences.import",
            object_id=job.pk,
            remote_addr=remote_addr,
            details={"file": file_name[:200], "bytes": len(upload), "skip_invalid": skip_invalid},
        )
    offences_import_task.enqueue(job.pk)
    return job


def import_job_for(actor: Any, job_id: int) -> OffenceImport:
    require(actor, Capability.IMPORT)
    job = OffenceImport.objects.filter(pk=job_id, actor=actor).first()
    if job is None:
        raise NotFoundForUser("import")
    return job
