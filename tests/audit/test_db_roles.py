"""`drugcontrol audit harden-db`: once the tables belong to an owner role, the application's own role can still
write audit events but can no longer disable the triggers, truncate, update or delete the audit log."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import DatabaseError, connection, transaction
from typer.testing import CliRunner

from drugcontrol.audit.actions import do_record_event, verify_chain
from drugcontrol.audit.models import AuditEvent
from drugcontrol.cli.main import app

postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="roles exist on PostgreSQL only")


@contextmanager
def connected_as(role: str) -> Iterator[None]:
    """Django's own connection, logged in as ``role`` instead of the superuser."""
    superuser = connection.settings_dict["USER"]
    connection.close()
    connection.settings_dict["USER"] = role
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["USER"] = superuser


@pytest.fixture
def roles() -> Iterator[tuple[str, str]]:
    """A fresh login role for the application and a name for the owner; both dropped afterwards."""
    suffix = uuid.uuid4().hex[:8]
    app_role, owner_role = f"audit_test_app_{suffix}", f"audit_test_owner_{suffix}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {app_role} LOGIN")
    yield app_role, owner_role
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [owner_role])
        if cursor.fetchone():
            cursor.execute(f"REASSIGN OWNED BY {owner_role} TO CURRENT_USER")
            cursor.execute(f"DROP OWNED BY {owner_role}")
            cursor.execute(f"DROP ROLE {owner_role}")
        cursor.execute(f"DROP OWNED BY {app_role}")
        cursor.execute(f"DROP ROLE {app_role}")


def refused(sql: str, params: list | None = None) -> str:
    with pytest.raises(DatabaseError) as error, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
    return str(error.value)


@postgresql_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_application_role_can_write_events_but_not_tamper(roles) -> None:
    app_role, owner_role = roles
    result = CliRunner().invoke(app, ["audit", "harden-db", "--app-role", app_role, "--owner-role", owner_role])
    assert result.exit_code == 0, result.output
    assert AuditEvent.objects.filter(action="audit.roles_separated", details__app_role=app_role).exists()

    with connected_as(app_role):
        event = do_record_event(actor="app", action="test.read", object_id=1)  # the application still works
        assert AuditEvent.objects.filter(id=event.id).exists()
        assert "must be owner" in refused("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_no_update")
        assert "must be owner" in refused("ALTER TABLE audit_auditevent DISABLE TRIGGER ALL")
        assert "permission denied" in refused("TRUNCATE audit_auditevent")
        assert "permission denied" in refused("UPDATE audit_auditevent SET purpose = 'x' WHERE id = %s", [event.id])
        assert "permission denied" in refused("DELETE FROM audit_auditevent WHERE id = %s", [event.id])
        assert "must be owner" in refused(f"ALTER TABLE audit_auditevent OWNER TO {app_role}")
        assert "must be owner" in refused("DROP SCHEMA public CASCADE")
    assert verify_chain() is None


@postgresql_only
@pytest.mark.django_db
def test_print_sql_shows_the_statements_and_changes_nothing(roles) -> None:
    app_role, owner_role = roles
    result = CliRunner().invoke(
        app, ["audit", "harden-db", "--app-role", app_role, "--owner-role", owner_role, "--print-sql"]
    )
    assert result.exit_code == 0, result.output
    assert f'REVOKE UPDATE, DELETE ON "public"."audit_auditevent" FROM "{app_role}"' in result.output
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [owner_role])
        assert cursor.fetchone() is None


@postgresql_only
@pytest.mark.django_db
def test_a_superuser_application_role_is_refused() -> None:
    superuser = connection.settings_dict["USER"]
    result = CliRunner().invoke(app, ["audit", "harden-db", "--app-role", superuser])
    assert result.exit_code == 2 and "is a superuser" in result.output


@pytest.mark.django_db
def test_odd_role_names_are_refused() -> None:
    result = CliRunner().invoke(app, ["audit", "harden-db", "--app-role", 'app"; DROP TABLE x; --'])
    assert result.exit_code == 2 and "is not a plain role name" in result.output


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the refusal of other databases")
@pytest.mark.django_db
def test_harden_db_refuses_other_databases() -> None:
    result = CliRunner().invoke(app, ["audit", "harden-db", "--app-role", "drugcontrol_app"])
    assert result.exit_code == 2 and "PostgreSQL only" in result.output
