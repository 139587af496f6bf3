"""`drugcontrol`: serve the system, query and import lists, identify and assess compounds, verify the audit log."""

from __future__ import annotations

import typer

from drugcontrol.cli.aggregates_commands import app as aggregates_app
from drugcontrol.cli.assess_command import assess
from drugcontrol.cli.audit_commands import app as audit_app
from drugcontrol.cli.identify_command import identify
from drugcontrol.cli.list_commands import app as lists_app
from drugcontrol.cli.monitor_commands import app as monitor_app
from drugcontrol.cli.offences_commands import app as offences_app
from drugcontrol.cli.reference_commands import libraries_app, medicines_app
from drugcontrol.cli.registry_commands import app as registry_app
from drugcontrol.cli.registry_data_commands import app as registry_data_app
from drugcontrol.cli.risk_commands import app as expertise_app
from drugcontrol.cli.screen_command import screen
from drugcontrol.cli.server_commands import serve, setup
from drugcontrol.cli.warning_commands import app as warning_app
from drugcontrol.cli.worker_command import worker

app = typer.Typer(
    help=__doc__,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command()(serve)
app.command()(setup)
app.command()(worker)
app.command()(identify)
app.command()(assess)
app.command()(screen)
app.add_typer(lists_app, name="lists")
app.add_typer(audit_app, name="audit")
app.add_typer(registry_data_app, name="registry-data")
app.add_typer(registry_app, name="registry")
app.add_typer(aggregates_app, name="aggregates")
app.add_typer(warning_app, name="warning")
app.add_typer(offences_app, name="offences")
app.add_typer(medicines_app, name="medicines")
app.add_typer(libraries_app, name="nps-libraries")
app.add_typer(expertise_app, name="expertise")
app.add_typer(monitor_app, name="monitor")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
