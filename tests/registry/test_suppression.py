"""Small-count suppression: primary and secondary, checked by hand on small tables and by linear programming.

The independent check: for every hidden entry, minimise and maximise it over all non-negative tables that
agree with everything published (scipy's linprog). A hidden entry whose minimum equals its maximum would be
revealed by the margins; none may be.
"""

from __future__ import annotations

import random

import pytest

from drugcontrol.registry.statistics.suppression import (
    Reason,
    SuppressionError,
    full_table,
    suppress,
    suppress_count,
)


def derivable_entries(cells: list[list[int]], published) -> list[tuple[int, int]]:
    """Hidden entries whose value the published figures fix exactly (LP over non-negative reals)."""
    from scipy.optimize import linprog

    table = full_table(cells)
    n_rows, n_cols = len(table) - 1, len(table[0]) - 1
    hidden = sorted(published.hidden)
    index = {pos: k for k, pos in enumerate(hidden)}

    def term(r: int, c: int) -> tuple[dict[int, float], float]:
        if (r, c) in index:
            return {index[(r, c)]: 1.0}, 0.0
        return {}, float(table[r][c])

    equations_a: list[list[float]] = []
    equations_b: list[float] = []
    lines = [[(r, c) for c in range(n_cols)] + [(r, n_cols)] for r in range(n_rows + 1)]
    lines += [[(r, c) for r in range(n_rows)] + [(n_rows, c)] for c in range(n_cols + 1)]
    for line in lines:
        *parts, total = line
        row = [0.0] * len(hidden)
        rhs = 0.0
        for r, c in parts:
            coeffs, constant = term(r, c)
            for k, v in coeffs.items():
                row[k] += v
            rhs -= constant
        coeffs, constant = term(*total)
        for k, v in coeffs.items():
            row[k] -= v
        rhs += constant
        if any(row):
            equations_a.append(row)
            equations_b.append(rhs)
    revealed = []
    for pos, k in index.items():
        objective = [0.0] * len(hidden)
        objective[k] = 1.0
        low = linprog(objective, A_eq=equations_a, b_eq=equations_b, bounds=(0, None)).fun
        objective[k] = -1.0
        high = -linprog(objective, A_eq=equations_a, b_eq=equations_b, bounds=(0, None)).fun
        if high - low < 0.5:
            revealed.append(pos)
    return revealed


def test_no_small_counts_means_nothing_hidden() -> None:
    table = suppress([[10, 20], [30, 40]])
    assert table.cells == ((10, 20), (30, 40))
    assert table.row_totals == (30, 70)
    assert table.column_totals == (40, 60)
    assert table.grand_total == 100
    assert table.hidden == {}


def test_one_small_cell_hides_the_cheapest_rectangle() -> None:
    # By hand: 3 at (0,1) is primary. Closing a cycle through it: via (0,0)=10, (1,0)=15, (1,1)=12 costs 37;
    # via (0,2)=20, (1,2)=30, (1,1)=12 costs 62; any path through row 2 costs more. So the 2x2 top-left hides.
    table = suppress([[10, 3, 20], [15, 12, 30], [40, 50, 60]])
    assert table.hidden == {
        (0, 1): Reason.PRIMARY,
        (0, 0): Reason.SECONDARY,
        (1, 0): Reason.SECONDARY,
        (1, 1): Reason.SECONDARY,
    }
    assert table.cells == ((None, None, 20), (None, None, 30), (40, 50, 60))
    # Totals stay visible and still add up to the true sums.
    assert table.row_totals == (33, 57, 150)
    assert table.column_totals == (65, 65, 110)
    assert table.grand_total == 240


def test_a_small_total_is_hidden_and_protected_too() -> None:
    # Row 0 totals 3: the row total and its cells (1 and 2) are primary; the total column then needs a second
    # hidden entry, and the cheapest is another row total.
    table = suppress([[1, 2], [10, 20], [30, 40]])
    assert table.hidden[(0, 0)] == Reason.PRIMARY
    assert table.hidden[(0, 1)] == Reason.PRIMARY
    assert table.hidden[(0, 2)] == Reason.PRIMARY
    assert table.row_totals[0] is None
    assert sum(1 for (r, c) in table.hidden if c == 2) >= 2
    assert derivable_entries([[1, 2], [10, 20], [30, 40]], table) == []


def test_zero_is_shown_and_not_a_small_count() -> None:
    table = suppress([[0, 10], [10, 10]])
    assert table.hidden == {}
    assert table.cells[0][0] == 0


def test_the_classic_attack_total_minus_visible_cells_fails() -> None:
    cells = [[7, 2, 9], [8, 11, 6]]
    table = suppress(cells)
    for r, row in enumerate(table.cells):
        hidden_in_row = [c for c, v in enumerate(row) if v is None] + (
            [len(row)] if table.row_totals[r] is None else []
        )
        assert len(hidden_in_row) != 1
    assert derivable_entries(cells, table) == []


def test_a_bridge_between_two_protected_blocks_is_closed() -> None:
    # Two 2x2 blocks of small counts are each safe on their own; a small cell joining them would be a bridge
    # (every line has two hidden entries, yet the equations fix it): the algorithm must add a cycle through it.
    cells = [
        [2, 3, 50, 50, 50],
        [3, 2, 4, 50, 50],
        [50, 50, 50, 2, 3],
        [50, 50, 50, 3, 2],
    ]
    table = suppress(cells)
    assert derivable_entries(cells, table) == []


@pytest.mark.parametrize("seed", range(25))
def test_random_tables_never_reveal_a_hidden_entry(seed: int) -> None:
    rng = random.Random(seed)
    rows, cols = rng.randint(1, 7), rng.randint(1, 6)
    cells = [[rng.choice([0, 1, 2, 3, 4, 6, 9, 15, 40, 120]) for _ in range(cols)] for _ in range(rows)]
    table = suppress(cells)
    assert derivable_entries(cells, table) == []
    for (r, c), reason in table.hidden.items():
        value = full_table(cells)[r][c]
        assert (reason == Reason.PRIMARY) == (0 < value < 5)


def test_input_is_not_changed() -> None:
    cells = [[1, 9], [9, 9]]
    snapshot = [row[:] for row in cells]
    suppress(cells)
    assert cells == snapshot


def test_threshold_is_a_parameter() -> None:
    assert suppress([[9, 20], [20, 20]], threshold=10).cells[0][0] is None
    assert suppress([[9, 20], [20, 20]], threshold=5).cells[0][0] == 9


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ([], "at least one row"),
        ([[1, 2], [3]], "row 1 has 1 cells"),
        ([[1, -2]], "non-negative integer"),
        ([[1, 2.5]], "non-negative integer"),
    ],
)
def test_malformed_tables_are_refused(cells, message: str) -> None:
    with pytest.raises(SuppressionError, match=message):
        suppress(cells)


def test_headline_counts() -> None:
    assert suppress_count(4) is None
    assert suppress_count(5) == 5
    assert suppress_count(0) == 0
    with pytest.raises(SuppressionError):
        suppress_count(-1)
