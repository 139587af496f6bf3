"""The identification explanation is built once (steps of the core) and reads the same in the page, the API
and the CLI, in Russian, Kazakh and English."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest
from django.test import Client
from typer.testing import CliRunner

from drugcontrol.cli.main import app
from drugcontrol.listcore.identification import identify
from drugcontrol.lists.snapshots import snapshot_as_of

pytestmark = pytest.mark.django_db
METHCATHINONE_HCL = "CN[C@@H](C)C(=O)c1ccccc1.Cl"  # one enantiomer of the listed racemate, as a salt
EXPECTED = {
    "en": [
        "Listed: Methcathinone (ephedrone) (МЕТКАТИНОН (ЭФЕДРОН)), table I 23 of the KZ list in force on 2024-03-01, "
        "set by act No. 470 of 2019-07-03.",
        "It is a salt or other form of the listed substance (counter-ions or charge state differ).",
        "It is a stereoisomer of the listed substance.",
    ],
    "ru": [
        "Включено в список: МЕТКАТИНОН (ЭФЕДРОН), таблица I 23 списка KZ, действующего "
        "на 2024-03-01, внесено актом № 470 от 2019-07-03.",
        "Это соль или иная форма вещества из списка (иные противоионы или заряд).",
        "Это стереоизомер вещества из списка.",
    ],
    "kk": [
        "Тізімге енгізілген: МЕТКАТИНОН (ЭФЕДРОН), 2024-03-01 күні қолданыстағы KZ "
        "тізімінің I 23 кестесі, 2019-07-03 № 470 актісімен енгізілген.",
        "Бұл тізімдегі заттың тұзы немесе өзге түрі (қарсы иондары немесе заряды басқа).",
        "Бұл тізімдегі заттың стереоизомері.",
    ],
}


def test_the_core_gives_one_step_per_fact_as_templates_and_parameters() -> None:
    result = identify(METHCATHINONE_HCL, snapshot_as_of("KZ", date(2024, 3, 1)))
    steps = result.steps()
    assert result.form == "salt+stereoisomer"
    assert [s.template for s in steps[1:]] == [
        "It is a salt or other form of the listed substance (counter-ions or charge state differ).",
        "It is a stereoisomer of the listed substance.",
    ]
    assert str(steps[0].params["name"]) == "Methcathinone (ephedrone) (МЕТКАТИНОН (ЭФЕДРОН))"
    assert steps[0].params["name"].pick("ru") == "МЕТКАТИНОН (ЭФЕДРОН)"  # each reader reads the name in their language
    assert steps[0].params["table"] == "I 23"
    assert {k: steps[0].params[k] for k in ("jurisdiction", "as_of")} == {"jurisdiction": "KZ", "as_of": "2024-03-01"}


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_page_api_and_cli_say_the_same_in_each_language(language: str) -> None:
    expected = " ".join(EXPECTED[language])
    page = Client().post(
        "/lists/identify/",
        {"structure": METHCATHINONE_HCL, "jurisdiction": "KZ", "as_of": "2024-03-01"},
        headers={"accept-language": language},
    )
    shown = html.unescape(re.search(r'<p id="explanation">(.*?)</p>', page.content.decode(), re.S).group(1))
    assert shown == expected

    api = (
        Client()
        .post(
            "/api/lists/identify",
            {"structure": METHCATHINONE_HCL, "as_of": "2024-03-01"},
            content_type="application/json",
            headers={"accept-language": language},
        )
        .json()
    )
    assert api["explanation"] == shown
    assert [s["text"] for s in api["steps"]] == EXPECTED[language]
    assert api["steps"][2]["template"] == "It is a stereoisomer of the listed substance."

    cli = CliRunner().invoke(app, ["identify", METHCATHINONE_HCL, "--as-of", "2024-03-01", "--lang", language])
    assert cli.exit_code == 0, cli.output
    assert cli.output.splitlines()[1:4] == [s["text"] for s in api["steps"]]


def test_not_listed_reads_the_same_as_in_the_assessment() -> None:
    api = (
        Client()
        .post(
            "/api/lists/identify",
            {"structure": "CCO", "as_of": "2024-03-01"},
            content_type="application/json",
            headers={"accept-language": "ru"},
        )
        .json()
    )
    assessed = (
        Client()
        .post(
            "/api/lists/assess",
            {"structure": "CCO", "as_of": "2024-03-01"},
            content_type="application/json",
            headers={"accept-language": "ru"},
        )
        .json()
    )
    assert api["explanation"] == (
        "Не входит в список KZ, действующий на 2024-03-01, ни в какой форме (то же вещество, соль, стереоизомер, "
        "изотопная форма или таутомер)."
    )
    assert api["explanation"] in assessed["explanation"]


def test_an_unknown_language_is_refused_by_the_cli() -> None:
    result = CliRunner().invoke(app, ["identify", "CCO", "--lang", "de"])
    assert result.exit_code == 2 and "--lang" in result.output
