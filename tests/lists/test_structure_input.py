"""Bad structure input through HTTP and the CLI: an oversize text gets one message everywhere and is not sent
back; text that is not text (lone surrogates) is a 400 with a reason, never a server error."""

from __future__ import annotations

import json

import pytest
from django.test import Client, override_settings
from typer.testing import CliRunner

from drugcontrol.cli.main import app

pytestmark = pytest.mark.django_db
ENDPOINTS = ["/api/lists/identify", "/api/lists/assess"]
LIMIT_MESSAGE = {
    "en": "The structure is 61 characters long; at most 40 are accepted.",
    "ru": "Структура длиной 61 символов; допускается не более 40.",
    "kk": "Құрылымның ұзындығы 61 таңба; ең көбі 40 таңба қабылданады.",
}
OVERSIZE = "CC(N)Cc1ccccc1" + "C" * 40 + "OCCOCCO"  # 61 characters


def _post(path: str, structure: str, language: str = "en"):
    body = json.dumps({"structure": structure, "as_of": "2024-03-01"})  # json escapes surrogates as \ud800
    return Client(raise_request_exception=False).post(
        path, body, content_type="application/json", headers={"accept-language": language}
    )


@pytest.mark.parametrize("path", ENDPOINTS)
@pytest.mark.parametrize("structure", ["C\ud800C", "\udcff", "InChI=1S/\ud800", "CC\udfffO\nM  END"])
def test_lone_surrogates_are_a_400_naming_the_position(path: str, structure: str) -> None:
    response = _post(path, structure)
    assert response.status_code == 400
    data = response.json()
    assert data["code"] == "not_text"
    position = next(i for i, c in enumerate(structure, start=1) if 0xD800 <= ord(c) <= 0xDFFF)
    assert f"at position {position}" in data["detail"]


@override_settings(STRUCTURE_MAX_CHARS=40)
@pytest.mark.parametrize("path", ENDPOINTS)
@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_an_oversize_structure_is_refused_by_the_api_with_the_limit(path: str, language: str) -> None:
    response = _post(path, OVERSIZE, language)
    assert response.status_code == 400
    assert response.json() == {"detail": LIMIT_MESSAGE[language], "code": "too_large"}


@override_settings(STRUCTURE_MAX_CHARS=40)
@pytest.mark.parametrize("page", ["/lists/identify/", "/lists/assess/"])
def test_the_pages_give_the_same_message_and_do_not_echo_the_text(page: str) -> None:
    response = Client().post(
        page,
        {"structure": OVERSIZE, "jurisdiction": "KZ", "as_of": "2024-03-01"},
        headers={"accept-language": "ru"},
    )
    html = response.content.decode()
    assert LIMIT_MESSAGE["ru"] in html
    assert OVERSIZE not in html and "C" * 40 not in html
    assert 'id="verdict"' not in html


@override_settings(STRUCTURE_MAX_CHARS=40)
def test_a_structure_at_the_limit_is_accepted() -> None:
    response = _post("/api/lists/identify", "CC(N)Cc1ccccc1" + "C" * 26)  # 40 characters
    assert response.status_code == 200 and response.json()["verdict"] == "not_listed"


@override_settings(STRUCTURE_MAX_CHARS=40)
@pytest.mark.parametrize("command", ["identify", "assess"])
def test_the_cli_gives_the_same_message_and_exit_code_2(command: str) -> None:
    result = CliRunner().invoke(app, [command, OVERSIZE, "--as-of", "2024-03-01"])
    assert result.exit_code == 2
    assert f"error: {LIMIT_MESSAGE['en']}" in result.output
