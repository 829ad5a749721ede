"""Fusion: time-synchronised, staleness-checked Observations from every sensor source.

Each source keeps a short history of samples in stamp order; stamps that go backwards or lie in
the future are dropped and counted. At each tick the observation is anchored on the newest
object detection (i.e. the newest processed camera frame) and every other source contributes the
sample whose stamp is nearest to that anchor within ``sync_slop_s`` (approximate-time sync); a
source with no sample within the slop contributes its newest one and counts as unsynchronised.
A source whose newest sample is older than its staleness limit is stale: its data is left out
(objects, scan, IMU) or passed on with the flag raised (odometry, joints).
An Observation goes out as soon as new detections arrive (see ObservationTrigger), so the camera
frame's age at the planner is its processing time, not a wait for a fixed-rate tick.
Times are ROS-clock nanoseconds (sim time in sim and replay).
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from lam_core.datatypes import (
    EMPTY_SCAN_SUMMARY,
    DetectedObject,
    Footprint,
    FrameDetections,
    ImuSample,
    JointStates,
    LowObstacles,
    Observation,
    Odometry,
    Point2,
    Pose2D,
    ScanSummary,
    SourceStatus,
)
from lam_core.errors import ConfigError, InputError
from lam_core.geometry import inside_convex, into_frame, out_of_frame
from lam_core.node_configs import FusionNodeConfig
from lam_core.robot.description import robot_description

# Sources of an observation, in report order. New modalities (e.g. "audio") are new entries.
# "color" is the camera thumbnail (made by camera_node from each processed frame).
SOURCES = ("color", "objects", "scan", "imu", "odom", "joints")
ANCHOR = "objects"
TRACK_GATE_M = 0.5  # a detection within this of a track of its name (odom frame) continues it [m]
HISTORY = 64  # samples kept per source (0.64 s of IMU at 100 Hz)
# /diagnostics status of the published observations: newest sensor stamp -> publish latency.
OBSERVATION_DIAGNOSTIC_NAME = "fusion_node: observation"


@dataclass(frozen=True)
class FusionConfig:
    stale_after_s: dict[str, float]   # per source: newest sample older than this is stale [s]
    future_tolerance_s: float         # stamps further ahead of the clock are dropped [s]
    sync_slop_s: float                # max stamp distance to the anchor for a synchronised sample [s]
    low_obstacle_keep_radius_m: float = 2.5  # low obstacles out of view are kept within this of base_link [m]
    robot_outline: Footprint | None = None   # low obstacles under the robot are forgotten (LowObstacleMap)


@dataclass
class ObservationTrigger:
    """When an Observation goes out: at once for each new set of detections (the anchor), and from
    a fallback timer when none went out for ``fallback_after_ns`` (camera late, stopped or not
    yet started), so the planner still sees the stale flags and stops."""

    fallback_after_ns: int
    last_ns: int = -1  # clock time of the last Observation [ns]

    def on_detections(self, now_ns: int) -> bool:
        self.last_ns = now_ns
        return True

    def on_timer(self, now_ns: int) -> bool:
        if self.last_ns >= 0 and now_ns - self.last_ns < self.fallback_after_ns:
            return False
        self.last_ns = now_ns
        return True


@dataclass
class _Source:
    samples: deque[tuple[int, Any]] = field(default_factory=lambda: deque(maxlen=HISTORY))
    dropped: int = 0
    unsynced: int = 0
    rate_hz: float = 0.0
    last_arrival_ns: int = -1

    @property
    def newest_ns(self) -> int:
        return self.samples[-1][0] if self.samples else -1

    def nearest(self, stamp_ns: int) -> tuple[int, Any]:
        return min(self.samples, key=lambda s: abs(s[0] - stamp_ns))


class ObjectTracker:
    """Ids for detected objects that stay the same across frames, so a goal can name one object
    ("the left red box") and the actor keeps to it. Each detection is associated, in the odom frame,
    with the nearest track of its colour and label within ``gate_m`` that no other detection of the
    frame took; otherwise it starts a new track ("red-box-2"). Tracks are kept while out of view:
    the objects of this world stay where they are unless the robot carries them."""

    def __init__(self, gate_m: float = TRACK_GATE_M) -> None:
        self.gate_m = gate_m
        self._tracks: dict[str, tuple[str, float, float]] = {}  # id -> (name, x, y in odom [m])
        self._counts: dict[str, int] = {}

    def assign(self, objects: tuple[DetectedObject, ...], odometry: Odometry | None) -> tuple[DetectedObject, ...]:
        """``objects`` with their track ids (positions through ``odometry``; base_link when None).
        Pairs of a detection and a track of its name within the gate are taken nearest first, so a
        piece of an object measured aside cannot take the track of the object seen in the same
        frame; a detection left without one starts a track."""
        pose = odometry.pose if odometry is not None else None
        places: dict[int, tuple[float, float]] = {}
        for i, obj in enumerate(objects):
            x, y = obj.position_m[0], obj.position_m[1]
            if math.isfinite(x) and math.isfinite(y):
                places[i] = out_of_frame(pose.x_m, pose.y_m, pose.yaw_rad, x, y) if pose is not None else (x, y)
        pairs = sorted((math.hypot(tx - x, ty - y), i, tid) for i, (x, y) in places.items()
                       for tid, (name, tx, ty) in self._tracks.items() if name == objects[i].name)
        ids: dict[int, str] = {}
        taken: set[str] = set()
        for dist, i, tid in pairs:
            if dist <= self.gate_m and i not in ids and tid not in taken:
                ids[i] = tid
                taken.add(tid)
        out: list[DetectedObject] = []
        for i, obj in enumerate(objects):
            if i not in places:
                out.append(obj)
                continue
            tid = ids.get(i, "")
            if not tid:
                self._counts[obj.name] = self._counts.get(obj.name, 0) + 1
                tid = f"{obj.name.replace(' ', '-')}-{self._counts[obj.name]}"
            self._tracks[tid] = (obj.name, *places[i])
            out.append(replace(obj, track_id=tid))
        return tuple(out)


class ObservationAssembler:
    """Collects samples with ``offer``; builds Observations with ``assemble`` (objects carry track
    ids from an ObjectTracker; low obstacles are remembered in odom by a LowObstacleMap while out
    of view)."""

    def __init__(self, config: FusionConfig) -> None:
        missing = set(SOURCES) - set(config.stale_after_s)
        if missing:
            raise InputError(f"no staleness limit for sources: {', '.join(sorted(missing))}")
        self.config = config
        self._sources = {name: _Source() for name in SOURCES}
        self.tracker = ObjectTracker()
        self.low_obstacles = LowObstacleMap(config.low_obstacle_keep_radius_m, config.robot_outline)
        self._tracked: tuple[int, tuple[DetectedObject, ...]] = (-1, ())  # (stamp, objects with ids) of the last frame

    def offer(self, source: str, stamp_ns: int, value: Any, now_ns: int) -> bool:
        """Accept a sample unless its stamp goes backwards or lies in the future. Returns accepted."""
        src = self._sources[source]
        future_ns = int(self.config.future_tolerance_s * 1e9)
        if stamp_ns < 0 or stamp_ns < src.newest_ns or stamp_ns > now_ns + future_ns:
            src.dropped += 1
            return False
        if src.last_arrival_ns >= 0 and now_ns > src.last_arrival_ns:
            inst = 1e9 / (now_ns - src.last_arrival_ns)
            src.rate_hz = inst if src.rate_hz == 0.0 else 0.8 * src.rate_hz + 0.2 * inst
        src.last_arrival_ns = now_ns
        src.samples.append((stamp_ns, value))
        return True

    def reject(self, source: str) -> None:
        """Count a sample that was malformed before it could be offered."""
        self._sources[source].dropped += 1

    def statuses(self, now_ns: int) -> tuple[SourceStatus, ...]:
        out = []
        for name in SOURCES:
            src = self._sources[name]
            if not src.samples:
                out.append(SourceStatus(name, -1.0, True, 0.0, src.dropped))
                continue
            age = max(0.0, (now_ns - src.newest_ns) * 1e-9)
            out.append(SourceStatus(name, age, age > self.config.stale_after_s[name], src.rate_hz, src.dropped))
        return tuple(out)

    def unsynchronised(self, source: str) -> int:
        """How many observations used this source's newest sample because none was within the slop."""
        return self._sources[source].unsynced

    def _pick(self, name: str, anchor_ns: int) -> tuple[int, Any] | None:
        src = self._sources[name]
        if not src.samples:
            return None
        if anchor_ns < 0:
            return src.samples[-1]
        stamp, value = src.nearest(anchor_ns)
        if abs(stamp - anchor_ns) > self.config.sync_slop_s * 1e9:
            src.unsynced += 1
            return src.samples[-1]
        return stamp, value

    def assemble(self, now_ns: int) -> Observation:
        """The observation at now_ns, anchored on the newest detections (see the module doc)."""
        statuses = self.statuses(now_ns)
        fresh = {s.name: not s.stale for s in statuses}
        anchor_ns = self._sources[ANCHOR].newest_ns if fresh[ANCHOR] else -1
        picked = {name: self._pick(name, anchor_ns) for name in SOURCES}
        frame: FrameDetections = picked["objects"][1] if picked["objects"] and fresh["objects"] else FrameDetections(())
        objects = frame.objects
        scan: ScanSummary = picked["scan"][1] if picked["scan"] and fresh["scan"] else EMPTY_SCAN_SUMMARY
        imu: ImuSample | None = picked["imu"][1] if picked["imu"] and fresh["imu"] else None
        odom: Odometry | None = picked["odom"][1] if picked["odom"] else None
        joints: JointStates | None = picked["joints"][1] if picked["joints"] else None
        if picked["objects"] is not None and fresh["objects"]:
            stamp = picked["objects"][0]
            if self._tracked[0] != stamp:  # each frame is tracked and mapped once, however often it is assembled
                self._tracked = (stamp, self.tracker.assign(objects, odom) if objects else ())
                if odom is not None:
                    self.low_obstacles.update(frame.low_obstacles, odom.pose)
            objects = self._tracked[1]
        low: tuple[Point2, ...] = frame.low_obstacles.cells_m
        if odom is not None:
            low = self.low_obstacles.cells_in_base(odom.pose)
        stamps = [p[0] for p in picked.values() if p is not None]
        return Observation(
            stamp_ns=anchor_ns if anchor_ns >= 0 else (max(stamps) if stamps else now_ns),
            sources=statuses,
            objects=objects,
            scan=scan,
            odometry=odom,
            yaw_rate_radps=imu.angular_velocity_radps[2] if imu is not None else math.nan,
            joints=joints,
            thumbnail=picked["color"][1] if picked["color"] else None,
            newest_sensor_ns=max((src.newest_ns for src in self._sources.values()), default=-1),
            camera_problems=frame.problems,
            low_obstacles_m=low,
        )


