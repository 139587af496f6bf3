"""Writing and verifying the audit log."""

from drugcontrol.audit.actions.audit_events import ChainBreak, acting_user, do_record_event, verify_chain

__all__ = ["ChainBreak", "acting_user", "do_record_event", "verify_chain"]
