"""Arm and gripper side of the executor: validates the arm part of ActionCommands, solves
Cartesian reach targets with IK, and turns targets into interpolated joint trajectories that
respect the joint position and velocity limits of the robot description. Pure; the executor
calls ``ArmSupervisor.step`` once per control period.

Frames: grasp points in base_link [m]; joint positions [rad] (fingers [m]); gripper opening is
the gap between the fingers [m] (each finger moves half of it).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from lam_core.datatypes import ActionCommand, JointStates, JointTrajectory, TrajectoryPoint
from lam_core.errors import InputError
from lam_core.robot.description import RobotDescription
from lam_core.robot.kinematics import ArmGeometry, top_down_ik

ARM = "arm"
GRIPPER = "gripper"
RESEND_DEVIATION_RAD = 0.1  # an arm this far from its target once the trajectory is over is sent it again [rad]


@dataclass(frozen=True)
class ArmLimits:
    """Trajectory shaping, loaded from config/ (joint limits come from the robot description)."""

    velocity_scale: float       # fraction of each joint's velocity limit a trajectory may use
    point_period_s: float       # spacing of trajectory points [s]
    min_duration_s: float       # shortest move [s]
    replan_tolerance: float     # a target this close to the one in force is not re-sent [rad or m]


@dataclass(frozen=True)
class ArmTargets:
    arm: dict[str, float]       # joint -> position; empty = leave the arm alone
    gripper: dict[str, float]   # finger joint -> position; empty = leave the gripper alone


def smoothstep_trajectory(
    names: tuple[str, ...], start: tuple[float, ...], goal: tuple[float, ...], max_velocity: tuple[float, ...],
    point_period_s: float, min_duration_s: float,
) -> JointTrajectory:
    """Cubic ease-in/ease-out from ``start`` to ``goal``; the duration makes the steepest segment
    of every joint stay within its ``max_velocity`` (the cubic's peak slope is 1.5x the mean)."""
    duration = max(min_duration_s, max(1.5 * abs(g - s) / v for s, g, v in zip(start, goal, max_velocity, strict=True)))
    n = max(1, math.ceil(duration / point_period_s))
    points = []
    for k in range(1, n + 1):
        u = k / n
        blend = u * u * (3.0 - 2.0 * u)
        points.append(TrajectoryPoint(duration * u, tuple(s + blend * (g - s) for s, g in zip(start, goal, strict=True))))
    return JointTrajectory(0, names, tuple(points))


class ArmSupervisor:
    """Keeps the arm and gripper on validated, limit-respecting trajectories."""

    def __init__(self, robot: RobotDescription, limits: ArmLimits) -> None:
        self.robot = robot
        self.limits = limits
        self.geometry = ArmGeometry.from_description(robot)
        self.interventions: Counter[str] = Counter()
        self._goal: dict[str, dict[str, float]] = {ARM: {}, GRIPPER: {}}
        self._over_ns: dict[str, int] = {ARM: -1, GRIPPER: -1}  # when the trajectory in force should be done [ns]
        self._holding = False
        self.joints: JointStates | None = None

    @property
    def max_opening_m(self) -> float:
        return sum(self.robot.joint(n).upper for n in self.robot.gripper_joints)

    def update_joints(self, joints: JointStates) -> None:
        self.joints = joints

    def targets(self, command: ActionCommand) -> ArmTargets:
        """The joint targets a command asks for; InputError with the reason when it is unacceptable."""
        robot = self.robot
        names, positions = command.arm_joint_names, command.arm_joint_positions_rad
        if len(names) != len(positions):
            raise InputError(f"{len(positions)} arm positions for {len(names)} joint names")
        unknown = [n for n in names if n not in robot.arm_joints]
        if unknown:
            raise InputError(f"unknown arm joint(s) {unknown}; the arm has {list(robot.arm_joints)}")
        if len(set(names)) != len(names):
            raise InputError("an arm joint is named twice")
        arm: dict[str, float] = {}
        for name, q in zip(names, positions, strict=True):
            joint = robot.joint(name)
            if not math.isfinite(q):
                raise InputError(f"non-finite target for {name}")
            if not joint.lower <= q <= joint.upper:
                raise InputError(f"{name}={q:.3g} outside its limits [{joint.lower}, {joint.upper}]")
            arm[name] = q
        point = command.grasp_point_m
        if any(math.isfinite(c) for c in point):
            if names:
                raise InputError("give either arm joint targets or a grasp point, not both")
            if not all(math.isfinite(c) for c in point):
                raise InputError(f"grasp point {point} is partly non-finite")
            arm = dict(zip(robot.arm_joints, top_down_ik(self.geometry, point), strict=True))
        gripper: dict[str, float] = {}
        opening = command.gripper_opening_m
        if not math.isnan(opening):
            if not math.isfinite(opening) or not 0.0 <= opening <= self.max_opening_m + 1e-9:
                raise InputError(f"gripper opening {opening} m outside [0, {self.max_opening_m:.3f}]")
            gripper = dict.fromkeys(robot.gripper_joints, min(opening / 2.0, self.robot.joint(robot.gripper_joints[0]).upper))
        return ArmTargets(arm, gripper)

    def _current(self, names: tuple[str, ...]) -> tuple[float, ...] | None:
        """Current positions clamped into the joint limits (the start of a new trajectory)."""
        joints = self.joints
        if joints is None:
            return None
        known = dict(zip(joints.names, joints.positions_rad, strict=False))
        if not all(n in known and math.isfinite(known[n]) for n in names):
            return None
        return tuple(min(max(known[n], self.robot.joint(n).lower), self.robot.joint(n).upper) for n in names)

    def _in_force(self, group: str, goal: dict[str, float], now_ns: int) -> bool:
        """True when ``goal`` is the target in force and needs no new trajectory. The arm is sent
        the same target again when its trajectory is over and it is still far from it (moved by
        something else: a reset, a push, a controller that dropped the trajectory). The gripper is
        not: a gripper closed on an object never reaches its target."""
        old = self._goal[group]
        if old.keys() != goal.keys() or any(abs(old[n] - q) > self.limits.replan_tolerance for n, q in goal.items()):
            return False
        if group == GRIPPER or now_ns < self._over_ns[group]:
            return True
        here = self._current(tuple(goal))
        return here is None or all(abs(h - q) <= RESEND_DEVIATION_RAD for h, q in zip(here, goal.values(), strict=True))

    def _settle_by(self, group: str, duration_s: float, now_ns: int) -> None:
        self._over_ns[group] = now_ns + int((duration_s + self.limits.min_duration_s) * 1e9)

    def _plan(self, group: str, goal: dict[str, float], now_ns: int) -> JointTrajectory | None:
        names = tuple(goal)
        start = self._current(names)
        if start is None:
            return None
        lim = self.limits
        speeds = tuple(self.robot.joint(n).velocity * lim.velocity_scale for n in names)
        traj = smoothstep_trajectory(names, start, tuple(goal.values()), speeds, lim.point_period_s, lim.min_duration_s)
        self._goal[group] = dict(goal)
        self._settle_by(group, traj.points[-1].time_from_start_s, now_ns)
        return traj

    def hold(self, now_ns: int) -> list[tuple[str, JointTrajectory]]:
        """Trajectories that stop the arm and gripper (sent once per halt): empty ones, which a
        trajectory controller takes as "hold where you are now", so the hold is the joints'
        position when the controller receives it, not the last joint_states this node saw (on
        a busy machine those lag, and a hold there would move the arm back). ``now_ns`` is the
        node clock [ns]."""
        if self._holding:
            return []
        groups = ((ARM, self.robot.arm_joints), (GRIPPER, self.robot.gripper_joints))
        for group, names in groups:
            here = self._current(names)
            self._goal[group] = {} if here is None else dict(zip(names, here, strict=True))
            self._settle_by(group, 0.0, now_ns)
        self._holding = True
        return [(group, JointTrajectory(0, names, ())) for group, names in groups]

    def command(self, targets: ArmTargets, now_ns: int) -> list[tuple[str, JointTrajectory]]:
        """Trajectories for targets that are not in force (``_in_force``); ``now_ns`` is the node
        clock [ns]. Raises InputError when there are no joint_states to start from."""
        out = []
        for group, goal in ((ARM, targets.arm), (GRIPPER, targets.gripper)):
            if not goal:
                continue
            if self._in_force(group, goal, now_ns):
                continue
            traj = self._plan(group, goal, now_ns)
            if traj is None:
                raise InputError("no joint_states yet: the arm cannot be moved")
            out.append((group, traj))
        if out:
            self._holding = False
        return out
