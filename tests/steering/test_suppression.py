"""Small-cell suppression: hand-made tables with hand-worked patterns, and proof by linear
programming on many random tables that no suppressed cell can be worked out from what is published.

For every suppressed cell the smallest and largest value it can take is computed from all published
cells, all totals and non-negativity (scipy's linprog, and milp for whole numbers); a cell is safe
when the two differ. We ask for at least 2 apart: the cell could be one more or one less.
"""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

from regiekamer.steering.suppression import (
    MIN_CELL,
    Line,
    determined,
    grid,
    primary,
    suppress,
)

# --- helpers ------------------------------------------------------------------------------------


def table(rows: list[list[int]]) -> tuple[dict, list[Line]]:
    """A 2-D table with its margins: cells (r, c), row totals (r, None), column totals (None, c)."""
    values = {}
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            values[(r, c)] = value
        values[(r, None)] = sum(row)
    columns = range(len(rows[0]))
    for c in columns:
        values[(None, c)] = sum(row[c] for row in rows)
    values[(None, None)] = sum(map(sum, rows))
    return values, grid(range(len(rows)), columns, lambda r, c: (r, c))


def system(values, lines, hidden):
    """The equations over the hidden cells (A x = b) once every published cell is filled in."""
    keys = sorted(hidden, key=repr)
    index = {key: i for i, key in enumerate(keys)}
    a, b = [], []
    for line in lines:
        row, known = np.zeros(len(keys)), 0
        for key in line.parts:
            if key in index:
                row[index[key]] += 1
            else:
                known += values[key]
        if line.total in index:
            row[index[line.total]] -= 1
        else:
            known -= values[line.total]
        if row.any():
            a.append(row)
            b.append(-known)
    return keys, np.array(a).reshape(-1, len(keys)), np.array(b)


def intervals(values, lines, hidden) -> dict:
    """Per hidden cell: (min, max) over all non-negative real solutions."""
    keys, a, b = system(values, lines, hidden)
    result = {}
    for i, key in enumerate(keys):
        c = np.zeros(len(keys))
        c[i] = 1
        low = linprog(c, A_eq=a, b_eq=b, bounds=(0, None), method="highs")
        high = linprog(-c, A_eq=a, b_eq=b, bounds=(0, None), method="highs")
        assert low.status == 0, "the published figures must have a solution"
        result[key] = (low.fun, float("inf") if high.status == 3 else -high.fun)
    return result


def integer_intervals(values, lines, hidden) -> dict:
    """Per hidden cell: (min, max) over all non-negative whole-number solutions."""
    keys, a, b = system(values, lines, hidden)
    constraint = LinearConstraint(a, b, b)
    result = {}
    for i, key in enumerate(keys):
        c = np.zeros(len(keys))
        c[i] = 1
        ends = []
        for sign in (1, -1):
            found = milp(sign * c, constraints=constraint, integrality=np.ones(len(keys)),
                         bounds=Bounds(0, 10_000))
            assert found.status == 0
            ends.append(round(sign * found.fun))
        result[key] = tuple(ends)
    return result


def assert_safe(values, lines, hidden, *, whole_numbers: bool = False):
    assert primary(values) <= hidden, "every count of 1 to 4 is suppressed"
    assert all(values[key] > 0 for key in hidden), "a zero is published, never used as a complement"
    for line in lines:
        withheld = [key for key in line.cells if key in hidden]
        assert len(withheld) != 1, f"{line}: a single suppressed cell is its total minus the rest"
    if not hidden:
        return
    bounds = integer_intervals(values, lines, hidden) if whole_numbers else intervals(values, lines, hidden)
    for key, (low, high) in bounds.items():
        assert low - 1e-6 <= values[key] <= high + 1e-6
        assert high - low >= 2 - 1e-6, f"cell {key} = {values[key]} lies within [{low}, {high}]"


def pattern(rows: list[list[int]], hidden) -> list[str]:
    """The table as text, suppressed cells as x, for readable expectations."""
    out = []
    for r in [*range(len(rows)), None]:
        cells = [*range(len(rows[0])), None]
        out.append(" ".join("x" if (r, c) in hidden else "." for c in cells))
    return out


# --- hand-made tables -----------------------------------------------------------------------------


def test_primary_suppression_withholds_one_to_four_and_publishes_zero():
    values = {"zero": 0, "one": 1, "four": 4, "five": 5, "many": 80}
    assert suppress(values) == {"one", "four"}
    assert MIN_CELL == 5


def test_one_small_cell_takes_the_smallest_cells_of_its_row_and_column_as_complements():
    rows = [[3, 10, 12],
            [8, 9, 20],
            [15, 16, 30]]
    values, lines = table(rows)
    hidden = suppress(values, lines)
    # Row 0: 3 pairs with 10 (smaller than 12 and the total 25); column 0: with 8; column 1: 10 is
    # there, 9 is the smallest other; row 1 then holds 8 and 9: a closed rectangle.
    assert pattern(rows, hidden) == [
        "x x . .",
        "x x . .",
        ". . . .",
        ". . . .",
    ]
    assert_safe(values, lines, hidden, whole_numbers=True)
    # Everyone can compute that the four add up to 30 (25 + 37 - 12 - 20), not how they split.
    assert intervals(values, lines, hidden)[(0, 0)] == (0.0, 11.0)


