"""A daemon thread of the server process that signs a checkpoint of the audit chain every minute.

The thread dies with the process; a checkpoint missed while the server is down is written by the next one
(the head it signs covers everything before it).
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import connection
from django.utils.translation import gettext as _

from drugcontrol.audit.actions.checkpoints import checkpoint_file, write_checkpoint
from drugcontrol.audit.checkpoints import AuditKeyError, load_key

logger = logging.getLogger("drugcontrol.audit")
_stop = threading.Event()


def start_checkpoint_timer(interval: float | None = None) -> str:
    """Start the thread when the key is usable; return a line that says what happened, for the console."""
    try:
        load_key(settings.AUDIT_KEY_FILE)
    except AuditKeyError as error:
        return _("audit checkpoints are OFF: %(reason)s") % {"reason": error.render(_)}
    seconds = interval if interval is not None else settings.AUDIT_CHECKPOINT_SECONDS
    _stop.clear()
    threading.Thread(target=_run, args=(seconds,), name="audit-checkpoints", daemon=True).start()
    return _("audit checkpoints signed every %(seconds)s s into %(path)s") % {
        "seconds": seconds,
        "path": checkpoint_file(),
    }


def stop_checkpoint_timer() -> None:
    """Ask the thread to end after its current checkpoint (for tests and orderly shutdowns)."""
    _stop.set()


def _run(seconds: float) -> None:
    while not _stop.is_set():
        try:
            write_checkpoint()
        except Exception:  # a failed checkpoint must never stop the next one
            logger.exception("audit checkpoint failed")
        finally:
            connection.close()  # this thread's own connection; never hold one between checkpoints
        _stop.wait(seconds)
