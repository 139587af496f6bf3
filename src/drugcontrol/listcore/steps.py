"""Explanations as English templates and parameters, rendered in the reader's language by one function.

The pure cores (identification, expertise) never translate: they build ``Step``s, and a shell renders them with
``render_step(step, gettext, lang)``. A parameter is plain text (a formula, a number, a date, shown as it is), a
nested ``Step`` (a phrase with its own template: a place in a molecule, a law reference, an act's label), a tuple of
them (joined with "; ") or ``Names`` (a substance's names, the reader's language picked). Templates and fixed phrases
are marked with ``gettext_noop`` so that the catalogues collect them and the translation test finds each one.

The fixed vocabulary the pages print beside the reasoning (verdicts, forms such as "salt", kinds, units, law
references) is here too, as code → English text: the shell renders a code with ``term(kind, code, gettext)``, so a
new verdict or a new law reference plugs in by adding one entry here and its translations.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Union

__all__ = [
    "LAW_REFERENCES",
    "TERMS",
    "Names",
    "Param",
    "Step",
    "gettext_noop",
    "reason_step",
    "render_step",
    "term",
]

Translate = Callable[[str], str]


def gettext_noop(message: str) -> str:
    """Mark an English template for translation without translating it here (the core has no Django)."""
    return message


@dataclass(frozen=True)
class Names:
    """A substance's names by language; rendered in the reader's language (English adds the decree's Russian)."""

    names: Mapping[str, str]
    decree_name_in_english: bool = True
    """In English, add the decree's Russian name when it differs (a listed entry); off for a substituent."""

    def pick(self, lang: str) -> str:
        names = self.names
        ru, en, kk = names.get("ru", ""), names.get("en", ""), names.get("kk", "")
        if lang == "ru":
            return ru or en or kk
        if lang == "kk":
            return kk or ru or en
        if self.decree_name_in_english and ru and en and ru.casefold() != en.casefold():
            return f"{en} ({ru})"
        return en or ru or kk


Param = Union[str, "Step", Names, tuple[Any, ...]]


@dataclass(frozen=True)
class Step:
    """One step of the reasoning (or one phrase inside it): an English template and its parameters."""

    template: str
    params: Mapping[str, Param] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """The step in English."""
        return render_step(self, str, "en")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the English text, the template and the parameters (nested phrases as dicts)."""
        return {
            "text": self.text,
            "template": self.template,
            "params": {k: _param_dict(v) for k, v in self.params.items()},
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Step:
        """A step stored with ``to_dict`` (a signed report keeps its steps this way)."""
        return cls(data["template"], {k: _param_from(v) for k, v in (data.get("params") or {}).items()})


def _param_dict(value: Param) -> Any:
    if isinstance(value, Step):
        return {"template": value.template, "params": {k: _param_dict(v) for k, v in value.params.items()}}
    if isinstance(value, Names):
        return {"names": dict(value.names), "decree_name_in_english": value.decree_name_in_english}
    if isinstance(value, tuple):
        return [_param_dict(v) for v in value]
    return value


def _param_from(value: Any) -> Param:
    if isinstance(value, dict) and "template" in value:
        return Step.from_dict(value)
    if isinstance(value, dict) and "names" in value:
        return Names(value["names"], value.get("decree_name_in_english", True))
    if isinstance(value, list):
        return tuple(_param_from(v) for v in value)
    return "" if value is None else str(value)


def render_step(step: Step, translate: Translate, lang: str) -> str:
    """The step in the reader's language: ``translate`` is the shell's gettext, ``lang`` picks names.

    A plain-text parameter is looked up in the catalogue too (a fixed phrase such as a law reference passed as
    text is translated when the catalogue has it; formulas, numbers and dates have no entry and stay as they are).
    A translation that lost a placeholder falls back to the English template rather than failing the page.
    """
    values = {key: _render_param(value, translate, lang) for key, value in step.params.items()}
    text = translate(step.template) if step.template else ""
    if not values:
        return text
    try:
        return text % values
    except (KeyError, ValueError, TypeError):
        return step.template % values


def _render_param(value: Param, translate: Translate, lang: str) -> str:
    if isinstance(value, Step):
        return render_step(value, translate, lang)
    if isinstance(value, Names):
        return value.pick(lang)
    if isinstance(value, tuple):
        return "; ".join(_render_param(v, translate, lang) for v in value)
    return translate(value) if value else value


LAW_REFERENCES: dict[str, str] = {
    "Law No. 279 art. 1 p. 17-1; Decree 470 appendix 3": gettext_noop(
        "Law No. 279 art. 1 p. 17-1; Decree 470 appendix 3"
    ),
    "Law No. 279 art. 2 p. 3": gettext_noop("Law No. 279 art. 2 p. 3"),
}
"""Law references the engine cites as text (the rule of an analogue, the quantities of an analogue)."""

TERMS: dict[str, dict[str, str]] = {
    "verdict": {
        "listed": gettext_noop("Listed"),
        "analogue": gettext_noop("Analogue of a listed substance"),
        "group": gettext_noop("Member of a generic group"),
        "suspected": gettext_noop("Suspected"),
        "similar": gettext_noop("Similar to a listed substance (for expert review)"),
        "not_controlled": gettext_noop("Not controlled"),
        "invalid": gettext_noop("Not a valid structure"),
        "undetermined": gettext_noop("Undetermined"),
        "not_listed": gettext_noop("Not listed"),
    },
    "form": {
        "exact": gettext_noop("exact"),
        "salt": gettext_noop("salt"),
        "stereoisomer": gettext_noop("stereoisomer"),
        "isotopologue": gettext_noop("isotopic form"),
        "tautomer": gettext_noop("tautomer"),
    },
    "kind": {
        "substance": gettext_noop("substance"),
        "plant": gettext_noop("plant"),
        "preparation": gettext_noop("preparation or mixture"),
        "group": gettext_noop("group"),
        "other": gettext_noop("without structure"),
    },
    "chem_error": {
        "empty": gettext_noop("the input holds no structure"),
        "not_text": gettext_noop("the input holds characters that are not text"),
        "too_large": gettext_noop("the structure is larger than any controlled substance could be"),
        "unparseable": gettext_noop("the text is not a valid structure (SMILES, InChI or molfile)"),
        "standardize_failed": gettext_noop("the structure could not be standardised"),
        "no_inchi": gettext_noop("no InChI can be made of the structure (it holds query or dummy atoms)"),
        "too_complex": gettext_noop("the structure is too complex to decide within the time bound"),
        "check_failed": gettext_noop("a check could not finish on this structure"),
        "chem_error": gettext_noop("the structure could not be processed"),
    },
    "change": {
        "added": gettext_noop("added"),
        "changed": gettext_noop("changed"),
        "removed": gettext_noop("removed"),
    },
    "field": {
        "table": gettext_noop("table"),
        "section": gettext_noop("section"),
        "number": gettext_noop("number"),
        "note": gettext_noop("note"),
        "smiles": gettext_noop("structure"),
        "analogues_controlled": gettext_noop("analogues controlled"),
        "thresholds": gettext_noop("quantities"),
    },
    "unit": {
        "g": gettext_noop("g"),
        "ml": gettext_noop("ml"),
        "dosage units": gettext_noop("dosage units"),
    },
}
"""Codes a page prints beside the reasoning, by kind, with their English text (the msgid of the translations)."""


def reason_step(code: str, message: str) -> Step | str:
    """Why a structure was refused, as a phrase by its code (the English message when the code is new)."""
    text = TERMS["chem_error"].get(code)
    return Step(text) if text else message


def term(kind: str, code: str, translate: Translate = str) -> str:
    """A code in words, in the reader's language; a combined form (``salt+stereoisomer``) word by word.

    An unknown code is shown as it is, so a new code is never hidden (and the translation test names it)."""
    words = TERMS.get(kind, {})
    if kind == "form" and "+" in code:
        return ", ".join(term(kind, part, translate) for part in code.split("+"))
    text = words.get(code)
    return translate(text) if text else code