def test_a_small_row_total_is_suppressed_and_protected_by_another_row():
    rows = [[2, 1],
            [6, 7]]
    values, lines = table(rows)
    hidden = suppress(values, lines)
    # Row 0 is all small (2, 1 and its total 3); each column pairs with row 1, and the column of
    # row totals pairs the 3 with 13 (smaller than the grand total 16).
    assert pattern(rows, hidden) == [
        "x x x",
        "x x x",
        ". . .",
    ]
    assert_safe(values, lines, hidden, whole_numbers=True)


def test_two_suppressed_cells_per_line_is_not_enough_the_audit_closes_the_gap():
    rows = [[5, 2, 0],
            [5, 0, 0],
            [30, 12, 5],
            [40, 14, 5]]
    values, lines = table(rows)
    # What the line rule alone gives (every line with a suppressed cell has two or more):
    line_rule = {(0, 0), (0, 1), (0, None), (1, 0), (1, None), (2, 1), (2, 2), (3, 1), (3, 2),
                 (None, 1), (None, 2)}
    for line in lines:
        assert len([key for key in line.cells if key in line_rule]) != 1
    # ... yet the 2 follows: column 0 gives (0,0) + (1,0) = 10, the row totals' column gives
    # (0,T) + (1,T) = 12, row 1 gives (1,0) = (1,T), so (0,T) - (0,0) = 2 = (0,1).
    assert determined(values, lines, line_rule) == {(0, 1)}
    hidden = suppress(values, lines)
    # The audit opens the 2's lines with the smallest published cell it can reach: the 30.
    assert hidden == line_rule | {(2, 0)}
    assert determined(values, lines, hidden) == set()
    assert_safe(values, lines, hidden, whole_numbers=True)


def test_suppressed_cells_of_a_line_add_up_to_at_least_the_threshold():
    rows = [[3, 1, 40, 50],
            [9, 9, 60, 70]]
    values, lines = table(rows)
    hidden = suppress(values, lines)
    # 3 and 1 are small, and together 4: the third complement of row 0 is its next smallest, 40.
    assert {(0, 0), (0, 1), (0, 2)} <= hidden
    assert (0, 3) not in hidden
    assert_safe(values, lines, hidden, whole_numbers=True)


def test_a_margin_shared_by_two_tables_is_suppressed_in_both():
    # Neighbourhoods x quarters and sources x quarters of one measure share the quarter totals.
    areas = {"A": [10, 3], "B": [8, 6]}
    sources = {"burger": [18, 5], "anoniem": [0, 4]}
    values, lines = {}, []
    for name, rows in (("area", areas), ("source", sources)):
        def key(row, column, name=name):
            return ("total" if row is None else f"{name}:{row}", "T" if column is None else column)
        for row, counts in rows.items():
            for column, count in enumerate(counts):
                values[key(row, column)] = count
            values[key(row, None)] = sum(counts)
        lines += grid(list(rows), [0, 1], key)
    values[("total", 0)], values[("total", 1)], values[("total", "T")] = 18, 9, 27
    hidden = suppress(values, lines)
    # Areas: the 3 with 10, 8 and 6 (a rectangle). Sources: the 4 (cell and row total) with the 5
    # of burger in quarter 1 and burger's total 23. The quarter totals stay published.
    assert hidden == {("area:A", 0), ("area:A", 1), ("area:B", 0), ("area:B", 1),
                      ("source:anoniem", 1), ("source:anoniem", "T"), ("source:burger", 1), ("source:burger", "T")}
    assert_safe(values, lines, hidden, whole_numbers=True)
    # anoniem in quarter 1 can be anything from 0 to 9 as far as anyone can tell.
    assert intervals(values, lines, hidden)[("source:anoniem", 1)] == (0.0, 9.0)


def test_when_a_shared_quarter_total_is_small_it_is_withheld_in_every_table():
    areas = {"A": [20, 1], "B": [30, 2]}
    kinds = {"x": [25, 3], "y": [25, 0]}
    values, lines = {}, []
    for name, rows in (("area", areas), ("kind", kinds)):
        def key(row, column, name=name):
            return ("total" if row is None else f"{name}:{row}", "T" if column is None else column)
        for row, counts in rows.items():
            for column, count in enumerate(counts):
                values[key(row, column)] = count
            values[key(row, None)] = sum(counts)
        lines += grid(list(rows), [0, 1], key)
    values[("total", 0)], values[("total", 1)], values[("total", "T")] = 50, 3, 53
    hidden = suppress(values, lines)
    assert ("total", 1) in hidden  # one key, so one decision for both tables
    assert_safe(values, lines, hidden, whole_numbers=True)


