"""Pinhole camera mounted on the robot: pixels + depth <-> points in base_link."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from lam_core.datatypes import CameraIntrinsics
from lam_core.errors import ConfigError
from lam_core.geometry import OPTICAL_IN_BODY, Mat3

Points = npt.NDArray[np.float64]


class CameraMount:
    """camera_link at ``xyz_m`` in base_link, its axes the columns of ``rot_base_camera`` (REP 103);
    images in its optical frame. Built from the robot description by perception.factory.camera_mount."""

    def __init__(self, xyz_m: tuple[float, float, float], rot_base_camera: Mat3) -> None:
        rot = np.asarray(rot_base_camera, dtype=np.float64)
        if rot.shape != (3, 3) or not np.allclose(rot @ rot.T, np.eye(3), atol=1e-6):
            raise ConfigError(f"camera orientation must be a 3x3 rotation, got {rot.tolist()}")
        self.rot_base_optical = rot @ OPTICAL_IN_BODY
        self.position_m = np.asarray(xyz_m, dtype=np.float64)

    def deproject(self, u: np.ndarray, v: np.ndarray, depth_m: np.ndarray, k: CameraIntrinsics) -> Points:
        """(N, 3) base_link points of pixels (u, v) [px] at optical-axis depths [m]."""
        z = np.asarray(depth_m, dtype=np.float64)
        pts_opt = np.stack([(u - k.cx) * z / k.fx, (v - k.cy) * z / k.fy, z], axis=1)
        return pts_opt @ self.rot_base_optical.T + self.position_m

    def project(self, point_base: tuple[float, float, float], k: CameraIntrinsics) -> tuple[float, float] | None:
        """Pixel (u, v) of a base_link point, or None behind the camera."""
        p = self.rot_base_optical.T @ (np.asarray(point_base, dtype=np.float64) - self.position_m)
        if p[2] <= 1e-3:
            return None
        return (k.fx * p[0] / p[2] + k.cx, k.fy * p[1] / p[2] + k.cy)
