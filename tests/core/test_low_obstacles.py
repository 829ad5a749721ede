"""Obstacles below the lidar's plane from depth (lam_core.perception.low_obstacles): found in
ray-cast and rendered frames, remembered in odom while out of view, forgotten when seen gone, and
carried through fusion and the message converters."""

from __future__ import annotations

import math

import numpy as np
import pytest

from lam_core.datatypes import CameraIntrinsics, DepthImage, FrameDetections, LowObstacles, Odometry, Pose2D
from lam_core.errors import ConfigError
from lam_core.fusion import FusionConfig, LowObstacleMap, ObservationAssembler
from lam_core.geometry import convex_hull, inside_convex
from lam_core.perception.factory import camera_mount
from lam_core.perception.low_obstacles import LowObstacleConfig, LowObstacleFinder
from lam_core.robot.description import robot_description

CONFIG = LowObstacleConfig(min_height_m=0.025, max_height_m=0.20, max_range_m=2.0, cell_m=0.05, min_points=3, stride=2,
                           body_margin_m=0.03)
K = CameraIntrinsics.from_fovy(320, 240, robot_description().camera.fovy_rad)
S = 1_000_000_000


def _finder() -> LowObstacleFinder:
    return LowObstacleFinder(CONFIG, camera_mount(), robot_description().footprint())


def ray_cast_depth(boxes: list[tuple[float, float, float, float, float]]) -> DepthImage:
    """The robot camera's depth image [m along the optical axis] of a flat floor and axis-aligned
    boxes (x min, x max, y min, y max, height; base_link [m]) standing on it."""
    mount = camera_mount()
    v, u = np.mgrid[0:K.height, 0:K.width].astype(np.float64)
    ends = mount.deproject(u.reshape(-1), v.reshape(-1), np.ones(u.size), K)  # points at optical depth 1 m
    origin = mount.position_m
    rays = ends - origin
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.where(rays[:, 2] < 0, -origin[2] / rays[:, 2], np.inf)
        for x0, x1, y0, y1, h in boxes:
            lo = np.stack([(x0 - origin[0]) / rays[:, 0], (y0 - origin[1]) / rays[:, 1], (0.0 - origin[2]) / rays[:, 2]], 1)
            hi = np.stack([(x1 - origin[0]) / rays[:, 0], (y1 - origin[1]) / rays[:, 1], (h - origin[2]) / rays[:, 2]], 1)
            enter = np.nanmax(np.minimum(lo, hi), axis=1)
            leave = np.nanmin(np.maximum(lo, hi), axis=1)
            t = np.where((enter <= leave) & (enter > 0) & (enter < t), enter, t)
    depth = np.where(np.isfinite(t), t, 0.0).astype(np.float32)  # t is the optical depth: rays end at depth 1
    return DepthImage(0, "camera_color_optical_frame", depth.reshape(K.height, K.width))


def test_a_slab_below_the_lidar_is_found_and_the_bare_floor_is_not() -> None:
    """A 4 cm slab 1.0-1.3 m ahead, 0.1 m to the left: cells on it, none elsewhere (the floor, the
    robot's own chassis at the bottom of the image)."""
    finder = _finder()
    assert finder.find(ray_cast_depth([]), K).cells_m == ()
    found = finder.find(ray_cast_depth([(1.0, 1.3, -0.0, 0.2, 0.04)]), K)
    assert len(found.cells_m) >= 12
    for x, y in found.cells_m:
        assert 1.0 - CONFIG.cell_m <= x <= 1.3 + CONFIG.cell_m and -CONFIG.cell_m <= y <= 0.2 + CONFIG.cell_m
    tall = finder.find(ray_cast_depth([(1.0, 1.3, 0.0, 0.2, 0.5)]), K)
    assert tall.cells_m, "the lower part of a tall obstacle is reported too (the lidar sees its upper part)"
    far = finder.find(ray_cast_depth([(2.3, 2.6, -0.1, 0.1, 0.04)]), K)
    assert far.cells_m == (), "beyond max_range_m"
    holes = np.zeros((K.height, K.width), dtype=np.float32)
    assert finder.find(DepthImage(0, "x", holes), K).cells_m == ()


