"""Arm kinematics of the yaw-pitch-pitch-pitch arm: top-down grasp inverse kinematics.

Pitch joints turn about their +y axis, so a positive angle points the chain downwards.
Positions are in base_link [m]; angles in radians.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from lam_core.errors import InputError
from lam_core.robot.description import RobotDescription


@dataclass(frozen=True)
class ArmGeometry:
    yaw_axis_xy: tuple[float, float]  # where the shoulder yaw axis meets the floor plane
    shoulder_z_m: float               # height of the shoulder pitch axis
    upper_m: float                    # shoulder pitch -> elbow
    forearm_m: float                  # elbow -> wrist
    hand_m: float                     # wrist -> grasp point between the fingertips
    limits: tuple[tuple[float, float], ...]
    fingertip_m: float = 0.0          # grasp point -> fingertip, along the fingers

    @staticmethod
    def from_description(desc: RobotDescription) -> ArmGeometry:
        _, pitch, elbow, wrist = (desc.joint(n) for n in desc.arm_joints)
        finger = desc.joint(desc.gripper_joints[0])
        finger_geom = desc.links[finger.child].geoms[0]
        (sx, sy, sz), _ = desc.fixed_transform(pitch.child)
        return ArmGeometry(
            yaw_axis_xy=(sx, sy),
            shoulder_z_m=sz,
            upper_m=elbow.xyz[0],
            forearm_m=wrist.xyz[0],
            hand_m=finger.xyz[0] + finger_geom.xyz[0],
            limits=tuple((desc.joint(n).lower, desc.joint(n).upper) for n in desc.arm_joints),
            fingertip_m=finger_geom.extents()[0] / 2,
        )


FLOOR_CLEARANCE_M = 0.005  # the fingertips stay this far above the floor in a top-down grasp
PALM_CLEARANCE_M = 0.015   # and the palm (the fingers' root) this far above the object's top


def grasp_height_m(arm: ArmGeometry, centre_z_m: float, top_z_m: float = 0.0) -> float:
    """Height of a top-down grasp point for an object whose centre is at ``centre_z_m`` and top at
    ``top_z_m`` (base_link, on the floor plane z = 0): just below the centre, but high enough that
    the palm clears the top (the grasp point lies midway along the 6 cm fingers, so the palm is
    fingertip_m above it: a 10 cm can is gripped by its upper half) and that the fingertips do not
    touch the floor (they would jam against it; a 5 cm cube is gripped from 5 mm above the floor up)."""
    return max(centre_z_m - 0.005, top_z_m + PALM_CLEARANCE_M - arm.fingertip_m, arm.fingertip_m + FLOOR_CLEARANCE_M)


def top_down_ik(arm: ArmGeometry, target_m: tuple[float, float, float]) -> tuple[float, float, float, float]:
    """Joint angles (yaw, shoulder pitch, elbow, wrist) that put the grasp point at ``target_m``
    with the fingers pointing straight down, elbow up. InputError when out of reach or limits."""
    x, y, z = target_m
    if not all(math.isfinite(v) for v in target_m):
        raise InputError(f"non-finite grasp target {target_m}")
    dx, dy = x - arm.yaw_axis_xy[0], y - arm.yaw_axis_xy[1]
    yaw = math.atan2(dy, dx)
    r = math.hypot(dx, dy)
    wr, wz = r, z + arm.hand_m - arm.shoulder_z_m  # wrist relative to the shoulder pitch axis
    d = math.hypot(wr, wz)
    l1, l2 = arm.upper_m, arm.forearm_m
    if d > l1 + l2 - 1e-6 or d < abs(l1 - l2) + 1e-6:
        raise InputError(f"grasp target {target_m} is out of reach ({d:.3f} m from the shoulder)")
    beta = math.atan2(-wz, wr)  # downward angle of the wrist seen from the shoulder
    alpha = math.acos((l1 * l1 + d * d - l2 * l2) / (2 * l1 * d))
    gamma = math.acos((l1 * l1 + l2 * l2 - d * d) / (2 * l1 * l2))
    shoulder = beta - alpha
    elbow = math.pi - gamma
    wrist = math.pi / 2 - (shoulder + elbow)
    q = (yaw, shoulder, elbow, wrist)
    for value, (lo, hi), name in zip(q, arm.limits, ("yaw", "shoulder", "elbow", "wrist"), strict=True):
        if not lo <= value <= hi:
            raise InputError(f"grasp target {target_m} needs {name}={value:.2f} rad outside [{lo}, {hi}]")
    return q
