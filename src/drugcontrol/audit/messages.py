"""Every sentence of the audit log's checks as a code and its English text (the msgid of its translations).

The pure modules report a finding or raise an error with a code and its parameters; the command line and the
server console render it in the reader's language (`finding.render(gettext)`, `error.render(gettext)`).
"""

from __future__ import annotations

from drugcontrol.messages import Message

# verification findings (`verification.Finding`)
LINK_BROKEN = Message(
    "audit.link_broken",
    "event %(event)s: the link to the previous event is broken (an event was removed or inserted)",
)
EVENT_EDITED = Message(
    "audit.event_edited",
    "event %(event)s: its content does not match its hash (the event was edited)",
)
CHECKPOINT_UNREADABLE = Message(
    "audit.checkpoint_unreadable",
    "checkpoint file, line %(line)s: not a checkpoint (the file was edited)",
)
CHECKPOINT_FORGED = Message(
    "audit.checkpoint_forged",
    "checkpoint file, line %(line)s: the signature is invalid (forged, edited or signed with another key)",
)
CHECKPOINT_HEAD_MISSING = Message(
    "audit.checkpoint_head_missing",
    "event %(head_id)s, the head of the log signed at %(at)s, is missing: events up to it were deleted "
    "(%(count)s events were signed)",
)
CHECKPOINT_HASH_MISMATCH = Message(
    "audit.checkpoint_hash_mismatch",
    "event %(head_id)s no longer has the hash signed at %(at)s: the log up to it was rewritten and "
    "re-hashed",
)
CHECKPOINT_COUNT_MISMATCH = Message(
    "audit.checkpoint_count_mismatch",
    "the checkpoint of %(at)s signed %(count)s events up to event %(head_id)s, the log now holds "
    "%(found)s: events before it were deleted or inserted",
)
LOG_EMPTIED = Message(
    "audit.log_emptied",
    "the log is empty, but the checkpoint of %(at)s signed %(count)s events up to event %(head_id)s: "
    "every event was deleted (DELETE or TRUNCATE)",
)
LOG_CUT = Message(
    "audit.log_cut",
    "the log ends at event %(last_id)s with %(found)s events, but the checkpoint of %(at)s signed "
    "%(count)s events up to event %(head_id)s: the newest events were deleted",
)
NO_CHECKPOINT = Message(
    "audit.no_checkpoint",
    "the log holds %(events)s events but no valid signed checkpoint: the checkpoint file is missing or "
    "empty (run `drugcontrol audit checkpoint`)",
)

# the signing key (`checkpoints.AuditKeyError`)
KEY_NOT_SET = Message(
    "audit.key_not_set",
    "no audit signing key: set DRUGCONTROL_AUDIT_KEY_FILE to a key file (create one with `drugcontrol "
    "audit make-key PATH`)",
)
KEY_MISSING = Message("audit.key_missing", "the audit signing key file %(path)s does not exist")
KEY_UNREADABLE = Message("audit.key_unreadable", "the audit signing key file %(path)s cannot be read: %(reason)s")
KEY_TOO_SHORT = Message(
    "audit.key_too_short",
    "the audit signing key in %(path)s is too short: %(length)s bytes, at least %(minimum)s needed",
)

# separating the roles (`db_roles.RoleSetupError`)
NOT_POSTGRESQL = Message(
    "audit.not_postgresql",
    "roles can be separated on PostgreSQL only; this database is %(vendor)s",
)
BAD_ROLE_NAME = Message("audit.bad_role_name", "%(role)s is not a plain role name (letters, digits and _ only)")
SAME_ROLE = Message("audit.same_role", "the application role and the owner role must differ (both are %(role)s)")
NO_APP_ROLE = Message("audit.no_app_role", "role %(role)s does not exist: create the application's login role first")
APP_IS_SUPERUSER = Message(
    "audit.app_is_superuser",
    "role %(role)s is a superuser: a superuser can disable any trigger, use an ordinary role",
)
APP_IS_OWNER_MEMBER = Message(
    "audit.app_is_owner_member",
    "role %(role)s is a member of %(owner)s and could act as the owner: revoke that membership",
)
