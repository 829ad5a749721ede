"""Obstacle summary of a planar scan. The laser frame is taken as aligned with base_link
(the lidar sits on the base's vertical axis, unrotated)."""

from __future__ import annotations

import math

import numpy as np

from lam_core.datatypes import LaserScan, ScanSummary
from lam_core.errors import InputError
from lam_core.geometry import wrap_angle


def summarize_scan(scan: LaserScan, sectors: int, free_range_m: float) -> ScanSummary:
    """Minimum range per sector (sector 0 centred on the back, -pi), nearest return, and the centre
    bearing of the widest run of sectors whose minimum exceeds free_range_m. NaN and out-of-range
    returns count as no return."""
    if sectors < 1:
        raise InputError("sectors must be >= 1")
    ranges = np.asarray(scan.ranges_m, dtype=np.float32)
    if ranges.ndim != 1 or len(ranges) == 0:
        raise InputError("scan has no ranges")
    if not (math.isfinite(scan.angle_min_rad) and math.isfinite(scan.angle_increment_rad)):
        raise InputError("scan angles are not finite")
    good = np.isfinite(ranges) & (ranges >= scan.range_min_m) & (ranges <= scan.range_max_m)
    r = np.where(good, ranges, np.float32(scan.range_max_m))
    angles = scan.angles_rad()
    width = 2.0 * math.pi / sectors
    index = (np.floor((angles + math.pi) / width + 0.5).astype(np.int64)) % sectors
    mins = np.full(sectors, scan.range_max_m, dtype=np.float32)
    np.minimum.at(mins, index, r)
    if good.any():
        i = int(np.argmin(np.where(good, ranges, np.inf)))
        nearest, nearest_bearing = float(ranges[i]), float(angles[i])
    else:
        nearest, nearest_bearing = math.inf, 0.0
    free = mins > free_range_m
    best_len, best_mid = 0, 0.0
    if free.all():
        best_mid = 0.0
    else:
        start = int(np.argmin(free))  # a blocked sector: runs never wrap past it
        run = 0
        for step in range(1, sectors + 1):
            j = (start + step) % sectors
            if free[j]:
                run += 1
                if run > best_len:
                    best_len = run
                    best_mid = (j - (run - 1) / 2.0)
            else:
                run = 0
    free_bearing = wrap_angle(-math.pi + best_mid * width)
    return ScanSummary(
        valid=True,
        angle_min_rad=-math.pi,
        sector_width_rad=width,
        sector_min_range_m=tuple(float(x) for x in mins),
        nearest_range_m=nearest,
        nearest_bearing_rad=nearest_bearing,
        free_bearing_rad=float(free_bearing),
        range_max_m=float(scan.range_max_m),
    )
