"""The registry from the command line: users, retention, deregistration proposals, duplicates, demo data."""

from __future__ import annotations

from datetime import date

import typer

from drugcontrol.cli.django_setup import setup_django
from drugcontrol.cli.output import fail, fail_with, print_json, print_table

app = typer.Typer(help="The registry of people with drug dependence.", no_args_is_help=True)


def _operator() -> str:
    """The operator at this command line, the one actor the registry's actions accept that is not a user."""
    from drugcontrol.registry.access import SystemActor  # after Django is set up

    return SystemActor("cli")


def _day(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        from django.utils.translation import gettext as _

        fail(_("%(option)s must be a date like 2025-01-31. Got %(value)r instead.") % {"option": option, "value": text})


@app.command("create-user")
def create_user(
    username: str = typer.Argument(..., help="Login name."),
    role: str = typer.Option(..., help="physician, chief, analyst, police or admin."),
    facility: str = typer.Option("", help="Facility code (physicians)."),
    region: str = typer.Option("", help="Region code, e.g. KZ-75 (regional chiefs)."),
    password: str = typer.Option(..., prompt=True, hide_input=True, confirmation_prompt=True),
) -> None:
    """Create a registry user with one role and its scope."""
    setup_django()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    from drugcontrol.registry.actions.staff import do_create_staff_user
    from drugcontrol.registry.errors import RegistryError

    try:
        validate_password(password, get_user_model()(username=username))
    except ValidationError as exc:
        fail("--password: " + " ".join(exc.messages))
    try:
        profile = do_create_staff_user(
            username, password=password, role=role, facility=facility, region=region, actor=_operator()
        )
    except RegistryError as exc:
        fail_with(exc)
    facility_code = profile.facility.code if profile.facility else ""
    typer.echo(f"created {username}: {profile.role} {facility_code} {profile.region_id or ''}".rstrip())


@app.command("anonymise-due")
def anonymise_due(
    as_of: str = typer.Option(None, "--as-of", help="Reference date (default: today)."),
) -> None:
    """Anonymise the deregistered records whose retention period is over (keeps year of birth, sex, region)."""
    setup_django()
    from drugcontrol.registry.actions.retention import do_anonymise_due

    done = do_anonymise_due(actor=_operator(), today=_day(as_of, "--as-of"))
    typer.echo(f"{len(done)} records anonymised")


@app.command("propose-deregistrations")
def propose_deregistrations(
    as_of: str = typer.Option(None, "--as-of", help="Reference date (default: today)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """List the registrations due for deregistration (ids only: open the records in the web UI)."""
    setup_django()
    from django.utils import timezone

    from drugcontrol.registry.actions.proposals import proposals_everywhere

    found = proposals_everywhere(_day(as_of, "--as-of") or timezone.localdate())
    if as_json:
        print_json([p.__dict__ for p in found])
        return
    print_table(
        ["registration", "person", "reason", "since"],
        [(p.registration_id, p.person_id, p.reason, p.since) for p in found],
    )
    typer.echo(f"{len(found)} due")


@app.command("find-duplicates")
def find_duplicates() -> None:
    """Scan the register for candidate duplicates (name in any script + birth date) for review."""
    setup_django()
    from drugcontrol.registry.actions.duplicates import do_find_duplicates

    typer.echo(f"{do_find_duplicates(actor=_operator())} candidate duplicates open for review")


@app.command("load-demo")
def load_demo() -> None:
    """Facilities, one demo user per role and a few synthetic people (never real)."""
    setup_django()
    from drugcontrol.registry.actions.demo_data import do_load_registry_demo

    typer.echo(do_load_registry_demo(actor=_operator()))
