"""Safe defaults: no DEBUG and no public key in production, `check --deploy` clean, demo accounts only on request."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from typer.testing import CliRunner

from drugcontrol.cli.main import app
from drugcontrol.cli.server_commands import DEMO_PASSWORD, DEMO_USERNAME
from drugcontrol.registry.actions.demo_data import DEMO_PASSWORD as REGISTRY_DEMO_PASSWORD
from drugcontrol.registry.actions.demo_data import DEMO_USERS

PRINT_SETTINGS = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment of a production host: no DRUGCONTROL_* from the test run, only what the operator sets."""
    test_only = ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")  # the latter is set by the browser tests
    env = {k: v for k, v in os.environ.items() if not k.startswith("DRUGCONTROL_") and k not in test_only}
    env.update(DJANGO_SETTINGS_MODULE="drugcontrol.settings", DRUGCONTROL_DATA_DIR=str(tmp_path), **extra)
    return env


def run_python(code: str, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, *(["-c", code] if code else []), *args], env=env, capture_output=True, text=True, check=False
    )


def test_without_a_key_the_system_refuses_to_start_and_names_the_variable(tmp_path) -> None:
    result = run_python(PRINT_SETTINGS, production_env(tmp_path))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "DRUGCONTROL_SECRET_KEY" in result.stderr


def test_the_built_in_key_is_refused_when_debug_is_off(tmp_path) -> None:
    from django.conf import settings

    env = production_env(tmp_path, DRUGCONTROL_SECRET_KEY=settings.BUILTIN_SECRET_KEY, DRUGCONTROL_DEBUG="0")
    result = run_python(PRINT_SETTINGS, env)
    assert result.returncode != 0 and "DRUGCONTROL_SECRET_KEY" in result.stderr


def test_debug_is_off_unless_asked_for(tmp_path) -> None:
    with_key = production_env(tmp_path, DRUGCONTROL_SECRET_KEY=secrets.token_urlsafe(50))
    assert run_python(PRINT_SETTINGS, with_key).stdout.strip() == "False"
    asked = production_env(tmp_path, DRUGCONTROL_DEBUG="1")
    assert run_python(PRINT_SETTINGS, asked).stdout.strip() == "True"  # the local demo, built-in key accepted


def test_the_key_can_come_from_a_file(tmp_path) -> None:
    key_file = tmp_path / "secret_key"
    key_file.write_text(secrets.token_urlsafe(50) + "\n")
    code = "import django; django.setup(); from django.conf import settings; print(len(settings.SECRET_KEY))"
    result = run_python(code, production_env(tmp_path, DRUGCONTROL_SECRET_KEY_FILE=str(key_file)))
    assert result.stdout.strip() == str(len(key_file.read_text().strip()))


def test_check_deploy_is_clean_in_production_mode(tmp_path) -> None:
    env = production_env(
        tmp_path, DRUGCONTROL_SECRET_KEY=secrets.token_urlsafe(50), DRUGCONTROL_ALLOWED_HOSTS="drugcontrol.example.kz"
    )
    result = run_python("", env, "-m", "django", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_setup_creates_no_demo_account_unless_asked() -> None:
    users = get_user_model().objects
    assert CliRunner().invoke(app, ["setup"], env={"DRUGCONTROL_DEMO": ""}).exit_code == 0
    assert not users.filter(username__in=[DEMO_USERNAME, *(u.username for u in DEMO_USERS)]).exists()
    assert CliRunner().invoke(app, ["setup"], env={"DRUGCONTROL_DEMO": "1"}).exit_code == 0
    assert users.filter(username=DEMO_USERNAME, is_superuser=True).exists()
    assert users.filter(username__in=[u.username for u in DEMO_USERS]).count() == len(DEMO_USERS)


def test_production_refuses_the_demo_accounts() -> None:
    result = CliRunner().invoke(app, ["serve", "--production", "--demo"])
    assert result.exit_code == 2 and "published password" in result.output


def test_the_demo_passwords_pass_the_password_rules() -> None:
    user_model = get_user_model()
    validate_password(DEMO_PASSWORD, user_model(username=DEMO_USERNAME))
    for demo_user in DEMO_USERS:
        validate_password(REGISTRY_DEMO_PASSWORD, user_model(username=demo_user.username))


def test_the_demo_script_asks_for_the_demo() -> None:
    script = (Path(__file__).resolve().parents[2] / "scripts" / "serve").read_text()
    assert "serve --demo" in script and "DRUGCONTROL_DEBUG" in script
