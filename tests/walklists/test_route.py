"""Route ordering on small cases whose best order is known by hand."""

import pytest

from regiekamer.walklists.route import nearest_neighbour, path_length, short_route, two_opt


def test_points_on_a_line_are_visited_in_line_order():
    # x = 0, 30, 10, 20: from the first point the shortest open route goes 0 -> 10 -> 20 -> 30.
    points = [(0.0, 0.0), (30.0, 0.0), (10.0, 0.0), (20.0, 0.0)]
    assert short_route(points) == [0, 2, 3, 1]
    assert path_length(points, [0, 2, 3, 1]) == 30.0


def test_a_start_point_before_the_line_visits_from_the_near_end():
    points = [(20.0, 0.0), (0.0, 0.0), (30.0, 0.0), (10.0, 0.0)]
    order = short_route(points, start=(-5.0, 0.0))
    assert order == [1, 3, 0, 2]
    assert path_length(points, order, start=(-5.0, 0.0)) == 35.0  # 5 + 10 + 10 + 10


def test_square_is_walked_around_not_across():
    # Corners (0,0), (0,10), (10,10), (10,0): nearest neighbour from (0,0) has a tie between (0,10)
    # and (10,0) at 10 m and takes the lower index; the route walks three sides, 30 m.
    points = [(0.0, 0.0), (0.0, 10.0), (10.0, 10.0), (10.0, 0.0)]
    assert short_route(points) == [0, 1, 2, 3]
    assert path_length(points, [0, 1, 2, 3]) == 30.0
    # The crossing order 0 -> 2 -> 1 -> 3 is longer: 14.14 + 10 + 14.14.
    assert path_length(points, [0, 2, 1, 3]) == pytest.approx(10 + 2 * 200 ** 0.5)


def test_two_opt_repairs_a_greedy_zigzag():
    # From the start at x=0: nearest neighbour takes x=1 (1 m), then x=-2 and x=4 tie at 3 m and it
    # takes -2 (lower index), then 4 (6 m): 10 m. Going to -2 first is 2 + 3 + 3 = 8 m.
    points = [(1.0, 0.0), (-2.0, 0.0), (4.0, 0.0)]
    start = (0.0, 0.0)
    greedy = nearest_neighbour(points, start)
    assert greedy == [0, 1, 2]
    assert path_length(points, greedy, start) == 10.0
    improved = two_opt(points, greedy, start)
    assert improved == [1, 0, 2]
    assert path_length(points, improved, start) == 8.0


def test_without_start_the_first_point_stays_first():
    points = [(5.0, 0.0), (0.0, 0.0), (10.0, 0.0)]
    # From x=5 both others are 5 m away; the route must start at point 0 (the highest-ranked address).
    order = short_route(points)
    assert order[0] == 0
    assert path_length(points, order) == 15.0


def test_empty_and_single():
    assert short_route([]) == []
    assert short_route([(3.0, 4.0)]) == [0]
    assert path_length([(3.0, 4.0)], [0], start=(0.0, 0.0)) == 5.0


def test_same_points_same_route():
    points = [(float((i * 37) % 101), float((i * 53) % 89)) for i in range(25)]
    first = short_route(points, start=(0.0, 0.0))
    assert first == short_route(points, start=(0.0, 0.0))
    assert sorted(first) == list(range(25))
    assert path_length(points, first, (0.0, 0.0)) <= path_length(points, nearest_neighbour(points, (0.0, 0.0)), (0.0, 0.0))
