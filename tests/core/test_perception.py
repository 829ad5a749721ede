"""Colour-object perception against simulator ground truth, scan summaries, and bad input."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest

from lam_core.config import load_config
from lam_core.datatypes import CameraIntrinsics, DepthImage, DetectedObject, LaserScan, RgbImage
from lam_core.errors import InputError
from lam_core.node_configs import CameraNodeConfig
from lam_core.paths import config_dir
from lam_core.perception.color_objects import ColorObjectDetector
from lam_core.perception.evaluation import colour_cast_deg
from lam_core.perception.factory import detector_config
from lam_core.perception.frame_check import COVERED, DEPTH_HOLES, OVEREXPOSED, CheckedDetector, assess_frame
from lam_core.perception.learned_detector import merge_split_objects
from lam_core.perception.scan_summary import summarize_scan
from lam_core.scenarios import make_scenario
from lam_core.sim.world import SimWorld
from lam_core.vocabulary import COLOR_HUES


@pytest.fixture(scope="module")
def detector() -> ColorObjectDetector:
    cfg = load_config(CameraNodeConfig, config_dir() / "camera_node.yaml", "camera_node")
    return ColorObjectDetector(detector_config(cfg))


def _in_base(robot, point):  # type: ignore[no-untyped-def]
    dx, dy = point[0] - robot.x_m, point[1] - robot.y_m
    c, s = math.cos(-robot.yaw_rad), math.sin(-robot.yaw_rad)
    return c * dx - s * dy, s * dx + c * dy


# The hue bands tell kinds by height among box, cube and bin only, and name only colours with a hue:
# held-out scenes whose target is a box of such a colour.
BOX_TARGET_SEEDS = [s for s in range(40) if (target := make_scenario("goto", "heldout", s).target).endswith(" box")
                    and target.split()[0] in COLOR_HUES][:4]


@pytest.mark.parametrize("seed", BOX_TARGET_SEEDS)
def test_target_found_where_ground_truth_says(detector: ColorObjectDetector, seed: int) -> None:
    w = SimWorld(make_scenario("goto", "heldout", seed), None)
    try:
        w.step(10)
        rgb, depth = w.render_rgbd()
        objects = detector.detect(rgb, depth, w.intrinsics)
        truth = w.ground_truth()
    finally:
        w.close()
    target = w.scenario.object(w.scenario.target)
    seen = [o for o in objects if o.name == target.name]
    assert len(seen) == 1, f"{[o.name for o in objects]}"
    gx, gy = _in_base(truth.robot, next(o for o in truth.objects if o.name == target.name).position_m)
    # Perception reports the centre of the visible surface: up to half a box short of the centre.
    dist_err = math.hypot(seen[0].position_m[0] - gx, seen[0].position_m[1] - gy)
    assert dist_err < 0.25
    assert abs(seen[0].bearing_rad - math.atan2(gy, gx)) < 0.08
    assert seen[0].label == "box"


def _pair(w: int = 32, h: int = 24) -> tuple[RgbImage, DepthImage, CameraIntrinsics]:
    rgb = np.full((h, w, 3), 120, np.uint8)
    rgb[8:16, 10:20] = (220, 20, 20)
    depth = np.full((h, w), 2.0, np.float32)
    return RgbImage(1, "cam", rgb), DepthImage(1, "cam", depth), CameraIntrinsics.from_fovy(w, h, 1.0)


def test_synthetic_red_patch_is_a_red_object(detector: ColorObjectDetector) -> None:
    rgb, depth, k = _pair()
    objects = detector.detect(rgb, depth, k)
    assert [o.color for o in objects] == ["red"]


@pytest.mark.parametrize(
    "mutate,message",
    [
        (lambda r, d: (RgbImage(1, "c", r.pixels[..., :2].copy()), d), "HxWx3 uint8"),
        (lambda r, d: (RgbImage(1, "c", np.zeros((0, 0, 3), np.uint8)), DepthImage(1, "c", np.zeros((0, 0), np.float32))), "empty"),
        (lambda r, d: (r, DepthImage(1, "c", np.zeros((10, 10), np.float32))), "differ in size"),
        (lambda r, d: (RgbImage(1, "c", r.pixels.astype(np.float32)), d), "uint8"),
        (lambda r, d: (RgbImage(1, "c", np.zeros((2000, 1400, 3), np.uint8)),
                       DepthImage(1, "c", np.zeros((2000, 1400), np.float32))), "exceeds"),
    ],
)
def test_malformed_images_raise_input_error(detector: ColorObjectDetector, mutate, message: str) -> None:  # type: ignore[no-untyped-def]
    rgb, depth, k = _pair()
    bad_rgb, bad_depth = mutate(rgb, depth)
    # The frame check leaves the naming of a malformed frame to the detector.
    for checked in (detector, CheckedDetector(detector, detector.config.max_pixels)):
        with pytest.raises(InputError, match=message):
            checked.detect(bad_rgb, bad_depth, k)


def test_what_lies_on_the_robots_own_body_is_not_an_object() -> None:
    """The camera sees the robot's white deck at the bottom of its view: a detector may name it (a
    "white bin" 0.19 m ahead), the check behind every detector drops it, and keeps what lies beyond."""
    from lam_core.datatypes import Footprint

    deck = DetectedObject("bin", "white", (0.19, 0.0, 0.06), (0.02, 0.23, 0.13), 0.97)
    box = DetectedObject("box", "red", (1.5, 0.0, 0.15), (0.3, 0.3, 0.3), 0.99)
    beside = DetectedObject("cube", "grey", (0.1, 0.25, 0.025), (0.05, 0.05, 0.05), 0.9)  # 6 cm off its side

    class Both:
        def detect(self, rgb: RgbImage, depth: DepthImage, k: CameraIntrinsics) -> list[DetectedObject]:
            return [deck, box, beside]

    rgb, depth, k = _pair()
    body = Footprint(0.2, -0.2, 0.19)
    assert CheckedDetector(Both(), 10_000, body=body, body_margin_m=0.03).detect(rgb, depth, k) == [box, beside]
    assert CheckedDetector(Both(), 10_000).detect(rgb, depth, k) == [deck, box, beside]  # no outline given: all kept


def test_a_covered_or_blown_out_frame_names_nothing_a_dim_one_still_does(detector: ColorObjectDetector) -> None:
    checked = CheckedDetector(detector, detector.config.max_pixels)
    w = SimWorld(make_scenario("goto", "heldout", 0), None)
    try:
        w.step(10)
        rgb, depth = w.render_rgbd()
    finally:
        w.close()
    assert checked.detect(rgb, depth, w.intrinsics) and checked.last is not None and checked.last.problems == ()
    cap = np.random.default_rng(0).integers(0, 3, rgb.pixels.shape).astype(np.uint8)  # a lens cap: sensor noise only
    assert checked.detect(RgbImage(2, rgb.frame_id, cap), depth, w.intrinsics) == []
    assert checked.last.problems == (COVERED,) and not checked.last.usable
    glare = np.clip(rgb.pixels.astype(np.int32) * 6, 0, 255).astype(np.uint8)  # exposure far too long
    assert checked.detect(RgbImage(3, rgb.frame_id, glare), depth, w.intrinsics) == []
    assert OVEREXPOSED in checked.last.problems
    dim = (rgb.pixels // 8).astype(np.uint8)  # an eighth of the light, no auto exposure: dark, not covered
    assert COVERED not in assess_frame(RgbImage(4, rgb.frame_id, dim), depth).problems
    holes = DepthImage(5, depth.frame_id, np.where(np.arange(depth.width) % 3 == 0, depth.depth_m, 0.0).astype(np.float32))
    assert checked.detect(rgb, holes, w.intrinsics) is not None and checked.last.problems == (DEPTH_HOLES,)
    assert checked.last.usable  # objects can still be named; few can be measured


def test_nan_and_inf_depth_give_no_object_not_a_crash(detector: ColorObjectDetector) -> None:
    rgb, depth, k = _pair()
    depth.depth_m[:] = np.nan
    depth.depth_m[0, 0] = np.inf
    assert detector.detect(rgb, depth, k) == []


def _scan(ranges: list[float]) -> LaserScan:
    n = len(ranges)
    return LaserScan(0, "laser", -math.pi, 2 * math.pi / max(n, 1), 0.05, 8.0, np.asarray(ranges, np.float32))


def test_scan_summary_finds_nearest_and_free_direction() -> None:
    ranges = [5.0] * 360
    for i in range(170, 190):  # an obstacle straight ahead (bearing ~0)
        ranges[i] = 0.6
    ranges[90] = float("nan")
    ranges[91] = float("inf")
    s = summarize_scan(_scan(ranges), 16, 1.0)
    assert s.valid and len(s.sector_min_range_m) == 16
    assert s.nearest_range_m == pytest.approx(0.6)
    assert abs(s.nearest_bearing_rad) < 0.2
    assert abs(s.free_bearing_rad) > 0.5, "ahead is blocked"
    assert min(s.sector_min_range_m) == pytest.approx(0.6)


def test_scan_summary_of_nothing_but_nan() -> None:
    s = summarize_scan(_scan([float("nan")] * 90), 8, 1.0)
    assert s.nearest_range_m == math.inf
    assert all(r == 8.0 for r in s.sector_min_range_m)
    with pytest.raises(InputError):
        summarize_scan(_scan([]), 8, 1.0)


def test_thumbnail_is_small_and_keeps_the_stamp() -> None:
    from lam_core.perception.color_objects import thumbnail

    rgb, _, _ = _pair(320, 240)
    small = thumbnail(rgb, 64, 48)
    assert small.pixels.shape == (48, 64, 3) and small.stamp_ns == rgb.stamp_ns


def test_projection_inverts_the_measurement_and_draw_marks_the_object(detector: ColorObjectDetector) -> None:
    w = SimWorld(make_scenario("goto", "heldout", BOX_TARGET_SEEDS[0]))
    try:
        w.step(10)
        rgb, depth = w.render_rgbd()
        objects = detector.detect(rgb, depth, w.intrinsics)
    finally:
        w.close()
    assert objects
    from lam_core.perception.color_objects import draw_detections

    k, mount = w.intrinsics, detector.mount
    for obj in objects:
        uv = mount.project(obj.position_m, k)
        assert uv is not None and 0 <= uv[0] < rgb.width and 0 <= uv[1] < rgb.height
    # project inverts deproject: pixels at measured depths go to base_link and back to themselves
    v, u = np.nonzero(np.isfinite(depth.depth_m) & (depth.depth_m > 0))
    pick = np.linspace(0, len(u) - 1, 50).astype(int)
    points = mount.deproject(u[pick], v[pick], depth.depth_m[v[pick], u[pick]], k)
    back = np.array([mount.project(tuple(p), k) for p in points])
    assert np.allclose(back, np.stack([u[pick], v[pick]], axis=1), atol=1e-6)
    drawn = draw_detections(rgb, objects, w.intrinsics, detector.mount)
    assert drawn.pixels.shape == rgb.pixels.shape and not np.array_equal(drawn.pixels, rgb.pixels)
    assert detector.mount.project((-5.0, 0.0, 0.0), w.intrinsics) is None


def test_track_continuity_counts_an_id_change_on_the_same_object_as_a_switch() -> None:
    from lam_core.datatypes import DetectedObject, Pose2D, SimObjectState
    from lam_core.perception.evaluation import TrackContinuity

    truth = (SimObjectState("red box", "box", "red", (2.0, 1.0, 0.15), 0.0, (0.3, 0.3, 0.3)),
             SimObjectState("blue cube", "cube", "blue", (1.0, -0.5, 0.025), 0.0, (0.05, 0.05, 0.05)))
    robot = Pose2D(1.0, 0.0, 0.0)  # the box is 1 m ahead and 1 m left in base_link
    box = DetectedObject("box", "red", (1.02, 1.0, 0.15), (0.3, 0.3, 0.3), 0.9, "red-box-1")
    tracks = TrackContinuity()
    visible = {"red box", "blue cube"}
    tracks.update((box,), truth, robot, visible)
    tracks.update((box,), truth, robot, visible)
    tracks.update((), truth, robot, visible)  # missed: no match, no switch
    tracks.update((replace(box, track_id="red-box-2"),), truth, robot, visible)
    tracks.update((replace(box, track_id="red-box-2", color="blue"),), truth, robot, visible)  # another name: no match
    tracks.seconds = 30.0
    assert (tracks.switches, tracks.matches) == (1, 3) and tracks.switches_per_min == pytest.approx(2.0)
    tracks.start_sequence()
    tracks.update((box,), truth, robot, visible)
    assert tracks.switches == 1, "a new sequence starts without a previous id"


def test_scores_count_chosen_colour_kind_pairs_on_their_own() -> None:
    """The bench reports the colour-kind pairs no training scene shows on their own: recall over
    their objects, precision over the detections that name one of them."""
    from lam_core.datatypes import DetectedObject, Pose2D, SimObjectState
    from lam_core.perception.evaluation import PerceptionScore, score_frame

    truth = (SimObjectState("blue ball", "ball", "blue", (2.0, 0.0, 0.08), 0.0, (0.16, 0.16, 0.16)),
             SimObjectState("red can", "can", "red", (2.0, 1.0, 0.06), 0.0, (0.07, 0.07, 0.12)),
             SimObjectState("red box", "box", "red", (3.0, -1.0, 0.15), 0.0, (0.3, 0.3, 0.3)))
    robot = Pose2D(0.0, 0.0, 0.0)
    found = (DetectedObject("ball", "blue", (2.02, 0.0, 0.08), (0.16, 0.16, 0.16), 0.9),
             DetectedObject("box", "red", (3.0, -1.0, 0.15), (0.3, 0.3, 0.3), 0.9),
             DetectedObject("can", "red", (1.0, -2.0, 0.06), (0.07, 0.07, 0.12), 0.8))  # nothing there
    score = PerceptionScore()
    score_frame(score, list(found), truth, robot, {"blue ball", "red can", "red box"})
    unseen = frozenset({("ball", "blue"), ("can", "red")})
    assert score.of_pairs(unseen) == (0.5, 0.5, 2)             # the can missed, a can where none is
    assert score.of_pairs(frozenset({("box", "red")})) == (1.0, 1.0, 1)
    assert (score.recall, score.precision) == (pytest.approx(2 / 3), pytest.approx(2 / 3))
    from lam_bringup.bench_perception import _score_fields, nameable_pairs
    from lam_core.perception.evaluation import TrackContinuity

    none_seen = PerceptionScore()
    score_frame(none_seen, [found[1]], truth[2:], robot, {"red box"})
    fields = _score_fields(none_seen, [1.0], TrackContinuity(), nameable_pairs("learned"))
    assert fields["unseen_pairs"] == {"recall": None, "precision": None, "objects": 0}  # JSON null, not NaN
    assert fields["recall_nameable"] == fields["recall"] == 1.0
    hue_bands = _score_fields(score, [1.0], TrackContinuity(), nameable_pairs("color"))
    assert hue_bands["recall_nameable"] == 1.0 and hue_bands["recall"] == round(2 / 3, 4)  # no name for a ball or can


def _floor_and_wall_depth(mount, k: CameraIntrinsics, wall_x_m: float) -> np.ndarray:  # type: ignore[no-untyped-def]
    """Optical-axis depth [m] of every pixel looking at the floor (z = 0) and a wall at
    base_link x = wall_x_m, whichever each ray meets first."""
    v, u = np.mgrid[0:k.height, 0:k.width]
    ray = mount.deproject(u.ravel().astype(float), v.ravel().astype(float), np.ones(u.size), k) - mount.position_m
    with np.errstate(divide="ignore", invalid="ignore"):
        to_floor = np.where(ray[:, 2] < 0, -mount.position_m[2] / ray[:, 2], np.inf)
        to_wall = np.where(ray[:, 0] > 0, (wall_x_m - mount.position_m[0]) / ray[:, 0], np.inf)
    return np.minimum(to_floor, to_wall).reshape(k.height, k.width)


def test_a_blob_on_the_lower_part_of_a_wall_has_the_same_surface_above_it() -> None:
    """A wall's foot read as an object measures a box's height; the wall going on above it says it
    is part of something taller. A patch of floor, and a box's top face, have something farther
    above them instead."""
    from lam_core.perception.color_objects import ABOVE_RISE_M, surface_above
    from lam_core.perception.factory import camera_mount

    mount, k = camera_mount(), CameraIntrinsics(320, 240, 277.0, 277.0, 160.0, 120.0)
    depth = _floor_and_wall_depth(mount, k, wall_x_m=3.0)
    depth_ok = np.isfinite(depth)
    heights = mount.deproject(*np.mgrid[0:240, 0:320][::-1].reshape(2, -1).astype(float), depth.ravel(), k)[:, 2]
    on_wall = (heights.reshape(240, 320) > 0.02) & (heights.reshape(240, 320) < 0.12) & depth_ok
    rows = np.flatnonzero(on_wall[:, 160])
    assert rows.size > 3 and rows.min() > 5, "the wall's foot is in view, and more wall above it"
    wall_blob = on_wall[rows.min():rows.max() + 1, 140:180]
    assert surface_above(mount, wall_blob, (140, int(rows.min())), depth, depth_ok, k) == 1.0
    floor_blob = np.ones((10, 40), bool)
    assert surface_above(mount, floor_blob, (140, 200), depth, depth_ok, k) == 0.0
    box = depth.copy()
    box[150:190, 140:180] = depth[150, 160] - 0.2     # a nearer block standing on the floor
    assert surface_above(mount, np.ones((40, 40), bool), (140, 150), box, depth_ok, k) == 0.0
    # The same block's colour seen only from 5 px (about 3 cm) below its top (a bottle's lit cap
    # left out): its own surface goes on just above the blob, but not ABOVE_RISE_M up.
    cut_short = np.ones((35, 40), bool)
    assert surface_above(mount, cut_short, (140, 155), box, depth_ok, k) == 0.0
    assert ABOVE_RISE_M * k.fy / float(box[155, 160]) > 5, "the cut is less than ABOVE_RISE_M"
    holes = np.zeros_like(depth_ok)                    # no depth: nothing continues
    assert surface_above(mount, wall_blob, (140, int(rows.min())), depth, holes, k) == 0.0


def test_an_objects_width_is_measured_where_it_is_seen_whole() -> None:
    """A 30 cm block standing 2 m ahead is seen whole: beyond its left and right edges lies floor
    farther away, and its width is measured to its outline even where its colour (the blob) covers
    only the middle. A nearer post covering one side, the image's edge or no depth leave it open."""
    from lam_core.perception.color_objects import outline_width
    from lam_core.perception.factory import camera_mount

    mount, k = camera_mount(), CameraIntrinsics(320, 240, 277.0, 277.0, 160.0, 120.0)
    floor = _floor_and_wall_depth(mount, k, wall_x_m=50.0)
    depth_ok = np.isfinite(floor)
    v_foot = 150
    foot_depth = float(floor[v_foot, 160])
    half_px = round(0.15 * k.fx / foot_depth)
    left, right = 160 - half_px, 160 + half_px
    scene = floor.copy()
    scene[v_foot - 30:v_foot, left:right] = foot_depth            # the block's face, a vertical plane (about 25 cm tall)
    face = np.ones((30, right - left), bool)
    width = outline_width(mount, face, (left, v_foot - 30), scene, depth_ok, k)
    assert width == pytest.approx(0.30, abs=0.02)
    middle = np.ones((30, right - left - 8), bool)                 # a blob short of the outline by 4 px each side
    assert outline_width(mount, middle, (left + 4, v_foot - 30), scene, depth_ok, k) == pytest.approx(width, abs=1e-6)
    covered = scene.copy()
    covered[v_foot - 40:v_foot + 5, right - 3:right + 10] = foot_depth - 0.8   # a post in front of its right side
    assert outline_width(mount, face[:, :-3], (left, v_foot - 30), covered, depth_ok, k) is None
    assert outline_width(mount, face, (0, v_foot - 30), scene, depth_ok, k) is None        # cut by the image's edge
    assert outline_width(mount, face, (left, v_foot - 30), scene, np.zeros_like(depth_ok), k) is None


