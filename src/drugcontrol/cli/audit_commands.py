"""The audit log: verify its chain and its signed checkpoints, write a checkpoint, separate the database roles."""

from __future__ import annotations

import getpass
import os
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from drugcontrol.cli.django_setup import setup_django
from drugcontrol.cli.output import fail, fail_with

if TYPE_CHECKING:
    from drugcontrol.audit.verification import LogReport

app = typer.Typer(
    help="The audit log: verify that no event was edited, removed or inserted; sign checkpoints of its head.",
    no_args_is_help=True,
)


@app.command()
def verify(
    checkpoints: Path | None = typer.Option(
        None,
        help="Checkpoint file to check against (default: DRUGCONTROL_AUDIT_CHECKPOINT_FILE), e.g. a copy kept"
        " on another machine.",
    ),
) -> None:
    """Check every link of the hash chain and the log against every signed checkpoint; exit 1 on any finding."""
    setup_django()
    from django.utils.translation import gettext as _

    from drugcontrol.audit.actions.checkpoints import verify_log
    from drugcontrol.audit.checkpoints import AuditKeyError

    try:
        report = verify_log(checkpoints=checkpoints)
    except AuditKeyError as error:
        fail_with(error)
    if not report.intact:
        for finding in report.findings:
            typer.secho(finding.render(_), fg=typer.colors.RED, err=True)
        raise typer.Exit(1)
    typer.echo(_intact(report))


def _intact(report: LogReport) -> str:
    """The one-line summary of a log that passed every check."""
    from django.utils.translation import gettext as _

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


@app.command()
def checkpoint() -> None:
    """Sign the current head of the chain into the checkpoint file (the server does this every minute)."""
    setup_django()
    from django.utils.translation import gettext as _

    from drugcontrol.audit.actions.checkpoints import checkpoint_file, write_checkpoint
    from drugcontrol.audit.checkpoints import AuditKeyError

    try:
        signed = write_checkpoint()
    except AuditKeyError as error:
        fail_with(error)
    typer.echo(
        _("checkpoint of %(at)s: %(count)s events up to event %(head_id)s, in %(path)s")
        % {"at": signed.at, "count": signed.count, "head_id": signed.head_id, "path": checkpoint_file()}
    )


@app.command("make-key")
def make_key(path: Path = typer.Argument(..., help="Where to write the new key (must not exist).")) -> None:
    """Write a new random signing key, readable by its owner only; point DRUGCONTROL_AUDIT_KEY_FILE at it."""
    setup_django()
    from django.utils.translation import gettext as _

    from drugcontrol.audit.checkpoints import new_key

    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        fail(_("%(path)s exists already: a key is never overwritten") % {"path": path})
    except OSError as error:
        fail(_("cannot create %(path)s: %(reason)s") % {"path": path, "reason": error.strerror})
    with os.fdopen(fd, "w") as handle:
        handle.write(new_key())
    typer.echo(_("new audit signing key in %(path)s") % {"path": path})


@app.command("harden-db")
def harden_db(
    app_role: str = typer.Option(..., help="The role the application logs in with."),
    owner_role: str = typer.Option("drugcontrol_owner", help="The role that will own the tables (created if absent)."),
    print_sql: bool = typer.Option(False, "--print-sql", help="Print the statements instead of running them."),
) -> None:
    """PostgreSQL: tables owned by OWNER-ROLE, APP-ROLE left with data rights and only SELECT, INSERT on the audit log.

    Run it connected as a superuser (DATABASE_URL), after migrations and again after every upgrade.
    """
    setup_django()
    from django.utils.translation import gettext as _

    from drugcontrol.audit.actions.db_roles import harden_database
    from drugcontrol.audit.db_roles import RoleSetupError

    try:
        statements = harden_database(
            app_role=app_role, owner_role=owner_role, actor=f"harden-db:{getpass.getuser()}", execute=not print_sql
        )
    except RoleSetupError as error:
        fail_with(error)
    if print_sql:
        typer.echo(";\n".join(statements) + ";")
        return
    typer.echo(
        _("%(owner)s now owns the tables; %(app)s may read and write data and only add to the audit log")
        % {"owner": owner_role, "app": app_role}
    )
