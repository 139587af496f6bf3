"""The one renderer of the lists and the expertise for a reader: reasoning steps and legal rules (``listcore.steps``),
the codes pages print (verdicts, forms, kinds, units: ``listcore.steps.TERMS``), refusals, local timestamps, and a
stored expert report as HTML or PDF (WeasyPrint).

Pages, the API, the CLI and the report all call it, so a new verdict, step or law reference is translated by adding
its entry to the core's vocabulary and to the catalogues, nowhere else.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from drugcontrol.languages import reader_language
from drugcontrol.listcore.steps import Step, render_step, term

if TYPE_CHECKING:
    from drugcontrol.expertise.verdicts import Assessment

PRINT_TEMPLATE = "lists/report_print.html"


def step_text(step: Step | Mapping[str, Any]) -> str:
    """One step (or a stored step dict) in the active language: the one way every shell renders reasoning."""
    if not isinstance(step, Step):
        step = Step.from_dict(step)
    return render_step(step, _, reader_language())


def step_texts(steps: Iterable[Step | Mapping[str, Any]]) -> list[str]:
    """Steps of an identification or an assessment in the active language: the one way a shell renders them."""
    return [step_text(step) for step in steps]


def rule_text(assessment: Assessment) -> str:
    """The legal rule of a verdict in the active language (the engine's text when it gave no phrases)."""
    return "; ".join(step_texts(assessment.rule_steps)) if assessment.rule_steps else assessment.rule


def term_text(kind: str, code: str) -> str:
    """A verdict, form, kind or unit code in the active language."""
    return term(kind, code or "", _)


def unknown_jurisdiction_text(code: str) -> str:
    """A page's answer to a jurisdiction with no list loaded (a menu offers only those with a version)."""
    return _("No list of %(code)s is loaded.") % {"code": code}


def structure_error_text(exc: Exception) -> str:
    """Why a structure cannot be read, in the active language (by the chemistry error's code)."""
    reason = term_text("chem_error", getattr(exc, "code", "chem_error"))
    return _("The structure cannot be read: %(reason)s.") % {"reason": reason}


def local_timestamp(value: str | datetime) -> str:
    """A stored ISO timestamp as the reader's local date and time (the time zone setting), formatted per language."""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.utc)
    local = timezone.localtime(moment)
    return f"{formats.date_format(local, 'DATE_FORMAT')} {local:%H:%M} ({timezone.get_current_timezone_name()})"


def report_context(content: dict[str, Any], report: Any = None) -> dict[str, Any]:
    """Template context of a report: its content ``c``, everything a reader reads rendered in the active language."""
    rendered = {
        "steps": step_texts(content.get("steps", [])),
        "rule": "; ".join(step_texts(content["rule_steps"])) if content.get("rule_steps") else content.get("rule", ""),
        "created": local_timestamp(content["generated_at"]) if content.get("generated_at") else "",
        "parents": [
            {
                **p,
                "texts": step_texts(p["replacement_steps"]) if "replacement_steps" in p else p["replacements"],
            }
            for p in content.get("parents", [])
        ],
        "similar": [
            {**s, "texts": step_texts(s["difference_steps"]) if "difference_steps" in s else s["differences"]}
            for s in content.get("similar", [])
        ],
    }
    return {"report": report, "c": content, "steps": rendered["steps"], "r": rendered}


def render_report_pdf(content: dict[str, Any], report: Any = None) -> bytes:
    """The report as PDF bytes (A4, page numbers with the report number, a signature block)."""
    from weasyprint import HTML

    html = render_to_string(PRINT_TEMPLATE, report_context(content, report))
    return HTML(string=html).write_pdf()


def render_report_html(content: dict[str, Any], report: Any = None) -> str:
    """The report as a standalone HTML document (the same markup the PDF is printed from)."""
    return render_to_string(PRINT_TEMPLATE, report_context(content, report))
