"""What a reader can work out from published figures: the range of every hidden entry, by linear programming.

A reader knows every published figure, that each line (a row or column with its total) adds up, and that counts
are not negative. For every hidden entry, scipy's linprog minimises and maximises it over all tables that agree
with that; the width of the range is what suppression protects. Only published figures go in, never the true
counts, so the same check runs on a `SuppressedTable` and on a page or a download read back through HTTP.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

# A term of a line: a published count, or the key of a hidden entry.
Term = int | tuple[Hashable, ...]
Line = tuple[Sequence[Term], Term]  # (the parts, their total)


def table_lines(cells, row_totals, column_totals, grand_total, *, key: str, total_row: bool = True) -> list[Line]:
    """The lines of a table with margins; None is hidden (unknown), named (key, row, column).

    Without `total_row` (a timeline) only the rows add up: columns have no published total to add up to.
    """
    n_rows, n_cols = len(row_totals), len(column_totals)

    def term(r: int, c: int, value: int | None) -> Term:
        return (key, r, c) if value is None else value

    grid = [
        [term(r, c, v) for c, v in enumerate(row)] + [term(r, n_cols, row_totals[r])] for r, row in enumerate(cells)
    ]
    grid.append([term(n_rows, c, v) for c, v in enumerate(column_totals)] + [term(n_rows, n_cols, grand_total)])
    lines: list[Line] = [(row[:-1], row[-1]) for row in grid]
    if not total_row:
        return lines[:-1]
    lines += [([grid[r][c] for r in range(n_rows)], grid[n_rows][c]) for c in range(n_cols + 1)]
    return lines


def published_lines(published, *, key: str = "t") -> list[Line]:
    """The lines of a `SuppressedTable` as published (an unpublished total row is unknown to the reader)."""
    return table_lines(published.cells, published.row_totals, published.column_totals, published.grand_total, key=key)


def hidden_ranges(lines: Sequence[Line]) -> dict[Hashable, tuple[float, float]]:
    """For every unknown of the lines, (lowest, highest) value over all non-negative solutions."""
    from scipy.optimize import linprog

    unknowns = sorted({t for parts, total in lines for t in (*parts, total) if not isinstance(t, int)}, key=repr)
    index = {u: k for k, u in enumerate(unknowns)}
    a_eq: list[list[float]] = []
    b_eq: list[float] = []
    for parts, total in lines:
        row, rhs = [0.0] * len(unknowns), 0.0
        for sign, t in [(1.0, p) for p in parts] + [(-1.0, total)]:
            if isinstance(t, int):
                rhs -= sign * t
            else:
                row[index[t]] += sign
        if any(row):
            a_eq.append(row)
            b_eq.append(rhs)
        else:
            assert abs(rhs) < 1e-9, "published figures do not add up"
    ranges: dict[Hashable, tuple[float, float]] = {}
    for u, k in index.items():
        objective = [0.0] * len(unknowns)
        objective[k] = 1.0
        low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None))
        objective[k] = -1.0
        high = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None))
        assert low.status == 0, low.message
        ranges[u] = (low.fun, float("inf") if high.status == 3 else -high.fun)
    return ranges


def narrow_entries(lines: Sequence[Line], threshold: int) -> dict[Hashable, tuple[float, float]]:
    """Hidden entries whose range is not wider than the threshold: what suppression must never leave."""
    return {u: r for u, r in hidden_ranges(lines).items() if r[1] - r[0] <= threshold}
