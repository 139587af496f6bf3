"""Write a draft as DOCX or PDF; the PDF is printed from HTML with WeasyPrint, as expert reports are."""

from __future__ import annotations

from pathlib import Path

from django.template.loader import render_to_string

from drugcontrol.earlywarning.core.draft import Draft
from drugcontrol.earlywarning.drafting.docx_writer import LIST_HEADER, QUANTITY_HEADER, write_docx

PRINT_TEMPLATE = "earlywarning/draft_print.html"


def render_draft_pdf(draft: Draft) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        PRINT_TEMPLATE, {"d": draft, "list_header": LIST_HEADER, "quantity_header": QUANTITY_HEADER}
    )
    return HTML(string=html).write_pdf()


def write_draft(draft: Draft, path: Path) -> None:
    if path.suffix.lower() == ".pdf":
        path.write_bytes(render_draft_pdf(draft))
    else:
        write_docx(draft, path)