def test_one_object_cut_in_two_by_something_in_front_is_one_object_again() -> None:
    """A post in front of a green bin splits its blob: two "green bins" whose parts fit in one 30 cm
    bin are one, whose box holds both; two bins side by side, or two cubes, stay two."""
    left = DetectedObject("bin", "green", (2.0, -1.20, 0.06), (0.20, 0.14, 0.12), 0.6)
    right = DetectedObject("bin", "green", (2.0, -1.38, 0.06), (0.20, 0.10, 0.11), 0.8)
    merged = merge_split_objects([left, right])
    assert len(merged) == 1
    assert merged[0].position_m == pytest.approx((2.0, -1.28, 0.06))
    assert merged[0].size_m == pytest.approx((0.20, 0.30, 0.12)) and merged[0].confidence == 0.8
    apart = DetectedObject("bin", "green", (2.0, -1.60, 0.06), (0.30, 0.30, 0.12), 0.8)
    assert len(merge_split_objects([left, apart])) == 2
    other_colour = DetectedObject("bin", "blue", (2.0, -1.38, 0.06), (0.20, 0.10, 0.11), 0.8)
    assert len(merge_split_objects([left, other_colour])) == 2
    cubes = [DetectedObject("cube", "red", (0.5, y, 0.025), (0.05, 0.05, 0.05), 0.9) for y in (0.0, 0.06)]
    assert len(merge_split_objects(cubes)) == 2  # two cubes side by side


def test_colour_cast_is_measured_on_the_lit_pixels_of_a_grey_surface() -> None:
    pixels = np.zeros((20, 20, 3), np.uint8)
    pixels[:10] = (120, 120, 120)
    pixels[10:] = (150, 120, 90)   # the same grey under a warm light
    pixels[0, :] = (255, 255, 255)  # clipped: not counted
    top, bottom = np.zeros((20, 20), bool), np.zeros((20, 20), bool)
    top[:10], bottom[10:] = True, True
    assert colour_cast_deg(pixels, top, np.ones(3)) == pytest.approx(0.0, abs=1e-6)
    warm = colour_cast_deg(pixels, bottom, np.ones(3))
    assert warm is not None and warm > 10.0
    assert colour_cast_deg(pixels, bottom, np.array([120 / 150, 1.0, 120 / 90])) == pytest.approx(0.0, abs=1e-6)
    few = np.zeros((20, 20), bool)
    few[12, :5] = True
    assert colour_cast_deg(pixels, few, np.ones(3)) is None
