"""The dashboard page (charts and tile map, server-rendered SVG) and its CSV/XLSX downloads."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from drugcontrol.errors import InputRefused
from drugcontrol.http import client_ip, page_errors
from drugcontrol.offences.law import messages as LM
from drugcontrol.offences.statistics import Dashboard, do_read_dashboard
from drugcontrol.offences.tilemap import tile_map_svg
from drugcontrol.registry.models import Region
from drugcontrol.registry.statistics.export import bar_chart_svg, download, footnote, table_rows


def _params(request: HttpRequest) -> dict[str, object]:
    raw = request.GET.get("year", "").strip()
    year = None
    if raw:
        if not raw.isdigit() or not 1990 <= int(raw) <= 2100:
            raise InputRefused(LM.BAD_DATE, field="year", value=raw[:20])
        year = int(raw)
    return {
        "year": year,
        "region": request.GET.get("region", "").strip() or None,
        "article": request.GET.get("article", "").strip() or None,
    }


def _query(figures: Dashboard, **changes: object) -> str:
    params = {"year": figures.year, "region": figures.region or "", "article": figures.article or ""}
    params.update(changes)
    return urlencode({k: v for k, v in params.items() if v})


@login_required
@page_errors
def dashboard_page(request: HttpRequest) -> HttpResponse:
    figures = do_read_dashboard(request.user, **_params(request), remote_addr=client_ip(request), view="page")
    names = {r.code: r.name for r in Region.objects.all()}
    tables = []
    for key, table in figures.tables.items():
        chart = ""
        if key in ("by_month", "by_size", "laboratories"):
            chart = bar_chart_svg(table.row_labels, table.published.row_totals, title=table.title)
        elif key == "seizures_by_class":
            chart = bar_chart_svg(
                table.row_labels, [row[1] for row in table.published.cells], title=f"{table.title}, {figures.year}"
            )
        elif key == "participants_by_role":
            chart = bar_chart_svg(table.row_labels, table.published.row_totals, title=table.title)
        tables.append(
            {
                "key": key,
                "table": table,
                "rows": table_rows(table),
                "footnote": footnote(table),
                "chart": chart,
                "csv": f"export.csv?{_query(figures, table=key)}",
                "xlsx": f"export.xlsx?{_query(figures, table=key)}",
            }
        )
    tile_map = tile_map_svg(
        figures.region_totals,
        names,
        title=_("Offences by region, %(year)s") % {"year": figures.year},
        link=lambda code: f"?{_query(figures, region=code)}",
    )
    articles = figures.tables["by_region_article"].column_keys
    context = {
        "figures": figures,
        "tables": tables,
        "tile_map": tile_map,
        "region_name": names.get(figures.region or "", ""),
        "article_links": [(a, f"?{_query(figures, article=a)}") for a in articles if a],
        "clear_region": f"?{_query(figures, region='')}",
        "clear_article": f"?{_query(figures, article='')}",
        "class_change": [
            (label, figures.class_change.get(key))
            for key, label in zip(
                figures.tables["seizures_by_class"].row_keys,
                figures.tables["seizures_by_class"].row_labels,
                strict=True,
            )
        ],
    }
    return render(request, "offences/dashboard.html", context)


@login_required
@page_errors
def dashboard_export(request: HttpRequest, fmt: str) -> HttpResponse:
    figures = do_read_dashboard(request.user, **_params(request), remote_addr=client_ip(request), view=fmt)
    key = request.GET.get("table", "by_region_article")
    table = figures.tables.get(key) or figures.tables["by_region_article"]
    name = f"offences-{key}-{figures.year}"
    return download(table, name=name, fmt=fmt)
