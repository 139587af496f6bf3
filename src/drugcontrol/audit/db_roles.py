"""The SQL that separates the role owning the tables from the role the application logs in with (PostgreSQL).

Row triggers stop UPDATE, DELETE and TRUNCATE of the audit log, but the owner of a table may disable them
(ALTER TABLE ... DISABLE TRIGGER) and so may anyone who can act as the owner. The application must
therefore not be the owner: the tables, the schema and the trigger functions belong to an owner role used
only for migrations, and the application role gets plain data rights, and on the audit log only SELECT and
INSERT. Nothing is granted TRUNCATE.

Pure: the shell reads the catalogue, passes the names in and runs (or prints) the statements.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from drugcontrol.audit import messages as M
from drugcontrol.errors import CodedError

AUDIT_TABLE = "audit_auditevent"
_ROLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_$]{0,62}$")


class RoleSetupError(CodedError):
    """The roles cannot be separated as asked; ``code`` and ``params`` say why."""


@dataclass(frozen=True)
class DatabaseLayout:
    """What the catalogue says about the database to harden."""

    database: str
    schema: str
    tables: Sequence[str]
    functions: Sequence[str]  # signatures, e.g. "audit_event_append_only()"
    owner_exists: bool
    app_owns_database: bool


def quote(name: str) -> str:
    """A role name checked and quoted as an SQL identifier."""
    if not _ROLE_NAME.match(name):
        raise RoleSetupError(M.BAD_ROLE_NAME, role=name)
    return f'"{name}"'


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def hardening_statements(layout: DatabaseLayout, *, app_role: str, owner_role: str) -> list[str]:
    """Every statement, in order; idempotent, so it can be run again after new migrations."""
    app, owner = quote(app_role), quote(owner_role)
    if app_role == owner_role:
        raise RoleSetupError(M.SAME_ROLE, role=app_role)
    schema = _ident(layout.schema)
    statements = []
    if not layout.owner_exists:
        statements.append(f"CREATE ROLE {owner} NOLOGIN")
    if layout.app_owns_database:
        # The owner of a database owns its public schema, and a schema's owner may drop everything in it.
        statements.append(f"ALTER DATABASE {_ident(layout.database)} OWNER TO {owner}")
    statements.append(f"ALTER SCHEMA {schema} OWNER TO {owner}")
    statements += [f"ALTER TABLE {schema}.{_ident(t)} OWNER TO {owner}" for t in layout.tables]
    statements += [f"ALTER FUNCTION {schema}.{f} OWNER TO {owner}" for f in layout.functions]
    statements += [
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {app}",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {app}",
        f"REVOKE CREATE ON SCHEMA {schema} FROM {app}",
        f"GRANT USAGE ON SCHEMA {schema} TO {app}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {app}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {app}",
        f"REVOKE UPDATE, DELETE ON {schema}.{_ident(AUDIT_TABLE)} FROM {app}",
        # Tables that later migrations (run as the owner) create are open to the application the same way.
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema}"
        f" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {app}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema} GRANT USAGE, SELECT ON SEQUENCES TO {app}",
    ]
    return statements
