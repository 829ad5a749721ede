"""Classical RGB-D object perception: coloured objects by hue, 3-D position from depth.

Input: an RGB image and a depth image registered to it (same size, same optical frame), the
intrinsics, and the camera mounting pose in base_link. Output: objects in base_link [m], at their
centre (found from the top face, which a camera looking down always sees), labelled by height.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Protocol

import cv2
import numpy as np

from lam_core.datatypes import CameraIntrinsics, DepthImage, DetectedObject, RgbImage
from lam_core.errors import InputError
from lam_core.perception.camera import CameraMount
from lam_core.perception.image_formats import check_image_size
from lam_core.stats import rank_quantiles
from lam_core.vocabulary import COLOR_HUES, HUE_DETECTOR_LABELS, LABEL_SIZES_M

TOP_FACE_BAND_M = 0.015  # points this close below the highest ones belong to the top face
# surface_above: the pixel where a vertical surface at the depth of a blob column's top pixel would
# stand ABOVE_RISE_M higher (at least ABOVE_PX above it) is compared with that top pixel; it is the
# same surface when its depth is within SURFACE_DEPTH_STEP of the top pixel's (5 cm + 3 % of the
# depth: depth noise) and it rises at least half as much as a vertical surface would. An object's
# top cut a few centimetres short by its colour (a bottle's lit cap) is not the foot of a wall.
ABOVE_PX = 3
ABOVE_RISE_M = 0.06
SURFACE_DEPTH_STEP = (0.05, 0.03)
# outline_width: from each row's outermost blob pixel, left and right, the object's surface is
# followed outward (at most OUTLINE_SEARCH_PX) while each pixel is within SURFACE_DEPTH_STEP of the
# one before and more than FLOOR_BAND_M above the floor; the row's width is the object's own where
# both sides end on something farther, the floor or no depth, in OUTLINE_ROWS_SHARE of the rows.
OUTLINE_SEARCH_PX = 24
FLOOR_BAND_M = 0.02
OUTLINE_ROWS_SHARE = 0.6
OUTLINE_WIDTH_QUANTILE = 90  # the width of the blob's widest rows, as a percentile over its rows


@dataclass(frozen=True)
class ColorDetectorConfig:
    """Tuning of the colour-object detector and where the camera sits (camera_link in base_link)."""

    mount: CameraMount
    min_saturation: int        # 0..255
    min_value: int             # 0..255
    min_area_px: int           # smallest blob kept, at the input resolution
    depth_min_m: float
    depth_max_m: float
    max_pixels: int            # larger images are rejected as oversized


def thumbnail(rgb: RgbImage, width: int, height: int) -> RgbImage:
    """A small copy of a colour image for the model (area averaging)."""
    small = cv2.resize(rgb.pixels, (width, height), interpolation=cv2.INTER_AREA)
    return RgbImage(rgb.stamp_ns, rgb.frame_id, np.ascontiguousarray(small))


def validate_rgbd(rgb: RgbImage, depth: DepthImage, max_pixels: int) -> None:
    """Raise InputError unless the pair is a non-empty, equal-size rgb8 + float depth pair."""
    px, d = rgb.pixels, depth.depth_m
    if px.ndim != 3 or px.shape[2] != 3 or px.dtype != np.uint8:
        raise InputError(f"colour image must be HxWx3 uint8, got {px.shape} {px.dtype}")
    if d.ndim != 2 or not np.issubdtype(d.dtype, np.floating):
        raise InputError(f"depth image must be HxW float metres, got {d.shape} {d.dtype}")
    if px.shape[0] == 0 or px.shape[1] == 0:
        raise InputError("empty colour image")
    if px.shape[:2] != d.shape:
        raise InputError(f"colour {px.shape[1]}x{px.shape[0]} and depth {d.shape[1]}x{d.shape[0]} differ in size")
    check_image_size(px.shape[1], px.shape[0], max_pixels)


def draw_detections(rgb: RgbImage, objects: list[DetectedObject], k: CameraIntrinsics, mount: CameraMount) -> RgbImage:
    """A copy of the image with each detection's centre, extent and name drawn on it."""
    canvas = rgb.pixels.copy()
    for obj in objects:
        centre = mount.project(obj.position_m, k)
        if centre is None:
            continue
        half = 0.5 * max(obj.size_m[0], obj.size_m[1])
        edge = mount.project((obj.position_m[0], obj.position_m[1] + half, obj.position_m[2]), k)
        r = int(abs(edge[0] - centre[0])) + 4 if edge is not None else 10
        u, v = int(centre[0]), int(centre[1])
        cv2.rectangle(canvas, (u - r, v - r), (u + r, v + r), (255, 255, 255), 1)
        cv2.drawMarker(canvas, (u, v), (255, 255, 255), cv2.MARKER_CROSS, 8, 1)
        text = f"{obj.name} {obj.distance_m:.2f}m"
        cv2.putText(canvas, text, (u - r, max(10, v - r - 3)), cv2.FONT_HERSHEY_SIMPLEX, 0.35, (255, 255, 255), 1)
    return RgbImage(rgb.stamp_ns, rgb.frame_id, canvas)


