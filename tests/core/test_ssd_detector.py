"""The learned (SSD-MobileNet-v2 COCO) detector: loads offline from its wheel, runs on RGB-D,
names a missing model file, and is chosen by the camera_node parameter."""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from lam_core.config import load_config
from lam_core.errors import ConfigError
from lam_core.node_configs import CameraNodeConfig
from lam_core.paths import config_dir
from lam_core.perception.color_objects import ColorObjectDetector
from lam_core.perception.factory import make_detector
from lam_core.perception.learned_detector import LearnedObjectDetector
from lam_core.perception.ssd_detector import SsdObjectDetector, dominant_color, model_files
from lam_core.scenarios import make_scenario
from lam_core.sim.world import SimWorld

CFG = load_config(CameraNodeConfig, config_dir() / "camera_node.yaml", "camera_node")


def test_default_detector_is_the_learned_one_the_hue_bands_stay_selectable_and_unknown_names_fail() -> None:
    assert isinstance(make_detector(CFG).inner, LearnedObjectDetector)
    assert isinstance(make_detector(replace(CFG, detector="color")).inner, ColorObjectDetector)
    with pytest.raises(ConfigError, match="unknown detector 'yolo'"):
        make_detector(replace(CFG, detector="yolo"))


def test_missing_model_file_is_named(tmp_path: Path) -> None:
    (tmp_path / "frozen_inference_graph.pb").write_bytes(b"")
    with pytest.raises(ConfigError, match="frozen_inference_graph.pb"):
        model_files(str(tmp_path))
    with pytest.raises(ConfigError, match="missing or empty"):
        make_detector(replace(CFG, detector="ssd", ssd_model_dir=str(tmp_path)))


def test_ssd_runs_on_rgbd_and_places_what_it_finds_in_base_link() -> None:
    weights, graph = model_files("")
    assert weights.stat().st_size > 10_000_000 and graph.is_file()
    detector = make_detector(replace(CFG, detector="ssd", ssd_score_threshold=0.05)).inner
    assert isinstance(detector, SsdObjectDetector)
    world = SimWorld(make_scenario("goto", "train", 0, target_color="red"))  # the scene config/sim_node.yaml loads
    try:
        world.step(10)
        rgb, depth = world.render_rgbd()
        objects = detector.detect(rgb, depth, world.intrinsics)
        truth = world.ground_truth()
    finally:
        world.close()
    assert objects, "SSD found nothing in the scene"
    for obj in objects:
        assert all(math.isfinite(v) for v in obj.position_m)
        assert 0.05 <= obj.confidence <= 1.0 and obj.label
        assert 0.0 < obj.position_m[0] < 10.0  # in front of the robot
    # COCO has no boxes; whatever the network calls the red box, its position comes from depth and
    # must land on the box (the most confident red detection here), in base_link.
    best = max((o for o in objects if o.color == "red"), key=lambda o: o.confidence)
    box = next(o for o in truth.objects if o.name == "red box")
    dx, dy = box.position_m[0] - truth.robot.x_m, box.position_m[1] - truth.robot.y_m
    c, s = math.cos(truth.robot.yaw_rad), math.sin(truth.robot.yaw_rad)
    bx, by = c * dx + s * dy, -s * dx + c * dy
    assert best.color == "red" and math.hypot(best.position_m[0] - bx, best.position_m[1] - by) < 0.3, (best, (bx, by))


def test_dominant_colour_of_a_patch() -> None:
    patch = np.full((20, 20, 3), 120, np.uint8)
    assert dominant_color(patch, 80, 40) == ""
    patch[:10] = (20, 40, 220)
    assert dominant_color(patch, 80, 40) == "blue"
