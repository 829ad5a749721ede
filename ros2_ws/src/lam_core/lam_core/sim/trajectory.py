"""Joint trajectories for the simulated arm and gripper: validation and linear interpolation.

A trajectory starts at the sim time it is received (or its header stamp, if later), from the
joints' current positions, and passes through each point at its time_from_start. One with no
points stops the joints and holds them where they are when it starts (as ROS trajectory
controllers take an empty trajectory).
"""

from __future__ import annotations

import math

from lam_core.datatypes import JointTrajectory
from lam_core.errors import InputError
from lam_core.robot.description import RobotDescription

MAX_DURATION_S = 120.0


def validate_trajectory(traj: JointTrajectory, allowed: tuple[str, ...], robot: RobotDescription) -> None:
    """Raise InputError unless every joint is allowed and named once, every point has one finite
    position per joint within the joint's limits, and times strictly increase from > 0. No
    points is valid: a hold."""
    if not traj.joint_names:
        raise InputError("trajectory names no joints")
    unknown = [n for n in traj.joint_names if n not in allowed]
    if unknown:
        raise InputError(f"unknown joint(s) {unknown}; this controller drives {list(allowed)}")
    if len(set(traj.joint_names)) != len(traj.joint_names):
        raise InputError("a joint is named twice")
    last = 0.0
    for i, p in enumerate(traj.points):
        t = p.time_from_start_s
        if not math.isfinite(t) or t < 0.0 or (i > 0 and t <= last) or t > MAX_DURATION_S:
            raise InputError(f"point {i}: time_from_start {t} s must be finite, increasing and <= {MAX_DURATION_S}")
        last = t
        if len(p.positions) != len(traj.joint_names):
            raise InputError(f"point {i}: {len(p.positions)} positions for {len(traj.joint_names)} joints")
        for name, q in zip(traj.joint_names, p.positions, strict=True):
            j = robot.joint(name)
            if not math.isfinite(q):
                raise InputError(f"point {i}: non-finite position for {name}")
            if not (j.lower - 1e-6 <= q <= j.upper + 1e-6):
                raise InputError(f"point {i}: {name}={q:.4g} outside [{j.lower}, {j.upper}]")


class TrajectoryTracker:
    """Position targets over time for one controller's joints."""

    def __init__(self) -> None:
        self._traj: JointTrajectory | None = None
        self._start_ns = 0
        self._from: tuple[float, ...] = ()

    def start(self, traj: JointTrajectory, now_ns: int, current: tuple[float, ...]) -> None:
        self._traj = traj
        self._start_ns = max(now_ns, traj.stamp_ns)
        self._from = current

    @property
    def active(self) -> bool:
        return self._traj is not None

    def targets(self, now_ns: int) -> dict[str, float]:
        """Interpolated targets at now_ns; the last point holds after the end."""
        traj = self._traj
        if traj is None:
            return {}
        t = (now_ns - self._start_ns) * 1e-9
        if t < 0:
            return {}
        if not traj.points:  # a hold
            return dict(zip(traj.joint_names, self._from, strict=True))
        prev_t, prev_q = 0.0, self._from
        for p in traj.points:
            if t <= p.time_from_start_s:
                a = (t - prev_t) / (p.time_from_start_s - prev_t) if p.time_from_start_s > prev_t else 1.0
                q = tuple(q0 + a * (q1 - q0) for q0, q1 in zip(prev_q, p.positions, strict=True))
                return dict(zip(traj.joint_names, q, strict=True))
            prev_t, prev_q = p.time_from_start_s, p.positions
        return dict(zip(traj.joint_names, traj.points[-1].positions, strict=True))