class ObjectDetector(Protocol):
    """What camera_node needs of a detector: RGB-D in, objects in base_link out."""

    def detect(self, rgb: RgbImage, depth: DepthImage, k: CameraIntrinsics) -> list[DetectedObject]: ...


class ColorObjectDetector:
    """Finds objects of the vocabulary colours; labels them by estimated height."""

    def __init__(self, config: ColorDetectorConfig) -> None:
        self.config = config
        self.mount = config.mount
        self._kernel = np.ones((3, 3), np.uint8)

    def detect(self, rgb: RgbImage, depth: DepthImage, k: CameraIntrinsics) -> list[DetectedObject]:
        cfg = self.config
        validate_rgbd(rgb, depth, cfg.max_pixels)
        if (k.width, k.height) != (rgb.width, rgb.height):
            raise InputError(f"camera_info {k.width}x{k.height} does not match image {rgb.width}x{rgb.height}")
        hsv = cv2.cvtColor(rgb.pixels, cv2.COLOR_RGB2HSV)
        d = depth.depth_m.astype(np.float32, copy=False)
        depth_ok = np.isfinite(d) & (d >= cfg.depth_min_m) & (d <= cfg.depth_max_m)
        objects: list[DetectedObject] = []
        for color, intervals in COLOR_HUES.items():
            # Hue in one of the colour's intervals, and vivid (saturation and value above the minimum).
            mask = cv2.inRange(hsv, (intervals[0][0], cfg.min_saturation, cfg.min_value), (intervals[0][1], 255, 255))
            for lo, hi in intervals[1:]:
                mask = cv2.bitwise_or(mask, cv2.inRange(hsv, (lo, cfg.min_saturation, cfg.min_value), (hi, 255, 255)))
            if cv2.countNonZero(mask) < cfg.min_area_px:
                continue
            mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, self._kernel)
            count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
            for i in range(1, count):
                if stats[i, cv2.CC_STAT_AREA] < cfg.min_area_px:
                    continue
                x, y, w, h = (int(v) for v in stats[i, :4])
                truncated = x == 0 or y == 0 or x + w == k.width or y + h == k.height
                box = (slice(y, y + h), slice(x, x + w))  # the blob's bounding box
                obj = self._measure(labels[box] == i, (x, y), d[box], depth_ok[box], k, color, truncated)
                if obj is not None:
                    objects.append(obj)
        return objects

    def _measure(
        self, blob: np.ndarray, origin_px: tuple[int, int], d: np.ndarray, depth_ok: np.ndarray, k: CameraIntrinsics,
        color: str, truncated: bool,
    ) -> DetectedObject | None:
        """Centre, size and label (by height, among HUE_DETECTOR_LABELS) of one blob; see ``measure_blob``. A blob cut by the
        image border gets half the confidence: its centre is biased towards the visible part."""
        geometry = measure_blob(self.mount, blob, origin_px, d, depth_ok, k)
        if geometry is None:
            return None
        label = min(HUE_DETECTOR_LABELS, key=lambda name: abs(LABEL_SIZES_M[name][2] - geometry.height_m))
        confidence = geometry.depth_fraction * min(1.0, geometry.pixels / 200.0) * (0.5 if truncated else 1.0)
        return DetectedObject(label=label, color=color, position_m=geometry.centre_m, size_m=geometry.size_m,
                              confidence=confidence)


