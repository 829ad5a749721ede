"""Obstacles lower than the lidar's plane, from the depth camera, and a short memory of them.

The lidar sweeps one plane (laser_link, 15 cm above the floor on this robot): a 4 cm slab or a
cube lying on the floor is invisible to it. Each depth frame is turned into base_link points;
those whose height above the floor lies within [min_height_m, max_height_m], within max_range_m
of base_link and outside the robot's own outline (its chassis and the stowed arm are in view)
fall into cells of cell_m, and a cell with at least min_points of them is a low obstacle
(isolated noisy pixels are not). This is the depth camera's part of a local costmap's obstacle
layer (as nav2 feeds one from an RGB-D camera), reduced to what the actors need: occupied cells.

The camera sees only ahead, so fusion's ``LowObstacleMap`` keeps the cells in the odom frame while
they are out of view (the robot turns past a slab and still knows where it lies) and forgets a
cell when a later frame looks at its place (``floor_view``) and does not see it there. A place
hidden behind something taller is forgotten too; the lidar sees what hides it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from lam_core.datatypes import CameraIntrinsics, DepthImage, Footprint, LowObstacles, Point2
from lam_core.errors import ConfigError
from lam_core.geometry import convex_hull
from lam_core.perception.camera import CameraMount


@dataclass(frozen=True)
class LowObstacleConfig:
    """Heights above the floor (base_link z) [m], ranges from base_link [m], cells [m]."""

    min_height_m: float      # lower points are floor (and its noise)
    max_height_m: float      # higher points are the lidar's to see
    max_range_m: float       # farther points are left out (depth grows noisy with range)
    cell_m: float            # size of a grid cell
    min_points: int          # points a cell needs to count as occupied
    stride: int              # every stride-th pixel in each direction is used
    body_margin_m: float     # points within the robot's outline grown by this are its own body

    def __post_init__(self) -> None:
        if not 0.0 <= self.min_height_m < self.max_height_m:
            raise ConfigError("low obstacles: need 0 <= min_height_m < max_height_m")
        if self.cell_m <= 0.0 or self.max_range_m <= 0.0:
            raise ConfigError("low obstacles: cell_m and max_range_m must be positive")
        if self.min_points < 1 or self.stride < 1:
            raise ConfigError("low obstacles: min_points and stride must be >= 1")


VIEW_INSET = 0.08  # the floor view leaves out this share of the image on every side


class LowObstacleFinder:
    """Low obstacles in depth frames from one camera mount (see the module doc)."""

    def __init__(self, config: LowObstacleConfig, mount: CameraMount, outline: Footprint) -> None:
        self.config = config
        self.mount = mount
        self.outline = outline
        # Per-pixel rays and the floor view of the latest intrinsics (one entry: camera_info comes
        # from outside, and a stream of changing intrinsics must not grow a cache).
        self._camera: tuple[CameraIntrinsics, np.ndarray, tuple[Point2, ...]] | None = None

    def find(self, depth: DepthImage, k: CameraIntrinsics) -> LowObstacles:
        """The frame's low obstacles; depth 0 or NaN is no reading. The depth image must have
        k's size (an InputError from the caller's frame check otherwise)."""
        cfg = self.config
        rays = self._for_camera(k)[0]
        d = depth.depth_m[:: cfg.stride, :: cfg.stride].reshape(-1)
        known = np.isfinite(d) & (d > 0.0)
        d, rays = d[known], rays[known]
        origin = self.mount.position_m
        z = origin[2] + d * rays[:, 2]
        band = (z >= cfg.min_height_m) & (z <= cfg.max_height_m)
        d, rays = d[band], rays[band]
        x, y = origin[0] + d * rays[:, 0], origin[1] + d * rays[:, 1]
        keep = (x * x + y * y <= cfg.max_range_m ** 2) & ~self.outline.contains(x, y, cfg.body_margin_m)
        return LowObstacles(occupied_cells(x[keep], y[keep], cfg.cell_m, cfg.min_points), self.floor_view(k))

    def _for_camera(self, k: CameraIntrinsics) -> tuple[np.ndarray, tuple[Point2, ...]]:
        """For intrinsics ``k``: the (N, 3) base_link offsets from the camera per metre of optical
        depth of every stride-th pixel in each direction, row by row, and the floor view (kept
        until the intrinsics change)."""
        if self._camera is None or self._camera[0] != k:
            vv, uu = np.mgrid[0: k.height: self.config.stride, 0: k.width: self.config.stride]
            u, v = uu.reshape(-1).astype(np.float64), vv.reshape(-1).astype(np.float64)
            rays = self.mount.deproject(u, v, np.ones(u.size), k) - self.mount.position_m
            self._camera = (k, rays, self._floor_view(k))
        return self._camera[1], self._camera[2]

    def floor_view(self, k: CameraIntrinsics) -> tuple[Point2, ...]:
        """The floor (at min_height_m) the camera sees well inside its image (VIEW_INSET) and within
        max_range_m less one cell, as a convex polygon in base_link (counter-clockwise): where a
        frame that shows no low obstacle shows that there is none. Empty when the camera does not
        look at the floor."""
        return self._for_camera(k)[1]

    def _floor_view(self, k: CameraIntrinsics) -> tuple[Point2, ...]:
        cfg = self.config
        h = cfg.min_height_m
        # Floor points on rays along the image border drawn VIEW_INSET inside it (an obstacle at the
        # very edge may show only part of itself), each cut to max_range_m less one cell.
        u0, u1 = VIEW_INSET * (k.width - 1), (1.0 - VIEW_INSET) * (k.width - 1)
        v0, v1 = VIEW_INSET * (k.height - 1), (1.0 - VIEW_INSET) * (k.height - 1)
        border = ([(u, v0) for u in np.linspace(u0, u1, 9)] + [(u1, v) for v in np.linspace(v0, v1, 7)]
                  + [(u, v1) for u in np.linspace(u1, u0, 9)] + [(u0, v) for v in np.linspace(v1, v0, 7)])
        reach_m = cfg.max_range_m - cfg.cell_m
        origin = self.mount.position_m
        points: list[Point2] = []
        for u, v in border:
            ray = self.mount.deproject(np.array([u]), np.array([v]), np.array([1.0]), k)[0] - origin
            t = math.inf if ray[2] >= -1e-6 else float((h - origin[2]) / ray[2])  # where the ray meets the floor
            flat = math.hypot(ray[0], ray[1])
            if flat > 1e-9:
                # the farthest t at which the ray's floor point is still within reach_m of base_link
                t = min(t, _ray_range_limit(origin, ray, reach_m))
            if math.isfinite(t) and t > 0.0:
                points.append((float(origin[0] + t * ray[0]), float(origin[1] + t * ray[1])))
        return convex_hull(points)


def _ray_range_limit(origin: np.ndarray, ray: np.ndarray, radius_m: float) -> float:
    """The largest t >= 0 at which origin + t * ray stays within radius_m of base_link's z axis."""
    a = ray[0] ** 2 + ray[1] ** 2
    b = 2.0 * (origin[0] * ray[0] + origin[1] * ray[1])
    c = origin[0] ** 2 + origin[1] ** 2 - radius_m ** 2
    disc = b * b - 4.0 * a * c
    if disc < 0.0:
        return 0.0
    return max(0.0, float((-b + math.sqrt(disc)) / (2.0 * a)))


def occupied_cells(x: np.ndarray, y: np.ndarray, cell_m: float, min_points: int) -> tuple[Point2, ...]:
    """Centres of the cell_m grid cells holding at least min_points of the points (x, y) [m]."""
    if x.size == 0:
        return ()
    ix = np.floor(x / cell_m).astype(np.int64)
    iy = np.floor(y / cell_m).astype(np.int64)
    x0, y0 = int(ix.min()), int(iy.min())
    rows = int(iy.max()) - y0 + 1
    keys, counts = np.unique((ix - x0) * rows + (iy - y0), return_counts=True)
    full = keys[counts >= min_points]
    return tuple(((float(i) + 0.5) * cell_m, (float(j) + 0.5) * cell_m) for i, j in zip(full // rows + x0, full % rows + y0, strict=True))
