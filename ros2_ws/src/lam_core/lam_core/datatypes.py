"""Typed, frozen core data types. Units are in the field names; frames in the docstrings.

Arrays are numpy arrays owned by the instance; treat them as read-only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from enum import IntEnum

import numpy as np
import numpy.typing as npt

# The label of a target of any kind ("orange object": anything orange, as in "look for something orange").
ANY_LABEL = "object"
# The colour of a target of any colour ("any cube": whichever cube, as in "find a cube" with none in view).
ANY_COLOR = "any"

FloatArray = npt.NDArray[np.float32]
ByteImage = npt.NDArray[np.uint8]


@dataclass(frozen=True)
class RgbImage:
    """Colour image, HxWx3 uint8 RGB, in the camera optical frame."""

    stamp_ns: int
    frame_id: str
    pixels: ByteImage

    @property
    def width(self) -> int:
        return int(self.pixels.shape[1])

    @property
    def height(self) -> int:
        return int(self.pixels.shape[0])


@dataclass(frozen=True)
class DepthImage:
    """Depth image, HxW float32 metres along the optical axis; 0 or NaN where unknown."""

    stamp_ns: int
    frame_id: str
    depth_m: FloatArray

    @property
    def width(self) -> int:
        return int(self.depth_m.shape[1])

    @property
    def height(self) -> int:
        return int(self.depth_m.shape[0])


@dataclass(frozen=True)
class CameraIntrinsics:
    """Pinhole intrinsics of an undistorted image [pixels]."""

    width: int
    height: int
    fx: float
    fy: float
    cx: float
    cy: float

    @staticmethod
    def from_fovy(width: int, height: int, fovy_rad: float) -> CameraIntrinsics:
        """Square-pixel intrinsics from a vertical field of view (MuJoCo convention)."""
        f = 0.5 * height / math.tan(0.5 * fovy_rad)
        return CameraIntrinsics(width, height, f, f, (width - 1) / 2.0, (height - 1) / 2.0)


@dataclass(frozen=True)
class LaserScan:
    """Planar scan in the laser frame; counter-clockwise from angle_min; inf where no return."""

    stamp_ns: int
    frame_id: str
    angle_min_rad: float
    angle_increment_rad: float
    range_min_m: float
    range_max_m: float
    ranges_m: FloatArray

    def angles_rad(self) -> FloatArray:
        n = len(self.ranges_m)
        return (self.angle_min_rad + self.angle_increment_rad * np.arange(n)).astype(np.float32)


@dataclass(frozen=True)
class ImuSample:
    """IMU in the imu frame: orientation quaternion (x, y, z, w), gyro [rad/s], accel [m/s^2]."""

    stamp_ns: int
    frame_id: str
    orientation_xyzw: tuple[float, float, float, float]
    angular_velocity_radps: tuple[float, float, float]
    linear_acceleration_mps2: tuple[float, float, float]


@dataclass(frozen=True)
class Footprint:
    """Axis-aligned robot outline in base_link [m]."""

    front_m: float
    rear_m: float   # negative: the rear edge's x
    half_width_m: float

    @property
    def swept_radius_m(self) -> float:
        """Radius of the circle the footprint sweeps when turning in place about base_link."""
        return math.hypot(max(self.front_m, -self.rear_m), self.half_width_m)

    def contains(self, x: FloatArray | npt.NDArray[np.float64], y: FloatArray | npt.NDArray[np.float64],
                 margin_m: float = 0.0) -> npt.NDArray[np.bool_]:
        """Which base_link points (x, y) [m] lie within the outline grown by margin_m on every side."""
        return ((x <= self.front_m + margin_m) & (x >= self.rear_m - margin_m)
                & (np.abs(y) <= self.half_width_m + margin_m))


@dataclass(frozen=True)
class Pose2D:
    """Planar pose: position [m] and heading [rad] in some frame (named where used)."""

    x_m: float
    y_m: float
    yaw_rad: float


@dataclass(frozen=True)
class Odometry:
    """Wheel odometry: pose of base_link in odom, velocity in base_link."""

    stamp_ns: int
    pose: Pose2D
    vx_mps: float
    wz_radps: float


@dataclass(frozen=True)
class JointStates:
    stamp_ns: int
    names: tuple[str, ...]
    positions_rad: tuple[float, ...]
    velocities_radps: tuple[float, ...]


@dataclass(frozen=True)
class Twist2D:
    """Base velocity command in base_link: forward [m/s], yaw rate [rad/s]."""

    vx_mps: float = 0.0
    wz_radps: float = 0.0

    def is_finite(self) -> bool:
        return math.isfinite(self.vx_mps) and math.isfinite(self.wz_radps)


ZERO_TWIST = Twist2D(0.0, 0.0)
NO_POINT: tuple[float, float, float] = (math.nan, math.nan, math.nan)


@dataclass(frozen=True)
class DetectedObject:
    """An object perceived from raw sensors; position and size in base_link [m]."""

    label: str
    color: str
    position_m: tuple[float, float, float]
    size_m: tuple[float, float, float]
    confidence: float
    track_id: str = ""

    @property
    def name(self) -> str:
        """Human name used in goals and plans, e.g. "red box"."""
        return f"{self.color} {self.label}".strip()

    @property
    def distance_m(self) -> float:
        return math.hypot(self.position_m[0], self.position_m[1])

    @property
    def bearing_rad(self) -> float:
        return math.atan2(self.position_m[1], self.position_m[0])


@dataclass(frozen=True)
class ScanSummary:
    """Obstacle summary of a scan in base_link. Sector i covers bearing
    angle_min_rad + i * sector_width_rad +- sector_width_rad / 2."""

    valid: bool
    angle_min_rad: float
    sector_width_rad: float
    sector_min_range_m: tuple[float, ...]
    nearest_range_m: float
    nearest_bearing_rad: float
    free_bearing_rad: float
    range_max_m: float

    def returns(self) -> tuple[tuple[float, float], ...]:
        """Each sector's nearest return as a point (x, y) [m] in base_link, on the sector's centre
        bearing; sectors without a return are left out."""
        return tuple((r * math.cos(self.angle_min_rad + i * self.sector_width_rad),
                      r * math.sin(self.angle_min_rad + i * self.sector_width_rad))
                     for i, r in enumerate(self.sector_min_range_m) if math.isfinite(r))


EMPTY_SCAN_SUMMARY = ScanSummary(False, 0.0, 0.0, (), math.inf, 0.0, 0.0, 0.0)


@dataclass(frozen=True)
class SourceStatus:
    """Health of one observation source. age_s = -1 when never received."""

    name: str
    age_s: float
    stale: bool
    rate_hz: float
    dropped: int


# What can be wrong with a camera frame (lam_core.perception.frame_check; DetectedObjectArray.frame_problems).
COVERED, OVEREXPOSED, DEPTH_HOLES = "covered", "over-exposed", "depth holes"
FRAME_PROBLEMS = (COVERED, OVEREXPOSED, DEPTH_HOLES)
UNUSABLE_FRAME_PROBLEMS = frozenset({COVERED, OVEREXPOSED})  # nothing in such a frame may be named


Point2 = tuple[float, float]


@dataclass(frozen=True)
class LowObstacles:
    """One depth frame's obstacles below the lidar's plane (lam_core.perception.low_obstacles):
    occupied grid-cell centres (x, y) in base_link [m], and the floor region the frame looked at
    (a convex polygon in base_link [m], counter-clockwise; empty: nothing may be forgotten)."""

    cells_m: tuple[Point2, ...] = ()
    floor_view_m: tuple[Point2, ...] = ()


NO_LOW_OBSTACLES = LowObstacles()


# Low obstacles within a target's seen half diagonal plus TARGET_MARGIN_M of its centre are the
# target itself (a cube or a bin is a low obstacle too; a bin's corners are 0.21 m from its centre),
# and within UNSEEN_TARGET_RADIUS_M of where an unseen target was last seen [m].
TARGET_MARGIN_M = 0.10
UNSEEN_TARGET_RADIUS_M = 0.30


def target_radius_m(target: DetectedObject | None) -> float:
    """How far from a target's centre low obstacles are its own [m] (module constants)."""
    if target is None:
        return UNSEEN_TARGET_RADIUS_M
    return math.hypot(target.size_m[0], target.size_m[1]) / 2.0 + TARGET_MARGIN_M


