"""Small-cell suppression for the figures that leave a municipality: primary and complementary.

Pure Python, no Django: the aggregate packages (packages.py) call it, and its tests check it against
linear programming.

The figures form tables whose cells add up along *lines*: a line is a total and the parts that add
up to it (a neighbourhood's row over the quarters adds up to the neighbourhood's period total, a
quarter's column over the neighbourhoods to the municipality's quarter total, and so on). A cell is
identified by any hashable key, so two tables that share a margin simply share those keys: the
quarter totals of a measure appear in its neighbourhood-by-quarter table and in each of its
breakdown-by-quarter tables as the same cells, and are therefore suppressed in all of them or in
none. A line with a single part states that two cells of different tables are the same number.

The algorithm
-------------
1. Primary suppression: every cell with a count from 1 to MIN_CELL - 1 is suppressed. Zero is
   published (there is nobody to recognise).
2. Line rule, repeated until every line holds: in a line with a suppressed cell, at least two of its
   cells are suppressed (otherwise the one would be its total minus the published parts, or the sum
   of the parts), and, when the line's total is published, the suppressed parts add up to at least
   MIN_CELL (otherwise their sum, which anyone can compute, would itself be a small count). A line
   that breaks the rule gets the complementary cell with the smallest count of its published,
   non-zero cells (ties: the order in which the cells were given), so the loss of information is
   least. Zero cells are never used as complements: a suppressed zero protects nothing (it cannot
   go down), and using only non-zero complements keeps every suppressed cell at 1 or more, which
   the soundness argument below relies on.
3. Audit. Two suppressed cells per line is necessary but not sufficient: suppressed cells that
   pair up along lines without forming a cycle can still be solved one after another (the classic
   example is a chain a-b in a row, b-c in a column, c-d in a row ending in a line whose other
   cells are published). So the suppressed cells are treated as unknowns of the linear equations
   the lines state, with every published cell filled in, and the system is brought to reduced row
   echelon form in exact rational arithmetic. An unknown is determined by the published figures
   exactly when its row in that form has no other unknown (no free variable moves it). If any
   suppressed cell is determined, the smallest published non-zero cell of one of its lines (or, if
   those are all suppressed, of the lines one suppressed cell further on) is suppressed as well, the line rule is applied again, and the audit repeats. Cells are only ever
   added, and once every non-zero cell is suppressed nothing is determined (the published cells
   are all zero, so the true values times any factor near 1 also fit), so this ends.

Why this is sound: when no suppressed cell is determined by the equations, every suppressed cell
lies in the direction of some solution of the homogeneous system. The true figures are a solution
in which every suppressed cell is at least 1 (primary cells are 1..4, complements non-zero), so
moving a little along that direction, either way, keeps every cell non-negative and every published
figure and total unchanged. Hence, given all published values, all totals and non-negativity, each
suppressed cell can take more than one value: its smallest and largest possible values differ.
The tests compute those bounds with linear programming for many random tables.

Everything is deterministic: the same figures give the same suppression.
"""

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

MIN_CELL = 5  # counts of 1 up to MIN_CELL - 1 are never published

Key = Hashable


@dataclass(frozen=True)
class Line:
    """total = sum(parts)."""

    total: Key
    parts: tuple[Key, ...]

    @property
    def cells(self) -> tuple[Key, ...]:
        return (*self.parts, self.total)


def grid(rows: Sequence, columns: Sequence, key: Callable[[object, object], Key], *,
         row_totals: bool = True, column_totals: bool = True) -> list[Line]:
    """The lines of a 2-D table with margins.

    key(row, column) names a cell; key(row, None) is a row total, key(None, column) a column total
    and key(None, None) the grand total. Without row totals (a state such as occupancy, which does
    not add up over quarters) only the columns and their totals remain.
    """
    lines = []
    if row_totals:
        lines += [Line(key(row, None), tuple(key(row, column) for column in columns)) for row in rows]
    if column_totals:
        lines += [Line(key(None, column), tuple(key(row, column) for row in rows)) for column in columns]
    if row_totals and column_totals:
        lines.append(Line(key(None, None), tuple(key(None, column) for column in columns)))
        lines.append(Line(key(None, None), tuple(key(row, None) for row in rows)))
    return lines


def primary(values: Mapping[Key, int]) -> set[Key]:
    return {key for key, value in values.items() if 0 < value < MIN_CELL}


def suppress(values: Mapping[Key, int], lines: Iterable[Line] = ()) -> set[Key]:
    """The cells to withhold: small counts and enough complements that none can be worked out.

    `values` holds every cell (zeros included) of every line; the result is deterministic.
    """
    lines = _unique(lines)
    missing = {key for line in lines for key in line.cells if key not in values}
    if missing:
        raise ValueError(f"lines name cells without a value: {sorted(map(repr, missing))[:5]}")
    for key, value in values.items():
        if not isinstance(value, int) or value < 0:
            raise ValueError(f"cell {key!r}: a count must be a non-negative whole number, not {value!r}")
    rank = {key: (value, position) for position, (key, value) in enumerate(values.items())}
    lines_of: dict[Key, list[int]] = defaultdict(list)
    for index, line in enumerate(lines):
        for key in set(line.cells):
            lines_of[key].append(index)

    suppressed = primary(values)
    audited: dict[frozenset, set[Key]] = {}  # a group of suppressed cells fixes its equations
    while True:
        _complete_lines(values, lines, lines_of, rank, suppressed)
        exposed = [group for group in _audit(values, lines, suppressed, audited) if group]
        if not exposed:
            return suppressed
        # In each group with exposed cells, open up the one that matters most (the smallest count)
        # through the cheapest cell on one of its lines; the line rule then pairs that cell up.
        for group in exposed:
            cell = min(group, key=rank.__getitem__)
            suppressed.add(_nearest_complement(cell, values, lines, lines_of, rank, suppressed))


