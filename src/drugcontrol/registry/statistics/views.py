"""Statistics pages and downloads: parse the parameters, check the role, call the audited read, render.

One view per output (page, CSV, XLSX) over the same parameters, so a download is always the table on screen.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from drugcontrol.http import client_ip, detail
from drugcontrol.registry import messages as M
from drugcontrol.registry.errors import AccessDenied, RegistryError
from drugcontrol.registry.statistics.actions import StatisticsParams, do_read_statistics
from drugcontrol.registry.statistics.export import bar_chart_svg, download, footnote, table_rows
from drugcontrol.registry.statistics.periods import PERIODS
from drugcontrol.registry.statistics.query import DIMENSIONS
from drugcontrol.registry.statistics.scope import StatisticsScope, statistics_scope


def _date(request: HttpRequest, name: str, default: date) -> date:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return default
    try:
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise RegistryError(M.BAD_DATE_PARAMETER, field=name, value=raw) from exc


def parse_params(request: HttpRequest) -> StatisticsParams:
    today = timezone.localdate()
    as_of = _date(request, "as_of", today)
    return StatisticsParams(
        as_of=as_of,
        rows=request.GET.get("rows", "region"),
        columns=request.GET.get("columns", "sex"),
        period=request.GET.get("period", "month"),
        start=_date(request, "start", date(as_of.year - 1, as_of.month, 1)),
    )


def _guarded(request: HttpRequest) -> StatisticsScope | HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    try:
        return statistics_scope(request.user)
    except AccessDenied as exc:
        return render(request, "registry/statistics_refused.html", {"message": exc.render(_)}, status=403)


def statistics_page(request: HttpRequest) -> HttpResponse:
    scope = _guarded(request)
    if isinstance(scope, HttpResponse):
        return scope
    context: dict[str, Any] = {"dimensions": DIMENSIONS.items(), "periods": PERIODS, "scope": scope}
    try:
        params = parse_params(request)
        figures = do_read_statistics(
            params, scope=scope, view="page", actor=request.user, remote_addr=client_ip(request), audit_refusal=True
        )
    except RegistryError as exc:
        context["error"] = detail(exc)
        return render(request, "registry/statistics.html", context, status=422)
    table, series = figures.table, figures.series
    context.update(
        params=params,
        headline=figures.headline,
        table=table,
        table_rows=table_rows(table),
        series=series,
        series_rows=table_rows(series),
        footnote=footnote(table),
        series_footnote=footnote(series),
        chart=bar_chart_svg(table.row_labels, table.published.row_totals, title=table.title),
        series_chart=bar_chart_svg(series.row_labels, series.published.row_totals, title=series.title),
        query=request.GET.urlencode(),
    )
    return render(request, "registry/statistics.html", context)


def _download(request: HttpRequest, fmt: str) -> HttpResponse:
    scope = _guarded(request)
    if isinstance(scope, HttpResponse):
        return scope
    which = request.GET.get("table", "cross")
    try:
        params = parse_params(request)
        figures = do_read_statistics(
            params,
            scope=scope,
            view=fmt,
            actor=request.user,
            remote_addr=client_ip(request),
            extra={"table": which},
        )
    except RegistryError as exc:
        return HttpResponse(detail(exc), status=422, content_type="text/plain; charset=utf-8")
    table = figures.series if which == "timeline" else figures.table
    name = f"registry-statistics-{which}-{params.as_of.isoformat()}"
    return download(table, name=name, fmt=fmt)


def statistics_csv(request: HttpRequest) -> HttpResponse:
    return _download(request, "csv")


def statistics_xlsx(request: HttpRequest) -> HttpResponse:
    return _download(request, "xlsx")


__all__ = ["statistics_csv", "statistics_page", "statistics_xlsx"]