MAP_CELL_M = 0.05  # the odom grid LowObstacleMap keeps cells in [m]


class LowObstacleMap:
    """Low obstacles (lam_core.perception.low_obstacles) in odom cells, kept while out of view:
    a cell is forgotten when a later frame looks at its place (the frame's floor view) and does not
    see it there, when the robot is farther than keep_radius_m from it, or when the robot's own
    outline covers it (the camera cannot see under the robot, and nothing can be where it stands)."""

    def __init__(self, keep_radius_m: float, outline: Footprint | None = None, cell_m: float = MAP_CELL_M) -> None:
        if cell_m <= 0.0 or keep_radius_m <= 0.0:
            raise ConfigError("low obstacles: cell_m and keep_radius_m must be positive")
        self.cell_m = cell_m
        self.keep_radius_m = keep_radius_m
        self.outline = outline
        self._cells: set[tuple[int, int]] = set()

    def __len__(self) -> int:
        return len(self._cells)

    def update(self, frame: LowObstacles, pose: Pose2D) -> None:
        """Take one frame's cells (base_link at ``pose``, the robot's pose in odom when the frame
        was taken): its own are added; others in its floor view, beyond keep_radius_m of the robot
        or under it are forgotten."""
        seen = {self._key(*out_of_frame(pose.x_m, pose.y_m, pose.yaw_rad, x, y)) for x, y in frame.cells_m}
        self._cells |= seen
        if not self._cells:
            return
        keys = sorted(self._cells)
        base = np.array([into_frame(pose.x_m, pose.y_m, pose.yaw_rad, (i + 0.5) * self.cell_m, (j + 0.5) * self.cell_m)
                         for i, j in keys])
        bx, by = base[:, 0], base[:, 1]
        unseen = np.array([key not in seen for key in keys])
        gone = (inside_convex(frame.floor_view_m, bx, by) & unseen) | (np.hypot(bx, by) > self.keep_radius_m)
        if self.outline is not None:
            gone |= self.outline.contains(bx, by)
        for key, forget in zip(keys, gone, strict=True):
            if forget:
                self._cells.discard(key)

    def _key(self, x_m: float, y_m: float) -> tuple[int, int]:
        return (math.floor(x_m / self.cell_m), math.floor(y_m / self.cell_m))

    def cells_in_base(self, pose: Pose2D) -> tuple[Point2, ...]:
        """The kept cells' centres in base_link at ``pose`` [m], nearest first."""
        out = [into_frame(pose.x_m, pose.y_m, pose.yaw_rad, (i + 0.5) * self.cell_m, (j + 0.5) * self.cell_m)
               for i, j in self._cells]
        return tuple(sorted(out, key=lambda p: p[0] * p[0] + p[1] * p[1]))


def make_assembler(cfg: FusionNodeConfig) -> ObservationAssembler:
    """The assembler with the fusion node's staleness limits."""
    stale = {name: getattr(cfg, f"stale_{name}_s") for name in SOURCES}
    return ObservationAssembler(FusionConfig(stale, cfg.future_tolerance_s, cfg.sync_slop_s, cfg.low_obstacle_keep_radius_m,
                                             robot_description().footprint()))


def make_trigger(cfg: FusionNodeConfig) -> ObservationTrigger:
    return ObservationTrigger(round(cfg.fallback_after_s * 1e9))
