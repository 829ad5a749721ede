"""An image box a detector found, as an object in base_link: centre and extent from the depth in
the box's central half (where the object most likely is, not the background at its edges)."""

from __future__ import annotations

import numpy as np

from lam_core.datatypes import CameraIntrinsics, DepthImage, DetectedObject
from lam_core.perception.camera import CameraMount
from lam_core.perception.color_objects import ColorDetectorConfig

MIN_BOX_PX = 2       # boxes narrower or lower than this are dropped
MIN_DEPTH_SAMPLES = 4  # valid depth pixels needed in the central half


def object_from_box(box_px: np.ndarray, label: str, color: str, confidence: float, depth: DepthImage,
                    k: CameraIntrinsics, mount: CameraMount, cfg: ColorDetectorConfig) -> DetectedObject | None:
    """The object in the box (x0, y0, x1, y1 in pixels), or None when the box is too small or its
    central half holds too little valid depth (within cfg's depth range)."""
    u0, v0, u1, v1 = (round(float(c)) for c in box_px)
    if u1 - u0 < MIN_BOX_PX or v1 - v0 < MIN_BOX_PX:
        return None
    cu0, cu1 = u0 + (u1 - u0) // 4, u1 - (u1 - u0) // 4
    cv0, cv1 = v0 + (v1 - v0) // 4, v1 - (v1 - v0) // 4
    patch = depth.depth_m[cv0:cv1, cu0:cu1]
    valid = patch[np.isfinite(patch) & (patch >= cfg.depth_min_m) & (patch <= cfg.depth_max_m)]
    if valid.size < MIN_DEPTH_SAMPLES:
        return None
    z = float(np.median(valid))
    centre = mount.deproject(np.array([(u0 + u1) / 2.0]), np.array([(v0 + v1) / 2.0]), np.array([z]), k)[0]
    width_m, height_m = (u1 - u0) * z / k.fx, (v1 - v0) * z / k.fy
    return DetectedObject(label=label, color=color, position_m=(float(centre[0]), float(centre[1]), float(centre[2])),
                          size_m=(float(width_m), float(width_m), float(height_m)), confidence=confidence)
