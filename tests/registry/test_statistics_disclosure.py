"""What a reader can derive from the statistics page and its downloads: no hidden figure is bound tightly.

Everything a reader gets for one set of parameters is read back through HTTP (the page's two tables and
headline, or the table and timeline downloads) and turned into linear equations: every line adds up to its
total, the timeline's last period is the table's total row, and the headline counts the same people as the
table's margins (each person here has one registration). Linear programming then bounds every "x": the range
must be wider than the suppression threshold (5).
"""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.utils import timezone
from tests.registry.published_lp import Line, narrow_entries, table_lines
from tests.registry.test_statistics import add_people, english

URL = "/registry/statistics/"
THRESHOLD = 5
COMBINATIONS = [("region", "sex"), ("age_group", "status"), ("sex", "region"), ("region", "diagnosis")]


@pytest.fixture
def varied(world):
    """Small counts that come and go over the last year in both regions, so the timeline has hidden cells."""
    ala, ast = world.facilities["T-ALA-1"], world.facilities["T-AST-1"]
    today = timezone.localdate()
    add_people(ala, 11, serial_start=100)
    add_people(ala, 6, sex="F", diagnosis="F12.2", serial_start=200)
    add_people(ala, 2, sex="F", diagnosis="F13.2", registered_on=today - timedelta(days=70), serial_start=300)
    add_people(ala, 1, diagnosis="F19.2", registered_on=today - timedelta(days=40), serial_start=400)
    add_people(
        ast, 3, diagnosis="F15.2", registered_on=today - timedelta(days=300), serial_start=500,
        remission_since=today - timedelta(days=60),
    )  # fmt: skip
    add_people(ast, 2, sex="F", registered_on=today - timedelta(days=200), serial_start=600)
    return world


def _count(cell) -> int | None:
    return None if cell in ("x", None) else int(cell)


def _grid(rows: list[list], *, total_row: bool) -> tuple[list, list, list, int | None]:
    """Cells, row totals, column totals and grand total of a published table (header and title left out)."""
    body = rows[:-1] if total_row else rows
    cells = [[_count(v) for v in row[1:-1]] for row in body]
    row_totals = [_count(row[-1]) for row in body]
    if total_row:
        *column_totals, grand = (_count(v) for v in rows[-1][1:])
    else:
        column_totals, grand = [None] * len(cells[0]), None
    return cells, row_totals, list(column_totals), grand


def _equations(table_rows: list[list], series_rows: list[list], headline: dict[str, int | None]) -> list[Line]:
    """The lines of the table, of the timeline (no total row) and what ties them and the headline together."""
    assert table_rows[-1][0] == "Total" and all(row[0] != "Total" for row in series_rows)
    table = _grid(table_rows, total_row=True)
    series = _grid(series_rows, total_row=False)
    lines = table_lines(*table, key="t") + table_lines(*series, key="s", total_row=False)
    n_rows, n_cols = len(table[0]), len(table[0][0])
    last = len(series[0]) - 1

    def term(key: str, r: int, c: int, value: int | None):
        return (key, r, c) if value is None else value

    # The timeline's last period is the table's total row, cell by cell and in its total.
    for c in range(n_cols):
        lines.append(([term("s", last, c, series[0][last][c])], term("t", n_rows, c, table[2][c])))
    lines.append(([term("s", last, n_cols, series[1][last])], term("t", n_rows, n_cols, table[3])))
    # The headline's total people is the table's grand total here (one registration each).
    if headline["total"] is not None:
        lines.append(([term("t", n_rows, n_cols, table[3])], headline["total"]))
    return lines


def _assert_nothing_narrow(lines: list[Line]) -> None:
    narrow = narrow_entries(lines, THRESHOLD)
    assert narrow == {}, f"hidden figures bound to a range of at most {THRESHOLD}: {narrow}"


def _csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    return rows[2:-1]  # title, header ... footnote


def _xlsx_rows(response) -> list[list]:
    from openpyxl import load_workbook

    assert response.status_code == 200
    values = [list(row) for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)]
    return [row for row in values[2:] if row and row[0] is not None and len(row) > 1 and row[1] is not None]


class _Tables(HTMLParser):
    """The page's tables by id, as rows of cell texts, and the headline figures by id."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.headline: dict[str, str] = {}
        self._table: str | None = None
        self._cell: list[str] | None = None
        self._strong: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "table":
            self._table = attributes.get("id")
            self.tables[self._table] = []
        elif tag == "tr" and self._table:
            self.tables[self._table].append([])
        elif tag in ("td", "th") and self._table:
            self._cell = []
        elif tag == "strong" and (attributes.get("id") or "").startswith("headline-"):
            self._strong = attributes["id"].removeprefix("headline-")

    def handle_endtag(self, tag):
        if tag == "table":
            self._table = None
        elif tag in ("td", "th") and self._cell is not None:
            self.tables[self._table][-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "strong":
            self._strong = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        if self._strong:
            self.headline[self._strong] = data.strip()


def _params(rows: str, columns: str) -> dict[str, str]:
    start = timezone.localdate() - timedelta(days=365)
    return {"rows": rows, "columns": columns, "start": start.isoformat(), "period": "month"}


@pytest.mark.parametrize(("rows", "columns"), COMBINATIONS)
def test_the_page_bounds_no_hidden_figure(varied, rows: str, columns: str) -> None:
    response = english(varied.client("analyst")).get(URL, _params(rows, columns))
    assert response.status_code == 200
    page = _Tables()
    page.feed(response.content.decode())
    table = [[int(v.replace(",", "")) if v not in ("x", "") and v.replace(",", "").isdigit() else v for v in r]
             for r in page.tables["statistics-table"][1:]]  # fmt: skip
    series = [[int(v) if v.isdigit() else v for v in r] for r in page.tables["timeline-table"][1:]]
    if columns != "sex":  # small counts by status, region or diagnosis come and go over the year
        assert any("x" in row for row in series), "the timeline should have hidden cells in this world"
    headline = {k: _count(v) for k, v in page.headline.items()}
    _assert_nothing_narrow(_equations(table, series, headline))


@pytest.mark.parametrize(("rows", "columns"), COMBINATIONS)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_downloads_bound_no_hidden_figure(varied, fmt: str, rows: str, columns: str) -> None:
    client = english(varied.client("chief_a" if rows == "sex" else "analyst"))
    read = _csv_rows if fmt == "csv" else _xlsx_rows
    table = read(client.get(URL + f"export.{fmt}", _params(rows, columns)))
    series = read(client.get(URL + f"export.{fmt}", {**_params(rows, columns), "table": "timeline"}))
    _assert_nothing_narrow(_equations(table, series, {"total": None}))


def test_the_timeline_download_has_no_total_over_periods(varied) -> None:
    response = english(varied.client("analyst")).get(
        URL + "export.csv", {**_params("region", "sex"), "table": "timeline"}
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert [row[0] for row in rows].count("Total") == 0
    assert "no total over periods" in rows[-1][0]
