"""Builds the camera node's object detector from its config."""

from __future__ import annotations

from lam_core.errors import ConfigError
from lam_core.node_configs import CameraNodeConfig
from lam_core.perception.color_objects import ColorDetectorConfig, ColorObjectDetector, ObjectDetector


def detector_config(cfg: CameraNodeConfig) -> ColorDetectorConfig:
    """The detector's camera mount (camera_link in base_link) and thresholds."""
    xyz, rpy = cfg.camera_xyz_m, cfg.camera_rpy_rad
    if len(xyz) != 3 or len(rpy) != 3:
        raise ConfigError("camera_xyz_m and camera_rpy_rad need 3 values each")
    return ColorDetectorConfig(
        (xyz[0], xyz[1], xyz[2]), (rpy[0], rpy[1], rpy[2]), cfg.min_saturation, cfg.min_value,
        cfg.min_area_px, cfg.depth_min_m, cfg.depth_max_m, cfg.max_pixels,
    )


def make_detector(cfg: CameraNodeConfig) -> ObjectDetector:
    """The configured detector (the SSD one loads its weights here)."""
    if cfg.detector == "color":
        return ColorObjectDetector(detector_config(cfg))
    if cfg.detector == "ssd":
        from lam_core.perception.ssd_detector import SsdObjectDetector

        return SsdObjectDetector(detector_config(cfg), cfg.ssd_model_dir, cfg.ssd_score_threshold)
    if cfg.detector == "learned":
        from lam_core.perception.learned_detector import LearnedObjectDetector

        return LearnedObjectDetector(detector_config(cfg), cfg.learned_model_dir, cfg.learned_min_confidence,
                                     threads=cfg.opencv_threads)
    raise ConfigError(f"camera_node: unknown detector {cfg.detector!r}; use color, learned or ssd")
