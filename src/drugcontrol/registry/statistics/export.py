"""A published count table as CSV or XLSX, and as a server-rendered SVG bar chart (no script in the page).

Only the suppressed table ever reaches these functions: a hidden entry is written as "x" (the statisticians'
mark), never as its value, and the footnote says why.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from html import escape

from django.http import HttpResponse
from django.utils.translation import gettext as _

from drugcontrol.http import attachment
from drugcontrol.registry.statistics.query import CountTable
from drugcontrol.spreadsheet_safety import csv_text, escape_row

HIDDEN_MARK = "x"


def _shown(value: int | None) -> str | int:
    return HIDDEN_MARK if value is None else value


def table_rows(table: CountTable) -> list[list[str | int]]:
    """Header, one row per category with its total, and the total row: exactly what is published."""
    published = table.published
    rows: list[list[str | int]] = [["", *table.column_labels, _("Total")]]
    for label, cells, total in zip(table.row_labels, published.cells, published.row_totals, strict=True):
        rows.append([label, *(_shown(v) for v in cells), _shown(total)])
    if published.column_totals_published:
        rows.append([_("Total"), *(_shown(v) for v in published.column_totals), _shown(published.grand_total)])
    return rows


def footnote(table: CountTable) -> str:
    text = _(
        "x: hidden; counts from 1 to %(limit)s are suppressed, and further counts so that totals do not reveal them."
    ) % {"limit": table.published.threshold - 1}
    if not table.published.column_totals_published:
        text += " " + _(
            "There is no total over periods: it would count the same people once per period. The last period "
            "is the total row of the table on the same date."
        )
    return text


def to_csv(table: CountTable) -> str:
    return csv_text([[table.title], *table_rows(table), [footnote(table)]])


XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download(table: CountTable, *, name: str, fmt: str) -> HttpResponse:
    """The published table as the attachment `name.fmt`: CSV when `fmt` is "csv", else XLSX."""
    if fmt == "csv":
        return attachment(to_csv(table), filename=f"{name}.csv")
    return attachment(to_xlsx(table), filename=f"{name}.xlsx", content_type=XLSX_CONTENT_TYPE)


def to_xlsx(table: CountTable) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Statistics")[:31]
    sheet.append(escape_row([table.title]))
    sheet["A1"].font = Font(bold=True)
    for row in table_rows(table):
        sheet.append(escape_row(row))
    sheet.append([])
    sheet.append(escape_row([footnote(table)]))
    sheet.column_dimensions["A"].width = 36
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def bar_chart_svg(labels: Sequence[str], values: Sequence[int | None], *, title: str, width: int = 640) -> str:
    """Horizontal bars, one per label; a hidden value draws no bar and says "x"."""
    bar, gap, left, right, top = 18, 6, 220, 70, 28
    height = top + len(labels) * (bar + gap) + 10
    known = [v for v in values if v is not None]
    scale = (width - left - right) / max(known) if known and max(known) > 0 else 0.0
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}" class="bar-chart">',
        f'<text x="0" y="16" font-weight="bold" font-size="14">{escape(title)}</text>',
    ]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = top + i * (bar + gap)
        parts.append(
            f'<text x="{left - 6}" y="{y + bar - 5}" text-anchor="end" font-size="12">{escape(str(label)[:34])}</text>'
        )
        if value is None:
            parts.append(f'<text x="{left + 4}" y="{y + bar - 5}" font-size="12" fill="#666">{HIDDEN_MARK}</text>')
            continue
        length = max(1.0, value * scale) if value else 0.0
        parts.append(
            f'<rect x="{left}" y="{y}" width="{length:.1f}" height="{bar}" fill="#3b6ea5"><title>{value}</title></rect>'
        )
        parts.append(f'<text x="{left + length + 4:.1f}" y="{y + bar - 5}" font-size="12">{value:,}</text>')
    parts.append("</svg>")
    return "".join(parts)
