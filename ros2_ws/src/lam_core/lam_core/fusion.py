"""Fusion: the latest sample of every source, checked for order and staleness, assembled at a
fixed rate into one Observation. Times are ROS-clock nanoseconds (sim time in sim and replay)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np

from lam_core.errors import InputError
from lam_core.types import (
    EMPTY_SCAN_SUMMARY,
    DetectedObject,
    ImuSample,
    JointStates,
    Observation,
    Odometry,
    RgbImage,
    ScanSummary,
    SourceStatus,
)

# Sources of an observation, in report order.
SOURCES = ("color", "objects", "scan", "imu", "odom", "joints")


@dataclass(frozen=True)
class FusionConfig:
    stale_after_s: dict[str, float]   # per source: older than this is stale [s]
    future_tolerance_s: float         # stamps further ahead of the clock are dropped [s]
    thumbnail_width: int
    thumbnail_height: int


@dataclass
class _Slot:
    stamp_ns: int = -1
    value: Any = None
    dropped: int = 0
    rate_hz: float = 0.0
    _last_arrival_ns: int = field(default=-1, repr=False)


class ObservationAssembler:
    """Keeps the newest valid sample per source; builds Observations on demand."""

    def __init__(self, config: FusionConfig) -> None:
        missing = set(SOURCES) - set(config.stale_after_s)
        if missing:
            raise InputError(f"no staleness limit for sources: {', '.join(sorted(missing))}")
        self.config = config
        self._slots = {name: _Slot() for name in SOURCES}
        self._thumbnail: RgbImage | None = None
        self._thumb_source_stamp = -1

    def offer(self, source: str, stamp_ns: int, value: Any, now_ns: int) -> bool:
        """Accept a sample unless its stamp goes backwards or lies in the future. Returns accepted."""
        slot = self._slots[source]
        future_ns = int(self.config.future_tolerance_s * 1e9)
        if stamp_ns < slot.stamp_ns or stamp_ns > now_ns + future_ns or stamp_ns < 0:
            slot.dropped += 1
            return False
        if slot._last_arrival_ns >= 0 and now_ns > slot._last_arrival_ns:
            inst = 1e9 / (now_ns - slot._last_arrival_ns)
            slot.rate_hz = inst if slot.rate_hz == 0.0 else 0.8 * slot.rate_hz + 0.2 * inst
        slot._last_arrival_ns = now_ns
        slot.stamp_ns, slot.value = stamp_ns, value
        return True

    def reject(self, source: str) -> None:
        """Count a sample that was malformed before it could be offered."""
        self._slots[source].dropped += 1

    def statuses(self, now_ns: int) -> tuple[SourceStatus, ...]:
        out = []
        for name in SOURCES:
            slot = self._slots[name]
            if slot.stamp_ns < 0:
                out.append(SourceStatus(name, -1.0, True, 0.0, slot.dropped))
                continue
            age = max(0.0, (now_ns - slot.stamp_ns) * 1e-9)
            out.append(SourceStatus(name, age, age > self.config.stale_after_s[name], slot.rate_hz, slot.dropped))
        return tuple(out)

    def _thumb(self) -> RgbImage | None:
        slot = self._slots["color"]
        if slot.value is None:
            return None
        if slot.stamp_ns != self._thumb_source_stamp:
            img: RgbImage = slot.value
            small = cv2.resize(
                img.pixels, (self.config.thumbnail_width, self.config.thumbnail_height), interpolation=cv2.INTER_AREA
            )
            self._thumbnail = RgbImage(img.stamp_ns, img.frame_id, np.ascontiguousarray(small))
            self._thumb_source_stamp = slot.stamp_ns
        return self._thumbnail

    def assemble(self, now_ns: int) -> Observation:
        """The observation at now_ns. Data from stale sources is left out (objects, scan) or kept
        with its stale flag raised (odometry, joints), so consumers never act on old obstacles."""
        statuses = self.statuses(now_ns)
        fresh = {s.name: not s.stale for s in statuses}
        stamps = [slot.stamp_ns for slot in self._slots.values() if slot.stamp_ns >= 0]
        objects: tuple[DetectedObject, ...] = tuple(self._slots["objects"].value or ()) if fresh["objects"] else ()
        scan: ScanSummary = self._slots["scan"].value if fresh["scan"] else EMPTY_SCAN_SUMMARY
        imu: ImuSample | None = self._slots["imu"].value
        yaw_rate = imu.angular_velocity_radps[2] if (imu is not None and fresh["imu"]) else math.nan
        odom: Odometry | None = self._slots["odom"].value
        joints: JointStates | None = self._slots["joints"].value
        return Observation(
            stamp_ns=max(stamps) if stamps else now_ns,
            sources=statuses,
            objects=objects,
            scan=scan,
            odometry=odom,
            yaw_rate_radps=yaw_rate,
            joints=joints,
            thumbnail=self._thumb(),
        )
