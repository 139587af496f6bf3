"""Import notifications from CSV, XLSX or SDF with a column mapping: all or nothing, or skip the invalid rows.

Files are read by the one tabular reader (SDF by the lists' reader, which gives each record's molblock), checked
row by row (`core.notifications.check_rows`: unreadable structure, unknown country, a date in the future, the same
structure, country and date twice), then written in one transaction. Every problem is kept as code + parameters,
so the rejects file is written in the language of whoever downloads it. Large files go to the background worker.
"""

from __future__ import annotations

import hashlib
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from drugcontrol.audit.actions import acting_user, do_record_event
from drugcontrol.earlywarning.actions.recording import do_record_notifications, existing_keys
from drugcontrol.earlywarning.core.messages import DUPLICATE
from drugcontrol.earlywarning.core.notifications import check_rows, parse_mapping
from drugcontrol.earlywarning.models import NotificationImport
from drugcontrol.importing import read_limits
from drugcontrol.listcore.list_files import read_list_table
from drugcontrol.tabular.errors import NO_DATA_ROWS, RowError, TabularError

ALL_OR_NOTHING = NotificationImport.Mode.ALL_OR_NOTHING
SKIP_INVALID = NotificationImport.Mode.SKIP_INVALID


@dataclass
class ImportOutcome:
    imported: int = 0
    problems: list[RowError] = field(default_factory=list)
    rejected_rows: int = 0
    written: bool = False


def check_file(path: Path, specs: list[str], *, sender: str = "") -> tuple[list, list[RowError]]:
    """The notifications of a file ready to record, and every problem found (row, field, code)."""
    mapping = parse_mapping(specs)
    table = read_list_table(path, limits=read_limits())
    errors = mapping.check_header(table.columns, required=("country",))
    if errors:
        return [], errors
    rows = list(table)
    if not rows:
        return [], [NO_DATA_ROWS.at(0, "")]
    checked = check_rows(rows, mapping, today=timezone.localdate(), default_sender=sender)
    stored = existing_keys(n.duplicate_key for n in checked.rows)
    items = [n for n in checked.rows if n.duplicate_key not in stored]
    checked.errors += [
        DUPLICATE.at(n.row, "smiles", reference=stored[n.duplicate_key])
        for n in checked.rows
        if n.duplicate_key in stored
    ]
    checked.rows = items
    return checked.rows, sorted(checked.errors, key=lambda e: (e.row, e.field))


def import_notifications(path: Path, specs: list[str], *, mode: str, actor: Any, sender: str = "") -> ImportOutcome:
    """Check then record; with problems, all-or-nothing writes nothing and skip-invalid writes the good rows."""
    outcome = ImportOutcome()
    try:
        items, problems = check_file(path, specs, sender=sender)
    except TabularError as exc:
        outcome.problems = [exc.error]
        return outcome
    outcome.problems = problems
    outcome.rejected_rows = len({p.row for p in problems if p.row})
    if problems and mode == ALL_OR_NOTHING:
        return outcome
    if items:
        do_record_notifications(items, actor=actor, source=f"file {path.name}")
    outcome.imported = len(items)
    outcome.written = bool(items)
    return outcome


def imports_dir() -> Path:
    return Path(settings.DATA_DIR) / "warning" / "imports"


def do_queue_import(
    path: Path, specs: list[str], *, mode: str, actor: Any, sender: str = "", name: str = ""
) -> NotificationImport:
    """Keep a copy of the file under DATA_DIR and queue its import for the worker (the mapping is checked now)."""
    from drugcontrol.earlywarning.tasks import import_notifications_file

    parse_mapping(specs)  # a wrong --map is refused at once, not later on the worker
    folder = imports_dir()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{uuid.uuid4().hex}{path.suffix.lower()}"
    shutil.copyfile(path, target)
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    user = acting_user(actor)
    with transaction.atomic():
        job = NotificationImport.objects.create(
            created_at=timezone.now(),
            created_by=user,
            actor_name=user.get_username() if user else str(actor),
            file_name=(name or path.name)[:255],
            file_sha256=digest,
            input_file=str(target.relative_to(settings.DATA_DIR)),
            mapping=list(specs),
            mode=mode,
            sender=sender,
        )
        do_record_event(
            actor=actor,
            action="warning.import_queued",
            object_type="notification_import",
            object_id=job.pk,
            details={"file": job.file_name, "sha256": digest, "mode": mode},
        )
        result = import_notifications_file.enqueue(import_id=job.pk)
        job.task_id = str(result.id)
        job.save(update_fields=["task_id"])
    return job


def run_import(import_id: int) -> dict[str, Any]:
    """The worker's side of a queued import: run it and keep its outcome and problems on the record."""
    from django.contrib.auth import get_user_model

    job = NotificationImport.objects.get(pk=import_id)
    actor: Any = job.created_by or job.actor_name
    if job.created_by_id:
        actor = get_user_model().objects.get(pk=job.created_by_id)
    outcome = import_notifications(
        Path(settings.DATA_DIR) / job.input_file, list(job.mapping), mode=job.mode, actor=actor, sender=job.sender
    )
    job.imported = outcome.imported
    job.rejected = outcome.rejected_rows
    job.problems = [p.stored() for p in outcome.problems]
    job.status = (
        NotificationImport.Status.REJECTED
        if outcome.problems and not outcome.written
        else NotificationImport.Status.DONE
    )
    job.finished_at = timezone.now()
    job.save(update_fields=["imported", "rejected", "problems", "status", "finished_at"])
    return {"imported": outcome.imported, "problems": len(outcome.problems)}

