"""Small geometry helpers (rotation matrices, angles). Angles in radians."""

from __future__ import annotations

import math
from typing import Any, TypeVar, overload

import numpy as np
import numpy.typing as npt

Mat3 = npt.NDArray[np.float64]
_Floating = TypeVar("_Floating", bound=np.floating[Any])

# Columns: optical x (right), y (down), z (forward) expressed in a REP-103 body frame
# (x forward, y left, z up).
OPTICAL_IN_BODY: Mat3 = np.array([[0.0, 0.0, 1.0], [-1.0, 0.0, 0.0], [0.0, -1.0, 0.0]])


@overload
def wrap_angle(a: float) -> float: ...


@overload
def wrap_angle(a: npt.NDArray[_Floating]) -> npt.NDArray[_Floating]: ...


def wrap_angle(a: float | npt.NDArray[np.floating[Any]]) -> float | npt.NDArray[np.floating[Any]]:
    """Angle wrapped to [-pi, pi); element-wise on an array [rad]."""
    return (a + math.pi) % (2.0 * math.pi) - math.pi


def rpy_matrix(roll: float, pitch: float, yaw: float) -> Mat3:
    """Rotation R = Rz(yaw) Ry(pitch) Rx(roll) (URDF convention)."""
    cr, sr, cp, sp, cy, sy = math.cos(roll), math.sin(roll), math.cos(pitch), math.sin(pitch), math.cos(yaw), math.sin(yaw)
    return np.array(
        [
            [cy * cp, cy * sp * sr - sy * cr, cy * sp * cr + sy * sr],
            [sy * cp, sy * sp * sr + cy * cr, sy * sp * cr - cy * sr],
            [-sp, cp * sr, cp * cr],
        ]
    )


def yaw_from_quat_xyzw(x: float, y: float, z: float, w: float) -> float:
    return math.atan2(2.0 * (w * z + x * y), 1.0 - 2.0 * (y * y + z * z))


def quat_xyzw_from_yaw(yaw: float) -> tuple[float, float, float, float]:
    return (0.0, 0.0, math.sin(yaw / 2.0), math.cos(yaw / 2.0))


def into_frame(x0_m: float, y0_m: float, yaw0_rad: float, x_m: float, y_m: float) -> tuple[float, float]:
    """A planar point given in the parent frame, expressed in the frame at (x0, y0, yaw0) [m, rad]."""
    dx, dy = x_m - x0_m, y_m - y0_m
    c, s = math.cos(yaw0_rad), math.sin(yaw0_rad)
    return (c * dx + s * dy, -s * dx + c * dy)


def out_of_frame(x0_m: float, y0_m: float, yaw0_rad: float, x_m: float, y_m: float) -> tuple[float, float]:
    """A planar point given in the frame at (x0, y0, yaw0), expressed in the parent frame [m, rad]."""
    c, s = math.cos(yaw0_rad), math.sin(yaw0_rad)
    return (x0_m + c * x_m - s * y_m, y0_m + s * x_m + c * y_m)


XY = tuple[float, float]  # a planar point (x, y) [m]


def segment_distance_m(p: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
    """Distance from point ``p`` to the segment from ``a`` to ``b`` (same frame) [m]."""
    (ax, ay), (bx, by), (px, py) = a, b, p
    dx, dy = bx - ax, by - ay
    span = dx * dx + dy * dy
    t = 0.0 if span < 1e-12 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / span))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def not_near(cells: tuple[XY, ...], centre: XY | None, radius_m: float) -> tuple[XY, ...]:
    """``cells`` less those within ``radius_m`` of ``centre`` (one frame [m]; all without a centre)."""
    return split_near(cells, centre, radius_m)[1]


def split_near(cells: tuple[XY, ...], centre: XY | None, radius_m: float) -> tuple[tuple[XY, ...], tuple[XY, ...]]:
    """(the ``cells`` within ``radius_m`` of ``centre``, the others); one frame [m]; none are near
    without a centre."""
    if centre is None or radius_m <= 0.0:
        return (), cells
    near: list[XY] = []
    far: list[XY] = []
    for p in cells:
        (near if math.hypot(p[0] - centre[0], p[1] - centre[1]) <= radius_m else far).append(p)
    return tuple(near), tuple(far)


def convex_hull(points: list[XY]) -> tuple[XY, ...]:
    """The convex hull of ``points``, counter-clockwise (Andrew's monotone chain); fewer than
    three distinct points give an empty polygon."""
    pts = sorted(set(points))
    if len(pts) < 3:
        return ()

    def cross(o: XY, a: XY, b: XY) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[XY] = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0.0:
            lower.pop()
        lower.append(p)
    upper: list[XY] = []
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0.0:
            upper.pop()
        upper.append(p)
    hull = lower[:-1] + upper[:-1]
    return tuple(hull) if len(hull) >= 3 else ()


def inside_convex(polygon: tuple[XY, ...], x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Which points (x, y) lie inside the counter-clockwise convex ``polygon`` (edges included)."""
    inside = np.ones(x.shape, dtype=bool) if polygon else np.zeros(x.shape, dtype=bool)
    for (ax, ay), (bx, by) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
        inside &= (bx - ax) * (y - ay) - (by - ay) * (x - ax) >= 0.0
    return inside