def test_the_floor_view_is_what_the_camera_sees_ahead() -> None:
    view = _finder().floor_view(K)
    assert len(view) >= 4
    xs, ys = np.array([p[0] for p in view]), np.array([p[1] for p in view])
    assert xs.min() > 0.15 and np.hypot(xs, ys).max() <= CONFIG.max_range_m - CONFIG.cell_m + 1e-6
    inside = inside_convex(view, np.array([1.0, -0.5, 1.0, 3.0]), np.array([0.0, 0.0, 2.0, 0.0]))
    assert inside.tolist() == [True, False, False, False]  # ahead; behind; far to the side; beyond range


def test_the_map_keeps_cells_out_of_view_and_forgets_them_when_seen_gone() -> None:
    finder = _finder()
    slab = finder.find(ray_cast_depth([(1.0, 1.3, -0.1, 0.1, 0.04)]), K)
    memory = LowObstacleMap(keep_radius_m=2.5)
    memory.update(slab, Pose2D(0.0, 0.0, 0.0))
    n = len(memory)
    assert n == len(slab.cells_m) > 0
    # The robot drives past it on its left: the slab is out of view, the frame shows nothing.
    beside = Pose2D(1.15, 0.5, 0.0)
    memory.update(finder.find(ray_cast_depth([]), K), beside)
    kept = memory.cells_in_base(beside)
    assert len(kept) == n, "out of view: kept"
    for x, y in kept:  # 0.4-0.6 m to the right of the robot
        assert -0.2 <= x <= 0.2 and -0.65 <= y <= -0.35
    turned = Pose2D(1.15, 0.5, math.pi / 2)  # turned left: still out of view
    memory.update(finder.find(ray_cast_depth([]), K), turned)
    assert len(memory) == n
    # Facing it again with a frame that does not show it: forgotten.
    memory.update(finder.find(ray_cast_depth([]), K), Pose2D(0.0, 0.0, 0.0))
    assert len(memory) == 0
    memory.update(slab, Pose2D(0.0, 0.0, 0.0))
    memory.update(LowObstacles(), Pose2D(5.0, 0.0, 0.0))  # far away, nothing seen, no view
    assert len(memory) == 0, "beyond keep_radius_m"
    with pytest.raises(ConfigError):
        LowObstacleMap(keep_radius_m=0.0)


def test_fusion_reports_remembered_low_obstacles_in_base_link_at_the_frames_pose() -> None:
    stale = dict.fromkeys(("color", "objects", "scan", "imu", "odom", "joints"), 1.0)
    a = ObservationAssembler(FusionConfig(stale, 0.05, 0.05, low_obstacle_keep_radius_m=2.5))
    a.offer("odom", S, Odometry(S, Pose2D(0.0, 0.0, 0.0), 0.0, 0.0), now_ns=S)
    a.offer("objects", S, FrameDetections((), (), LowObstacles(((1.0, 0.0),), ())), now_ns=S)
    (x, y), = a.assemble(S).low_obstacles_m
    assert (x, y) == pytest.approx((1.025, 0.025))  # the centre of the odom cell it fell in
    later = S + S // 2
    a.offer("odom", later, Odometry(later, Pose2D(0.5, 0.0, 0.0), 0.3, 0.0), now_ns=later)
    a.offer("objects", later, FrameDetections(()), now_ns=later)  # nothing seen, no view: kept
    (x, y), = a.assemble(later).low_obstacles_m
    assert (x, y) == pytest.approx((0.525, 0.025))  # half a metre nearer


def test_a_convex_hull_is_counter_clockwise_and_needs_three_points() -> None:
    hull = convex_hull([(0, 0), (1, 0), (1, 1), (0, 1), (0.5, 0.5)])
    assert set(hull) == {(0, 0), (1, 0), (1, 1), (0, 1)}
    area = sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(hull, hull[1:] + hull[:1], strict=True))
    assert area > 0
    assert convex_hull([(0, 0), (1, 1)]) == () and convex_hull([(0, 0), (1, 1), (2, 2)]) == ()
    assert not inside_convex((), np.array([0.0]), np.array([0.0])).any()


