"""A short route along a walk list's addresses: nearest neighbour, then 2-opt. Pure functions.

Points are (x, y) in metres (RD New, or a local projection of WGS84); distances are straight
lines, which is what a walking or cycling team in a town needs to avoid criss-crossing. The
route is open: it starts at the start point (the team's starting address) or, without one, at
the first point, and ends at the last address; it does not return.

Nearest neighbour gives a reasonable first route; 2-opt then reverses any stretch of it whose
reversal makes the route shorter, until no reversal helps. Ties are broken by the lowest index,
so the same points always give the same route.
"""

import math
from collections.abc import Sequence

Point = tuple[float, float]

# Improvements smaller than this (in metres) are rounding noise, not a shorter route.
_EPSILON = 1e-9


def distance(a: Point, b: Point) -> float:
    return math.hypot(a[0] - b[0], a[1] - b[1])


def path_length(points: Sequence[Point], order: Sequence[int], start: Point | None = None) -> float:
    """Length of the open route visiting points in `order`, from `start` when given."""
    length = distance(start, points[order[0]]) if start is not None and order else 0.0
    for previous, following in zip(order, order[1:]):
        length += distance(points[previous], points[following])
    return length


def nearest_neighbour(points: Sequence[Point], start: Point | None = None) -> list[int]:
    """Visit the closest unvisited point next, from `start` (or from point 0 when there is none)."""
    if not points:
        return []
    unvisited = list(range(len(points)))
    if start is None:
        order = [unvisited.pop(0)]
        here = points[order[0]]
    else:
        order, here = [], start
    while unvisited:
        # min() keeps the first of equal distances: the lowest index wins a tie.
        nearest = min(unvisited, key=lambda index: distance(here, points[index]))
        unvisited.remove(nearest)
        order.append(nearest)
        here = points[nearest]
    return order


def two_opt(points: Sequence[Point], order: Sequence[int], start: Point | None = None,
            max_rounds: int = 1000) -> list[int]:
    """Reverse stretches of the open route while that shortens it.

    Reversing order[i..k] replaces the edges (before i -> i) and (k -> after k) by (before i -> k)
    and (i -> after k). The point before position 0 is `start`; without a start point, position 0
    stays where it is (the route's fixed beginning). After the last position there is nothing.
    """
    route = list(order)
    first = 0 if start is not None else 1

    def before(i: int) -> Point | None:
        return start if i == 0 else points[route[i - 1]]

    for _round in range(max_rounds):
        improved = False
        for i in range(first, len(route) - 1):
            for k in range(i + 1, len(route)):
                prev = before(i)
                after = points[route[k + 1]] if k + 1 < len(route) else None
                old = (distance(prev, points[route[i]]) if prev is not None else 0.0) + (
                    distance(points[route[k]], after) if after is not None else 0.0)
                new = (distance(prev, points[route[k]]) if prev is not None else 0.0) + (
                    distance(points[route[i]], after) if after is not None else 0.0)
                if new < old - _EPSILON:
                    route[i:k + 1] = reversed(route[i:k + 1])
                    improved = True
        if not improved:
            break
    return route


def short_route(points: Sequence[Point], start: Point | None = None) -> list[int]:
    """The order in which to visit the points: nearest neighbour improved by 2-opt."""
    return two_opt(points, nearest_neighbour(points, start), start)
