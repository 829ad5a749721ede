"""The robot's coordinate frames as transforms, for /tf_static, /tf and checks that read them.

A transform here is the pose of ``child`` in ``parent`` (REP 103; metres, unit quaternion x, y, z, w),
the same convention as geometry_msgs/TransformStamped. The fixed joints of the robot description,
plus the camera's optical frame (REP 103: z forward, x right, y down, on the camera link), are
static; movable joints follow their positions (URDF semantics: origin, then the joint's motion
about or along its axis).
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from lam_core.errors import InputError
from lam_core.geometry import OPTICAL_IN_BODY, Mat3, rpy_matrix
from lam_core.robot.description import Joint, RobotDescription

Vec3 = tuple[float, float, float]
Quat = tuple[float, float, float, float]


def quat_from_matrix(rot: Mat3) -> Quat:
    """Unit quaternion (x, y, z, w), w >= 0, of a rotation matrix."""
    m = np.asarray(rot, dtype=float)
    trace = m[0, 0] + m[1, 1] + m[2, 2]
    if trace > 0:
        s = 2.0 * math.sqrt(trace + 1.0)
        q = ((m[2, 1] - m[1, 2]) / s, (m[0, 2] - m[2, 0]) / s, (m[1, 0] - m[0, 1]) / s, 0.25 * s)
    elif m[0, 0] > m[1, 1] and m[0, 0] > m[2, 2]:
        s = 2.0 * math.sqrt(1.0 + m[0, 0] - m[1, 1] - m[2, 2])
        q = (0.25 * s, (m[0, 1] + m[1, 0]) / s, (m[0, 2] + m[2, 0]) / s, (m[2, 1] - m[1, 2]) / s)
    elif m[1, 1] > m[2, 2]:
        s = 2.0 * math.sqrt(1.0 + m[1, 1] - m[0, 0] - m[2, 2])
        q = ((m[0, 1] + m[1, 0]) / s, 0.25 * s, (m[1, 2] + m[2, 1]) / s, (m[0, 2] - m[2, 0]) / s)
    else:
        s = 2.0 * math.sqrt(1.0 + m[2, 2] - m[0, 0] - m[1, 1])
        q = ((m[0, 2] + m[2, 0]) / s, (m[1, 2] + m[2, 1]) / s, 0.25 * s, (m[1, 0] - m[0, 1]) / s)
    sign = -1.0 if q[3] < 0 else 1.0
    norm = math.sqrt(sum(c * c for c in q))
    return (sign * q[0] / norm, sign * q[1] / norm, sign * q[2] / norm, sign * q[3] / norm)


def matrix_from_quat(q: Quat) -> Mat3:
    """Rotation matrix of a quaternion (x, y, z, w); normalised first. InputError if not finite or zero."""
    arr = np.asarray(q, dtype=float)
    norm = float(np.linalg.norm(arr))
    if not np.all(np.isfinite(arr)) or norm < 1e-9:
        raise InputError(f"quaternion {q} is not a rotation")
    x, y, z, w = arr / norm
    return np.array([
        [1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)],
        [2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)],
        [2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)],
    ])


@dataclass(frozen=True)
class FrameTransform:
    """Pose of ``child`` in ``parent``: translation [m] and rotation (quaternion x, y, z, w)."""

    parent: str
    child: str
    translation: Vec3
    rotation: Quat

    @staticmethod
    def from_matrix(parent: str, child: str, translation: npt.ArrayLike, rot: Mat3) -> FrameTransform:
        t = np.asarray(translation, dtype=float)
        return FrameTransform(parent, child, (float(t[0]), float(t[1]), float(t[2])), quat_from_matrix(rot))

    def matrix(self) -> npt.NDArray[np.float64]:
        """4x4 homogeneous transform taking child coordinates to parent coordinates."""
        out = np.eye(4)
        out[:3, :3] = matrix_from_quat(self.rotation)
        out[:3, 3] = self.translation
        return out


def _quat_multiply(a: Quat, b: Quat) -> Quat:
    ax, ay, az, aw = a
    bx, by, bz, bw = b
    return (aw * bx + ax * bw + ay * bz - az * by, aw * by - ax * bz + ay * bw + az * bx,
            aw * bz + ax * by - ay * bx + az * bw, aw * bw - ax * bx - ay * by - az * bz)


@lru_cache(maxsize=256)
def _joint_origin(joint: Joint) -> tuple[Quat, Vec3, Vec3]:
    """The joint's origin rotation (quaternion), its unit axis, and that axis in the parent frame."""
    rot = rpy_matrix(*joint.rpy)
    axis = np.asarray(joint.axis, dtype=float)
    norm = float(np.linalg.norm(axis))
    unit = axis / norm if norm > 0 else axis
    moved = rot @ unit
    return (quat_from_matrix(rot), (float(unit[0]), float(unit[1]), float(unit[2])),
            (float(moved[0]), float(moved[1]), float(moved[2])))


