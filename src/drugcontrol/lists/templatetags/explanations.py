"""Template filters of the lists pages: every code a page prints (verdict, form, kind, unit) in the reader's language.

They call the one renderer (``lists.report_rendering``), so a page, a report and the API word a code alike.
"""

from __future__ import annotations

from django import template

from drugcontrol.lists.report_rendering import local_timestamp, term_text

register = template.Library()


@register.filter
def term(code: str, kind: str) -> str:
    """``{{ assessment.verdict|term:"verdict" }}``, ``{{ t.unit|term:"unit" }}``, ``{{ e.kind|term:"kind" }}``."""
    return term_text(kind, str(code or ""))


@register.filter
def terms(codes: object, kind: str) -> str:
    """Several codes of one kind, each in words, joined: ``{{ change.fields|terms:"field" }}``."""
    return ", ".join(term_text(kind, str(code)) for code in (codes or ()))  # type: ignore[attr-defined]


@register.filter
def local_time(value: object) -> str:
    """A stored timestamp (ISO text or datetime) in local time, formatted for the active language."""
    return local_timestamp(value) if value else ""  # type: ignore[arg-type]
