"""Small-count suppression of a two-way table with margins, so that no published figure reveals a small count.

Primary suppression hides every count in ``1 .. threshold-1`` (inner cells and totals alike; zero is shown,
since "nobody" names nobody). Secondary (complementary) suppression then hides further entries so that no
hidden entry can be worked out from the ones shown.

Why the graph: a table with row totals, column totals and a grand total is a set of linear equations, one per
line (each row and column, the total row and the total column included). Draw each line as a node and each
entry as an edge between its row node and its column node (a row total joins its row to the "total" column,
and so on). The hidden entries that the equations fix exactly are precisely the *bridges* of the graph formed
by the hidden entries; an entry on a cycle can move by +t/-t around it while every equation still holds. So
the rule is: no hidden entry may be a bridge. A line with exactly one hidden entry (the classic attack, total
minus the visible cells) is the simplest bridge. For every bridge the cheapest path that closes a cycle
through it is hidden too (cost: the count itself, so small cells are hidden first; zeros and totals are
avoided, since a zero on a cycle cannot move down and totals are the figures people come for).

When the hidden entries on each cycle are all positive (which the costs ensure whenever the table allows),
every hidden entry can move at least one unit either way without any count going negative: none is exactly
derivable, even with the non-negativity the reader knows.

Pure Python, no Django: statistics views, exports and tests all call the same function.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

DEFAULT_THRESHOLD = 5


class SuppressionError(ValueError):
    """The table given is not a rectangular table of non-negative integer counts."""


class Reason(StrEnum):
    PRIMARY = "primary"  # a small count
    SECONDARY = "secondary"  # hidden so that a small count cannot be derived


# An entry's position in the table with margins: (row, column), where row == n_rows is the total row and
# column == n_cols is the total column; (n_rows, n_cols) is the grand total.
Position = tuple[int, int]


@dataclass(frozen=True)
class SuppressedTable:
    """A table ready to publish: hidden entries are None; `hidden` says why each was hidden."""

    cells: tuple[tuple[int | None, ...], ...]
    row_totals: tuple[int | None, ...]
    column_totals: tuple[int | None, ...]
    grand_total: int | None
    hidden: dict[Position, Reason]
    threshold: int

    @property
    def n_rows(self) -> int:
        return len(self.row_totals)

    @property
    def n_columns(self) -> int:
        return len(self.column_totals)

    def entry(self, row: int, column: int) -> int | None:
        """Any entry of the table with margins, using the positions of `hidden`."""
        if row == self.n_rows:
            return self.grand_total if column == self.n_columns else self.column_totals[column]
        if column == self.n_columns:
            return self.row_totals[row]
        return self.cells[row][column]


def _validated(cells: Sequence[Sequence[int]]) -> list[list[int]]:
    rows = [list(row) for row in cells]
    if not rows or not rows[0]:
        raise SuppressionError("the table must have at least one row and one column")
    width = len(rows[0])
    for i, row in enumerate(rows):
        if len(row) != width:
            raise SuppressionError(f"row {i} has {len(row)} cells; row 0 has {width}")
        for j, value in enumerate(row):
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise SuppressionError(f"cell ({i}, {j}) must be a non-negative integer count. Got {value!r} instead.")
    return rows


def full_table(cells: Sequence[Sequence[int]]) -> list[list[int]]:
    """The table with its margins appended: a total column on every row and a total row at the bottom."""
    rows = _validated(cells)
    with_totals = [[*row, sum(row)] for row in rows]
    with_totals.append([sum(col) for col in zip(*with_totals, strict=True)])
    return with_totals


def _is_bridge(edge: Position, hidden: set[Position], n_rows: int) -> bool:
    """Whether the row node and column node of `edge` fall apart when it is removed from the hidden graph."""
    row_node, col_node = edge[0], n_rows + 1 + edge[1]
    adjacency: dict[int, list[int]] = {}
    for r, c in hidden:
        if (r, c) == edge:
            continue
        a, b = r, n_rows + 1 + c
        adjacency.setdefault(a, []).append(b)
        adjacency.setdefault(b, []).append(a)
    seen = {row_node}
    stack = [row_node]
    while stack:
        node = stack.pop()
        if node == col_node:
            return False
        for nxt in adjacency.get(node, ()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return True


def _costs(table: list[list[int]]) -> dict[Position, float]:
    """What hiding each entry costs: its count; zeros and totals cost more than any inner cell can."""
    n_rows, n_cols = len(table) - 1, len(table[0]) - 1
    grand = table[n_rows][n_cols]
    big = float(grand + 1)
    costs: dict[Position, float] = {}
    for r in range(n_rows + 1):
        for c in range(n_cols + 1):
            value = table[r][c]
            is_margin = r == n_rows or c == n_cols
            cost = float(value) if value > 0 else big * 4  # a zero on a cycle cannot move down
            if is_margin:
                cost += big * (2 if (r, c) != (n_rows, n_cols) else 8)
            costs[(r, c)] = cost
    return costs


def _cheapest_cycle_path(edge: Position, hidden: set[Position], costs: dict[Position, float], n_rows: int, n_cols: int):
    """The cheapest set of entries to hide that joins `edge`'s row and column by another way (Dijkstra)."""
    start, goal = edge[0], ("c", edge[1])
    frontier: list[tuple[float, int, object]] = [(0.0, 0, ("r", start))]
    best: dict[object, float] = {("r", start): 0.0}
    came_from: dict[object, tuple[object, Position]] = {}
    counter = 0
    while frontier:
        dist, _order, node = heapq.heappop(frontier)
        if dist > best.get(node, float("inf")):
            continue
        if node == goal:
            break
        kind, index = node  # type: ignore[misc]
        neighbours = (
            [(("c", c), (index, c)) for c in range(n_cols + 1)]
            if kind == "r"
            else [(("r", r), (r, index)) for r in range(n_rows + 1)]
        )
        for nxt, position in neighbours:
            if position == edge:
                continue
            step = 0.0 if position in hidden else costs[position]
            candidate = dist + step
            if candidate < best.get(nxt, float("inf")):
                best[nxt] = candidate
                came_from[nxt] = (node, position)
                counter += 1
                heapq.heappush(frontier, (candidate, counter, nxt))
    path: list[Position] = []
    node: object = goal
    while node in came_from:
        node, position = came_from[node]
        path.append(position)
    return path


