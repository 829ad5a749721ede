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
