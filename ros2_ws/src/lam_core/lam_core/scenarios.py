"""Seeded task scenarios (rooms, objects, goals) and their ground-truth success checks.

Pure data: the simulator turns a Scenario into a MuJoCo scene. World frame: x forward from the
robot's start, z up, origin at the room centre; units metres and radians.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from lam_core.errors import SimError
from lam_core.types import Pose2D, SimGroundTruth
from lam_core.vocabulary import COLORS, LABEL_SIZES_M

# Colour name -> RGBA the simulator paints it with (the names are the shared vocabulary).
PALETTE: dict[str, tuple[float, float, float, float]] = {
    "red": (0.85, 0.10, 0.10, 1.0),
    "green": (0.10, 0.70, 0.15, 1.0),
    "blue": (0.10, 0.25, 0.85, 1.0),
    "yellow": (0.90, 0.80, 0.10, 1.0),
}
assert set(PALETTE) == set(COLORS), "every vocabulary colour needs a simulator colour"


FAMILIES = ("goto",)
SPLITS = ("train", "heldout")
# Seeds of the two splits come from disjoint random streams.
_SPLIT_SALT = {"train": 0x5EED_0000, "heldout": 0x7E57_0000}

GOTO_SUCCESS_DISTANCE_M = 0.75  # base_link to the target's nearest face
ROOM_SIZE_M = 6.0
WALL_HEIGHT_M = 0.5


@dataclass(frozen=True)
class ObjectSpec:
    """One object of a scene; position of its centre in the world frame [m]."""

    name: str
    label: str
    color: str
    position_m: tuple[float, float, float]
    yaw_rad: float
    size_m: tuple[float, float, float]
    mass_kg: float

    @property
    def rgba(self) -> tuple[float, float, float, float]:
        return PALETTE[self.color]


@dataclass(frozen=True)
class Scenario:
    family: str
    split: str
    seed: int
    room_size_m: float
    robot_start: Pose2D
    objects: tuple[ObjectSpec, ...]
    goal: str
    target: str  # name of the target object, e.g. "red box"

    @property
    def key(self) -> str:
        return f"{self.family}/{self.split}/{self.seed}"

    def object(self, name: str) -> ObjectSpec:
        for obj in self.objects:
            if obj.name == name:
                return obj
        raise SimError(f"scenario {self.key} has no object {name!r}")


def _far_from(p: tuple[float, float], others: list[tuple[float, float]], min_dist: float) -> bool:
    return all(math.dist(p, q) >= min_dist for q in others)


def _segment_distance(p: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
    ax, ay = a
    bx, by = b
    px, py = p
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def make_goto(split: str, seed: int, target_color: str | None = None) -> Scenario:
    """A room with one box of each palette colour; the target box is in the camera's view at start,
    1.8-3.0 m ahead; the others are placed off the straight path."""
    rng = random.Random(_SPLIT_SALT[split] + seed)
    color = target_color or rng.choice(sorted(PALETTE))
    if color not in PALETTE:
        raise SimError(f"unknown colour {color!r}; known: {', '.join(sorted(PALETTE))}")
    size = LABEL_SIZES_M["box"]
    half_room = ROOM_SIZE_M / 2 - 0.5
    start = Pose2D(rng.uniform(-2.0, -1.2), rng.uniform(-0.5, 0.5), rng.uniform(-0.3, 0.3))
    dist, bearing = rng.uniform(1.8, 3.0), rng.uniform(-0.3, 0.3)
    heading = start.yaw_rad + bearing
    target_xy = (start.x_m + dist * math.cos(heading), start.y_m + dist * math.sin(heading))
    placed = [target_xy]
    objects = [ObjectSpec(f"{color} box", "box", color, (*target_xy, size[2] / 2), rng.uniform(-0.5, 0.5), size, 3.0)]
    robot_xy = (start.x_m, start.y_m)
    for other in sorted(c for c in PALETTE if c != color):
        for _ in range(200):
            xy = (rng.uniform(-half_room, half_room), rng.uniform(-half_room, half_room))
            if (
                _far_from(xy, placed, 0.9)
                and math.dist(xy, robot_xy) > 1.0
                and _segment_distance(xy, robot_xy, target_xy) > 0.8
            ):
                break
        else:
            raise SimError(f"goto/{split}/{seed}: could not place the {other} box")
        placed.append(xy)
        objects.append(ObjectSpec(f"{other} box", "box", other, (*xy, size[2] / 2), rng.uniform(-0.5, 0.5), size, 3.0))
    return Scenario("goto", split, seed, ROOM_SIZE_M, start, tuple(objects), f"go to the {color} box", f"{color} box")


def make_scenario(family: str, split: str, seed: int, target_color: str | None = None) -> Scenario:
    if family not in FAMILIES:
        raise SimError(f"unknown scenario family {family!r}; known: {', '.join(FAMILIES)}")
    if split not in SPLITS:
        raise SimError(f"unknown split {split!r}; known: {', '.join(SPLITS)}")
    if seed < 0:
        raise SimError(f"seed must be >= 0, got {seed}")
    return make_goto(split, seed, target_color)


def distance_to_object_m(truth: SimGroundTruth, name: str) -> float:
    """Planar distance from base_link to the nearest point of an object's footprint [m]."""
    for obj in truth.objects:
        if obj.name == name:
            dx, dy = truth.robot.x_m - obj.position_m[0], truth.robot.y_m - obj.position_m[1]
            c, s = math.cos(-obj.yaw_rad), math.sin(-obj.yaw_rad)
            lx, ly = c * dx - s * dy, s * dx + c * dy
            ex = max(abs(lx) - obj.size_m[0] / 2, 0.0)
            ey = max(abs(ly) - obj.size_m[1] / 2, 0.0)
            return math.hypot(ex, ey)
    raise SimError(f"no object {name!r} in the ground truth")


def goto_succeeded(truth: SimGroundTruth, target: str) -> bool:
    return distance_to_object_m(truth, target) <= GOTO_SUCCESS_DISTANCE_M
