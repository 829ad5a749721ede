"""The detour's way around obstacles (lam_core.actors.local_path): the cheapest path on a local
grid, its first leg as a heading."""

from __future__ import annotations

import math

import numpy as np
import pytest

from lam_core.actors.local_path import path_heading

LETHAL, CAUTION, LOOKAHEAD = 0.22, 0.34, 3.0


def _line(x0: float, y0: float, x1: float, y1: float) -> list[tuple[float, float]]:
    n = max(2, round(math.hypot(x1 - x0, y1 - y0) / 0.05) + 1)
    return [(x0 + (x1 - x0) * k / (n - 1), y0 + (y1 - y0) * k / (n - 1)) for k in range(n)]


def test_in_free_space_the_path_heads_for_the_goal() -> None:
    for goal in ((2.0, 0.0), (1.5, 1.0), (-1.0, -1.5)):
        heading = path_heading(np.zeros((0, 2)), goal, 0.3, LETHAL, CAUTION, LOOKAHEAD)
        assert heading == pytest.approx(math.atan2(goal[1], goal[0]), abs=math.radians(10))  # grid (octile) paths


def test_a_wall_is_passed_at_its_open_end_and_a_passage_is_taken() -> None:
    wall = np.array(_line(1.0, -2.0, 1.0, 0.6))  # across the way, open beyond y = 0.6
    heading = path_heading(wall, (2.0, 0.0), 0.3, LETHAL, CAUTION, LOOKAHEAD)
    assert heading is not None and math.radians(20) < heading < math.radians(80)
    mirrored = path_heading(wall * np.array([1.0, -1.0]), (2.0, 0.0), 0.3, LETHAL, CAUTION, LOOKAHEAD)
    assert mirrored == pytest.approx(-heading, abs=math.radians(4))  # base_link lies on a cell corner
    # Two slabs' worth of cells with a 0.6 m gap straight ahead, a wall beyond the gap's sides:
    # wider than the robot (0.38 m) with its margin, narrower than the reactive corridor (0.68 m).
    sides = _line(0.8, 0.3, 1.2, 0.3) + _line(0.8, -0.3, 1.2, -0.3) + _line(0.8, 0.3, 0.8, 2.0) + _line(0.8, -0.3, 0.8, -2.0)
    through = path_heading(np.array(sides), (2.5, 0.0), 0.3, LETHAL, CAUTION, LOOKAHEAD)
    assert through == pytest.approx(0.0, abs=math.radians(5))


def test_no_path_means_none() -> None:
    box = np.array(_line(-0.8, -0.8, 0.8, -0.8) + _line(0.8, -0.8, 0.8, 0.8) + _line(0.8, 0.8, -0.8, 0.8) + _line(-0.8, 0.8, -0.8, -0.8))
    assert path_heading(box, (2.0, 0.0), 0.3, LETHAL, CAUTION, LOOKAHEAD) is None, "walled in"
    assert path_heading(np.array([(0.1, 0.0)]), (2.0, 0.0), 0.3, LETHAL, CAUTION, LOOKAHEAD) is None, "touching"
    ring = np.array([(2.0 + 0.45 * math.cos(a), 0.45 * math.sin(a)) for a in np.linspace(0, 2 * math.pi, 60)])
    assert path_heading(ring, (2.0, 0.0), 0.3, LETHAL, CAUTION, LOOKAHEAD) is None, "the goal walled in"
    far = path_heading(np.array([(math.nan, 0.0)]), (9.0, 0.0), 0.3, LETHAL, CAUTION, LOOKAHEAD)
    assert far == pytest.approx(0.0, abs=math.radians(5)), "a goal beyond the grid is aimed at through its edge"
