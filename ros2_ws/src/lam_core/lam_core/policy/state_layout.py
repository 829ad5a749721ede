"""The layout of the policy's state vector: the one source of its features, their order and widths.

State layout (state_layout(), in order; frame base_link unless said otherwise):
  scan_range        minimum range per scan sector / range_max, sector 0 centred on the back (-pi); 1 = free
  scan_valid        1 when the scan summary is usable
  base_velocity     odometry vx / max_vx_mps, wz / max_wz_radps
  odometry_valid    1 when odometry is present and finite
  yaw_rate          IMU yaw rate / max_wz_radps
  yaw_rate_valid    1 when the yaw rate is finite
  arm_position      arm joint angles / the joint's largest limit magnitude (robot description order)
  gripper_position  finger positions / the finger's upper limit
  joint_valid       1 per arm and gripper joint that is present and finite
  image_valid       1 when the thumbnail is a usable HxWx3 uint8 image
  target_position   target x, y, z [m] (clipped to +-TARGET_RANGE_LIMIT_M)
  target_distance   planar distance [m]
  target_bearing    sin, cos of the bearing
  target_size       object extents x, y, z [m]
  target_confidence detection confidence in [0, 1]; 1 for a pose target
  target_visible    1 when the target is seen (object) or placed by odometry (pose)
  target_kind       one-hot over TARGET_KINDS: the target's role (policy_target_kind)
"""

from __future__ import annotations

import math
from functools import lru_cache

from lam_core.robot.description import robot_description
from lam_core.vocabulary import CONTAINER_LABELS, GRASPABLE_LABELS

# What the policy is told of its target: a thing to stop in front of ("box"), one to grasp
# ("cube"), one to put things into ("bin"), or a pose. Every kind of the world has one of these
# roles; its size, position and the camera thumbnail say the rest.
TARGET_KINDS: tuple[str, ...] = ("box", "cube", "bin", "pose")


def policy_target_kind(label: str, skill: str) -> str:
    """The role among TARGET_KINDS of an object kind that a step of ``skill`` goes to: box, cube and
    bin are their own; a newer graspable kind (a can) lined up with to be picked (``approach``) is
    one to grasp; any other newer kind (a ball, a cone, a can driven to) is driven up to as a box is."""
    if label in TARGET_KINDS:
        return label
    if label in GRASPABLE_LABELS and skill == "approach":
        return "cube"
    return "bin" if label in CONTAINER_LABELS else "box"


@lru_cache(maxsize=1)
def joint_scales() -> tuple[tuple[str, ...], tuple[str, ...], tuple[float, ...], tuple[float, ...]]:
    """Arm and gripper joint names and the divisor that brings each joint's range near [-1, 1]."""
    robot = robot_description()

    def scale(name: str, gripper: bool) -> float:
        joint = robot.joint(name)
        magnitude = joint.upper if gripper else max(abs(joint.lower), abs(joint.upper))
        return magnitude if joint.limited and magnitude > 0 else (1.0 if gripper else math.pi)

    return (
        robot.arm_joints, robot.gripper_joints,
        tuple(scale(n, False) for n in robot.arm_joints), tuple(scale(n, True) for n in robot.gripper_joints),
    )


def state_layout(scan_sectors: int) -> tuple[tuple[str, int], ...]:
    """(name, width) of each state feature, in order; the single source of the state layout."""
    arm, gripper, _, _ = joint_scales()
    return (
        ("scan_range", scan_sectors),
        ("scan_valid", 1),
        ("base_velocity", 2),
        ("odometry_valid", 1),
        ("yaw_rate", 1),
        ("yaw_rate_valid", 1),
        ("arm_position", len(arm)),
        ("gripper_position", len(gripper)),
        ("joint_valid", len(arm) + len(gripper)),
        ("image_valid", 1),
        ("target_position", 3),
        ("target_distance", 1),
        ("target_bearing", 2),
        ("target_size", 3),
        ("target_confidence", 1),
        ("target_visible", 1),
        ("target_kind", len(TARGET_KINDS)),
    )


def state_dim_for(scan_sectors: int) -> int:
    return sum(width for _, width in state_layout(scan_sectors))
