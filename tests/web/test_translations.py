"""Every interface string is translated into Russian and Kazakh, and the compiled catalogues serve them."""

from __future__ import annotations

import ast
import gettext
import re
from collections.abc import Iterator
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


SRC = Path(__file__).resolve().parents[2] / "src" / "drugcontrol"


def _literal_calls(tree: ast.AST, name: str, position: int) -> Iterator[str]:
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        called = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
        if called == name and len(node.args) > position:
            argument = node.args[position]
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str) and argument.value:
                yield argument.value


def texts_built_by_the_cores() -> set[str]:
    """Every English text the code builds for a reader outside Django's own gettext calls: the reasoning steps and
    phrases the cores mark with ``gettext_noop``, every ``Message`` text (refusals as code + parameters), and the
    words of every verdict, form, kind, unit and law reference the renderer prints (``listcore.steps.TERMS``)."""
    from drugcontrol.listcore.steps import LAW_REFERENCES, TERMS

    texts: set[str] = set()
    for path in SRC.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        texts.update(_literal_calls(tree, "gettext_noop", 0))
        texts.update(_literal_calls(tree, "Message", 1))
    texts.update(LAW_REFERENCES.values())
    texts.update(text for words in TERMS.values() for text in words.values() if re.search("[A-Za-z]", text))
    return texts


def translated_ids(language: str) -> set[str]:
    """The msgids the compiled catalogue of ``language`` translates (msgfmt leaves fuzzy and empty entries out)."""
    with (LOCALE / language / "LC_MESSAGES" / "django.mo").open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)._catalog  # the only way to list a catalogue
    return {key if isinstance(key, str) else key[0] for key, value in catalogue.items() if key and value}


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_every_text_built_by_the_cores_is_translated(language: str) -> None:
    texts = texts_built_by_the_cores()
    assert len(texts) > 100  # the walk found the cores' texts
    missing = sorted(texts - translated_ids(language))
    assert missing == []
