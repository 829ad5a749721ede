"""Scripted actor: the classical, perception-only controller of every plan skill. Reads only the
Observation (detections in base_link, odometry in odom, joint states), never ground truth.

Skills and when they end:
  navigate_to(object)   drive up to the object, stop stop_distance_m from it       DONE at the object
  navigate_to(pose X Y) drive to the point (X, Y) in odom                           DONE within arrive tolerance
  approach(object)      line up so the object is within the arm's reach            DONE aligned at reach distance
                        (held short: back off, line up again from a staging pose on a free line)
  search(object)        turn in place until the object is seen                     DONE when seen
  pick(object)          open, reach above, descend, close, lift, carry aside       DONE holding it; FAILED on a miss
  place(object)         reach above the object (a bin), open, stow the arm         DONE released
  stop                  command zero motion                                        DONE when odometry is still
Timeouts are the planner's (each PlanStep has one); failures carry a reason.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from lam_core.actors.local_path import path_heading
from lam_core.datatypes import (
    NO_POINT,
    ZERO_TWIST,
    ActionCommand,
    DetectedObject,
    Observation,
    PlanStep,
    Point2,
    Twist2D,
    target_radius_m,
)
from lam_core.errors import GoalError, InputError
from lam_core.geometry import into_frame, not_near, out_of_frame, wrap_angle
from lam_core.policy.memory import is_remembered
from lam_core.robot.description import robot_description
from lam_core.robot.kinematics import ArmGeometry, grasp_height_m, top_down_ik
from lam_core.robot.mjcf import ARM_HOME_RAD
from lam_core.skills import (
    ARM_PLAN_SKILLS,
    NOTHING_HELD,
    SKILLS,
    ActorConfig,
    ActorDecision,
    StepOutcome,
    motion_target,
    pose_target,
    wait_target,
)
from lam_core.vocabulary import GRASPABLE_LABELS, LABEL_SIZES_M

LOOK_AROUND_GAP_NS = 500_000_000   # a look-around interrupted this long starts over
RELOCATE_TIMEOUT_NS = 8_000_000_000  # give up reaching a vantage point after this long
SHORT_LOOKAHEAD_FRACTION = 0.5  # second try of a detour: a free line this fraction as long
REVERSE_SPEED_MPS = 0.15  # backing up to a pose behind (the shield's reverse limit and rear zone still apply)
GRASP_REFINE_MAX_SHIFT_M = 0.05  # a newer sighting moves the grasp point by at most this (else another object) [m]
GRASP_REFINE_MIN_CONFIDENCE = 0.85  # and only when seen this surely (a cube half hidden by the gripper is not)
GRASP_REFINE_MIN_MOVE_M = 0.004  # a refined point is sent on only once it moved this far (a new target restarts the arm) [m]
REACH_STEP_M = 0.01  # a lift, carry or release the arm cannot reach is moved in steps of this [m]
# Extents are measured between the 5 % and 95 % quantiles of an object's points, so a face seen
# whole measures this share of its length.
MEASURED_EXTENT_SHARE = 0.9
RELEASE_INNER_MARGIN_M = 0.06  # a release point moved towards the robot stays this far inside the container's rim [m]
HEADING_TOLERANCE_RAD = 0.05  # a pose with a heading is reached when turned to within this
MIN_TURN_RATE_RADPS = 0.25  # turning to a heading never slower than this (it would stall on friction)
# A drive to a point (a pose, "come back", "go forward 2 m") that has come no closer by PROGRESS_M
# in BLOCKED_S of sim time is blocked (the shield holding the base in front of an obstacle): it
# fails saying so, instead of waiting out the step's time limit.
BLOCKED_S = 10.0
PROGRESS_M = 0.05
# A drive to an object that has come no closer by PROGRESS_M in BOXED_IN_S (the shield holding the
# base: something in the stop zone ahead and within the turning circle) backs off for BACK_OFF_S at
# REVERSE_SPEED_MPS, straight (the rear zone still applies), and on for up to BACK_OFF_MAX_S while
# something is within TURN_FREE_MARGIN_M of the circle the footprint sweeps turning in place (the
# shield would not let it turn: a slab alongside), then tries the detour's other side.
BOXED_IN_S = 6.0
BACK_OFF_S = 2.0
BACK_OFF_MAX_S = 5.0
TURN_FREE_MARGIN_M = 0.05
# After a back-off, a detour whose heading is more than this off the robot's turns in place first:
# the path was planned from here, and an arc towards it cut the corner that held the robot.
DETOUR_ALIGN_RAD = math.radians(20.0)
# An approach held the same way (more than STAGING_MIN_REMAINING_M from lined up) backs off, then
# lines up again from a staging pose: STAGING_OUT_M beyond the reach distance on the first line
# from the object, turned from the held one by a multiple of STAGING_STEP_RAD, whose corridor (the
# footprint's half width plus STAGING_MARGIN_M either side) the scan sees free.
STAGING_MIN_REMAINING_M = 0.10
STAGING_OUT_M = 0.35
STAGING_STEP_RAD = math.radians(15.0)
STAGING_STEPS = 6
STAGING_MARGIN_M = 0.08
STAGING_TIMEOUT_NS = 15_000_000_000  # give up reaching a staging pose after this long
# The last creeps of lining up (within STAGING_MIN_REMAINING_M) held back CREEP_HELD_S, the base not
# moving (odometry: CREEP_STILL_M, CREEP_STILL_RAD), as when the object's own rim, seen in depth,
# leaves no turn in place free: lined up where the arm reaches what the next skill needs from here.
CREEP_HELD_S = 3.0
SPIN_HELD_S = 3.0  # a look-around whose turn has gained nothing (PROGRESS_M rad) this long, with turning blocked, backs off
CREEP_STILL_M = 0.005
CREEP_STILL_RAD = 0.01


def corridor_free(points: Sequence[Point2] | npt.NDArray[np.float64], origin: Point2,
                  heading_rad: float, near_m: float, far_m: float, half_width_m: float) -> bool:
    """Whether none of ``points`` (x, y) lies in the corridor from ``origin`` along ``heading_rad``
    between ``near_m`` and ``far_m`` ahead and within ``half_width_m`` either side (one frame, [m])."""
    pts = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    c, s = math.cos(heading_rad), math.sin(heading_rad)
    dx, dy = pts[:, 0] - origin[0], pts[:, 1] - origin[1]
    along = dx * c + dy * s
    return not bool(np.any((along > near_m) & (along < far_m) & (np.abs(dy * c - dx * s) < half_width_m)))


def obstacle_points(obs: Observation, within_m: float = math.inf, target_xy: Point2 | None = None,
                    own_radius_m: float = 0.0, scan: bool = True, low: bool = True) -> npt.NDArray[np.float64]:
    """What is in the way, as (N, 2) base_link points [m] within ``within_m`` of base_link: each
    scan sector's nearest return (``scan``) and the low obstacles (``low``) farther than
    ``own_radius_m`` from ``target_xy`` (nearer ones are the target's own)."""
    points = list(obs.scan.returns()) if scan and obs.scan.valid else []
    if low:
        points += not_near(obs.low_obstacles_m, target_xy, own_radius_m)
    pts = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    return pts[np.hypot(pts[:, 0], pts[:, 1]) < within_m]


# The detour keeps low obstacles (5 cm cells seen in depth, dense where a scan sector gives one
# point) this far beyond the footprint's side, where lidar returns get avoid_clearance_m [m].
LOW_CLEARANCE_MARGIN_M = 0.07


# A detour follows the cheapest path (local_path) whose centre line keeps the footprint's half
# width plus PATH_LETHAL_MARGIN_M from everything (beyond the shield's 5 cm band beside the
# footprint, which holds the base), heading for its farthest point in sight within
# PATH_LOOKAHEAD_M along it [m].
PATH_LETHAL_MARGIN_M = 0.06
PATH_LOOKAHEAD_M = 3.0


def grasp_centre(target: DetectedObject) -> tuple[float, float]:
    """The centre of ``target`` in the ground plane (base_link [m]) for a grasp. A camera sees an
    object's near side; where the extent measured along the line of sight is shorter than its
    kind's narrowest footprint would measure (MEASURED_EXTENT_SHARE), only a near face was seen (a
    white cube's top lost to glare: its front face alone is 1.5 cm deep), and the centre lies
    farther: it is moved back along the line of sight by half the shortfall, the near face staying
    where it was seen. Fingers closing 2.5 cm short of a cube's centre hold it by an edge, and it
    turns out of them on the way."""
    x, y = target.position_m[0], target.position_m[1]
    distance = math.hypot(x, y)
    if target.label not in LABEL_SIZES_M or not distance > 0.0:
        return x, y
    ux, uy = x / distance, y / distance
    seen_along_m = abs(ux) * target.size_m[0] + abs(uy) * target.size_m[1]
    least_m = MEASURED_EXTENT_SHARE * min(LABEL_SIZES_M[target.label][:2])
    shift = max(0.0, (least_m - seen_along_m) / 2.0) if math.isfinite(seen_along_m) else 0.0
    return x + shift * ux, y + shift * uy


class ProgressClock:
    """How long a drive has come no nearer than its nearest distance so far by PROGRESS_M [s]; with
    ``gap_ns``, a pause longer than that between readings (stale inputs hold the base) starts the
    clock again."""

    def __init__(self, gap_ns: int | None = None) -> None:
        self.gap_ns = gap_ns
        self.reset()

    def reset(self) -> None:
        self._nearest: tuple[float, int] | None = None  # nearest distance so far [m], and since when [ns]
        self._last_ns = -1  # the previous reading [ns]

    def seconds_without_progress(self, distance_m: float, stamp_ns: int) -> float:
        last_ns, self._last_ns = self._last_ns, stamp_ns
        paused = self.gap_ns is not None and stamp_ns - last_ns > self.gap_ns
        if self._nearest is None or distance_m < self._nearest[0] - PROGRESS_M or paused:
            self._nearest = (distance_m, stamp_ns)
            return 0.0
        return (stamp_ns - self._nearest[1]) * 1e-9


@dataclass
class _ArmPhase:
    name: str
    started_ns: int


class ScriptedActor:
    """One instance per planner; ``reset`` at every goal. Keeps per-step state (confirmations,
    the pick/place phase and the grasp point, refined from newer sightings while the arm is above
    the cube and locked once it goes down)."""

    source = "scripted"

    def __init__(self, config: ActorConfig) -> None:
        self.config = config
        robot = robot_description()
        self.arm_joints = robot.arm_joints
        self.gripper_joints = robot.gripper_joints
        self.geometry = ArmGeometry.from_description(robot)
        self.footprint = robot.footprint()
        # How far what the gripper holds reaches below the grasp point [m]: the grasp point's height
        # when it was picked from the floor; a cube's until a pick says otherwise. What is held
        # outlasts a goal, so reset keeps it.
        self.held_below_m = grasp_height_m(self.geometry, LABEL_SIZES_M["cube"][2] / 2)
        self.reset()

    def reset(self, goal: str = "", steps: tuple[PlanStep, ...] = ()) -> None:
        """Forget per-step state (at every goal and plan; the scripted actor does not use the goal
        text or the steps ahead)."""
        self._step_key: tuple[int, PlanStep] | None = None
        self._confirm = 0
        self._phase = _ArmPhase("", 0)
        self._point = NO_POINT
        self._sightings: list[tuple[float, float, float]] = []  # grasp points from this pick's sightings so far
        self._memory_odom: tuple[float, float] | None = None  # target last seen here (odom) [m]
        self._spin_last_ns, self._spin_turned = -1, 0.0  # look-around: turned so far [rad]
        self._spin_yaw: float | None = None  # look-around: heading at the previous observation [rad]
        self._relocate_to: tuple[float, float] | None = None  # look-around: next vantage point (odom) [m]
        self._relocate_start_ns, self._relocations = -1, 0
        self._spin_progress = ProgressClock(LOOK_AROUND_GAP_NS)  # look-around: since when its turn has gained nothing
        self._spin_backing_since_ns = -1  # look-around: backing off since [ns], -1 when not
        self._avoid_side = 0  # +1 / -1: the side chosen to pass an obstacle, kept while it blocks
        self._motion_origin: tuple[float, float, float] | None = None  # odom pose a turn or drive started from
        self._still_since_ns = -1  # stop: since when the base has been still [ns]
        self._progress = ProgressClock(LOOK_AROUND_GAP_NS)  # a drive: since when it has come no nearer
        self._backing_since_ns = -1  # drive to an object: backing off since [ns], -1 when not
        self._align_first = False  # after a back-off: turn in place to a detour's heading before driving
        self._staging: tuple[float, float, float] | None = None  # approach: pose to line up from (odom) [m, rad]
        self._staging_since_ns = -1  # approach: when the drive to the staging pose starts (the back-off's end) [ns]
        self._creep_from: tuple[float, float, float, int] | None = None  # approach: odom pose and stamp the base still since

    def diagnostics(self) -> dict[str, str]:
        return {}

    @property
    def relocating(self) -> bool:
        """True while the look-around drives to another vantage point (after a whole turn unseen)."""
        return self._relocate_to is not None

    @staticmethod
    def required_sources(step: PlanStep) -> tuple[str, ...]:
        """Observation sources that must be fresh before the actor may command this step."""
        return ("objects", "odom", "joints") if step.skill in ARM_PLAN_SKILLS else ("objects", "odom")

    def stale_inputs(self, obs: Observation, step: PlanStep) -> list[str]:
        """Required sources that are stale or missing; nothing may move while any is."""
        present = {s.name: s.stale for s in obs.sources}
        return [name for name in self.required_sources(step) if present.get(name, True)]

    # ------------------------------------------------------------------ dispatch
    def decide(self, obs: Observation, step: PlanStep, step_index: int) -> ActorDecision:
        if step.skill not in SKILLS:
            raise GoalError(f"the scripted actor cannot run skill {step.skill!r}; it knows {', '.join(SKILLS)}")
        if self._step_key != (step_index, step):
            self.reset()
            self._step_key = (step_index, step)
        run = {
            "navigate_to": self._navigate, "approach": self._approach, "search": self._search,
            "pick": self._pick, "place": self._place, "stop": self._stop,
        }[step.skill]
        return run(obs, step, step_index)

    def _command(self, obs: Observation, step: PlanStep, index: int, skill: str, twist: Twist2D = ZERO_TWIST, *,
                 point: tuple[float, float, float] = NO_POINT, joints: tuple[float, ...] = (),
                 gripper: float = math.nan, seen: bool = True) -> ActionCommand:
        return ActionCommand(
            stamp_ns=obs.stamp_ns, skill=skill, target=step.target, plan_step=index, base=twist,
            arm_joint_names=self.arm_joints if joints else (), arm_joint_positions_rad=joints, grasp_point_m=point,
            gripper_opening_m=gripper, horizon_s=self.config.command_horizon_s, source=self.source,
            confidence=1.0 if seen else 0.5,
        )

    @staticmethod
    def _target(obs: Observation, step: PlanStep) -> DetectedObject | None:
        color, _, label = step.target.partition(" ")
        return obs.find(color, label, step.object_id)

    def _confirmed(self, condition: bool) -> bool:
        self._confirm = self._confirm + 1 if condition else 0
        return self._confirm >= self.config.done_confirmations

    def _look_around(self, obs: Observation, step: PlanStep, index: int) -> ActorDecision:
        """Turn on the spot; after a whole turn without the target, move search_relocate_m to one
        side (alternating, around obstacles) and turn again: something may hide it from here."""
        self._confirm = 0
        cfg, odom = self.config, obs.odometry
        if self._spin_last_ns < 0 or obs.stamp_ns - self._spin_last_ns > LOOK_AROUND_GAP_NS:
            self._spin_turned, self._spin_yaw, self._relocate_to = 0.0, None, None
            self._spin_progress.reset()
        self._spin_last_ns = obs.stamp_ns
        if odom is not None and self._relocate_to is not None:
            dx, dy = self._relocate_to[0] - odom.pose.x_m, self._relocate_to[1] - odom.pose.y_m
            if math.hypot(dx, dy) > cfg.arrive_tolerance_m and obs.stamp_ns - self._relocate_start_ns < RELOCATE_TIMEOUT_NS:
                bearing = wrap_angle(math.atan2(dy, dx) - odom.pose.yaw_rad)
                heading, _ = self._clear_heading(obs, bearing, math.hypot(dx, dy) + cfg.avoid_clearance_m,
                                                 goal_radius_m=cfg.avoid_clearance_m + cfg.arrive_tolerance_m)
                twist = self._drive(math.hypot(dx, dy), heading, cfg.max_speed_mps)
                cmd = self._command(obs, step, index, "search", twist, seen=False)
                return ActorDecision(cmd, StepOutcome.RUNNING, f"moving to look for the {step.target} from elsewhere", math.nan)
            self._relocate_to, self._spin_turned, self._spin_yaw = None, 0.0, None
            self._spin_progress.reset()
        if odom is not None:
            if self._spin_yaw is not None:
                self._spin_turned += abs(wrap_angle(odom.pose.yaw_rad - self._spin_yaw))
            self._spin_yaw = odom.pose.yaw_rad
            if self._spin_turned >= 2 * math.pi and cfg.search_relocate_m > 0:
                side = 1.0 if self._relocations % 2 == 0 else -1.0
                self._relocations += 1
                heading, _ = self._clear_heading(obs, side * math.pi / 2, cfg.search_relocate_m + cfg.avoid_clearance_m,
                                                 goal_radius_m=cfg.avoid_clearance_m + cfg.arrive_tolerance_m)
                yaw = odom.pose.yaw_rad + heading
                self._relocate_to = (odom.pose.x_m + cfg.search_relocate_m * math.cos(yaw),
                                     odom.pose.y_m + cfg.search_relocate_m * math.sin(yaw))
                self._relocate_start_ns = obs.stamp_ns
        if self._spin_held(obs):
            cmd = self._command(obs, step, index, "search", Twist2D(-REVERSE_SPEED_MPS, 0.0), seen=False)
            return ActorDecision(cmd, StepOutcome.RUNNING, f"backing off to turn and look for the {step.target}", math.nan)
        cmd = self._command(obs, step, index, "search", Twist2D(0.0, cfg.search_turn_radps), seen=False)
        return ActorDecision(cmd, StepOutcome.RUNNING, f"looking for the {step.target}", math.nan)

    def _spin_held(self, obs: Observation) -> bool:
        """True while a look-around backs off: from when its turn has gained nothing for SPIN_HELD_S
        with turning in place blocked (a bin's rim beside the robot, where the shield holds the turn)
        for BACK_OFF_S, and on up to BACK_OFF_MAX_S while turning stays blocked; then it turns again."""
        if self._spin_backing_since_ns >= 0:
            if self._back_off_goes_on(obs, self._spin_backing_since_ns):
                return True
            self._spin_backing_since_ns = -1
            self._spin_progress.reset()
            return False
        if self._spin_progress.seconds_without_progress(-self._spin_turned, obs.stamp_ns) >= SPIN_HELD_S \
                and self._turn_blocked(obs):
            self._spin_backing_since_ns = obs.stamp_ns
            return True
        return False

    def _drive(self, distance_error_m: float, bearing_rad: float, speed_cap: float, reverse: bool = False) -> Twist2D:
        cfg = self.config
        wz = max(-cfg.max_turn_radps, min(cfg.max_turn_radps, cfg.heading_gain * bearing_rad))
        alignment = max(0.0, math.cos(bearing_rad)) ** 4
        if distance_error_m < 0.0 and reverse:
            return Twist2D(max(-speed_cap, cfg.speed_gain * distance_error_m) * alignment, wz)
        vx = min(speed_cap, max(cfg.min_speed_mps, cfg.speed_gain * distance_error_m)) if distance_error_m > 0 else 0.0
        return Twist2D(vx * alignment, wz)

    def _detour_drive(self, distance_error_m: float, heading_rad: float, detour: bool) -> Twist2D:
        """``_drive`` at full speed towards ``heading_rad``; after a back-off, turning in place first
        while a detour's heading is more than DETOUR_ALIGN_RAD off (until it is within)."""
        twist = self._drive(distance_error_m, heading_rad, self.config.max_speed_mps)
        if not (detour and abs(heading_rad) > DETOUR_ALIGN_RAD):
            self._align_first = False
        return Twist2D(0.0, twist.wz_radps) if self._align_first else twist

    def _clear_heading(self, obs: Observation, bearing_rad: float, distance_m: float,
                       own_radius_m: float = 0.0, goal_radius_m: float | None = None) -> tuple[float, bool]:
        """The heading [rad, base_link] to drive: the target's bearing when the lidar and the low
        obstacles (less those within ``own_radius_m`` of the target: its own) leave its corridor
        (avoid_clearance_m either side of lidar returns, the footprint's half width plus
        LOW_CLEARANCE_MARGIN_M of low obstacles; up to avoid_lookahead_m or short of the target)
        free; else the heading of the cheapest path around them to within ``goal_radius_m`` of the
        target (default arrive_tolerance_m; local_path); without one, the free heading nearest to
        the target's, on the side already chosen. Returns (heading, detouring)."""
        cfg = self.config
        reach = min(cfg.avoid_lookahead_m, distance_m - cfg.avoid_clearance_m)
        if not (obs.scan.valid or obs.low_obstacles_m) or reach <= 0.0:
            return bearing_rad, False
        target_xy = (distance_m * math.cos(bearing_rad), distance_m * math.sin(bearing_rad))
        returns = obstacle_points(obs, reach + cfg.avoid_clearance_m, low=False)
        low = obstacle_points(obs, reach + cfg.avoid_clearance_m, target_xy, own_radius_m, scan=False)
        low_half_width = self.footprint.half_width_m + LOW_CLEARANCE_MARGIN_M

        def clear(heading: float, length: float) -> bool:
            return (corridor_free(returns, (0.0, 0.0), heading, 0.0, length, cfg.avoid_clearance_m)
                    and corridor_free(low, (0.0, 0.0), heading, 0.0, length, low_half_width))

        if clear(bearing_rad, reach):
            self._avoid_side = 0
            return bearing_rad, False
        around = path_heading(obstacle_points(obs, target_xy=target_xy, own_radius_m=own_radius_m), target_xy,
                              cfg.arrive_tolerance_m if goal_radius_m is None else goal_radius_m,
                              self.footprint.half_width_m + PATH_LETHAL_MARGIN_M, cfg.avoid_clearance_m, PATH_LOOKAHEAD_M)
        if around is not None:
            return wrap_angle(around), True
        sides = (self._avoid_side, -self._avoid_side) if self._avoid_side else (1, -1)
        for length in (reach, SHORT_LOOKAHEAD_FRACTION * reach):  # a gap seen only close by beats none
            for k in range(1, 19):
                for side in sides:
                    heading = bearing_rad + side * math.radians(10.0 * k)
                    if clear(heading, length):
                        self._avoid_side = side
                        return wrap_angle(heading), True
        return bearing_rad, False  # boxed in: the shield holds the robot

    # ------------------------------------------------------------------ base skills
    def _navigate(self, obs: Observation, step: PlanStep, index: int) -> ActorDecision:
        cfg = self.config
        motion = motion_target(step.target)
        if motion is not None:
            return self._motion(obs, step, index, *motion)
        pose = pose_target(step.target)
        if pose is not None:
            return self._navigate_to_pose(obs, step, index, *pose)
        found = self._target(obs, step)
        target = found if found is not None and not is_remembered(found) else None
        if target is not None:
            self._remember(obs, target)
            distance, bearing = target.distance_m, target.bearing_rad
        else:
            remembered = (found.distance_m, found.bearing_rad) if found is not None else self._recall(obs)
            if remembered is None:
                return self._look_around(obs, step, index)
            distance, bearing = remembered
            if self.where_it_was(distance):  # yet unseen
                self._memory_odom = None
                return self._look_around(obs, step, index)
        remaining = distance - cfg.stop_distance_m
        if target is not None and remaining <= cfg.arrive_tolerance_m:
            outcome = StepOutcome.DONE if self._confirmed(True) else StepOutcome.RUNNING
            return ActorDecision(self._command(obs, step, index, "stop"), outcome, f"at the {step.target}", distance)
        self._confirm = 0
        if self._backing_off(obs, distance):
            return ActorDecision(self._command(obs, step, index, "navigate_to", Twist2D(-REVERSE_SPEED_MPS, 0.0)),
                                 StepOutcome.RUNNING, f"boxed in on the way to the {step.target}: backing off", distance)
        heading, detour = self._clear_heading(obs, bearing, distance, target_radius_m(found),
                                              cfg.stop_distance_m + cfg.arrive_tolerance_m)
        twist = self._detour_drive(remaining, heading, detour)
        doing = "detouring around an obstacle" if detour else "driving"
        where = "" if target is not None else " (out of view: where it was last seen)"
        return ActorDecision(self._command(obs, step, index, "navigate_to", twist, seen=target is not None),
                             StepOutcome.RUNNING, f"{doing} to the {step.target}{where}", distance)

    def where_it_was(self, distance_m: float) -> bool:
        """Whether a navigate_to target last seen ``distance_m`` away [m] would be reached here: a
        target not seen from where it should be in front of the robot is not there."""
        return distance_m - self.config.stop_distance_m <= self.config.arrive_tolerance_m

    def _remember(self, obs: Observation, target: DetectedObject) -> None:
        """Keep where the target was seen, in odom, to drive on when something hides it."""
        odom = obs.odometry
        if odom is None:
            return
        p = odom.pose
        self._memory_odom = out_of_frame(p.x_m, p.y_m, p.yaw_rad, target.position_m[0], target.position_m[1])

    def _recall(self, obs: Observation) -> tuple[float, float] | None:
        """(distance [m], bearing [rad]) in base_link of where the target was last seen, if known."""
        odom = obs.odometry
        if self._memory_odom is None or odom is None:
            return None
        p = odom.pose
        x, y = into_frame(p.x_m, p.y_m, p.yaw_rad, *self._memory_odom)
        return math.hypot(x, y), math.atan2(y, x)

    def _motion(self, obs: Observation, step: PlanStep, index: int, kind: str, amount: float) -> ActorDecision:
        """A turn [rad] or a drive [m] from the pose the step started at, as a pose with a heading."""
        odom = obs.odometry
        if self._motion_origin is None:
            if odom is None:
                return ActorDecision(self._command(obs, step, index, "stop"), StepOutcome.RUNNING, "waiting for odometry",
                                     math.nan)
            self._motion_origin = (odom.pose.x_m, odom.pose.y_m, odom.pose.yaw_rad)
        x, y, yaw = self._motion_origin
        if kind == "turn":
            return self._navigate_to_pose(obs, step, index, x, y, wrap_angle(yaw + amount))
        return self._navigate_to_pose(obs, step, index, x + amount * math.cos(yaw), y + amount * math.sin(yaw), yaw)

    def _navigate_to_pose(self, obs: Observation, step: PlanStep, index: int, x: float, y: float,
                          heading: float | None = None) -> ActorDecision:
        """To (x, y) in odom [m]. With a ``heading`` [rad, odom] (a turn or a drive, ``_motion``), then
        turned to it in place, and a point behind the robot is reached backwards ("back up 0.5 m")."""
        odom = obs.odometry
        if odom is None:
            return ActorDecision(self._command(obs, step, index, "stop"), StepOutcome.RUNNING, "waiting for odometry", math.nan)
        dx, dy = x - odom.pose.x_m, y - odom.pose.y_m
        distance = math.hypot(dx, dy)
        bearing = wrap_angle(math.atan2(dy, dx) - odom.pose.yaw_rad)
        if distance > self.config.arrive_tolerance_m and heading is not None and abs(bearing) > math.pi / 2:
            self._confirm = 0
            twist = self._drive(-distance, wrap_angle(bearing - math.pi), REVERSE_SPEED_MPS, reverse=True)
            return ActorDecision(self._command(obs, step, index, "navigate_to", twist), StepOutcome.RUNNING,
                                 f"backing up to ({x:.2f}, {y:.2f}) in odom", distance)
        turn = wrap_angle(heading - odom.pose.yaw_rad) if heading is not None else 0.0
        if distance <= self.config.arrive_tolerance_m and abs(turn) > HEADING_TOLERANCE_RAD:
            self._confirm = 0
            rate = max(MIN_TURN_RATE_RADPS, min(self.config.max_turn_radps, self.config.heading_gain * abs(turn)))
            return ActorDecision(self._command(obs, step, index, "navigate_to", Twist2D(0.0, math.copysign(rate, turn))),
                                 StepOutcome.RUNNING, f"turning to {math.degrees(heading or 0.0):.0f} deg in odom", distance)
        if distance <= self.config.arrive_tolerance_m:
            outcome = StepOutcome.DONE if self._confirmed(True) else StepOutcome.RUNNING
            return ActorDecision(self._command(obs, step, index, "stop"), outcome, f"at ({x:.2f}, {y:.2f})", distance)
        self._confirm = 0
        if self._blocked(obs, distance):
            where = f"({round(x, 2) + 0.0:.2f}, {round(y, 2) + 0.0:.2f})"
            return self._failed(obs, step, index, f"blocked: {distance:.2f} m short of {where} in odom and no closer "
                                                  f"for {BLOCKED_S:g} s")
        heading, detour = self._clear_heading(obs, bearing, distance + self.config.avoid_clearance_m,
                                              goal_radius_m=self.config.avoid_clearance_m + self.config.arrive_tolerance_m)
        twist = self._detour_drive(distance, heading, detour)
        return ActorDecision(self._command(obs, step, index, "navigate_to", twist), StepOutcome.RUNNING,
                             f"driving to ({x:.2f}, {y:.2f}) in odom", distance)

    def _backing_off(self, obs: Observation, distance_m: float) -> bool:
        """True while a drive to an object backs off: from when it has come no closer for BOXED_IN_S
        (``_blocked``'s clock) for BACK_OFF_S, and on up to BACK_OFF_MAX_S while turning is blocked;
        then the detour tries its other side and the clock starts again."""
        if self._backing_since_ns >= 0:
            if self._back_off_goes_on(obs, self._backing_since_ns):
                return True
            self._backing_since_ns = -1
            self._align_first = True
            self._progress.reset()
            self._avoid_side = -self._avoid_side
            return False
        if self._blocked(obs, distance_m, BOXED_IN_S):
            self._backing_since_ns = obs.stamp_ns
            return True
        return False

    def _back_off_goes_on(self, obs: Observation, since_ns: int) -> bool:
        """Whether a back-off begun at ``since_ns`` goes on: for BACK_OFF_S, and up to BACK_OFF_MAX_S
        while turning in place is blocked."""
        backed_s = (obs.stamp_ns - since_ns) * 1e-9
        return backed_s < BACK_OFF_S or (backed_s < BACK_OFF_MAX_S and self._turn_blocked(obs))

    def _turn_blocked(self, obs: Observation) -> bool:
        """Whether a lidar return or a low obstacle lies within TURN_FREE_MARGIN_M of the circle the
        footprint sweeps turning in place."""
        return len(obstacle_points(obs, self.footprint.swept_radius_m + TURN_FREE_MARGIN_M)) > 0

    def _blocked(self, obs: Observation, distance_m: float, limit_s: float = BLOCKED_S) -> bool:
        """True once a drive has come no closer than its nearest by PROGRESS_M for ``limit_s`` of
        deciding: a pause in the decisions (stale inputs hold the base) starts the clock again."""
        return self._progress.seconds_without_progress(distance_m, obs.stamp_ns) >= limit_s

    def reach_distance_m(self, label: str) -> float:
        """How far ahead of base_link an approach puts the object's centre [m]."""
        cfg = self.config
        if label in GRASPABLE_LABELS:
            return cfg.reach_distance_cube_m
        return cfg.reach_distance_bin_m if label == "bin" else cfg.stop_distance_m

    def grasp_points(self, target: DetectedObject) -> tuple[tuple[float, float, float], tuple[float, float, float]]:
        """Where pick reaches for ``target`` (base_link [m]): above it, then the grasp point, over
        its centre as grasp_centre places it."""
        gx, gy = grasp_centre(target)
        gz = target.position_m[2]
        point = (gx, gy, grasp_height_m(self.geometry, gz, gz + target.size_m[2] / 2))
        return (gx, gy, gz + self.config.pregrasp_height_m), point

    def release_point(self, target: DetectedObject) -> tuple[float, float, float]:
        """Where place lets go over the container ``target`` (base_link [m]): release_offset_m short
        of its centre, with the held object's bottom release_clearance_m above the rim; where the
        arm cannot reach that, the reachable point nearest it on the way to the robot that still
        lies RELEASE_INNER_MARGIN_M inside the rim (a bin half below the image is measured a few
        centimetres long, and anywhere over its floor will do)."""
        tx, ty, tz = target.position_m
        z = tz + target.size_m[2] / 2 + self.config.release_clearance_m + self.held_below_m
        first = (tx - self.config.release_offset_m, ty, z)
        leeway_m = max(0.0, min(target.size_m[0], target.size_m[1]) / 2 - RELEASE_INNER_MARGIN_M - self.config.release_offset_m)
        return self._first_reachable(first, 0, leeway_m) or first

    def lift_point(self, grasp: tuple[float, float, float]) -> tuple[float, float, float]:
        """Where pick lifts what it gripped at ``grasp`` (base_link [m]): lift_height_m above it, or
        as high as the arm reaches there (a can gripped high at the edge of the reach)."""
        x, y, z = grasp
        return self._first_reachable((x, y, z + self.config.lift_height_m), 2, self.config.lift_height_m) or grasp

    def carry_point(self, grasp_z_m: float) -> tuple[float, float, float]:
        """Where pick holds what it lifted from a grasp at ``grasp_z_m`` (base_link [m]): at
        carry_point_m, but no lower than a full lift would take it (as far as the arm reaches), so
        that a tall object gripped high (a can) hangs no lower than a cube does, above what the
        depth camera takes for a low obstacle (its own load would block its turns)."""
        x, y, z = self.config.carry_point_m
        highest = max(z, grasp_z_m + self.config.lift_height_m)
        return self._first_reachable((x, y, highest), 2, highest - z) or (x, y, z)

    def _first_reachable(self, start: tuple[float, float, float], axis: int, most_m: float) -> tuple[float, float, float] | None:
        """The first point the arm reaches pointing down of ``start`` (base_link [m]) and the points
        below it along ``axis`` (0: x, towards the robot; 2: z, down) in REACH_STEP_M steps, at most
        ``most_m`` away; None when it reaches none of them."""
        for k in range(max(0, math.floor(most_m / REACH_STEP_M + 1e-9)) + 1):
            shift = [k * REACH_STEP_M if i == axis else 0.0 for i in range(3)]
            point = (start[0] - shift[0], start[1] - shift[1], start[2] - shift[2])
            if not self.unreachable(point):
                return point
        return None

    def arm_reaches(self, target: DetectedObject) -> bool:
        """Whether the arm can reach what pick (a cube) or place (a bin) needs of ``target`` from here;
        True for other kinds (no arm step follows their approach)."""
        points = self.grasp_points(target) if target.label in GRASPABLE_LABELS else \
            (self.release_point(target),) if target.label == "bin" else ()
        return not self.unreachable(*points)

    def unreachable(self, *points: tuple[float, float, float]) -> str:
        """Why the arm cannot reach one of ``points`` (base_link [m]) pointing down; "" when it reaches all."""
        try:
            for point in points:
                top_down_ik(self.geometry, point)
        except InputError as exc:
            return str(exc)
        return ""

    def reach_tolerance_m(self, label: str) -> float:
        cfg = self.config
        return cfg.reach_tolerance_cube_m if label in GRASPABLE_LABELS else cfg.reach_tolerance_bin_m

    def _approach(self, obs: Observation, step: PlanStep, index: int) -> ActorDecision:
        cfg = self.config
        target = self._target(obs, step)
        if self._backing_since_ns >= 0 and self._backing_off(obs, math.inf):
            return self._held_back(obs, step, index, target)
        if self._staging is not None:
            staged = self._to_staging(obs, step, index, *self._staging)
            if staged is not None:
                return staged
        if target is None:
            return self._look_around(obs, step, index)
        x, y, _ = target.position_m
        along = x - self.reach_distance_m(target.label)
        tolerance = self.reach_tolerance_m(target.label)
        aligned = abs(along) <= tolerance and abs(y) <= tolerance
        remaining = math.hypot(along, y)
        creeping = remaining <= STAGING_MIN_REMAINING_M
        held = creeping and not aligned and self._creep_held_s(obs) >= CREEP_HELD_S and self.arm_reaches(target)
        if aligned or held:
            outcome = StepOutcome.DONE if self._confirmed(True) else StepOutcome.RUNNING
            near = f" as near as the way lets it ({along:+.2f} m to go, {y:+.2f} m to the side); the arm reaches it" if held else ""
            return ActorDecision(self._command(obs, step, index, "stop"), outcome, f"lined up with the {step.target}{near}",
                                 target.distance_m)
        self._confirm = 0
        if creeping:  # the last turns and creeps of lining up make no 5 cm of progress
            self._progress.reset()
        elif self._backing_off(obs, remaining):
            self._staging, self._staging_since_ns = self._staging_pose(obs, target), obs.stamp_ns + int(BACK_OFF_S * 1e9)
            return self._held_back(obs, step, index, target)
        bearing = math.atan2(y, max(x, 1e-3))
        twist = self._drive(along, bearing, cfg.approach_speed_mps, reverse=True)
        if abs(along) <= tolerance:  # close enough along: only turn to line up
            twist = Twist2D(0.0, twist.wz_radps)
        return ActorDecision(self._command(obs, step, index, "approach", twist), StepOutcome.RUNNING,
                             f"lining up with the {step.target}: {along:+.2f} m to go, {y:+.2f} m to the side", target.distance_m)

    def _creep_held_s(self, obs: Observation) -> float:
        """How long [s] the base has stayed where it is (odometry, within CREEP_STILL_M and
        CREEP_STILL_RAD) while lining up; 0 without odometry."""
        odom = obs.odometry
        if odom is None:
            self._creep_from = None
            return 0.0
        pose, start = odom.pose, self._creep_from
        if start is None or math.hypot(pose.x_m - start[0], pose.y_m - start[1]) > CREEP_STILL_M or \
                abs(wrap_angle(pose.yaw_rad - start[2])) > CREEP_STILL_RAD:
            self._creep_from = (pose.x_m, pose.y_m, pose.yaw_rad, obs.stamp_ns)
            return 0.0
        return (obs.stamp_ns - start[3]) * 1e-9

    def _held_back(self, obs: Observation, step: PlanStep, index: int, target: DetectedObject | None) -> ActorDecision:
        """An approach held short of its target backing off (straight, the rear zone still applies)."""
        return ActorDecision(self._command(obs, step, index, "approach", Twist2D(-REVERSE_SPEED_MPS, 0.0)), StepOutcome.RUNNING,
                             f"held short of the {step.target}: backing off", target.distance_m if target else math.nan)

    def _staging_pose(self, obs: Observation, target: DetectedObject) -> tuple[float, float, float] | None:
        """A pose (odom x, y [m], heading [rad]) to line up with ``target`` from, after an approach
        was held: on the line from the target turned from the robot's own by the fewest
        STAGING_STEP_RAD whose corridor the scan sees free, from just short of the reach distance
        to STAGING_OUT_M beyond it, facing the target. None without odometry or a free line."""
        odom = obs.odometry
        if odom is None or not obs.scan.valid:
            return None
        tx, ty = target.position_m[0], target.position_m[1]
        reach = self.reach_distance_m(target.label)
        outline = self.footprint
        near = reach - outline.front_m - STAGING_MARGIN_M
        far, half = reach + STAGING_OUT_M - outline.rear_m, outline.half_width_m + STAGING_MARGIN_M
        points = obstacle_points(obs, target_xy=(tx, ty), own_radius_m=target_radius_m(target))
        held = math.atan2(-ty, -tx)  # from the target towards the robot
        for k in range(1, STAGING_STEPS + 1):
            for side in (1, -1):
                line = held + side * k * STAGING_STEP_RAD
                if corridor_free(points, (tx, ty), line, near, far, half):
                    out = reach + STAGING_OUT_M
                    x, y = out_of_frame(odom.pose.x_m, odom.pose.y_m, odom.pose.yaw_rad,
                                        tx + out * math.cos(line), ty + out * math.sin(line))
                    return x, y, wrap_angle(odom.pose.yaw_rad + line + math.pi)
        return None

    def _to_staging(self, obs: Observation, step: PlanStep, index: int, x: float, y: float,
                    heading: float) -> ActorDecision | None:
        """The drive to the staging pose (odom x, y [m], heading [rad]); None once there (or held on
        the way, or not there within STAGING_TIMEOUT_NS of the back-off's end: the approach then
        goes on from where the robot is)."""
        decision = self._navigate_to_pose(obs, step, index, x, y, heading)
        if decision.outcome is StepOutcome.RUNNING and obs.stamp_ns - self._staging_since_ns < STAGING_TIMEOUT_NS:
            return ActorDecision(decision.command, StepOutcome.RUNNING,
                                 f"to line up with the {step.target} from another side: {decision.reason}", decision.target_distance_m)
        self._staging, self._confirm = None, 0
        self._progress.reset()
        return None

    def _search(self, obs: Observation, step: PlanStep, index: int) -> ActorDecision:
        target = self._target(obs, step)
        if target is None or is_remembered(target):  # found when seen, not when remembered
            return self._look_around(obs, step, index)
        outcome = StepOutcome.DONE if self._confirmed(True) else StepOutcome.RUNNING
        return ActorDecision(self._command(obs, step, index, "stop"), outcome, f"found the {step.target}", target.distance_m)

    def _stop(self, obs: Observation, step: PlanStep, index: int) -> ActorDecision:
        """Stop; done once still (confirmed), and for a "wait S" target once still for S seconds."""
        odom = obs.odometry
        still = odom is not None and abs(odom.vx_mps) < self.config.still_speed_mps and abs(odom.wz_radps) < 0.05
        if not still:
            self._still_since_ns = -1
        elif self._still_since_ns < 0:
            self._still_since_ns = obs.stamp_ns
        wait_s = wait_target(step.target) or 0.0
        waited_s = (obs.stamp_ns - self._still_since_ns) * 1e-9 if still else 0.0
        outcome = StepOutcome.DONE if self._confirmed(still and waited_s >= wait_s) else StepOutcome.RUNNING
        reason = "stopping" if not still else f"waiting: {waited_s:.1f} of {wait_s:g} s" if waited_s < wait_s else "stopped"
        return ActorDecision(self._command(obs, step, index, "stop"), outcome, reason, math.nan)

    # ------------------------------------------------------------------ arm skills
    def _enter(self, phase: str, obs: Observation) -> None:
        self._phase = _ArmPhase(phase, obs.stamp_ns)
        self._confirm = 0

    def _elapsed_s(self, obs: Observation) -> float:
        return (obs.stamp_ns - self._phase.started_ns) * 1e-9

    def _arm_at(self, obs: Observation, point: tuple[float, float, float] | None, joints: tuple[float, ...] = ()) -> bool:
        """True when the arm is (confirmed) still at the IK solution of ``point`` or at ``joints``."""
        if obs.joints is None:
            return False
        try:
            goal = joints if point is None else top_down_ik(self.geometry, point)
        except InputError:  # a point out of reach is never arrived at
            return False
        state = dict(zip(obs.joints.names, zip(obs.joints.positions_rad, obs.joints.velocities_radps, strict=True), strict=True))
        cfg = self.config
        ok = all(
            name in state and abs(state[name][0] - q) <= cfg.arm_tolerance_rad and abs(state[name][1]) <= cfg.arm_settle_radps
            for name, q in zip(self.arm_joints, goal, strict=True)
        )
        return self._confirmed(ok)

    def _opening_m(self, obs: Observation) -> float:
        if obs.joints is None:
            return math.nan
        state = dict(zip(obs.joints.names, obs.joints.positions_rad, strict=True))
        return sum(state.get(n, math.nan) for n in self.gripper_joints)

    def _arm_decision(self, obs: Observation, step: PlanStep, index: int, skill: str, reason: str,
                      point: tuple[float, float, float] = NO_POINT, joints: tuple[float, ...] = (), gripper: float = math.nan,
                      outcome: StepOutcome = StepOutcome.RUNNING) -> ActorDecision:
        cmd = self._command(obs, step, index, skill, point=point, joints=joints, gripper=gripper)
        return ActorDecision(cmd, outcome, reason, math.nan)

    def _failed(self, obs: Observation, step: PlanStep, index: int, reason: str) -> ActorDecision:
        return ActorDecision(self._command(obs, step, index, "stop"), StepOutcome.FAILED, reason, math.nan)

    def _timed_out(self, obs: Observation) -> bool:
        return self._elapsed_s(obs) > self.config.arm_phase_timeout_s

    def _refined_grasp_point(self, obs: Observation, step: PlanStep) -> tuple[float, float, float]:
        """The grasp point while the arm is still above the cube: the mean of the pick's sightings
        of it, each seen with GRASP_REFINE_MIN_CONFIDENCE, within GRASP_REFINE_MAX_SHIFT_M of the
        point so far and reachable (a mean, so that the detector's jitter does not keep the arm
        moving), sent on only once it has moved GRASP_REFINE_MIN_MOVE_M: every new target starts
        the arm's trajectory again from rest, and millimetre steps held it back for seconds. The
        first sighting of a pick is often of a cube at the image's lower edge, measured short;
        once the arm goes down it hides the cube, and the point is kept."""
        target = self._target(obs, step)
        if target is None or target.label not in GRASPABLE_LABELS or not target.confidence >= GRASP_REFINE_MIN_CONFIDENCE:
            return self._point
        _, seen = self.grasp_points(target)
        if math.dist(seen[:2], self._point[:2]) > GRASP_REFINE_MAX_SHIFT_M:
            return self._point
        n = len(self._sightings) + 1
        all_seen = (*self._sightings, seen)
        point = (sum(p[0] for p in all_seen) / n, sum(p[1] for p in all_seen) / n, sum(p[2] for p in all_seen) / n)
        if self.unreachable(point, (point[0], point[1], point[2] + self.config.pregrasp_height_m)):
            return self._point
        self._sightings.append(seen)
        return point if math.dist(point, self._point) >= GRASP_REFINE_MIN_MOVE_M else self._point

    def _pick(self, obs: Observation, step: PlanStep, index: int) -> ActorDecision:
        cfg = self.config
        x, y, z = self._point
        phase = self._phase.name
        if phase == "":
            target = self._target(obs, step)
            if target is None:
                return self._failed(obs, step, index, f"cannot see the {step.target} to pick it")
            above, self._point = self.grasp_points(target)
            self._sightings = [self._point]
            why = self.unreachable(above, self._point)
            if why:
                return self._failed(obs, step, index, f"the {step.target} is out of the arm's reach: {why}")
            self._enter("pregrasp", obs)
            x, y, z = self._point
            phase = "pregrasp"
        elif phase == "pregrasp":
            x, y, z = self._point = self._refined_grasp_point(obs, step)
        above = (x, y, z + cfg.pregrasp_height_m)
        lifted = self.lift_point((x, y, z))
        if phase != "close" and self._timed_out(obs):
            return self._failed(obs, step, index, f"the arm did not finish '{phase}' within {cfg.arm_phase_timeout_s:.0f} s")
        if phase == "pregrasp":
            if self._arm_at(obs, above):
                self._enter("descend", obs)
            return self._arm_decision(obs, step, index, "pick", "opening and reaching above", above, gripper=cfg.gripper_open_m)
        if phase == "descend":
            if self._arm_at(obs, self._point):
                self._enter("close", obs)
            return self._arm_decision(obs, step, index, "pick", "descending", self._point, gripper=cfg.gripper_open_m)
        if phase == "close":
            if self._elapsed_s(obs) >= cfg.gripper_wait_s:
                if not self._opening_m(obs) > cfg.grasp_min_opening_m:
                    gap_mm = self._opening_m(obs) * 1e3
                    return self._failed(obs, step, index, f"grasp missed: the gripper closed on nothing ({gap_mm:.0f} mm)")
                self.held_below_m = z
                self._enter("lift", obs)
            return self._arm_decision(obs, step, index, "pick", "closing the gripper", self._point, gripper=0.0)
        if not self._opening_m(obs) > cfg.grasp_min_opening_m:
            return self._failed(obs, step, index, f"the {step.target} slipped out of the gripper")
        if phase == "lift":
            if self._arm_at(obs, lifted):
                self._enter("carry", obs)
            return self._arm_decision(obs, step, index, "pick", "lifting", lifted, gripper=0.0)
        carry = self.carry_point(z)
        if self._arm_at(obs, carry):
            return self._arm_decision(obs, step, index, "pick", f"holding the {step.target}", carry, gripper=0.0,
                                      outcome=StepOutcome.DONE)
        return self._arm_decision(obs, step, index, "pick", "carrying it aside", carry, gripper=0.0)

    def _place(self, obs: Observation, step: PlanStep, index: int) -> ActorDecision:
        cfg = self.config
        phase = self._phase.name
        if phase == "":
            if not self._opening_m(obs) > cfg.grasp_min_opening_m:
                return self._failed(obs, step, index, f"{NOTHING_HELD} to place")
            target = self._target(obs, step)
            if target is None:
                return self._failed(obs, step, index, f"cannot see the {step.target} to place into")
            self._point = self.release_point(target)
            why = self.unreachable(self._point)
            if why:
                return self._failed(obs, step, index, f"the {step.target} is out of the arm's reach: {why}")
            self._enter("over", obs)
            phase = "over"
        if phase != "release" and self._timed_out(obs):
            return self._failed(obs, step, index, f"the arm did not finish '{phase}' within {cfg.arm_phase_timeout_s:.0f} s")
        if phase == "over":
            if not self._opening_m(obs) > cfg.grasp_min_opening_m:  # the swing over the bin shook it loose
                return self._failed(obs, step, index, f"{NOTHING_HELD}: what it held slipped out before it was over the "
                                                      f"{step.target}")
            if self._arm_at(obs, self._point):
                self._enter("release", obs)
            return self._arm_decision(obs, step, index, "place", f"reaching over the {step.target}", self._point, gripper=0.0)
        if phase == "release":
            if self._elapsed_s(obs) >= cfg.gripper_wait_s:
                self._enter("stow", obs)
            return self._arm_decision(obs, step, index, "place", "opening the gripper", self._point, gripper=cfg.gripper_open_m)
        if self._arm_at(obs, None, ARM_HOME_RAD):
            return self._arm_decision(obs, step, index, "place", f"released into the {step.target}", joints=ARM_HOME_RAD,
                                      gripper=cfg.gripper_open_m, outcome=StepOutcome.DONE)
        return self._arm_decision(obs, step, index, "place", "stowing the arm", joints=ARM_HOME_RAD, gripper=cfg.gripper_open_m)
