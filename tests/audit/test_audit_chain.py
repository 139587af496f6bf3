"""The audit log is append-only and its hash chain exposes an edited, removed or inserted row."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection, transaction
from tests.audit.tampering import raw_sql
from typer.testing import CliRunner

from drugcontrol.audit.actions import acting_user, do_record_event, verify_chain
from drugcontrol.audit.models import AppendOnlyError, AuditEvent
from drugcontrol.cli.main import app

pytestmark = pytest.mark.django_db


def record(n: int) -> list[AuditEvent]:
    return [do_record_event(actor="tester", action="test.read", object_id=i, details={"i": i}) for i in range(n)]


def test_an_account_is_kept_as_the_actor_and_a_system_name_by_its_name(django_user_model) -> None:
    user = django_user_model.objects.create_user(username="clerk", password=None)
    assert acting_user(user) == user
    assert acting_user("cli") is None and acting_user(AnonymousUser()) is None
    by_user = do_record_event(actor=user, action="test.read")
    by_name = do_record_event(actor="cli", action="test.read")
    assert (by_user.actor, by_user.actor_name) == (user, "clerk")
    assert (by_name.actor, by_name.actor_name) == (None, "cli")


def test_an_intact_chain_verifies_and_links_each_event(audit_key) -> None:
    events = record(3)
    assert verify_chain() is None
    assert events[1].prev_hash == events[0].hash and events[2].prev_hash == events[1].hash
    assert CliRunner().invoke(app, ["audit", "checkpoint"]).exit_code == 0
    result = CliRunner().invoke(app, ["audit", "verify"])
    assert result.exit_code == 0 and "intact" in result.output


def test_an_edited_event_is_detected(audit_key) -> None:
    events = record(3)
    raw_sql("UPDATE audit_auditevent SET purpose = %s WHERE id = %s", ["edited", events[1].id])
    broken = verify_chain()
    assert broken is not None and broken.event_id == events[1].id and "edited" in broken.reason
    result = CliRunner().invoke(app, ["audit", "verify"])
    assert result.exit_code == 1 and str(events[1].id) in result.output


def test_a_removed_event_is_detected() -> None:
    events = record(3)
    raw_sql("DELETE FROM audit_auditevent WHERE id = %s", [events[1].id])
    broken = verify_chain()
    assert broken is not None and broken.event_id == events[2].id and "removed" in broken.reason


def test_the_orm_refuses_to_change_or_delete() -> None:
    event = record(1)[0]
    event.purpose = "changed"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
def test_postgresql_refuses_raw_updates() -> None:
    event = record(1)[0]
    with pytest.raises(Exception, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET purpose = 'x' WHERE id = %s", [event.id])
