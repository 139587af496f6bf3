"""Make an owner role own the tables and leave the application role only data rights (PostgreSQL)."""

from __future__ import annotations

from django.db import connection, transaction

from drugcontrol.audit import messages as M
from drugcontrol.audit.actions.audit_events import do_record_event
from drugcontrol.audit.db_roles import DatabaseLayout, RoleSetupError, hardening_statements, quote


def _layout(app_role: str, owner_role: str) -> DatabaseLayout:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_database(), current_schema()")
        database, schema = cursor.fetchone()
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", [app_role])
        app = cursor.fetchone()
        if app is None:
            raise RoleSetupError(M.NO_APP_ROLE, role=app_role)
        if app[0]:
            raise RoleSetupError(M.APP_IS_SUPERUSER, role=app_role)
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [owner_role])
        owner_exists = cursor.fetchone() is not None
        if owner_exists:
            cursor.execute("SELECT pg_has_role(%s, %s, 'MEMBER')", [app_role, owner_role])
            if cursor.fetchone()[0]:
                raise RoleSetupError(M.APP_IS_OWNER_MEMBER, role=app_role, owner=owner_role)
        cursor.execute(
            "SELECT pg_get_userbyid(datdba) = %s FROM pg_database WHERE datname = current_database()", [app_role]
        )
        app_owns_database = cursor.fetchone()[0]
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = %s ORDER BY tablename", [schema])
        tables = [row[0] for row in cursor.fetchall()]
        cursor.execute(
            "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
            " WHERE n.nspname = %s AND p.proname LIKE 'audit\\_%%' ORDER BY 1",
            [schema],
        )
        functions = [row[0] for row in cursor.fetchall()]
    return DatabaseLayout(database, schema, tables, functions, owner_exists, app_owns_database)


def harden_database(*, app_role: str, owner_role: str, actor: str, execute: bool = True) -> list[str]:
    """The statements that separate the roles, run in one transaction unless ``execute`` is False.

    Connect as a superuser. Raises RoleSetupError when the roles cannot be separated as asked.
    """
    quote(app_role), quote(owner_role)  # refuse odd names before anything else
    if connection.vendor != "postgresql":
        raise RoleSetupError(M.NOT_POSTGRESQL, vendor=connection.vendor)
    statements = hardening_statements(_layout(app_role, owner_role), app_role=app_role, owner_role=owner_role)
    if execute:
        with transaction.atomic(), connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
            do_record_event(
                actor=actor,
                action="audit.roles_separated",
                object_type="database",
                object_id=connection.settings_dict["NAME"],
                details={"app_role": app_role, "owner_role": owner_role},
            )
    return statements
