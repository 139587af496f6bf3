"""Sign the head of the audit chain into the checkpoint file, and verify the log against that file."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import cast

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max

from drugcontrol.audit.actions.audit_events import chain_rows, lock_chain
from drugcontrol.audit.checkpoints import Checkpoint, append_checkpoint, load_key, read_checkpoints
from drugcontrol.audit.models import AuditEvent
from drugcontrol.audit.verification import GENESIS_HASH, LogReport, check_log

logger = logging.getLogger("drugcontrol.audit")


def checkpoint_file() -> Path:
    return Path(settings.AUDIT_CHECKPOINT_FILE)


def write_checkpoint() -> Checkpoint:
    """Sign the current head of the chain and append it to the checkpoint file (unless the head is unchanged).

    Called by `drugcontrol audit checkpoint`, every AUDIT_CHECKPOINT_SECONDS by the server, and by any worker
    that wants to; concurrent callers are serialised by a lock on the file. Raises AuditKeyError when the key
    is not usable. Returns the newest checkpoint in the file.
    """
    key = load_key(settings.AUDIT_KEY_FILE)

    def make(last: Checkpoint | None) -> Checkpoint | None:
        with transaction.atomic():
            lock_chain()  # no event is half-appended while the head is read
            head = AuditEvent.objects.aggregate(count=Count("id"), last=Max("id"))
            last_id = head["last"] or 0
            head_hash = AuditEvent.objects.values_list("hash", flat=True).get(id=last_id) if last_id else GENESIS_HASH
        if last is not None and (last.head_id, last.head_hash, last.count) == (last_id, head_hash, head["count"]):
            return None
        if last is not None and (head["count"] < last.count or last_id < last.head_id):
            # Still signed (it is what the database holds), but said at once rather than at the next verify.
            logger.error("audit log shrank since the checkpoint of %s: run `drugcontrol audit verify`", last.at)
        at = datetime.now(UTC).isoformat(timespec="seconds")
        return Checkpoint(head_id=last_id, head_hash=head_hash, count=head["count"], at=at).signed(key)

    # make() returns a checkpoint whenever the file holds none, so there is always a newest one.
    return cast(Checkpoint, append_checkpoint(checkpoint_file(), make))


def verify_log(*, checkpoints: Path | None = None, batch_size: int = 5000) -> LogReport:
    """The chain and every checkpoint in ``checkpoints`` (default: the configured file), in one pass.

    Raises AuditKeyError when the key is not usable: without it no checkpoint can be trusted.
    """
    key = load_key(settings.AUDIT_KEY_FILE)
    signed, unreadable = read_checkpoints(checkpoints or checkpoint_file())
    return check_log(chain_rows(batch_size=batch_size), signed, key=key, unreadable_lines=unreadable)
