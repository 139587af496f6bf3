"""`drugcontrol offences qualify`: the quick answer, as text and JSON, and bad input naming the option."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from drugcontrol.cli.main import app

runner = CliRunner()


@pytest.mark.django_db
def test_qualify_prints_size_basis_article_part_and_penalty_as_json() -> None:
    result = runner.invoke(
        app,
        [
            "offences",
            "qualify",
            "--substance",
            "МАРИХУАНА",
            "--form",
            "dried",
            "--mass",
            "1000",
            "--date",
            "2025-06-01",
            "--action",
            "possession",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["size"] == "large"  # 1000 g dried: large is over 50 up to 1000 inclusive
    assert data["basis"]["table"] == "I"
    assert (data["article"], data["part"]) == ("296", 3)
    assert "200" in data["penalty_text"]


@pytest.mark.django_db
def test_qualify_prints_the_code_before_and_after_the_reform() -> None:
    result = runner.invoke(
        app,
        [
            "offences",
            "qualify",
            "--substance",
            "героин",
            "--mass",
            "0.5",
            "--date",
            "2025-06-01",
            "--action",
            "transport_for_sale",
            "--circumstance",
            "electronic_networks",
            "--lang",
            "ru",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "297" in result.output and "2015" in result.output


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["--substance", "героин", "--mass", "-1", "--action", "sale"], "--mass"),
        (["--substance", "героин", "--mass", "1", "--action", "bartering"], "--action"),
        (["--substance", "воздух", "--mass", "1", "--action", "sale"], "--substance"),
    ],
)
def test_bad_input_names_the_option(args: list[str], option: str) -> None:
    result = runner.invoke(app, ["offences", "qualify", "--date", "2025-06-01", *args])
    assert result.exit_code != 0
    assert option in result.output