def _nearest_complement(cell: Key, values, lines, lines_of, rank, suppressed: set[Key]) -> Key:
    """The smallest published non-zero cell on the lines of `cell`; if all of those are suppressed
    already, on the lines one suppressed cell further away, and so on.

    Something is always found: if every cell reachable through suppressed cells were suppressed or
    zero, the equations of that group would have only zeros as published values, so the true
    values times any factor near 1 would fit them too and `cell` could not be determined.
    """
    seen_cells, seen_lines, frontier = {cell}, set(), [cell]
    while frontier:
        candidates, next_frontier = [], []
        for key in frontier:
            for index in lines_of[key]:
                if index in seen_lines:
                    continue
                seen_lines.add(index)
                for other in lines[index].cells:
                    if other in seen_cells:
                        continue
                    seen_cells.add(other)
                    if other in suppressed:
                        next_frontier.append(other)
                    elif values[other] > 0:
                        candidates.append(other)
        if candidates:
            return min(candidates, key=rank.__getitem__)
        frontier = next_frontier
    raise RuntimeError(f"no complement for {cell!r}")  # see the docstring: cannot happen


def _unique(lines: Iterable[Line]) -> list[Line]:
    seen, result = set(), []
    for line in lines:
        signature = (line.total, frozenset(line.parts))
        if signature not in seen:
            seen.add(signature)
            result.append(line)
    return result


def _line_holds(line: Line, values: Mapping[Key, int], suppressed: set[Key]) -> bool:
    hidden = [key for key in line.cells if key in suppressed]
    if not hidden:
        return True
    if len(hidden) < 2:
        return False
    if line.total not in suppressed:
        return sum(values[key] for key in hidden) >= MIN_CELL
    return True


def _complete_lines(values, lines, lines_of, rank, suppressed: set[Key]) -> None:
    """Add complements until every line holds (step 2)."""
    pending = [index for index, line in enumerate(lines) if any(key in suppressed for key in line.cells)]
    queued = set(pending)
    while pending:
        index = pending.pop()
        queued.discard(index)
        line = lines[index]
        while not _line_holds(line, values, suppressed):
            candidates = [key for key in line.cells if key not in suppressed and values[key] > 0]
            if not candidates:
                break  # every non-zero cell of the line is suppressed: nothing more to hide here
            chosen = min(candidates, key=rank.__getitem__)
            suppressed.add(chosen)
            for other in lines_of[chosen]:
                if other != index and other not in queued:
                    queued.add(other)
                    pending.append(other)


def determined(values: Mapping[Key, int], lines: Sequence[Line], suppressed: set[Key]) -> set[Key]:
    """The suppressed cells whose value follows exactly from the published cells and the lines.

    Exact Gaussian elimination over the rationals, per group of lines that share suppressed cells.
    """
    return set().union(*_audit(values, lines, suppressed, {}))


def _audit(values, lines, suppressed: set[Key], audited: dict[frozenset, set[Key]]) -> list[set[Key]]:
    """Per group of lines that share suppressed cells, the cells determined; `audited` remembers
    groups already solved (the same suppressed cells give the same equations)."""
    equations = []
    for line in lines:
        row: dict[Key, int] = defaultdict(int)
        for key in line.parts:
            if key in suppressed:
                row[key] += 1
        if line.total in suppressed:
            row[line.total] -= 1
        row = {key: Fraction(c) for key, c in row.items() if c}
        if row:
            equations.append(row)
    result = []
    for group in _components(equations):
        cells = frozenset(key for row in group for key in row)
        if cells not in audited:
            audited[cells] = _pinned(group)
        result.append(audited[cells])
    return result


def _components(equations: list[dict]) -> list[list[dict]]:
    parent: dict[Key, Key] = {}

    def find(key):
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for row in equations:
        keys = list(row)
        for key in keys[1:]:
            parent[find(key)] = find(keys[0])
    groups: dict[Key, list[dict]] = defaultdict(list)
    for row in equations:
        groups[find(next(iter(row)))].append(row)
    return list(groups.values())


def _pinned(equations: list[dict]) -> set[Key]:
    """Reduced row echelon form; a pivot whose row holds no other variable is fixed."""
    rows = [dict(row) for row in equations]
    pivots: list[tuple[Key, dict]] = []
    while rows:
        row = rows.pop()
        for pivot, pivot_row in pivots:  # eliminate earlier pivots from the new row
            factor = row.get(pivot)
            if factor:
                _subtract(row, pivot_row, factor)
        if not row:
            continue
        pivot = min(row, key=repr)
        scale = row[pivot]
        row = {key: value / scale for key, value in row.items()}
        for _, pivot_row in pivots:  # and the new pivot from the earlier rows
            factor = pivot_row.get(pivot)
            if factor:
                _subtract(pivot_row, row, factor)
        pivots.append((pivot, row))
    return {pivot for pivot, row in pivots if len(row) == 1}


def _subtract(row: dict, other: dict, factor: Fraction) -> None:
    for key, value in other.items():
        new = row.get(key, 0) - factor * value
        if new:
            row[key] = new
        else:
            row.pop(key, None)
