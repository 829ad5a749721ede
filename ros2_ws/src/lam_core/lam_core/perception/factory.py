"""Builds the camera node's object detector from its config and the camera mount from the robot
description (sim/lam_robot/robot.yaml, the one place that says where the camera sits)."""

from __future__ import annotations

from lam_core.contract import contract
from lam_core.errors import ConfigError
from lam_core.node_configs import CameraNodeConfig
from lam_core.perception.camera import CameraMount
from lam_core.perception.color_objects import ColorDetectorConfig, ColorObjectDetector, ObjectDetector
from lam_core.perception.frame_check import CheckedDetector
from lam_core.perception.low_obstacles import LowObstacleConfig, LowObstacleFinder
from lam_core.robot.description import RobotDescription, robot_description


def camera_mount(description: RobotDescription | None = None) -> CameraMount:
    """camera_link in base_link: the fixed transform of the description's camera link (default:
    the robot's). Refused when the camera hangs on a movable joint or the root is not base_link."""
    desc = description or robot_description()
    base = contract().frame("base")
    if desc.root != base:
        raise ConfigError(f"robot {desc.name}: root link {desc.root!r} is not the base frame {base!r}")
    link = desc.camera.link
    if link not in desc.links:
        raise ConfigError(f"robot {desc.name}: camera link {link!r} is not a link")
    parents = {j.child: j for j in desc.joints.values()}
    name = link
    while name in parents:
        joint = parents[name]
        if joint.movable:
            raise ConfigError(f"robot {desc.name}: camera link {link!r} hangs on movable joint {joint.name!r}; "
                              "a fixed camera mount needs fixed joints up to the base")
        name = joint.parent
    xyz, rot = desc.fixed_transform(link)
    return CameraMount(xyz, rot)


def detector_config(cfg: CameraNodeConfig, mount: CameraMount | None = None) -> ColorDetectorConfig:
    """The detector's thresholds and camera mount (default: from the robot description)."""
    return ColorDetectorConfig(
        mount or camera_mount(), cfg.min_saturation, cfg.min_value,
        cfg.min_area_px, cfg.depth_min_m, cfg.depth_max_m, cfg.max_pixels,
    )


def make_detector(cfg: CameraNodeConfig, mount: CameraMount | None = None) -> CheckedDetector:
    """The configured detector (the SSD one loads its weights here) behind the frame check
    (lam_core.perception.frame_check), with the low-obstacle finder; ``mount`` defaults to the
    robot description's camera."""
    mount = mount or camera_mount()
    return CheckedDetector(_detector(cfg, mount), cfg.max_pixels, low_obstacle_finder(cfg, mount) if cfg.low_obstacles else None,
                           robot_description().footprint(), cfg.low_obstacle_body_margin_m)


def low_obstacle_finder(cfg: CameraNodeConfig, mount: CameraMount, description: RobotDescription | None = None) -> LowObstacleFinder:
    """The finder of obstacles below the lidar's plane with the camera node's settings; the robot's
    own outline (left out of what it reports) from the description (default: the robot's)."""
    settings = LowObstacleConfig(cfg.low_obstacle_min_height_m, cfg.low_obstacle_max_height_m, cfg.low_obstacle_max_range_m,
                                 cfg.low_obstacle_cell_m, cfg.low_obstacle_min_points, cfg.low_obstacle_stride,
                                 cfg.low_obstacle_body_margin_m)
    return LowObstacleFinder(settings, mount, (description or robot_description()).footprint())


def _detector(cfg: CameraNodeConfig, mount: CameraMount | None) -> ObjectDetector:
    if cfg.detector == "color":
        return ColorObjectDetector(detector_config(cfg, mount))
    if cfg.detector == "ssd":
        from lam_core.perception.ssd_detector import SsdObjectDetector

        return SsdObjectDetector(detector_config(cfg, mount), cfg.ssd_model_dir, cfg.ssd_score_threshold)
    if cfg.detector == "learned":
        from lam_core.perception.learned_detector import LearnedObjectDetector

        return LearnedObjectDetector(detector_config(cfg, mount), cfg.learned_model_dir, cfg.learned_min_confidence,
                                     network_threads=cfg.network_threads)
    if cfg.detector == "open_vocab":
        from lam_core.perception.open_vocab import OpenVocabDetector

        return OpenVocabDetector(detector_config(cfg, mount), cfg.open_vocab_model_dir, cfg.open_vocab_score_threshold,
                                 threads=cfg.opencv_threads)
    raise ConfigError(f"camera_node: unknown detector {cfg.detector!r}; use learned, color, ssd or open_vocab")