@dataclass(frozen=True)
class BlobGeometry:
    """Where an image blob is in base_link: centre [m], extents (x, y, height) [m], the fraction of
    its pixels with valid depth and its size [px]."""

    centre_m: tuple[float, float, float]
    size_m: tuple[float, float, float]
    height_m: float
    depth_fraction: float
    pixels: int


def measure_blob(
    mount: CameraMount, blob: np.ndarray, origin_px: tuple[int, int], d: np.ndarray, depth_ok: np.ndarray,
    k: CameraIntrinsics,
) -> BlobGeometry | None:
    """Centre and size of the object under one blob, from depth. ``blob``, ``d`` and ``depth_ok``
    are the blob's bounding box of the image, whose top-left pixel is ``origin_px`` (u, v). None
    when too few of its pixels have depth."""
    valid = blob & depth_ok
    n_valid, n_blob = int(np.count_nonzero(valid)), int(np.count_nonzero(blob))
    if n_valid < max(10, n_blob // 4):
        return None
    v, u = np.nonzero(valid)
    pts = mount.deproject(u + origin_px[0], v + origin_px[1], d[v, u], k)
    lo, hi = rank_quantiles(pts, (5, 95))
    size = hi - lo
    # Objects stand on the floor (z = 0 in base_link): the top of the blob is the height.
    height = max(float(hi[2]), 0.0)
    # The camera looks down on every object, so its top face (or a bin's rim) is in view: the
    # centre of the top-face points is the object's centre in x and y.
    # Pixels shrink with distance, so the near part of the face has more points: take the
    # middle of its extent along and across the viewing direction, not the mean.
    top_xy = pts[pts[:, 2] >= rank_quantiles(pts[:, 2], (99,))[0] - TOP_FACE_BAND_M, :2]
    along = top_xy.mean(axis=0) - mount.position_m[:2]
    along /= max(float(np.linalg.norm(along)), 1e-9)
    across = np.array([-along[1], along[0]])
    a, b = top_xy @ along, top_xy @ across
    mid_a = float(np.sum(rank_quantiles(a, (2, 98)))) / 2.0
    mid_b = float(np.sum(rank_quantiles(b, (2, 98)))) / 2.0
    centre = np.array([*(mid_a * along + mid_b * across), height / 2.0])
    if not all(math.isfinite(c) for c in centre):
        return None
    return BlobGeometry((float(centre[0]), float(centre[1]), float(centre[2])), (float(size[0]), float(size[1]), height),
                        height, min(1.0, n_valid / n_blob), n_blob)


def outline_width(mount: CameraMount, blob: np.ndarray, origin_px: tuple[int, int], d: np.ndarray,
                  depth_ok: np.ndarray, k: CameraIntrinsics) -> float | None:
    """The width [m] across the camera's line of sight of an object seen whole, or None where it is
    not seen whole. ``blob`` is a mask whose top-left pixel is ``origin_px`` (u, v) in the image;
    ``d`` [m] and ``depth_ok`` are the whole image's.

    A blob is where the object's colour is, which a shadow, a second colour or a pattern can cut
    short of its outline, so in each row the object's surface is followed beyond the blob while it
    goes on (OUTLINE_SEARCH_PX). A side ends at the outline where the next pixel is farther, floor
    or without depth; it stays open where something nearer covers it, where the image cuts it or
    where the surface goes on past the search (a wall). Only where both sides end in
    OUTLINE_ROWS_SHARE of the rows with depth is the widest rows' width (OUTLINE_WIDTH_QUANTILE)
    the object's own."""
    rows = np.flatnonzero(blob.any(axis=1))
    if rows.size == 0:
        return None
    first = blob[rows].argmax(axis=1)
    last = blob.shape[1] - 1 - blob[rows][:, ::-1].argmax(axis=1)
    v = (rows + origin_px[1])[:, None]
    steps = np.arange(OUTLINE_SEARCH_PX + 1)
    row_index = np.arange(rows.size)
    ends, outer, edge_known = [], [], []
    for edge, direction in ((first, -1), (last, 1)):
        u = edge[:, None] + origin_px[0] + direction * steps[None, :]
        inside = (u >= 0) & (u < d.shape[1])
        u = np.clip(u, 0, d.shape[1] - 1)
        vv = np.broadcast_to(v, u.shape)
        ok = depth_ok[vv, u] & inside
        depth = np.where(ok, d[vv, u], 1.0).astype(np.float64)
        points = mount.deproject(u.ravel().astype(np.float64), vv.ravel().astype(np.float64), depth.ravel(), k)
        points = points.reshape(*u.shape, 3)
        step_m = SURFACE_DEPTH_STEP[0] + SURFACE_DEPTH_STEP[1] * depth[:, :-1]
        goes_on = ok[:, 1:] & (np.abs(depth[:, 1:] - depth[:, :-1]) <= step_m) & (points[:, 1:, 2] > FLOOR_BAND_M)
        stops = ~goes_on
        found = stops.any(axis=1)
        end = np.where(found, stops.argmax(axis=1), OUTLINE_SEARCH_PX)  # the surface's last pixel, in steps
        beyond = np.minimum(end + 1, OUTLINE_SEARCH_PX)
        last_m = depth[row_index, end]
        nearer = ok[row_index, beyond] & (depth[row_index, beyond] < last_m - SURFACE_DEPTH_STEP[0] - SURFACE_DEPTH_STEP[1] * last_m)
        ends.append(found & inside[row_index, beyond] & ~nearer)
        outer.append(points[row_index, end])
        edge_known.append(ok[:, 0])
    counted = edge_known[0] & edge_known[1]
    whole = ends[0] & ends[1] & counted
    if not counted.any() or np.count_nonzero(whole) < OUTLINE_ROWS_SHARE * np.count_nonzero(counted):
        return None
    left, right = outer[0][whole, :2], outer[1][whole, :2]
    sight = (left + right) / 2.0 - mount.position_m[:2]
    across = np.stack([-sight[:, 1], sight[:, 0]], axis=1) / np.linalg.norm(sight, axis=1, keepdims=True)
    pixel_m = np.linalg.norm(sight, axis=1) / k.fx  # the outermost pixels' centres lie half a pixel inside the outline
    widths = np.abs(np.sum((right - left) * across, axis=1)) + pixel_m
    return float(np.percentile(widths, OUTLINE_WIDTH_QUANTILE))


def surface_above(mount: CameraMount, blob: np.ndarray, origin_px: tuple[int, int], d: np.ndarray,
                  depth_ok: np.ndarray, k: CameraIntrinsics) -> float:
    """The share of a blob's columns in which the surface goes on upward past the blob's top: the
    pixel where a vertical surface would stand ABOVE_RISE_M above the column's topmost blob pixel
    (at least ABOVE_PX above it) is at about the same depth and rises at least half as much as a
    vertical surface at that depth would. ``blob`` is a mask whose top-left pixel is ``origin_px``
    (u, v) in the image; ``d`` [m] and ``depth_ok`` are the whole image's.

    An object's top is where its surface ends: the camera looks down on every object, so above
    its top edge lies something farther away. A blob on the lower part of a wall (or on any
    surface taller than what was segmented) has the same surface above it, so its measured height
    is not the object's. Columns without depth at either pixel do not count as continuing."""
    columns = np.flatnonzero(blob.any(axis=0))
    if columns.size == 0:
        return 0.0
    v_top = blob[:, columns].argmax(axis=0) + origin_px[1]
    u = columns + origin_px[0]
    known_top = depth_ok[v_top, u]
    u, v_top = u[known_top], v_top[known_top]
    d_top = d[v_top, u].astype(np.float64)
    offset = np.maximum(ABOVE_PX, np.ceil(ABOVE_RISE_M * k.fy / np.maximum(d_top, 1e-3))).astype(np.int64)
    v_above = v_top - offset
    inside = v_above >= 0
    u, v_top, v_above, d_top, offset = u[inside], v_top[inside], v_above[inside], d_top[inside], offset[inside]
    known = depth_ok[v_above, u]
    u, v_top, v_above, d_top, offset = u[known], v_top[known], v_above[known], d_top[known], offset[known]
    if u.size == 0:
        return 0.0
    d_above = d[v_above, u].astype(np.float64)
    same_depth = np.abs(d_above - d_top) <= SURFACE_DEPTH_STEP[0] + SURFACE_DEPTH_STEP[1] * d_top
    rise = mount.deproject(u, v_above, d_above, k)[:, 2] - mount.deproject(u, v_top, d_top, k)[:, 2]
    vertical_rise = offset * d_top / k.fy
    return float(np.count_nonzero(same_depth & (rise >= 0.5 * vertical_rise))) / float(columns.size)
