"""Is a camera frame fit to detect in? A covered lens or a blown-out frame gives no objects (never
a wrong label read from noise or glare), and every condition is reported so that camera_node can
say it on /diagnostics.

Conditions, from a subsample of the frame (every STRIDE-th pixel in each direction):
  covered       nearly every pixel black and the frame nearly uniform (a lens cap, a hand, a
                dead sensor). A dim room is not covered: its pixels still vary.
  over-exposed  most pixels saturated (the camera looking into a lamp or the sun).
  depth holes   most depth pixels unknown (0 or NaN): objects can still be named but few can be
                measured; reported, not suppressed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from lam_core.datatypes import (
    COVERED,
    DEPTH_HOLES,
    FRAME_PROBLEMS,
    NO_LOW_OBSTACLES,
    OVEREXPOSED,
    UNUSABLE_FRAME_PROBLEMS,
    CameraIntrinsics,
    DepthImage,
    DetectedObject,
    Footprint,
    FrameDetections,
    RgbImage,
)
from lam_core.perception.color_objects import ObjectDetector, validate_rgbd
from lam_core.perception.low_obstacles import LowObstacleFinder

STRIDE = 4
DARK_LUMA = 10.0            # a pixel this dark (8-bit luma) counts as black
COVERED_DARK_SHARE = 0.97   # covered: at least this share of black pixels ...
COVERED_MAX_STD = 3.0       # ... and a luma standard deviation below this (8-bit counts)
SATURATED_VALUE = 250       # a pixel with any channel at or above this is saturated
OVEREXPOSED_SHARE = 0.6     # over-exposed: at least this share of saturated pixels
DEPTH_HOLES_SHARE = 0.5     # depth holes: less than this share of depth pixels known



@dataclass(frozen=True)
class FrameCondition:
    """What one RGB-D frame looks like to the detector; shares are 0..1, luma in 8-bit counts."""

    mean_luma: float
    luma_std: float
    dark_share: float
    saturated_share: float
    depth_known_share: float
    problems: tuple[str, ...] = ()

    @property
    def usable(self) -> bool:
        """False when nothing in the frame may be named (covered or over-exposed)."""
        return not UNUSABLE_FRAME_PROBLEMS.intersection(self.problems)


def assess_frame(rgb: RgbImage, depth: DepthImage) -> FrameCondition:
    """The condition of a frame that passed validate_rgbd (module docstring); well under a
    millisecond at 640x480."""
    pixels = rgb.pixels[::STRIDE, ::STRIDE].astype(np.float32)  # a validated, non-empty frame
    luma = pixels @ np.array([0.299, 0.587, 0.114], dtype=np.float32)
    dark = float(np.mean(luma < DARK_LUMA))
    saturated = float(np.mean(pixels.max(axis=2) >= SATURATED_VALUE))
    std = float(luma.std())
    d = depth.depth_m[::STRIDE, ::STRIDE]
    known = float(np.mean(np.isfinite(d) & (d > 0)))
    problems = []
    if dark >= COVERED_DARK_SHARE and std < COVERED_MAX_STD:
        problems.append(COVERED)
    if saturated >= OVEREXPOSED_SHARE:
        problems.append(OVEREXPOSED)
    if known < DEPTH_HOLES_SHARE:
        problems.append(DEPTH_HOLES)
    return FrameCondition(float(luma.mean()), std, dark, saturated, known, tuple(problems))


class CheckedDetector:
    """A detector behind the frame check: a malformed frame (or one over ``max_pixels``) is an
    InputError as for every detector (color_objects.validate_rgbd), an unusable frame gives no
    objects. ``last`` is the condition of the latest well-formed frame (None before the first).
    With ``low_obstacles``, detect_frame also reports the frame's obstacles below the lidar's plane
    (from depth alone; a frame with depth holes forgets nothing it did not see). With ``body``
    (the robot's outline in base_link, grown by ``body_margin_m``), an object whose centre lies on
    it is the robot's own body in view (its white deck, a grey arm), never an object of the world."""

    def __init__(self, inner: ObjectDetector, max_pixels: int, low_obstacles: LowObstacleFinder | None = None,
                 body: Footprint | None = None, body_margin_m: float = 0.0) -> None:
        self.inner = inner
        self.max_pixels = max_pixels
        self.low_obstacles = low_obstacles
        self.body = body
        self.body_margin_m = body_margin_m
        self.last: FrameCondition | None = None

    def detect(self, rgb: RgbImage, depth: DepthImage, k: CameraIntrinsics) -> list[DetectedObject]:
        validate_rgbd(rgb, depth, self.max_pixels)
        self.last = assess_frame(rgb, depth)
        if not self.last.usable:
            return []
        objects = self.inner.detect(rgb, depth, k)
        if self.body is None or not objects:
            return objects
        xy = np.array([o.position_m[:2] for o in objects], dtype=np.float64)
        on_body = self.body.contains(xy[:, 0], xy[:, 1], self.body_margin_m)
        return [o for o, own in zip(objects, on_body, strict=True) if not own]

    def detect_frame(self, rgb: RgbImage, depth: DepthImage, k: CameraIntrinsics) -> FrameDetections:
        """``detect`` with the frame's problems beside the objects."""
        objects = self.detect(rgb, depth, k)
        problems = self.last.problems if self.last is not None else ()
        low = NO_LOW_OBSTACLES
        if self.low_obstacles is not None:
            low = self.low_obstacles.find(depth, k)
            if DEPTH_HOLES in problems:
                low = replace(low, floor_view_m=())
        return FrameDetections(tuple(objects), problems, low)


def known_problems(problems: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """The frame problems this module knows, in its order; anything else (a hostile or newer
    publisher) is left out."""
    return tuple(p for p in FRAME_PROBLEMS if p in problems)
