"""Check the audit log's hash chain."""

from __future__ import annotations

import typer

from drugcontrol.cli.django_setup import setup_django
from drugcontrol.cli.output import fail

app = typer.Typer(help="The audit log: verify that no event was edited, removed or inserted.", no_args_is_help=True)


@app.command()
def verify() -> None:
    """Walk the hash chain of the whole audit log; exit 1 at the first broken link."""
    setup_django()
    from drugcontrol.audit.actions import verify_chain
    from drugcontrol.audit.models import AuditEvent

    broken = verify_chain()
    if broken is not None:
        fail(f"audit log broken at event {broken.event_id}: {broken.reason}", code=1)
    typer.echo(f"audit log intact: {AuditEvent.objects.count()} events, every link verified")
