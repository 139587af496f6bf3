"""Record notifications (from a file, a JSON document or our own detections), with their evidence files."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from drugcontrol.audit.actions import acting_user, do_record_event
from drugcontrol.earlywarning.core import json_format
from drugcontrol.earlywarning.core.messages import BAD_JSON, DUPLICATE, DUPLICATE_IN_FILE, SCHEMA
from drugcontrol.earlywarning.core.notifications import Notification as Core
from drugcontrol.earlywarning.core.notifications import check
from drugcontrol.earlywarning.messages import DOCUMENT_REJECTED, DOCUMENT_TOO_LARGE, EVIDENCE_TOO_LARGE
from drugcontrol.earlywarning.models import EvidenceFile, Notification
from drugcontrol.errors import InputRefused
from drugcontrol.tabular.errors import RowError


class DocumentRejected(InputRefused):
    """A JSON document with problems: nothing was recorded; `problems` says what and where."""

    def __init__(self, problems: Sequence[RowError]) -> None:
        self.problems = list(problems)
        first = self.problems[0]
        super().__init__(DOCUMENT_REJECTED, count=len(self.problems), first=f"{first.field}: {first.message}")


def existing_keys(keys: Iterable[tuple[str, str, date]]) -> dict[tuple[str, str, date], str]:
    """The duplicate keys already stored among `keys`, with the stored notification's reference (or id)."""
    wanted = set(keys)
    inchikeys = {k[0] for k in wanted}
    found = {}
    for row in Notification.objects.filter(inchikey__in=inchikeys).values(
        "id", "reference", "inchikey", "country", "detected_on"
    ):
        key = (row["inchikey"], row["country"], row["detected_on"])
        if key in wanted:
            found[key] = row["reference"] or f"#{row['id']}"
    return found


#: The fields a notification keeps as the core gives them.
_AS_GIVEN = (
    "reference", "name", "iupac_name", "cas", "structure_input", "country", "detected_on", "reported_on", "matrix",
    "context", "method", "laboratory", "status", "sender",
)  # fmt: skip


def _store(item: Core, *, actor: Any, direction: str) -> Notification:
    return Notification.objects.create(
        **{name: getattr(item, name) for name in _AS_GIVEN},
        **{f"name_{lang}": item.names.get(lang, "") for lang in ("ru", "kk", "en")},
        synonyms=list(item.synonyms),
        sources=list(item.sources),
        smiles=item.keys.smiles,
        inchikey=item.keys.inchikey,
        direction=direction,
        received_at=timezone.now(),
        recorded_by=acting_user(actor),
    )


def do_record_notifications(
    items: Sequence[Core],
    *,
    actor: Any,
    source: str,
    direction: str = Notification.Direction.INCOMING,
    described_files: dict[int, list[dict[str, Any]]] | None = None,
    remote_addr: str = "",
) -> list[Notification]:
    """Store checked notifications in one transaction, then screen them (which alerts on new uncovered ones)."""
    from drugcontrol.earlywarning.actions.screening import do_screen_notifications

    described_files = described_files or {}
    now = timezone.now()
    with transaction.atomic():
        stored = []
        for index, item in enumerate(items):
            notification = _store(item, actor=actor, direction=direction)
            for described in described_files.get(index, []):
                EvidenceFile.objects.create(
                    notification=notification,
                    name=described["name"],
                    sha256=described["sha256"],
                    size=described["size"],
                    media_type=described.get("media_type", ""),
                    added_at=now,
                )
            stored.append(notification)
        do_record_event(
            actor=actor,
            action="warning.record",
            object_type="notification",
            object_id=",".join(str(n.pk) for n in stored[:50]),
            remote_addr=remote_addr,
            details={"source": source, "count": len(stored), "direction": direction},
        )
    if not stored:
        return stored
    do_screen_notifications([n.pk for n in stored], actor=actor)
    return list(Notification.objects.filter(pk__in=[n.pk for n in stored]).order_by("id"))


