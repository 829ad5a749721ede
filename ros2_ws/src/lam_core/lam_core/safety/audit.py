"""Independent checks of what the executor publishes: used by the property tests and by
`lam bench safety` on live /cmd_vel and trajectory streams. A violation is a string saying what
was exceeded; an empty list means the output was within the limits."""

from __future__ import annotations

from lam_core.datatypes import JointTrajectory, Twist2D
from lam_core.robot.description import RobotDescription
from lam_core.safety.shield import ShieldLimits

TOLERANCE = 1e-6


def twist_violations(limits: ShieldLimits, prev: Twist2D, cur: Twist2D) -> list[str]:
    """Velocity limits of ``cur`` and the change from the previous control period's ``prev``:
    speeding up within max accel, slowing down within the emergency deceleration (normal braking
    is gentler; only emergencies may use the full bound)."""
    out = []
    if not cur.is_finite():
        return [f"non-finite twist {cur}"]
    if cur.vx_mps > limits.max_vx_mps + TOLERANCE or cur.vx_mps < -limits.max_reverse_mps - TOLERANCE:
        out.append(f"vx {cur.vx_mps:.4f} outside [-{limits.max_reverse_mps}, {limits.max_vx_mps}]")
    if abs(cur.wz_radps) > limits.max_wz_radps + TOLERANCE:
        out.append(f"wz {cur.wz_radps:.4f} beyond {limits.max_wz_radps}")
    dt = limits.control_period_s
    for name, p, c, up, down in (
        ("vx", prev.vx_mps, cur.vx_mps, limits.max_accel_mps2, limits.emergency_decel_mps2),
        ("wz", prev.wz_radps, cur.wz_radps, limits.max_alpha_radps2, limits.emergency_yaw_decel_radps2),
    ):
        speeding_up = abs(c) > abs(p) and c * p >= 0.0
        bound = (up if speeding_up else down) * dt
        if abs(c - p) > bound + TOLERANCE:
            out.append(f"{name} changed {c - p:+.4f} in one period (bound {bound:.4f})")
    return out


def trajectory_violations(robot: RobotDescription, traj: JointTrajectory, start: tuple[float, ...], velocity_scale: float) -> list[str]:
    """Every point within the joint limits and every segment (from ``start``) within the scaled
    joint velocity limits."""
    out = []
    prev_t, prev_q = 0.0, start
    for i, point in enumerate(traj.points):
        dt = point.time_from_start_s - prev_t
        if dt <= 0.0:
            out.append(f"point {i}: time does not increase")
            continue
        for name, q, q0 in zip(traj.joint_names, point.positions, prev_q, strict=True):
            joint = robot.joint(name)
            if not joint.lower - TOLERANCE <= q <= joint.upper + TOLERANCE:
                out.append(f"point {i}: {name}={q:.4f} outside [{joint.lower}, {joint.upper}]")
            speed = abs(q - q0) / dt
            if speed > joint.velocity * velocity_scale * (1 + 1e-3) + TOLERANCE:
                out.append(f"point {i}: {name} at {speed:.3f}/s beyond {joint.velocity * velocity_scale:.3f}/s")
        prev_t, prev_q = point.time_from_start_s, point.positions
    return out
