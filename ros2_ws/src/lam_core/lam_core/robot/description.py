"""Typed robot description loaded from sim/lam_robot/robot.yaml: links with simple geoms, joints
with URDF-style origins, controller groups and sensors. Frames REP 103; SI units, radians."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from lam_core.datatypes import Footprint
from lam_core.errors import ConfigError
from lam_core.geometry import Mat3, rpy_matrix
from lam_core.paths import sim_dir

Vec3 = tuple[float, float, float]
GEOM_TYPES = ("box", "cylinder", "sphere")
JOINT_TYPES = ("fixed", "revolute", "continuous", "prismatic")


@dataclass(frozen=True)
class Geom:
    """A primitive shape in its link frame. box: size = full extents; cylinder: radius, length
    along its local z; sphere: radius."""

    name: str
    type: str
    size: Vec3
    radius: float
    length: float
    xyz: Vec3
    rpy: Vec3
    rgba: tuple[float, float, float, float]
    collide: bool
    frictionless: bool
    friction: float
    contact: str = ""  # the collision shape when it differs from the visual one: "sphere" of the same radius

    def collision(self) -> Geom:
        """The shape that touches the world: this geom, or a sphere of its radius at its centre for
        ``contact: sphere`` (a wheel that meets the ground at one point, not along its two rims)."""
        if not self.contact or self.contact == self.type:
            return self
        return replace(self, type=self.contact, size=(0.0, 0.0, 0.0), length=0.0, rpy=(0.0, 0.0, 0.0), contact="")

    def extents(self) -> Vec3:
        """Full extents along the link axes (the shape's own extents turned by its rpy) [m]."""
        if self.type == "box":
            local = np.array(self.size)
        elif self.type == "cylinder":
            local = np.array((2 * self.radius, 2 * self.radius, self.length))
        else:
            local = np.full(3, 2 * self.radius)
        ext = np.abs(rpy_matrix(*self.rpy)) @ local
        return (float(ext[0]), float(ext[1]), float(ext[2]))


@dataclass(frozen=True)
class Link:
    name: str
    geoms: tuple[Geom, ...]
    mass_kg: float

    def inertia_diagonal(self) -> Vec3:
        """Diagonal inertia [kg m^2] about the centre of mass, along the link axes: the link's mass
        as a solid of its first geom's shape (box, cylinder or sphere), turned by the geom's rpy."""
        if self.mass_kg <= 0 or not self.geoms:
            return (1e-6, 1e-6, 1e-6)
        g, m = self.geoms[0], self.mass_kg
        if g.type == "box":
            x, y, z = g.size
            local = np.array((y * y + z * z, x * x + z * z, x * x + y * y)) * m / 12
        elif g.type == "cylinder":  # axis along the geom's own z
            across = m * (3 * g.radius ** 2 + g.length ** 2) / 12
            local = np.array((across, across, m * g.radius ** 2 / 2))
        else:
            local = np.full(3, 2 * m * g.radius ** 2 / 5)
        rot = rpy_matrix(*g.rpy)
        turned = np.diag(rot @ np.diag(local) @ rot.T)
        return (max(float(turned[0]), 1e-6), max(float(turned[1]), 1e-6), max(float(turned[2]), 1e-6))

    def centre_of_mass(self) -> Vec3:
        return self.geoms[0].xyz if self.geoms else (0.0, 0.0, 0.0)


@dataclass(frozen=True)
class Joint:
    name: str
    type: str
    parent: str
    child: str
    xyz: Vec3
    rpy: Vec3
    axis: Vec3
    lower: float
    upper: float
    effort: float
    velocity: float

    @property
    def movable(self) -> bool:
        return self.type != "fixed"

    @property
    def limited(self) -> bool:
        return self.type in ("revolute", "prismatic")


@dataclass(frozen=True)
class CameraSpec:
    link: str
    fovy_rad: float
    width: int
    height: int
    near_m: float
    far_m: float
    rate_hz: float


@dataclass(frozen=True)
class LidarSpec:
    link: str
    rays: int
    range_min_m: float
    range_max_m: float
    rate_hz: float


@dataclass(frozen=True)
class RobotDescription:
    name: str
    links: dict[str, Link]
    joints: dict[str, Joint]
    base_left_wheel: str
    base_right_wheel: str
    arm_joints: tuple[str, ...]
    gripper_joints: tuple[str, ...]
    camera: CameraSpec
    lidar: LidarSpec
    imu_link: str
    imu_rate_hz: float
    odom_rate_hz: float  # wheel odometry and joint_states

    @property
    def root(self) -> str:
        children = {j.child for j in self.joints.values()}
        roots = [n for n in self.links if n not in children]
        return roots[0]

    def children(self, link: str) -> list[Joint]:
        return [j for j in self.joints.values() if j.parent == link]

    def joint(self, name: str) -> Joint:
        try:
            return self.joints[name]
        except KeyError:
            raise ConfigError(f"robot {self.name} has no joint {name!r}") from None

    @property
    def wheel_radius_m(self) -> float:
        return self.links[self.joint(self.base_left_wheel).child].geoms[0].radius

    @property
    def wheel_separation_m(self) -> float:
        return self.joint(self.base_left_wheel).xyz[1] - self.joint(self.base_right_wheel).xyz[1]

    def base_footprint(self) -> tuple[float, float, float]:
        """(front x, rear x, half width) [m] in the root link of the colliding geoms of the root
        link and of the links hanging on it by movable joints (wheels)."""
        placed = [((0.0, 0.0, 0.0), g) for g in self.links[self.root].geoms if g.collide]
        placed += [(j.xyz, g) for j in self.children(self.root) if j.movable for g in self.links[j.child].geoms if g.collide]
        xs, ys = [], []
        for offset, g in placed:
            ex, ey, _ = g.extents()
            cx, cy = offset[0] + g.xyz[0], offset[1] + g.xyz[1]
            xs += [cx - ex / 2, cx + ex / 2]
            ys += [abs(cy) + ey / 2]
        return max(xs), min(xs), max(ys)

    def footprint(self) -> Footprint:
        """The base's outline (base_footprint) as the Footprint the perception, fusion and safety
        code test points against."""
        return Footprint(*self.base_footprint())

    def fixed_transform(self, link: str) -> tuple[Vec3, Mat3]:
        """Pose of ``link`` in the root link frame with every movable joint at zero."""
        rot = np.eye(3)
        pos = np.zeros(3)
        chain = []
        name = link
        parents = {j.child: j for j in self.joints.values()}
        while name in parents:
            chain.append(parents[name])
            name = parents[name].parent
        for j in reversed(chain):
            pos = pos + rot @ np.array(j.xyz)
            rot = rot @ rpy_matrix(*j.rpy)
        return (float(pos[0]), float(pos[1]), float(pos[2])), rot


def _vec(raw: Any, n: int, default: float, where: str) -> tuple[float, ...]:
    if raw is None:
        return (default,) * n
    if not isinstance(raw, (list, tuple)) or len(raw) != n:
        raise ConfigError(f"{where}: expected {n} numbers, got {raw!r}")
    values = tuple(float(v) for v in raw)
    if not all(math.isfinite(v) for v in values):
        raise ConfigError(f"{where}: non-finite value in {raw!r}")
    return values


def parse_description(data: Any) -> RobotDescription:
    if not isinstance(data, dict):
        raise ConfigError("robot description must be a mapping")
    links: dict[str, Link] = {}
    for lname, raw in (data.get("links") or {}).items():
        geoms = []
        for g in raw.get("geoms") or []:
            gtype = g.get("type")
            if gtype not in GEOM_TYPES:
                raise ConfigError(f"link {lname}: geom type {gtype!r} not in {GEOM_TYPES}")
            if g.get("contact", "") not in ("", "sphere") or (g.get("contact") == "sphere" and gtype != "cylinder"):
                raise ConfigError(f"link {lname}: geom {g.get('name')}: contact must be 'sphere' on a cylinder, "
                                  f"not {g.get('contact')!r}")
            geoms.append(
                Geom(
                    name=str(g["name"]), type=gtype,
                    size=_vec(g.get("size"), 3, 0.0, f"{lname}.{g['name']}.size"),  # type: ignore[arg-type]
                    radius=float(g.get("radius", 0.0)), length=float(g.get("length", 0.0)),
                    xyz=_vec(g.get("xyz"), 3, 0.0, f"{lname}.xyz"),  # type: ignore[arg-type]
                    rpy=_vec(g.get("rpy"), 3, 0.0, f"{lname}.rpy"),  # type: ignore[arg-type]
                    rgba=_vec(g.get("rgba"), 4, 0.5, f"{lname}.rgba") if "rgba" in g else (0.5, 0.5, 0.5, 1.0),  # type: ignore[arg-type]
                    collide=bool(g.get("collide", True)), frictionless=bool(g.get("frictionless", False)),
                    friction=float(g.get("friction", 1.0)), contact=str(g.get("contact", "")),
                )
            )
        links[lname] = Link(lname, tuple(geoms), float(raw.get("mass", 0.0)))
    joints: dict[str, Joint] = {}
    for jname, raw in (data.get("joints") or {}).items():
        jtype = raw.get("type")
        if jtype not in JOINT_TYPES:
            raise ConfigError(f"joint {jname}: type {jtype!r} not in {JOINT_TYPES}")
        for end in ("parent", "child"):
            if raw.get(end) not in links:
                raise ConfigError(f"joint {jname}: {end} {raw.get(end)!r} is not a link")
        joints[jname] = Joint(
            jname, jtype, raw["parent"], raw["child"],
            _vec(raw.get("xyz"), 3, 0.0, f"{jname}.xyz"),  # type: ignore[arg-type]
            _vec(raw.get("rpy"), 3, 0.0, f"{jname}.rpy"),  # type: ignore[arg-type]
            _vec(raw.get("axis"), 3, 0.0, f"{jname}.axis"),  # type: ignore[arg-type]
            float(raw.get("lower", 0.0)), float(raw.get("upper", 0.0)),
            float(raw.get("effort", 0.0)), float(raw.get("velocity", 0.0)),
        )
        if joints[jname].limited and not joints[jname].lower < joints[jname].upper:
            raise ConfigError(f"joint {jname}: lower must be below upper")
    groups = data.get("groups") or {}
    sensors = data.get("sensors") or {}
    try:
        cam, lidar = sensors["camera"], sensors["lidar"]
        desc = RobotDescription(
            name=str(data["name"]), links=links, joints=joints,
            base_left_wheel=str(groups["base"]["left"]), base_right_wheel=str(groups["base"]["right"]),
            arm_joints=tuple(groups["arm"]), gripper_joints=tuple(groups["gripper"]),
            camera=CameraSpec(str(cam["link"]), float(cam["fovy"]), int(cam["width"]), int(cam["height"]),
                              float(cam["near"]), float(cam["far"]), float(cam["rate_hz"])),
            lidar=LidarSpec(str(lidar["link"]), int(lidar["rays"]), float(lidar["range_min"]), float(lidar["range_max"]),
                            float(lidar["rate_hz"])),
            imu_link=str(sensors["imu"]["link"]),
            imu_rate_hz=float(sensors["imu"]["rate_hz"]),
            odom_rate_hz=float(groups["base"]["odom_rate_hz"]),
        )
    except (KeyError, TypeError) as exc:
        raise ConfigError(f"robot description: missing or bad entry {exc}") from exc
    for name in (desc.base_left_wheel, desc.base_right_wheel, *desc.arm_joints, *desc.gripper_joints):
        desc.joint(name)
    for link in (desc.camera.link, desc.lidar.link, desc.imu_link):
        if link not in links:
            raise ConfigError(f"sensor link {link!r} is not a link")
    if len([n for n in links if n not in {j.child for j in joints.values()}]) != 1:
        raise ConfigError("the robot's links must form one tree")
    return desc


def description_path() -> Path:
    return sim_dir() / "lam_robot" / "robot.yaml"


@lru_cache(maxsize=1)
def robot_description() -> RobotDescription:
    path = description_path()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read robot description {path}: {exc}") from exc
    return parse_description(data)