def joint_transform(joint: Joint, position: float = 0.0) -> FrameTransform:
    """The child link's pose in the parent link with the joint at ``position`` (rad or m). Pure
    arithmetic on the cached origin: the state publisher calls it for every joint at 50 Hz."""
    origin, axis, axis_in_parent = _joint_origin(joint)
    x, y, z = joint.xyz
    if joint.type in ("revolute", "continuous"):
        half = 0.5 * position
        sin_half = math.sin(half)
        turn = (axis[0] * sin_half, axis[1] * sin_half, axis[2] * sin_half, math.cos(half))
        q = _quat_multiply(origin, turn)
        sign = -1.0 if q[3] < 0 else 1.0
        return FrameTransform(joint.parent, joint.child, (x, y, z), (sign * q[0], sign * q[1], sign * q[2], sign * q[3]))
    if joint.type == "prismatic":
        x, y, z = x + axis_in_parent[0] * position, y + axis_in_parent[1] * position, z + axis_in_parent[2] * position
    return FrameTransform(joint.parent, joint.child, (x, y, z), origin)


def planar_transform(parent: str, child: str, x_m: float, y_m: float, yaw_rad: float) -> FrameTransform:
    """A pose in the plane (odometry: ``child`` base frame in the ``parent`` odom frame)."""
    half = 0.5 * yaw_rad
    return FrameTransform(parent, child, (x_m, y_m, 0.0), (0.0, 0.0, math.sin(half), math.cos(half)))


def static_transforms(desc: RobotDescription, optical_frame: str) -> list[FrameTransform]:
    """Every fixed frame: the description's fixed joints and the camera's optical frame."""
    out = [joint_transform(j) for j in desc.joints.values() if not j.movable]
    out.append(FrameTransform.from_matrix(desc.camera.link, optical_frame, (0.0, 0.0, 0.0), OPTICAL_IN_BODY))
    return out


def moving_transforms(desc: RobotDescription, positions: Mapping[str, float]) -> list[FrameTransform]:
    """Transforms of the movable joints named in ``positions`` (joint name -> rad or m). Unknown
    names are ignored; a non-finite position raises InputError (never published)."""
    out = []
    for name, value in positions.items():
        joint = desc.joints.get(name)
        if joint is None or not joint.movable:
            continue
        if not math.isfinite(value):
            raise InputError(f"joint {name}: position {value} is not finite")
        out.append(joint_transform(joint, value))
    return out


class TransformTree:
    """A small tf buffer: static transforms, and time-stamped ones per child frame; lookups compose
    the chain between two frames, each dynamic link taken at the latest stamp at or before the
    asked time (within ``max_age_ns``)."""

    def __init__(self, max_age_ns: int = 1_000_000_000) -> None:
        self.max_age_ns = max_age_ns
        self._static: dict[str, FrameTransform] = {}
        self._dynamic: dict[str, tuple[list[int], list[FrameTransform]]] = {}

    def add(self, transforms: Iterable[FrameTransform], stamp_ns: int, static: bool = False) -> None:
        for tf in transforms:
            if static:
                self._static[tf.child] = tf
                continue
            stamps, values = self._dynamic.setdefault(tf.child, ([], []))
            i = bisect.bisect_right(stamps, stamp_ns)
            stamps.insert(i, stamp_ns)
            values.insert(i, tf)

    def frames(self) -> set[str]:
        known = set(self._static) | set(self._dynamic)
        known |= {tf.parent for tf in self._static.values()}
        known |= {v[-1].parent for _, v in self._dynamic.values() if v}
        return known

    def _parent_link(self, child: str, stamp_ns: int) -> FrameTransform | None:
        if child in self._static:
            return self._static[child]
        entry = self._dynamic.get(child)
        if entry is None:
            return None
        stamps, values = entry
        i = bisect.bisect_right(stamps, stamp_ns) - 1
        if i < 0 or stamp_ns - stamps[i] > self.max_age_ns:
            return None
        return values[i]

    def _chain_to_root(self, frame: str, stamp_ns: int) -> list[FrameTransform]:
        chain: list[FrameTransform] = []
        seen = {frame}
        while (link := self._parent_link(frame, stamp_ns)) is not None:
            chain.append(link)
            frame = link.parent
            if frame in seen:
                raise InputError(f"transform loop through {frame}")
            seen.add(frame)
        return chain

    def lookup(self, target: str, source: str, stamp_ns: int) -> npt.NDArray[np.float64]:
        """4x4 transform taking ``source`` coordinates to ``target`` coordinates at ``stamp_ns``;
        InputError when the frames are not connected at that time."""
        up_source, up_target = self._chain_to_root(source, stamp_ns), self._chain_to_root(target, stamp_ns)
        root_source = up_source[-1].parent if up_source else source
        root_target = up_target[-1].parent if up_target else target
        if root_source != root_target:
            raise InputError(f"{source} and {target} are not connected at t={stamp_ns * 1e-9:.3f} s "
                             f"(roots {root_source}, {root_target})")
        source_in_root = np.eye(4)
        for link in up_source:
            source_in_root = link.matrix() @ source_in_root
        target_in_root = np.eye(4)
        for link in up_target:
            target_in_root = link.matrix() @ target_in_root
        return np.linalg.inv(target_in_root) @ source_in_root
