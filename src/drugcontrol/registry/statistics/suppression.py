"""Small-count suppression of a two-way table with margins, so that no published figure reveals a small count.

Primary suppression hides every count in ``1 .. threshold-1`` (inner cells and totals alike; zero is shown,
since "nobody" names nobody). Secondary (complementary) suppression then hides further entries so that what is
shown bounds no hidden entry tightly: for every hidden entry, the values it can take given everything published
(and that counts are not negative) span more than the threshold. Not being *exactly* derivable is not enough:
two hidden cells of 2 and 1 in a row with a published total leave each between 0 and 3, so a reader learns that
both are small.

Why the graph: a table with row totals, column totals and a grand total is a set of linear equations, one per
line (each row and column, the total row and the total column included). Draw each line as a node and each
entry as an edge between its row node and its column node (a row total joins its row to the "total" column,
and so on). Hidden entries on a cycle can move together, +t and -t in turn around it (a total moves with its
cells), while every equation still holds. For each small count we hide the cheapest cycle through it along
which it can rise by at least the threshold (every entry that falls meanwhile holds at least the threshold)
and fall by at least one (every entry that falls the other way is positive). Each entry of such a cycle then
ranges over more than the threshold, whatever else is hidden, since hiding more only frees more. Zeros never
join a cycle; costs are the counts themselves, so large cells go first and totals, the figures people come
for, last. A small count always has such a cycle (its own row total, column total and grand total).

A table may be published without its total row (a timeline: a sum of people over periods counts the same
people again and again): `publish_column_totals=False` treats that row as unknown to the reader.

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
    UNPUBLISHED = "unpublished"  # a total that is not published at all (the total row of a timeline)


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
    column_totals_published: bool = True

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


def _sign(position: Position, n_rows: int, n_cols: int) -> int:
    """+1 for inner cells and the grand total, -1 for the other totals: how an entry moves along a cycle.

    With these signs every line's equation reads "signed entries sum to zero", so going round a cycle of the
    graph, signed entries take +t and -t in turn.
    """
    r, c = position
    return -1 if (r == n_rows) != (c == n_cols) else 1


def _protecting_cycle(
    small: Position, table: list[list[int]], hidden: set[Position], costs: dict[Position, float], threshold: int
) -> list[Position]:
    """The cheapest entries to hide that close a cycle through `small` along which it moves by > threshold.

    Dijkstra from the column of `small` back to its row. The entries of the cycle alternate between "moves as
    `small` does" (must be positive, so `small` can fall by one) and "moves against it" (must hold at least
    the threshold, so `small` can rise by the threshold); which is which follows from the position on the cycle
    (edges leave column nodes at odd positions, row nodes at even ones) and the entry's sign.
    """
    n_rows, n_cols = len(table) - 1, len(table[0]) - 1
    own_sign = _sign(small, n_rows, n_cols)
    start, goal = ("c", small[1]), ("r", small[0])
    frontier: list[tuple[float, int, tuple[str, int]]] = [(0.0, 0, start)]
    best: dict[tuple[str, int], float] = {start: 0.0}
    came_from: dict[tuple[str, int], tuple[tuple[str, int], Position]] = {}
    counter = 0
    while frontier:
        dist, _order, node = heapq.heappop(frontier)
        if dist > best.get(node, float("inf")):
            continue
        if node == goal:
            break
        kind, index = node
        if kind == "c":
            steps = [(("r", r), (r, index)) for r in range(n_rows + 1)]
            parity = -1  # an edge leaving a column node is at an odd position of the cycle
        else:
            steps = [(("c", c), (index, c)) for c in range(n_cols + 1)]
            parity = 1
        for nxt, position in steps:
            if position == small:
                continue
            moves_along = parity * _sign(position, n_rows, n_cols) == own_sign
            if table[position[0]][position[1]] < (1 if moves_along else threshold):
                continue
            candidate = dist + (0.0 if position in hidden else costs[position])
            if candidate < best.get(nxt, float("inf")):
                best[nxt] = candidate
                came_from[nxt] = (node, position)
                counter += 1
                heapq.heappush(frontier, (candidate, counter, nxt))
    if goal not in came_from:  # cannot happen: row total, column total and grand total always close a cycle
        raise SuppressionError(f"no protecting cycle for entry {small}")
    path: list[Position] = []
    node = goal
    while node != start:
        node, position = came_from[node]
        path.append(position)
    return path


def suppress(
    cells: Sequence[Sequence[int]], *, threshold: int = DEFAULT_THRESHOLD, publish_column_totals: bool = True
) -> SuppressedTable:
    """Hide small counts (1 .. threshold-1) of a table and its margins, and enough others that none can be bounded.

    `cells` is a rectangular table of counts (rows × columns, without totals); it is not changed. The totals
    are computed here, so what is published always adds up. Without `publish_column_totals` the total row is
    left out of what is published (and out of what a reader knows).
    """
    if threshold < 1:
        raise SuppressionError(f"the threshold must be at least 1. Got {threshold} instead.")
    table = full_table(cells)
    n_rows, n_cols = len(table) - 1, len(table[0]) - 1
    hidden: dict[Position, Reason] = {}
    if not publish_column_totals:
        hidden.update({(n_rows, c): Reason.UNPUBLISHED for c in range(n_cols + 1)})
    small = [
        (r, c)
        for r in range(n_rows + 1)
        for c in range(n_cols + 1)
        if 0 < table[r][c] < threshold and (r, c) not in hidden
    ]
    hidden.update({position: Reason.PRIMARY for position in small})
    costs = _costs(table)
    for position in small:
        for other in _protecting_cycle(position, table, set(hidden), costs, threshold):
            hidden.setdefault(other, Reason.SECONDARY)

    def shown(r: int, c: int) -> int | None:
        return None if (r, c) in hidden else table[r][c]

    return SuppressedTable(
        cells=tuple(tuple(shown(r, c) for c in range(n_cols)) for r in range(n_rows)),
        row_totals=tuple(shown(r, n_cols) for r in range(n_rows)),
        column_totals=tuple(shown(n_rows, c) for c in range(n_cols)),
        grand_total=shown(n_rows, n_cols),
        hidden=hidden,
        threshold=threshold,
        column_totals_published=publish_column_totals,
    )


def suppress_timeline(
    earlier: Sequence[Sequence[int]], last: SuppressedTable, *, threshold: int = DEFAULT_THRESHOLD
) -> SuppressedTable:
    """A timeline (periods × columns, each period with its total) whose last period is `last`'s total row.

    The last period of a timeline is the table on the same date seen from its margins: it is copied from the
    published table, hidden entries included, so that the two never disagree and together reveal nothing the
    table alone does not. The periods before it are suppressed as rows of their own. There is no total row.
    """
    width = last.n_columns
    if earlier:
        before = suppress(earlier, threshold=threshold, publish_column_totals=False)
        hidden = {(r, c): why for (r, c), why in before.hidden.items() if r < before.n_rows}
        cells, row_totals = before.cells, before.row_totals
    else:
        hidden, cells, row_totals = {}, (), ()
    n = len(cells)
    hidden.update({(n, c): why for (r, c), why in last.hidden.items() if r == last.n_rows})
    hidden.update({(n + 1, c): Reason.UNPUBLISHED for c in range(width + 1)})
    return SuppressedTable(
        cells=(*cells, last.column_totals),
        row_totals=(*row_totals, last.grand_total),
        column_totals=(None,) * width,
        grand_total=None,
        hidden=hidden,
        threshold=threshold,
        column_totals_published=False,
    )


def suppress_count(value: int, *, threshold: int = DEFAULT_THRESHOLD) -> int | None:
    """One published figure on its own (a headline number): None when it is a small count."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise SuppressionError(f"a count must be a non-negative integer. Got {value!r} instead.")
    return None if 0 < value < threshold else value