def test_a_state_without_row_totals_protects_each_quarter_column_on_its_own():
    # Occupancy: neighbourhoods x quarters with quarter totals, nothing adds up over quarters.
    counts = {"A": [7, 9], "B": [2, 12], "C": [30, 0]}

    def key(row, column):
        return ("total" if row is None else row, column)

    values = {key(row, column): n for row, ns in counts.items() for column, n in enumerate(ns)}
    values[key(None, 0)], values[key(None, 1)] = 39, 21
    lines = grid(list(counts), [0, 1], key, row_totals=False)
    hidden = suppress(values, lines)
    # Quarter 0: the 2 with the next smallest, 7. Quarter 1: nothing small, all published.
    assert hidden == {("B", 0), ("A", 0)}
    assert_safe(values, lines, hidden, whole_numbers=True)


def test_an_equality_between_measures_carries_a_complement_across():
    # dwangsommen_verbeurd (whole municipality) is procedurestappen's "verbeurd" cell by another name.
    rows = [[2, 7], [8, 9]]  # procedurestappen: kinds x quarters
    values, lines = table(rows)
    values.update({("verbeurd", 0): 2, ("verbeurd", 1): 7, ("verbeurd", None): 9})
    lines += [Line(("verbeurd", q), ((0, q),)) for q in (0, 1, None)]
    hidden = suppress(values, lines)
    for q in (0, 1, None):
        assert ((0, q) in hidden) == (("verbeurd", q) in hidden)
    assert_safe(values, lines, hidden, whole_numbers=True)


def test_the_same_figures_give_the_same_suppression_and_bad_input_is_refused():
    values, lines = table([[1, 2, 3], [4, 5, 6], [7, 8, 9]])
    assert suppress(values, lines) == suppress(dict(values), list(reversed(lines)))
    with pytest.raises(ValueError):
        suppress({"a": -1})
    with pytest.raises(ValueError):
        suppress({"a": 1}, [Line("t", ("a", "b"))])


def test_everything_small_is_everything_suppressed_but_zero():
    rows = [[1, 0], [0, 1]]
    values, lines = table(rows)
    hidden = suppress(values, lines)
    assert hidden == {key for key, value in values.items() if value}
    assert_safe(values, lines, hidden)


# --- many tables ----------------------------------------------------------------------------------

# Counts as they come: many zeros and small numbers, some larger.
counts = st.one_of(st.sampled_from([0, 0, 0, 1, 2, 3, 4]), st.integers(0, 12), st.integers(0, 60))
quick = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@quick
@given(st.integers(1, 6).flatmap(lambda width: st.lists(st.lists(counts, min_size=width, max_size=width),
                                                          min_size=1, max_size=7)))
def test_no_suppressed_cell_of_a_table_with_margins_can_be_reconstructed(rows):
    values, lines = table(rows)
    assert_safe(values, lines, suppress(values, lines))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(1, 4).flatmap(lambda width: st.lists(st.lists(counts, min_size=width, max_size=width),
                                                          min_size=1, max_size=4)))
def test_no_suppressed_cell_can_be_reconstructed_in_whole_numbers_either(rows):
    values, lines = table(rows)
    assert_safe(values, lines, suppress(values, lines), whole_numbers=True)


@st.composite
def measure_tables(draw):
    """One measure as a package holds it: areas x quarters and one or two breakdowns x quarters,
    all with the same quarter totals (each breakdown splits the same records differently)."""
    quarters = draw(st.integers(1, 5))
    areas = draw(st.lists(st.lists(counts, min_size=quarters, max_size=quarters), min_size=1, max_size=6))
    totals = [sum(row[q] for row in areas) for q in range(quarters)]
    tables = {"area": areas}
    for name in ["b1", "b2"][:draw(st.integers(1, 2))]:
        width = draw(st.integers(1, 4))
        rows = [[0] * quarters for _ in range(width)]
        for q, total in enumerate(totals):
            for _ in range(total):  # each record of the quarter goes to one breakdown value
                rows[draw(st.integers(0, width - 1))][q] += 1
        tables[name] = rows
    values, lines = {}, []
    for name, rows in tables.items():
        def key(r, c, name=name):
            return ("all" if r is None else f"{name}{r}", "T" if c is None else c)
        for r, row in enumerate(rows):
            for c, n in enumerate(row):
                values[key(r, c)] = n
            values[key(r, None)] = sum(row)
        lines += grid(range(len(rows)), range(quarters), key)
    for q, total in enumerate(totals):
        values[("all", q)] = total
    values[("all", "T")] = sum(totals)
    return values, lines


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(measure_tables())
def test_no_suppressed_cell_can_be_reconstructed_across_tables_that_share_their_totals(case):
    values, lines = case
    assert_safe(values, lines, suppress(values, lines))


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 4).flatmap(lambda quarters: st.lists(st.lists(counts, min_size=quarters, max_size=quarters),
                                                            min_size=1, max_size=8)))
def test_no_suppressed_cell_of_a_state_table_can_be_reconstructed(rows):
    def key(r, c):
        return ("total" if r is None else r, c)

    quarters = range(len(rows[0]))
    values = {key(r, c): n for r, row in enumerate(rows) for c, n in enumerate(row)}
    values.update({key(None, c): sum(row[c] for row in rows) for c in quarters})
    lines = grid(range(len(rows)), quarters, key, row_totals=False)
    assert_safe(values, lines, suppress(values, lines))