@dataclass(frozen=True)
class FrameDetections:
    """One camera frame's objects (base_link), what was wrong with the frame (FRAME_PROBLEMS;
    empty when it was fine) and its low obstacles."""

    objects: tuple[DetectedObject, ...]
    problems: tuple[str, ...] = ()
    low_obstacles: LowObstacles = NO_LOW_OBSTACLES


@dataclass(frozen=True)
class Observation:
    """The fused snapshot the planner acts on; frame base_link. stamp_ns: the stamp the sources
    are synchronised to; newest_sensor_ns: the newest stamp received from any source."""

    stamp_ns: int
    sources: tuple[SourceStatus, ...]
    objects: tuple[DetectedObject, ...]
    scan: ScanSummary
    odometry: Odometry | None
    yaw_rate_radps: float
    joints: JointStates | None
    thumbnail: RgbImage | None
    newest_sensor_ns: int = -1
    camera_problems: tuple[str, ...] = ()  # of the frame the objects came from (lam_core.perception.frame_check)
    # Obstacles below the lidar's plane seen in depth and remembered while out of view: cell
    # centres (x, y) in base_link [m], nearest first (lam_core.perception.low_obstacles).
    low_obstacles_m: tuple[Point2, ...] = ()

    @property
    def all_fresh(self) -> bool:
        return all(not s.stale for s in self.sources)

    def source(self, name: str) -> SourceStatus | None:
        return next((s for s in self.sources if s.name == name), None)

    def find(self, color: str, label: str, object_id: str = "") -> DetectedObject | None:
        """The object of that colour (ANY_COLOR: of any colour) and label (ANY_LABEL: of any kind), if seen: the one with
        ``object_id`` when it is in view; without an id (or when that id is not in view and only one
        object of the name is), the most confident one."""
        matches = [o for o in self.objects if (o.color == color or color == ANY_COLOR) and (o.label == label or label == ANY_LABEL)]
        if object_id:
            pinned = next((o for o in matches if o.track_id == object_id), None)
            if pinned is not None or len(matches) > 1:
                return pinned
        return max(matches, key=lambda o: o.confidence, default=None)


