"""Every interface string is translated into Russian and Kazakh, and the compiled catalogues serve them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.utils import translation

LOCALE = Path(__file__).resolve().parents[2] / "src" / "drugcontrol" / "locale"
ENTRY = re.compile(r'^msgid ((?:"(?:[^"\\]|\\.)*"\n)+)(?:msgid_plural .*\n)?((?:msgstr.*\n(?:".*"\n)*)+)', re.M)


def untranslated(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8") + "\n"
    problems = []
    for block in text.split("\n\n"):
        match = ENTRY.search(block + "\n")
        if match is None:
            continue
        msgid = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', match.group(1)))
        if not msgid:
            continue
        values = re.findall(r'msgstr(?:\[\d\])? ((?:"(?:[^"\\]|\\.)*"\n?)+)', match.group(2))
        if "#, fuzzy" in block or any(not "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', v)) for v in values):
            problems.append(msgid)
    return problems


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_every_string_is_translated(language: str) -> None:
    assert untranslated(LOCALE / language / "LC_MESSAGES" / "django.po") == []


@pytest.mark.parametrize(("language", "expected"), [("ru", "Списки контроля"), ("kk", "Бақылау тізімдері")])
def test_compiled_catalogues_are_used(language: str, expected: str) -> None:
    with translation.override(language):
        assert translation.gettext("Control lists") == expected
