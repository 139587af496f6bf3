"""Small-count suppression: primary and secondary, checked by hand on small tables and by linear programming.

The independent check: for every hidden entry, minimise and maximise it over all non-negative tables that
agree with everything published (scipy's linprog). The range must be wider than the threshold: a hidden entry
bound to 0..3 is known to be small, which is what suppression hides.
"""

from __future__ import annotations

import random

import pytest
from tests.registry.published_lp import hidden_ranges, narrow_entries, published_lines

from drugcontrol.registry.statistics.suppression import (
    Reason,
    SuppressionError,
    full_table,
    suppress,
    suppress_count,
    suppress_timeline,
)


def narrow(cells: list[list[int]], published) -> list:
    """Hidden entries that the published figures bound to a range no wider than the threshold."""
    assert published.column_totals_published or all(v is None for v in published.column_totals)
    lines = published_lines(published)
    for (r, c), _why in published.hidden.items():  # every hidden entry is hidden, and every shown one is true
        assert published.entry(r, c) is None
    table = full_table(cells)
    for r in range(len(table)):
        for c in range(len(table[0])):
            assert published.entry(r, c) in (None, table[r][c])
    return sorted(narrow_entries(lines, published.threshold))


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
    assert narrow([[1, 2], [10, 20], [30, 40]], table) == []


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
    assert narrow(cells, table) == []


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
    assert narrow(cells, table) == []


@pytest.mark.parametrize("seed", range(25))
def test_random_tables_never_reveal_a_hidden_entry(seed: int) -> None:
    rng = random.Random(seed)
    rows, cols = rng.randint(1, 7), rng.randint(1, 6)
    cells = [[rng.choice([0, 1, 2, 3, 4, 6, 9, 15, 40, 120]) for _ in range(cols)] for _ in range(rows)]
    table = suppress(cells)
    assert narrow(cells, table) == []
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


def test_two_small_cells_in_a_row_are_not_left_to_bound_each_other() -> None:
    # The attack: zeros published, and a row whose only hidden cells are 2 and 1 under a published total. The
    # reader learns x + y = 3, so both are small. Each small cell needs a cycle along which it can rise by the
    # threshold: a large cell of another column joins them.
    cells = [[2, 1, 0, 40], [30, 25, 0, 12], [0, 0, 0, 9]]
    table = suppress(cells)
    assert table.cells[0][2] == 0 and table.cells[2][0] == 0  # zeros are still published
    assert narrow(cells, table) == []
    low, high = hidden_ranges(published_lines(table))[("t", 0, 0)]
    assert low == 0 and high > 5


def test_the_old_rectangle_of_small_cells_is_no_longer_enough() -> None:
    # Four small cells in a rectangle with every total shown: each is bound to 0..3 (1+2 either way).
    cells = [[1, 2, 50], [2, 1, 50], [50, 50, 50]]
    table = suppress(cells)
    assert narrow(cells, table) == []
    assert len(table.hidden) > 4


def test_a_timeline_has_no_total_row_and_its_last_period_is_the_tables_margin() -> None:
    # Three periods of a timeline where every cell is small: summed over periods (65 | 26 | 91 in the attack)
    # the totals would give every cell away. The timeline publishes no such row.
    table = suppress([[3, 1], [20, 7]])
    series = suppress_timeline([[3, 2], [4, 1]], table)
    assert not series.column_totals_published
    assert series.column_totals == (None, None) and series.grand_total is None
    assert series.cells[-1] == table.column_totals and series.row_totals[-1] == table.grand_total
    lines = published_lines(series, key="s") + published_lines(table, key="t")
    n = series.n_rows - 1
    lines += [([("s", n, c)], ("t", table.n_rows, c)) for c in range(table.n_columns + 1)]
    for (key, r, c), (low, high) in narrow_entries(lines, threshold=5).items():
        assert key == "s" and r == series.n_rows, f"hidden entry {(key, r, c)} bound to {low}..{high}"


@pytest.mark.parametrize("seed", range(15))
def test_random_timelines_never_bound_a_hidden_entry(seed: int) -> None:
    rng = random.Random(1000 + seed)
    periods, cols = rng.randint(1, 6), rng.randint(1, 5)
    counts = [[rng.choice([0, 1, 2, 3, 4, 6, 9, 15, 40]) for _ in range(cols)] for _ in range(periods)]
    series = suppress(counts, publish_column_totals=False)
    lines = published_lines(series)
    narrow_ones = narrow_entries(lines, threshold=5)
    # Only the total row, which is not published at all, may be anything.
    assert all(r == periods for (_key, r, _c) in narrow_ones), narrow_ones
    for r, row in enumerate(counts):
        for c, value in enumerate(row):
            assert (series.cells[r][c] is None) == ((r, c) in series.hidden)
            assert series.cells[r][c] == (None if 0 < value < 5 or (r, c) in series.hidden else value)
