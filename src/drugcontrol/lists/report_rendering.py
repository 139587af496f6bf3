"""Render explanation steps in the reader's language, and a stored expert report as HTML or PDF (WeasyPrint).

Shared by the web views and the CLI, so a report printed from either looks the same.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from drugcontrol.listcore.steps import Step

PRINT_TEMPLATE = "lists/report_print.html"


def translated(template: str, params: dict[str, Any]) -> str:
    """A reasoning step in the active language (the English template is the message id).

    Parameter values are passed through the catalogue too, so a fixed phrase given as a parameter is
    translated when the catalogue has it; names, formulas and dates have no entry and stay as they are.
    """
    text = _(template)
    local = {key: _(value) if isinstance(value, str) and value else value for key, value in params.items()}
    try:
        return text % local if params else text
    except (KeyError, ValueError, TypeError):  # a translation that lost a placeholder: fall back to English
        return template % params if params else template


def step_texts(steps: Iterable[Step]) -> list[str]:
    """Steps of an identification or an assessment in the active language: the one way a shell renders them."""
    return [translated(step.template, dict(step.params)) for step in steps]


def report_context(content: dict[str, Any], report: Any = None) -> dict[str, Any]:
    """Template context of a report: its content ``c``, the steps translated, the stored record if any."""
    steps = [translated(s["template"], s.get("params") or {}) for s in content.get("steps", [])]
    return {"report": report, "c": content, "steps": steps}


def render_report_pdf(content: dict[str, Any], report: Any = None) -> bytes:
    """The report as PDF bytes (A4, page numbers with the report number, a signature block)."""
    from weasyprint import HTML

    html = render_to_string(PRINT_TEMPLATE, report_context(content, report))
    return HTML(string=html).write_pdf()


def render_report_html(content: dict[str, Any], report: Any = None) -> str:
    """The report as a standalone HTML document (the same markup the PDF is printed from)."""
    return render_to_string(PRINT_TEMPLATE, report_context(content, report))