def test_in_a_rendered_clutter_scene_the_slab_is_found_and_nothing_else_is_made_up() -> None:
    """Held-out clutter scene avoid 3 rendered by MuJoCo: the cyan slab 1.6 m ahead (4 cm tall,
    below the lidar) gives cells; every cell lies on some object of the scene (ground truth)."""
    from lam_core.geometry import into_frame
    from lam_core.scenarios import make_scenario
    from lam_core.sim.world import SimWorld

    world = SimWorld(make_scenario("avoid", "heldout", 3, look="clutter"))
    try:
        _, depth = world.render_rgbd()
        found = _finder().find(depth, world.intrinsics)
        truth = world.ground_truth()
    finally:
        world.close()
    r = truth.robot
    placed = [(into_frame(r.x_m, r.y_m, r.yaw_rad, o.position_m[0], o.position_m[1]), max(o.size_m[:2]) / 2 + 0.08, o.label)
              for o in truth.objects]
    for cell in found.cells_m:
        assert any(math.hypot(cell[0] - c[0], cell[1] - c[1]) <= reach for c, reach, _ in placed), cell
    slab_xy = next(c for c, _, label in placed if label == "slab" and math.hypot(*c) < 2.0)
    assert sum(math.hypot(x - slab_xy[0], y - slab_xy[1]) < 0.25 for x, y in found.cells_m) >= 10


def test_depth_noise_of_a_real_rgbd_camera_makes_no_obstacles_of_the_floor() -> None:
    """Gaussian depth noise of 1 mm + 1 % of the depth squared per metre (4 cm at 2 m, about a
    structured-light camera's): no cells in 20 noisy frames of the bare floor, the slab still found."""
    from dataclasses import replace

    rng = np.random.default_rng(1)
    finder = _finder()

    def noisy(depth: DepthImage) -> DepthImage:
        z = depth.depth_m
        return replace(depth, depth_m=(z + rng.normal(0.0, 1.0, z.shape) * (0.001 + 0.01 * z * z) * (z > 0)).astype(np.float32))

    assert sum(len(finder.find(noisy(ray_cast_depth([])), K).cells_m) for _ in range(20)) == 0
    assert len(finder.find(noisy(ray_cast_depth([(1.0, 1.3, -0.1, 0.1, 0.04)])), K).cells_m) >= 12


def test_the_finder_is_switched_by_the_camera_nodes_config() -> None:
    from dataclasses import replace

    from lam_core.config import load_config
    from lam_core.node_configs import CameraNodeConfig
    from lam_core.paths import config_dir
    from lam_core.perception.factory import make_detector

    cfg = replace(load_config(CameraNodeConfig, config_dir() / "camera_node.yaml", "camera_node"), detector="color")
    assert cfg.low_obstacles and make_detector(cfg).low_obstacles is not None
    assert make_detector(replace(cfg, low_obstacles=False)).low_obstacles is None


def test_a_targets_own_cells_reach_to_its_corners_and_no_further() -> None:
    """A 30 cm bin's corners lie 21 cm from its centre: a cell there (5 cm cells, depth noise) is
    the bin's own and is left out of what blocks the drive to it; a cell 35 cm out is not."""
    from lam_core.datatypes import DetectedObject, target_radius_m
    from lam_core.geometry import not_near

    bin_ = DetectedObject("bin", "yellow", (0.48, 0.0, 0.06), (0.3, 0.3, 0.12), 1.0)
    corner, beyond = (0.30, -0.18), (0.48, -0.35)
    assert not_near((corner, beyond), (0.48, 0.0), target_radius_m(bin_)) == (beyond,)
    cube = DetectedObject("cube", "red", (0.36, 0.0, 0.025), (0.05, 0.05, 0.05), 1.0)
    assert 0.13 < target_radius_m(cube) < 0.14 and target_radius_m(None) == 0.30
