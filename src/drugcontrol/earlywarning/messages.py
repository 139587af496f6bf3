"""The early-warning shell's own messages (refusals, alerts), as codes with their English text."""

from __future__ import annotations

from drugcontrol.messages import Message

NOT_ALLOWED = Message("warning.not_allowed", "your account has no early-warning role")
EVIDENCE_TOO_LARGE = Message(
    "warning.evidence_too_large", "the file is %(size)s bytes, more than the limit of %(limit)s bytes"
)
DOCUMENT_TOO_LARGE = Message("warning.document_too_large", "the document is larger than the limit of %(limit)s bytes")
DOCUMENT_REJECTED = Message("warning.document_rejected", "%(count)s problem(s); nothing was recorded. First: %(first)s")
NOTHING_CHOSEN = Message("warning.nothing_chosen", "no notification chosen")
STEP_ORDER = Message("warning.step_order", "the step %(step)s cannot be done before %(before)s")
STEP_DONE = Message("warning.step_done", "the step %(step)s is already done")
NOT_ADOPTED = Message("warning.not_adopted", "the decree of this procedure is not adopted yet")
ALERT_UNCOVERED = Message(
    "warning.alert_uncovered", "New uncovered substance: %(name)s, first detected in %(country)s on %(date)s"
)
ALERT_OVERDUE = Message("warning.alert_overdue", "Overdue: %(step)s for %(name)s was due on %(due)s")
