"""A way around what is in the way: a navigation function on a local grid in base_link.

The scripted drive steers straight at its target while the corridor there is free. When it is
not, a reactive choice of "the free heading nearest the target" dithers in dense clutter (a gap
free on the left now, on the right a moment later) and cannot see that the gap it picked leads
into a dead end. This module answers instead with the first leg of a shortest path: obstacles
(lidar returns and low obstacles, base_link [m]) are drawn into a grid of GRID_CELL_M cells around
the robot; a cell within ``lethal_m`` of one cannot hold the robot's centre, a cell within
``caution_m`` costs more (the path keeps off obstacles where it can); the cost-to-goal of every
cell is spread from the goal cells (free cells within ``goal_radius_m`` of the goal) by repeated
relaxation over the 8 neighbours, and the path is the steepest descent from the robot's own cell
for ``lookahead_m``. The answer is the heading to the farthest point of that path in a straight
line from the robot through cells the path may use; None when no path exists.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

GRID_CELL_M = 0.05
MIN_HALF_SPAN_M = 2.0    # the grid reaches at least this far from base_link in each direction [m]
MAX_HALF_SPAN_M = 3.0    # and at most this far (a farther goal is planned to the grid's edge) [m]
CAUTION_COST = 4.0       # a step through a cell within caution_m of an obstacle costs this much more
MAX_SWEEPS = 400         # relaxation sweeps at most (a path of ~400 cells; stops once nothing changes)
_NEIGHBOURS = ((1, 0, 1.0), (-1, 0, 1.0), (0, 1, 1.0), (0, -1, 1.0),
               (1, 1, math.sqrt(2.0)), (1, -1, math.sqrt(2.0)), (-1, 1, math.sqrt(2.0)), (-1, -1, math.sqrt(2.0)))


def _near(occupied: npt.NDArray[np.bool_], radius_cells: float) -> npt.NDArray[np.bool_]:
    """Cells within radius_cells of an occupied cell (a disc dilation)."""
    out = occupied.copy()
    r = math.ceil(radius_cells)
    n, m = occupied.shape
    for di in range(-r, r + 1):
        for dj in range(-r, r + 1):
            if (di or dj) and di * di + dj * dj <= radius_cells * radius_cells:
                out[max(di, 0): n + min(di, 0), max(dj, 0): m + min(dj, 0)] |= \
                    occupied[max(-di, 0): n + min(-di, 0), max(-dj, 0): m + min(-dj, 0)]
    return out


def path_heading(obstacles_m: npt.NDArray[np.float64], goal_xy_m: tuple[float, float], goal_radius_m: float,
                 lethal_m: float, caution_m: float, lookahead_m: float) -> float | None:
    """The heading [rad, base_link] of the first ``lookahead_m`` of the cheapest path from
    base_link to a free cell within ``goal_radius_m`` of ``goal_xy_m``, around ``obstacles_m``
    ((N, 2) base_link [m]); None when the robot's own cell is within lethal_m of an obstacle or no
    goal cell can be reached (see the module doc)."""
    reach = math.hypot(*goal_xy_m) + goal_radius_m + caution_m
    half = min(max(MIN_HALF_SPAN_M, reach), MAX_HALF_SPAN_M)
    n = 2 * math.ceil(half / GRID_CELL_M)
    origin = n // 2  # base_link lies in cell (origin, origin): x = (i - origin + 0.5) * cell

    def index(x: npt.NDArray[np.float64] | float) -> npt.NDArray[np.int64]:
        return np.floor(np.asarray(x) / GRID_CELL_M).astype(np.int64) + origin

    occupied = np.zeros((n, n), dtype=bool)
    pts = np.asarray(obstacles_m, dtype=np.float64).reshape(-1, 2)
    pts = pts[np.isfinite(pts).all(axis=1)]
    i, j = index(pts[:, 0]), index(pts[:, 1])
    inside = (i >= 0) & (i < n) & (j >= 0) & (j < n)
    occupied[i[inside], j[inside]] = True
    lethal = _near(occupied, lethal_m / GRID_CELL_M)
    caution = _near(occupied, caution_m / GRID_CELL_M) & ~lethal
    if lethal[origin, origin]:
        return None
    centres = (np.arange(n) - origin + 0.5) * GRID_CELL_M
    gx, gy = goal_xy_m
    if max(abs(gx), abs(gy)) > half - goal_radius_m:  # beyond the grid: aim at the edge towards it
        scale = (half - goal_radius_m - GRID_CELL_M) / max(abs(gx), abs(gy))
        gx, gy = gx * scale, gy * scale
    goal = ((centres[:, None] - gx) ** 2 + (centres[None, :] - gy) ** 2 <= goal_radius_m ** 2) & ~lethal
    if not goal.any():
        return None
    step_cost = np.where(caution, 1.0 + CAUTION_COST, 1.0)
    cost = np.where(goal, 0.0, np.inf)
    for _ in range(MAX_SWEEPS):
        before = cost.copy()
        for di, dj, length in _NEIGHBOURS:  # cost(a, b) <= cost(a + di, b + dj) + the step out of (a, b)
            rows, src_rows = _shifted(n, di)
            cols, src_cols = _shifted(n, dj)
            np.minimum(cost[rows, cols], cost[src_rows, src_cols] + length * step_cost[rows, cols], out=cost[rows, cols])
        cost[lethal] = np.inf
        if np.array_equal(cost, before):
            break
    if not math.isfinite(cost[origin, origin]):
        return None
    path = [(origin, origin)]
    for _ in range(round(lookahead_m / GRID_CELL_M)):
        a, b = path[-1]
        best = min(((float(cost[a + di, b + dj]), a + di, b + dj) for di, dj, _ in _NEIGHBOURS
                    if 0 <= a + di < n and 0 <= b + dj < n), default=(math.inf, a, b))
        if not best[0] < cost[a, b]:
            break
        path.append((best[1], best[2]))
    # The farthest point of the path seen in a straight line through cells the path may use (a
    # grid path zigzags between equal-cost diagonals; the straight line does not).
    blocked = lethal | (caution & ~caution[origin, origin])  # caution cells block only a robot outside them
    for a, b in reversed(path[1:]):
        steps = max(abs(a - origin), abs(b - origin)) * 2
        line_i = np.rint(np.linspace(origin, a, steps + 1)).astype(np.int64)
        line_j = np.rint(np.linspace(origin, b, steps + 1)).astype(np.int64)
        if not blocked[line_i, line_j].any():
            return math.atan2(float(centres[b]), float(centres[a]))
    if len(path) > 1:
        a, b = path[1]
        return math.atan2(float(centres[b]), float(centres[a]))
    return math.atan2(gy, gx)


def _shifted(n: int, d: int) -> tuple[slice, slice]:
    """Along one axis of n cells: the cells that have a neighbour at offset d, and those neighbours."""
    return slice(max(-d, 0), n - max(d, 0)), slice(max(d, 0), n - max(-d, 0))
