"""A list with no version in force decides nothing: identify, assess, screening and an offline bundle all answer
``undetermined`` with "no list version of X in force on D" (one code path, the assessor's), never "not controlled";
and the menus offer only lists that have a version."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from typer.testing import CliRunner

from drugcontrol.cli.main import app

pytestmark = pytest.mark.django_db
METHAMPHETAMINE = "CN[C@@H](C)Cc1ccccc1"


def _post(url: str, body: dict, lang: str = "en") -> dict:
    response = Client().post(url, body, content_type="application/json", headers={"accept-language": lang})
    assert response.status_code == 200, response.content
    return response.json()


@pytest.mark.parametrize(
    ("jurisdiction", "as_of", "lang", "expected"),
    [
        ("UN", "2024-03-01", "en", "No list version of UN in force on 2024-03-01"),
        ("KZ", "1990-01-01", "ru", "Нет версии списка KZ, действующей на 1990-01-01"),
        ("KZ", "1990-01-01", "kk", "1990-01-01 күні күшінде тұрған KZ тізімінің нұсқасы жоқ"),
    ],
)
def test_the_api_answers_undetermined_against_a_list_without_a_version(jurisdiction, as_of, lang, expected) -> None:
    body = {"structure": METHAMPHETAMINE, "jurisdiction": jurisdiction, "as_of": as_of}
    assessed = _post("/api/lists/assess", body, lang)
    assert assessed["verdict"] == "undetermined" and assessed["error_code"] == "no_list_version"
    assert assessed["explanation"][0].startswith(expected)
    identified = _post("/api/lists/identify", body, lang)
    assert identified["verdict"] == "undetermined"
    assert identified["explanation"].startswith(expected)


def test_the_cli_and_an_offline_bundle_answer_undetermined(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["assess", METHAMPHETAMINE, "--jurisdiction", "UN", "--as-of", "2024-03-01", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["verdict"] == "undetermined"
    bundle = tmp_path / "kz-1990.json"
    exported = runner.invoke(
        app, ["lists", "export", "KZ", "--as-of", "1990-01-01", "--format", "bundle", "-o", str(bundle)]
    )
    assert exported.exit_code == 0, exported.output
    offline = runner.invoke(app, ["assess", METHAMPHETAMINE, "--list", str(bundle), "--json"])
    assert offline.exit_code == 0, offline.output
    answer = json.loads(offline.output)
    assert answer["verdict"] == "undetermined"
    assert answer["explanation"][0].startswith("No list version of KZ in force on 1990-01-01")
    identified = runner.invoke(app, ["identify", METHAMPHETAMINE, "--list", str(bundle), "--lang", "ru"])
    assert identified.output.splitlines()[0] == "UNDETERMINED"
    assert "Нет версии списка KZ" in identified.output


def test_menus_offer_only_lists_with_a_version() -> None:
    page = Client().get("/lists/assess/").content.decode()
    assert 'value="KZ"' in page and 'value="UN"' not in page and 'value="US"' not in page


def test_identify_before_setup_says_what_to_run(tmp_path: Path) -> None:
    """A fresh database (no tables): the command names `drugcontrol setup` instead of printing a traceback."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
        "DRUGCONTROL_DATA_DIR": str(tmp_path),
        "DRUGCONTROL_DEBUG": "1",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "-m", "drugcontrol.cli.main", "identify", "CCO"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    assert "drugcontrol setup" in result.stderr and "Traceback" not in result.stderr
