"""Sentences for the audit commands: verification findings, key errors and role errors, in the reader's language."""

from __future__ import annotations

from django.utils.translation import gettext as _

from drugcontrol.audit.checkpoints import AuditKeyError
from drugcontrol.audit.db_roles import RoleSetupError
from drugcontrol.audit.verification import Finding, LogReport


def describe_finding(finding: Finding) -> str:
    p = finding.params
    match finding.code:
        case "link_broken":
            return _("event %(event)s: the link to the previous event is broken (an event was removed or inserted)") % p
        case "event_edited":
            return _("event %(event)s: its content does not match its hash (the event was edited)") % p
        case "checkpoint_unreadable":
            return _("checkpoint file, line %(line)s: not a checkpoint (the file was edited)") % p
        case "checkpoint_forged":
            return (
                _(
                    "checkpoint file, line %(line)s: the signature is invalid (forged, edited or signed with"
                    " another key)"
                )
                % p
            )
        case "checkpoint_head_missing":
            return (
                _(
                    "event %(head_id)s, the head of the log signed at %(at)s, is missing: events up to it were deleted"
                    " (%(count)s events were signed)"
                )
                % p
            )
        case "checkpoint_hash_mismatch":
            return (
                _(
                    "event %(head_id)s no longer has the hash signed at %(at)s: the log up to it was rewritten and"
                    " re-hashed"
                )
                % p
            )
        case "checkpoint_count_mismatch":
            return (
                _(
                    "the checkpoint of %(at)s signed %(count)s events up to event %(head_id)s, the log now holds"
                    " %(found)s: events before it were deleted or inserted"
                )
                % p
            )
        case "log_emptied":
            return (
                _(
                    "the log is empty, but the checkpoint of %(at)s signed %(count)s events up to event %(head_id)s:"
                    " every event was deleted (DELETE or TRUNCATE)"
                )
                % p
            )
        case "log_cut":
            return (
                _(
                    "the log ends at event %(last_id)s with %(found)s events, but the checkpoint of %(at)s signed"
                    " %(count)s events up to event %(head_id)s: the newest events were deleted"
                )
                % p
            )
        case "no_checkpoint":
            return (
                _(
                    "the log holds %(events)s events but no valid signed checkpoint: the checkpoint file is missing"
                    " or empty (run `drugcontrol audit checkpoint`)"
                )
                % p
            )
    return f"{finding.code} {p}"


def describe_key_error(error: AuditKeyError) -> str:
    p = error.params
    match error.code:
        case "key_not_set":
            return _(
                "no audit signing key: set DRUGCONTROL_AUDIT_KEY_FILE to a key file"
                " (create one with `drugcontrol audit make-key PATH`)"
            )
        case "key_missing":
            return _("the audit signing key file %(path)s does not exist") % p
        case "key_unreadable":
            return _("the audit signing key file %(path)s cannot be read: %(reason)s") % p
        case "key_too_short":
            return (
                _("the audit signing key in %(path)s is too short: %(length)s bytes, at least %(minimum)s needed") % p
            )
    return f"{error.code} {p}"


def describe_intact(report: LogReport) -> str:
    """The one-line summary of a log that passed every check."""
    if report.newest is None:
        return _("audit log intact: %(events)s events, every link verified") % {"events": report.events}
    return _(
        "audit log intact: %(events)s events, every link verified; %(checkpoints)s signed checkpoints agree, the"
        " newest of %(at)s covers %(covered)s events (%(after)s written since are protected by the chain only)"
    ) % {
        "events": report.events,
        "checkpoints": report.checkpoints,
        "at": report.newest.at,
        "covered": report.newest.count,
        "after": report.after_newest,
    }


def describe_role_error(error: RoleSetupError) -> str:
    p = error.params
    match error.code:
        case "not_postgresql":
            return _("roles can be separated on PostgreSQL only; this database is %(vendor)s") % p
        case "bad_role_name":
            return _("%(role)s is not a plain role name (letters, digits and _ only)") % p
        case "same_role":
            return _("the application role and the owner role must differ (both are %(role)s)") % p
        case "no_app_role":
            return _("role %(role)s does not exist: create the application's login role first") % p
        case "app_is_superuser":
            return _("role %(role)s is a superuser: a superuser can disable any trigger, use an ordinary role") % p
        case "app_is_owner_member":
            return _("role %(role)s is a member of %(owner)s and could act as the owner: revoke that membership") % p
    return f"{error.code} {p}"
