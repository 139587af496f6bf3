"""Set up the database and serve the web interface."""

from __future__ import annotations

import typer

from drugcontrol.cli.django_setup import ensure_data_dir, setup_django

DEMO_USERNAME = "admin"
DEMO_PASSWORD = "drugcontrol-demo"  # noqa: S105 - the documented local demo login, created only by `setup --demo`


def _prepare(demo: bool) -> None:
    setup_django()
    ensure_data_dir()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    if demo:
        from drugcontrol.lists.actions.demo_data import do_load_demo

        report = do_load_demo(actor="setup")
        typer.echo(report)
        from drugcontrol.registry.actions.demo_data import do_load_registry_demo

        typer.echo(do_load_registry_demo(actor="setup"))
        from django.contrib.auth import get_user_model

        user_model = get_user_model()
        if not user_model.objects.filter(username=DEMO_USERNAME).exists():
            user_model.objects.create_superuser(DEMO_USERNAME, "", DEMO_PASSWORD)


def setup(
    demo: bool = typer.Option(True, help="Load the demo data (Kazakhstan's list) and create the demo admin."),
) -> None:
    """Create or upgrade the database (migrations) and, by default, load the demo data."""
    _prepare(demo)
    typer.echo("database ready")


def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    demo: bool = typer.Option(True, help="Load the demo data and create the demo admin if missing."),
) -> None:
    """Migrate, load the demo data and serve the web UI (development server) on http://HOST:PORT."""
    _prepare(demo)
    from django.core.management import call_command

    from drugcontrol.audit.checkpoint_timer import start_checkpoint_timer

    typer.echo(start_checkpoint_timer())
    typer.secho(f"drugcontrol on http://{host}:{port}/  (API docs: http://{host}:{port}/api/docs)", bold=True)
    if demo:
        typer.secho(f"demo admin login: {DEMO_USERNAME} / {DEMO_PASSWORD}", fg=typer.colors.GREEN)
        from drugcontrol.registry.actions.demo_data import DEMO_PASSWORD as REGISTRY_PASSWORD
        from drugcontrol.registry.actions.demo_data import DEMO_USERS

        logins = ", ".join(f"{u.username} ({u.role})" for u in DEMO_USERS)
        typer.secho(f"registry demo logins (password {REGISTRY_PASSWORD}): {logins}", fg=typer.colors.GREEN)
    call_command("runserver", f"{host}:{port}", use_reloader=False)