def suppress(cells: Sequence[Sequence[int]], *, threshold: int = DEFAULT_THRESHOLD) -> SuppressedTable:
    """Hide small counts (1 .. threshold-1) of a table and its margins, and enough others that none can be derived.

    `cells` is a rectangular table of counts (rows × columns, without totals); it is not changed. The totals
    are computed here, so what is published always adds up.
    """
    if threshold < 1:
        raise SuppressionError(f"the threshold must be at least 1. Got {threshold} instead.")
    table = full_table(cells)
    n_rows, n_cols = len(table) - 1, len(table[0]) - 1
    hidden: dict[Position, Reason] = {
        (r, c): Reason.PRIMARY for r in range(n_rows + 1) for c in range(n_cols + 1) if 0 < table[r][c] < threshold
    }
    costs = _costs(table)
    while True:
        hidden_set = set(hidden)
        bridge = next((e for e in sorted(hidden_set) if _is_bridge(e, hidden_set, n_rows)), None)
        if bridge is None:
            break
        for position in _cheapest_cycle_path(bridge, hidden_set, costs, n_rows, n_cols):
            hidden.setdefault(position, Reason.SECONDARY)

    def shown(r: int, c: int) -> int | None:
        return None if (r, c) in hidden else table[r][c]

    return SuppressedTable(
        cells=tuple(tuple(shown(r, c) for c in range(n_cols)) for r in range(n_rows)),
        row_totals=tuple(shown(r, n_cols) for r in range(n_rows)),
        column_totals=tuple(shown(n_rows, c) for c in range(n_cols)),
        grand_total=shown(n_rows, n_cols),
        hidden=hidden,
        threshold=threshold,
    )


def suppress_count(value: int, *, threshold: int = DEFAULT_THRESHOLD) -> int | None:
    """One published figure on its own (a headline number): None when it is a small count."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise SuppressionError(f"a count must be a non-negative integer. Got {value!r} instead.")
    return None if 0 < value < threshold else value
