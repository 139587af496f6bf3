"""Signed checkpoints expose what the chain alone cannot: the newest events deleted, every event deleted,
TRUNCATE, and events deleted with every later hash recomputed. Each attack is made with straight SQL, as an
insider with database rights would, and `drugcontrol audit verify` must report it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.db import connection, transaction
from tests.audit.tampering import raw_sql, rehash_from
from typer.testing import CliRunner

from drugcontrol.audit.actions import do_record_event, verify_chain
from drugcontrol.audit.actions.checkpoints import write_checkpoint
from drugcontrol.audit.models import AuditEvent
from drugcontrol.cli.main import app

pytestmark = pytest.mark.django_db


def record(n: int) -> list[AuditEvent]:
    return [do_record_event(actor="tester", action="test.read", object_id=i) for i in range(n)]


def verify(*args: str, language: str = "en") -> tuple[int, str]:
    result = CliRunner().invoke(app, ["audit", "verify", *args], env={"DRUGCONTROL_LANGUAGE": language})
    return result.exit_code, result.output


def checkpoint() -> None:
    result = CliRunner().invoke(app, ["audit", "checkpoint"])
    assert result.exit_code == 0, result.output


def test_a_log_that_agrees_with_its_checkpoints_verifies(audit_key) -> None:
    record(3)
    checkpoint()
    record(2)  # written after the newest checkpoint: covered by the chain alone until the next one
    code, output = verify()
    assert code == 0, output
    assert "intact" in output and "2 written since" in output


def test_deleting_the_newest_events_is_reported(audit_key) -> None:
    events = record(5)
    checkpoint()
    raw_sql("DELETE FROM audit_auditevent WHERE id >= %s", [events[3].id])
    assert verify_chain() is None  # the chain alone still links
    code, output = verify()
    assert code == 1
    assert f"the log ends at event {events[2].id}" in output and "the newest events were deleted" in output


def test_deleting_every_event_is_reported(audit_key) -> None:
    record(3)
    checkpoint()
    raw_sql("DELETE FROM audit_auditevent")
    code, output = verify()
    assert code == 1 and "the log is empty" in output and "every event was deleted" in output


def test_deleting_events_and_rehashing_the_rest_is_reported(audit_key) -> None:
    events = record(5)
    checkpoint()
    raw_sql("DELETE FROM audit_auditevent WHERE id = %s", [events[1].id])
    rehash_from(events[2].id)
    assert verify_chain() is None  # plain SHA-256: the rewritten chain links again
    code, output = verify()
    assert code == 1
    assert f"event {events[4].id} no longer has the hash signed at" in output and "re-hashed" in output


def test_deleting_old_events_before_a_checkpoint_is_reported_beside_the_broken_link(audit_key) -> None:
    events = record(4)
    checkpoint()
    raw_sql("DELETE FROM audit_auditevent WHERE id = %s", [events[1].id])
    code, output = verify()
    assert code == 1
    assert f"event {events[2].id}: the link to the previous event is broken" in output
    assert "events before it were deleted or inserted" in output


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE and its trigger exist on PostgreSQL only")
def test_postgresql_refuses_truncate() -> None:
    record(1)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending foreign-key checks before ALTER
        cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_no_truncate")  # as in production
    with pytest.raises(Exception, match="TRUNCATE refused"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE audit_auditevent")
    assert AuditEvent.objects.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE exists on PostgreSQL only")
def test_truncate_by_the_table_owner_is_reported(audit_key) -> None:
    events = record(3)
    checkpoint()
    raw_sql("TRUNCATE audit_auditevent")  # the owner disabled the trigger first
    record(2)  # the application goes on writing, from a new genesis
    code, output = verify()
    assert code == 1
    assert f"event {events[2].id}, the head of the log signed at" in output and "is missing" in output


def test_a_forged_checkpoint_is_reported_and_not_trusted(audit_key, settings) -> None:
    record(3)
    checkpoint()
    raw_sql("DELETE FROM audit_auditevent")
    path = Path(settings.AUDIT_CHECKPOINT_FILE)
    forged = json.loads(path.read_text()) | {"head_id": 0, "count": 0, "head_hash": "0" * 64}
    path.write_text(json.dumps(forged) + "\n")  # the insider rewrites the file to match the emptied log
    code, output = verify()
    assert code == 1 and "line 1: the signature is invalid" in output


def test_an_edited_checkpoint_line_is_reported(audit_key, settings) -> None:
    record(1)
    checkpoint()
    path = Path(settings.AUDIT_CHECKPOINT_FILE)
    path.write_text(path.read_text() + "{not json\n")
    code, output = verify()
    assert code == 1 and "line 2: not a checkpoint" in output


def test_a_missing_checkpoint_file_is_reported(audit_key) -> None:
    record(1)
    code, output = verify()
    assert code == 1 and "no valid signed checkpoint" in output


def test_checkpoints_signed_with_another_key_are_not_trusted(audit_key) -> None:
    record(1)
    checkpoint()
    audit_key.write_text("f" * 64)
    code, output = verify()
    assert code == 1 and "signed with another key" in output


def test_a_copy_of_the_checkpoints_kept_elsewhere_can_be_checked(audit_key, settings, tmp_path) -> None:
    record(2)
    checkpoint()
    copy = tmp_path / "elsewhere.jsonl"
    copy.write_text(Path(settings.AUDIT_CHECKPOINT_FILE).read_text())
    Path(settings.AUDIT_CHECKPOINT_FILE).unlink()  # the insider removes the local file with the events
    raw_sql("DELETE FROM audit_auditevent")
    code, output = verify("--checkpoints", str(copy))
    assert code == 1 and "the log is empty" in output


def test_an_unchanged_head_is_not_signed_twice(audit_key, settings) -> None:
    record(1)
    first = write_checkpoint()
    assert write_checkpoint() == first
    record(1)
    assert write_checkpoint().count == first.count + 1
    assert len(Path(settings.AUDIT_CHECKPOINT_FILE).read_text().splitlines()) == 2


@pytest.mark.parametrize(
    ("key_text", "message"),
    [
        (None, "set DRUGCONTROL_AUDIT_KEY_FILE"),
        ("absent", "does not exist"),
        ("short", "is too short: 5 bytes, at least 32 needed"),
    ],
)
def test_verify_and_checkpoint_refuse_without_a_usable_key(settings, tmp_path, key_text, message) -> None:
    if key_text is None:
        settings.AUDIT_KEY_FILE = ""
    else:
        settings.AUDIT_KEY_FILE = str(tmp_path / "audit.key")
        if key_text == "short":
            (tmp_path / "audit.key").write_text("short")
    settings.AUDIT_CHECKPOINT_FILE = tmp_path / "checkpoints.jsonl"
    for command in ("verify", "checkpoint"):
        result = CliRunner().invoke(app, ["audit", command])
        assert result.exit_code == 2 and message in result.output
    assert not (tmp_path / "checkpoints.jsonl").exists()


def test_findings_are_reported_in_the_readers_language(audit_key) -> None:
    record(2)
    checkpoint()
    raw_sql("DELETE FROM audit_auditevent")
    assert "журнал пуст" in verify(language="ru")[1]
    assert "журнал бос" in verify(language="kk")[1]


def test_make_key_writes_a_private_key_and_never_overwrites(tmp_path) -> None:
    path = tmp_path / "new.key"
    result = CliRunner().invoke(app, ["audit", "make-key", str(path)])
    assert result.exit_code == 0 and len(path.read_text().strip()) == 64
    assert path.stat().st_mode & 0o777 == 0o600
    again = CliRunner().invoke(app, ["audit", "make-key", str(path)])
    assert again.exit_code == 2 and "never overwritten" in again.output


def test_the_next_checkpoint_after_a_deletion_says_the_log_shrank(audit_key, caplog) -> None:
    record(2)
    write_checkpoint()
    raw_sql("DELETE FROM audit_auditevent")
    with caplog.at_level("ERROR", logger="drugcontrol.audit"):
        write_checkpoint()
    assert "audit log shrank" in caplog.text
    assert verify()[0] == 1  # the earlier checkpoint still convicts the emptied log