def check_document(document: Any, *, today: date, default_sender: str = "") -> tuple[list[Core], dict[int, list]]:
    """A JSON document's notifications, checked against the schema and the rules; DocumentRejected otherwise."""
    problems = [SCHEMA.at(0, path, detail=detail) for path, detail in json_format.problems(document)]
    if problems:
        raise DocumentRejected(problems)
    sender = default_sender or document.get("sender", "")
    items: list[Core] = []
    files: dict[int, list] = {}
    seen: dict[tuple[str, str, date], int] = {}
    for index, raw in enumerate(document["notifications"]):
        values = json_format.values(raw, default_sender=sender)
        item, errors = check(values, today=today, row=index + 1)
        problems += [_at_path(e, index) for e in errors]
        if item is None:
            continue
        if item.duplicate_key in seen:
            problems.append(_at_path(DUPLICATE_IN_FILE.at(index + 1, "smiles", first=seen[item.duplicate_key]), index))
            continue
        seen[item.duplicate_key] = index + 1
        files[len(items)] = values["files"]
        items.append(item)
    stored = existing_keys(i.duplicate_key for i in items)
    for item in items:
        if item.duplicate_key in stored:
            problems.append(
                _at_path(DUPLICATE.at(item.row, "smiles", reference=stored[item.duplicate_key]), item.row - 1)
            )
    if problems:
        raise DocumentRejected(problems)
    return items, files


def _at_path(error: RowError, index: int) -> RowError:
    """A row error placed at its JSON path (`$.notifications[i].field`)."""
    return RowError(error.row, f"$.notifications[{index}].{error.field}", error.code, error.params, error.value)


def parse_document(data: bytes) -> Any:
    if len(data) > settings.WARNING_DOCUMENT_MAX_BYTES:
        raise InputRefused(DOCUMENT_TOO_LARGE, limit=settings.WARNING_DOCUMENT_MAX_BYTES)
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise DocumentRejected([BAD_JSON.at(0, "$", detail=str(exc)[:200])]) from None


def do_receive_document(
    data: bytes, *, actor: Any, source: str, remote_addr: str = "", today: date | None = None
) -> list[Notification]:
    """A partner's JSON document: every notification recorded, or none (DocumentRejected with every problem)."""
    document = parse_document(data)
    items, files = check_document(document, today=today or timezone.localdate())
    return do_record_notifications(items, actor=actor, source=source, described_files=files, remote_addr=remote_addr)


def evidence_dir() -> Path:
    return Path(settings.DATA_DIR) / "warning" / "evidence"


def do_attach_evidence(
    notification: Notification,
    *,
    name: str,
    chunks: Iterable[bytes],
    media_type: str = "",
    actor: Any,
    remote_addr: str = "",
) -> EvidenceFile:
    """Store a file of analytical evidence under DATA_DIR, hashed as it is written; refused beyond the size limit."""
    limit = settings.WARNING_EVIDENCE_MAX_BYTES
    folder = evidence_dir()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{uuid.uuid4().hex}.bin"
    digest = hashlib.sha256()
    size = 0
    try:
        with target.open("wb") as handle:
            for chunk in chunks:
                size += len(chunk)
                if size > limit:
                    raise InputRefused(EVIDENCE_TOO_LARGE, size=f"> {limit}", limit=limit)
                digest.update(chunk)
                handle.write(chunk)
        with transaction.atomic():
            evidence = EvidenceFile.objects.create(
                notification=notification,
                name=Path(name).name[:255],
                sha256=digest.hexdigest(),
                size=size,
                media_type=media_type[:100],
                path=str(target.relative_to(settings.DATA_DIR)),
                added_at=timezone.now(),
            )
            do_record_event(
                actor=actor,
                action="warning.evidence",
                object_type="notification",
                object_id=notification.pk,
                remote_addr=remote_addr,
                details={"name": evidence.name, "sha256": evidence.sha256, "size": size},
            )
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return evidence
