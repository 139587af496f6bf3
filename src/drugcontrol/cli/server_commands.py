"""Set up the database and serve the web interface: the local demo (development server) or production (gunicorn)."""

from __future__ import annotations

import os
import sys

import typer

from drugcontrol.cli.django_setup import ensure_data_dir, setup_django

DEMO_USERNAME = "admin"
DEMO_PASSWORD = "drugcontrol-demo"  # noqa: S105 - the documented local demo login, created only with --demo

DEMO_OPTION = typer.Option(
    False,
    "--demo",
    envvar="DRUGCONTROL_DEMO",
    help="Load the demo data and create the demo accounts (published password: local demo only). "
    "Also DRUGCONTROL_DEMO=1.",
)


def _prepare(demo: bool, *, migrate: bool = True) -> None:
    setup_django()
    ensure_data_dir()
    from django.core.management import call_command

    if migrate:
        call_command("migrate", interactive=False, verbosity=0)
    if demo:
        from drugcontrol.lists.actions.demo_data import do_load_demo

        report = do_load_demo(actor="setup")
        typer.echo(report)
        from drugcontrol.registry.actions.demo_data import do_load_registry_demo

        typer.echo(do_load_registry_demo(actor="setup"))
        from drugcontrol.offences.demo import do_load_offences_demo

        typer.echo(do_load_offences_demo(actor="setup"))
        from drugcontrol.earlywarning.demo import do_load_warning_demo

        typer.echo(do_load_warning_demo(actor="setup"))
        from django.contrib.auth import get_user_model

        user_model = get_user_model()
        if not user_model.objects.filter(username=DEMO_USERNAME).exists():
            user_model.objects.create_superuser(DEMO_USERNAME, "", DEMO_PASSWORD)


def setup(demo: bool = DEMO_OPTION) -> None:
    """Create or upgrade the database (migrations); with --demo also load the demo data and accounts."""
    _prepare(demo)
    typer.echo("database ready")


def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    demo: bool = DEMO_OPTION,
    production: bool = typer.Option(
        False, "--production", help="Serve with gunicorn (static files by WhiteNoise), not the development server."
    ),
    workers: int = typer.Option(
        int(os.environ.get("DRUGCONTROL_WEB_WORKERS", "2")),
        help="gunicorn worker processes (--production). Also DRUGCONTROL_WEB_WORKERS.",
    ),
    migrate: bool = typer.Option(True, help="Apply pending migrations first (turn off when another host does)."),
) -> None:
    """Migrate and serve the web UI on http://HOST:PORT; --demo loads the demo data and accounts."""
    if production and demo:
        typer.secho("--demo creates accounts with a published password; it is refused with --production", fg="red")
        raise typer.Exit(2)
    _prepare(demo, migrate=migrate)
    from django.core.management import call_command

    from drugcontrol.audit.checkpoint_timer import start_checkpoint_timer

    typer.echo(start_checkpoint_timer())
    if production:
        call_command("collectstatic", interactive=False, verbosity=0)
        typer.secho(f"drugcontrol (gunicorn, {workers} workers) on http://{host}:{port}/", bold=True, err=True)
        gunicorn = [sys.executable, "-m", "gunicorn", "drugcontrol.wsgi:application"]
        options = ["--bind", f"{host}:{port}", "--workers", str(workers), "--error-logfile", "-"]
        os.execv(sys.executable, [*gunicorn, *options])  # noqa: S606 - our own interpreter; gunicorn takes the PID

    typer.secho(f"drugcontrol on http://{host}:{port}/  (API docs: http://{host}:{port}/api/docs)", bold=True)
    if demo:
        typer.secho(f"demo admin login: {DEMO_USERNAME} / {DEMO_PASSWORD}", fg=typer.colors.GREEN)
        from drugcontrol.registry.actions.demo_data import DEMO_PASSWORD as REGISTRY_PASSWORD
        from drugcontrol.registry.actions.demo_data import DEMO_USERS

        logins = ", ".join(f"{u.username} ({u.role})" for u in DEMO_USERS)
        typer.secho(f"registry demo logins (password {REGISTRY_PASSWORD}): {logins}", fg=typer.colors.GREEN)
    call_command("runserver", f"{host}:{port}", use_reloader=False)