@dataclass(frozen=True)
class ActionCommand:
    """What the planner wants next; checked by the executor's shield before anything moves."""

    stamp_ns: int
    skill: str
    target: str = ""
    plan_step: int = 0
    base: Twist2D = ZERO_TWIST
    arm_joint_names: tuple[str, ...] = ()
    arm_joint_positions_rad: tuple[float, ...] = ()
    grasp_point_m: tuple[float, float, float] = NO_POINT  # base_link [m]; NaN = none
    gripper_opening_m: float = math.nan
    horizon_s: float = 0.0
    source: str = ""
    confidence: float = 0.0
    chunk: tuple[Twist2D, ...] = ()  # timed future base twists: chunk[k] from stamp + k * chunk_period_s; base == chunk[0]
    chunk_period_s: float = 0.0      # spacing of the chunk's twists [s]; 0 without a chunk

    def base_at(self, now_ns: int) -> Twist2D:
        """The base twist in force at ``now_ns``: the chunk's element for that time (the last one
        after its end, until the horizon ends the command), or ``base`` without a chunk."""
        if not self.chunk or self.chunk_period_s <= 0.0:
            return self.base
        index = int((now_ns - self.stamp_ns) * 1e-9 / self.chunk_period_s)
        return self.chunk[min(max(index, 0), len(self.chunk) - 1)]


class StepStatus(IntEnum):
    PENDING = 0
    ACTIVE = 1
    DONE = 2
    FAILED = 3
    SKIPPED = 4


@dataclass(frozen=True)
class PlanStep:
    """One skill of a plan. target: an object name ("red box") or "pose X Y" (odom [m]);
    object_id: the track id of the object in view the goal referred to ("" = any of that name);
    max_speed_mps: a speed cap the goal asked for ("slowly"), 0 = none (the shield's limits apply
    either way)."""

    skill: str
    target: str
    description: str
    timeout_s: float
    status: StepStatus = StepStatus.PENDING
    object_id: str = ""
    max_speed_mps: float = 0.0


@dataclass(frozen=True)
class Plan:
    goal: str
    planner: str
    steps: tuple[PlanStep, ...]
    revision: int = 0
    reason: str = ""

    def with_status(self, index: int, status: StepStatus) -> Plan:
        steps = list(self.steps)
        steps[index] = replace(steps[index], status=status)
        return Plan(self.goal, self.planner, tuple(steps), self.revision, self.reason)


@dataclass(frozen=True)
class SimObjectState:
    """Ground truth of a simulated object; pose in the world frame (x, y, z [m], yaw [rad])."""

    name: str
    label: str
    color: str
    position_m: tuple[float, float, float]
    yaw_rad: float
    size_m: tuple[float, float, float]


@dataclass(frozen=True)
class SimGroundTruth:
    """Simulator ground truth for evaluation only. Robot pose of base_link in the world frame."""

    stamp_ns: int
    scenario: str
    robot: Pose2D
    robot_vx_mps: float
    robot_wz_radps: float
    objects: tuple[SimObjectState, ...] = field(default_factory=tuple)
    collisions: int = 0
    in_collision: bool = False


@dataclass(frozen=True)
class TrajectoryPoint:
    """One point of a joint trajectory: positions [rad or m] reached time_from_start after the start."""

    time_from_start_s: float
    positions: tuple[float, ...]


@dataclass(frozen=True)
class JointTrajectory:
    """Positions over time for named joints (arm or gripper controller). No points means "stop
    and hold where you are now" (the trajectory controllers' convention for an empty trajectory)."""

    stamp_ns: int  # 0 = start on receipt
    joint_names: tuple[str, ...]
    points: tuple[TrajectoryPoint, ...]
