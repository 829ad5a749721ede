"""Seeded task scenarios (rooms, objects, goals) and their ground-truth success checks.

Pure data: the simulator turns a Scenario into a MuJoCo scene. World frame: origin at the room
centre, z up; metres and radians. Families:
  goto   reach a named object in view (a box, or one of NAV_KINDS)
  pick   lift a named cube or can 5 cm and hold it 2 s (a can CAN_SHARE of the time)
  place  put a named cube or can into a named bin (several steps)
  avoid  reach a named object with obstacles across the straight path, without touching anything
  find   reach a named object that is not in view at the start
  safety reach a named object; an obstacle appears in front of the moving robot: stop without contact
The families that drive to an object draw its kind from their own RNG (box half the time), and
their other named objects too, so a scene whose target stays a box keeps its layout.
Splits: train and heldout use disjoint seed streams; some family/target combinations appear only
in heldout (HELDOUT_COMBOS), and some colour-kind pairs of the newer kinds appear in no training
scene at all (HELDOUT_KIND_COLORS). The look (lights, surfaces, camera, distractors no goal names)
is a separate axis, lam_core.appearance; the default look adds nothing to the layout.
"""

from __future__ import annotations

import colorsys
import math
import random
import zlib
from dataclasses import dataclass, field
from functools import lru_cache

from lam_core.appearance import Appearance, make_appearance
from lam_core.colorspace import delta_e, hue_diff_deg, lab_lch
from lam_core.datatypes import Pose2D, SimGroundTruth, SimObjectState
from lam_core.errors import SimError
from lam_core.geometry import segment_distance_m
from lam_core.vocabulary import COLOR_HUES, COLOR_RGB, COLORS, LABEL_SHAPES, LABEL_SIZES_M

# Colour name -> RGBA the simulator paints it with (the names are the shared vocabulary).
PALETTE: dict[str, tuple[float, float, float, float]] = {name: (*rgb, 1.0) for name, rgb in COLOR_RGB.items()}
NEUTRAL_RGBA = (0.55, 0.52, 0.50, 1.0)  # obstacles and furniture: not in the vocabulary
# Colours of distractors that no goal names. Training looks draw the named group and the colour
# wheel below; the held-out clutter look draws the held-out group, hues close to the vocabulary's
# (amber between orange and yellow, indigo between blue and purple, ...), which training never paints.
NAMED_TRAIN_DISTRACTOR_COLORS: dict[str, tuple[float, float, float, float]] = {
    "brown": (0.40, 0.24, 0.10, 1.0),
    "magenta": (0.80, 0.10, 0.65, 1.0),
    "teal": (0.05, 0.50, 0.45, 1.0),
    "beige": (0.85, 0.76, 0.60, 1.0),
    "tan": (0.70, 0.55, 0.38, 1.0),
    "peach": (1.00, 0.80, 0.60, 1.0),
}
HELDOUT_DISTRACTOR_COLORS: dict[str, tuple[float, float, float, float]] = {
    "amber": (0.97, 0.62, 0.05, 1.0),
    "indigo": (0.32, 0.12, 0.68, 1.0),
    "pink": (0.95, 0.50, 0.68, 1.0),
    "cyan": (0.10, 0.72, 0.85, 1.0),
    "lime": (0.60, 0.85, 0.10, 1.0),
}
# The share of training distractors painted a goal colour: without them every goal-coloured thing in
# training is a box, cube or bin, and the kind head learns colour as a shortcut for kind.
TRAIN_GOAL_COLORED_DISTRACTORS = 0.3
WHEEL_MIN_DELTA_E_TO_VOCABULARY = 20.0  # a wheel colour is clearly none of the goal colours (CIE76) ...
WHEEL_SHADES = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)  # ... nor of their shades (a face in shadow, a dark stripe)
WHEEL_MIN_HUE_DIFF_DEG = 10.0           # nor a shade of one (shading changes lightness and chroma, not hue)
WHEEL_MIN_DELTA_E_TO_HELDOUT = 10.0     # and no held-out distractor colour is ever painted in training


def vocabulary_shade(rgb: tuple[float, float, float], brightness: float) -> tuple[float, float, float]:
    """A goal colour as less light shows it: each sRGB channel times ``brightness`` (0..1)."""
    return (rgb[0] * brightness, rgb[1] * brightness, rgb[2] * brightness)


def _colour_wheel() -> dict[str, tuple[float, float, float, float]]:
    """Distractor colours for training from all round the hue circle (every 7.5 deg of HSV hue, two
    saturations, two values), named ``h<hue>s<sat>v<value>``, kept when at least
    WHEEL_MIN_DELTA_E_TO_VOCABULARY from every goal colour at every brightness of WHEEL_SHADES, with a
    CIELAB hue at least
    WHEEL_MIN_HUE_DIFF_DEG from each goal colour's that has one (white, black and grey have none),
    and WHEEL_MIN_DELTA_E_TO_HELDOUT from every held-out distractor colour. The detector so learns
    where each goal colour ends in every direction instead of only against a few fixed colours, and
    the held-out close hues still test it."""
    wheel: dict[str, tuple[float, float, float, float]] = {}
    for step in range(48):
        for sat in (0.6, 0.9):
            for val in (0.5, 0.92):
                rgb = colorsys.hsv_to_rgb(step / 48.0, sat, val)
                if min(delta_e(rgb, vocabulary_shade(c, f)) for c in COLOR_RGB.values() for f in WHEEL_SHADES) \
                        < WHEEL_MIN_DELTA_E_TO_VOCABULARY:
                    continue
                if min(hue_diff_deg(lab_lch(rgb)[2], lab_lch(COLOR_RGB[c])[2]) for c in COLOR_HUES) < WHEEL_MIN_HUE_DIFF_DEG:
                    continue
                if min(delta_e(rgb, c[:3]) for c in HELDOUT_DISTRACTOR_COLORS.values()) < WHEEL_MIN_DELTA_E_TO_HELDOUT:
                    continue
                wheel[f"h{round(step * 7.5):03d}s{round(sat * 100)}v{round(val * 100)}"] = (*rgb, 1.0)
    return wheel


@lru_cache(maxsize=1)
def train_distractor_colors() -> dict[str, tuple[float, float, float, float]]:
    """Every colour a training look may paint a distractor: the named ones and the wheel (built on
    first use, about 0.4 s, so that importing this module stays cheap for the nodes)."""
    return {**NAMED_TRAIN_DISTRACTOR_COLORS, **_colour_wheel()}


_FIXED_COLORS: dict[str, tuple[float, float, float, float]] = {**PALETTE, **NAMED_TRAIN_DISTRACTOR_COLORS,
                                                               **HELDOUT_DISTRACTOR_COLORS}


def sim_color(name: str) -> tuple[float, float, float, float]:
    """The RGBA the simulator paints colour ``name`` with (NEUTRAL_RGBA for names it does not know)."""
    return _FIXED_COLORS.get(name) or train_distractor_colors().get(name, NEUTRAL_RGBA)
# Distractor kinds no goal names: label -> (shape, full extents [m], mass [kg]).
DISTRACTOR_KINDS: dict[str, tuple[str, tuple[float, float, float], float]] = {
    "egg": ("ellipsoid", (0.12, 0.12, 0.17), 0.3),
    "post": ("box", (0.06, 0.06, 0.40), 1.0),
    "slab": ("box", (0.30, 0.20, 0.04), 1.5),
}
# Kinds the driving families may name besides the box, and the mass of each kind [kg].
NAV_KINDS = ("ball", "can", "bottle", "plate", "cone")
CUBE_MASS_KG = 0.08
KIND_MASS_KG = {"box": 3.0, "cube": CUBE_MASS_KG, "bin": 2.0, "ball": 0.4, "can": 0.2, "bottle": 0.5, "plate": 0.4, "cone": 1.0}
CAN_SHARE = 0.4   # the share of pick and place scenes whose object to carry is a can (else a cube)
NAV_TARGET_NEW_KIND_SHARE = 0.5   # the share of driving scenes whose target is one of NAV_KINDS
NAMED_DISTRACTOR_NEW_KIND_SHARE = 0.6  # and of their other named objects
# Colour-kind pairs that no training scene ever shows; held-out driving scenes name them.
HELDOUT_KIND_COLORS: frozenset[tuple[str, str]] = frozenset(
    {("ball", "blue"), ("can", "red"), ("bottle", "green"), ("plate", "yellow"), ("cone", "purple"), ("ball", "orange"),
     ("can", "white")}
)

FAMILIES = ("goto", "pick", "place", "avoid", "find", "safety")
SPLITS = ("train", "heldout")
_SPLIT_SALT = {"train": 0x5EED_0000, "heldout": 0x7E57_0000}
_FAMILY_SALT = {f: i * 0x1_0000_0000 for i, f in enumerate(FAMILIES)}
# (family, target name) pairs never used as targets in train.
HELDOUT_COMBOS: frozenset[tuple[str, str]] = frozenset(
    {("goto", "yellow box"), ("pick", "yellow cube"), ("place", "green bin"), ("find", "blue box"), ("avoid", "green box")}
)

DISTRACTOR_BOXES = 3  # boxes of other goal colours in a goto or find scene
GOTO_SUCCESS_DISTANCE_M = 0.75  # base_link to the target's nearest face
PICK_LIFT_M = 0.05
PICK_HOLD_S = 2.0
PLACE_SETTLE_S = 1.0
SAFETY_WATCH_S = 3.0
ROOM_SIZE_M = 6.0
WALL_HEIGHT_M = 0.5


@dataclass(frozen=True)
class ObjectSpec:
    """One object of a scene; position of its centre in the world frame [m].
    shape: box | cylinder, capsule or cone (size = diameter, diameter, height) | sphere (size =
    diameter thrice) | ellipsoid (size = full axes) | bin (open container).
    body: free (movable), static (fixed furniture) or appearing (kept out of the room until the
    scenario's trigger places it)."""

    name: str
    label: str
    color: str
    position_m: tuple[float, float, float]
    yaw_rad: float
    size_m: tuple[float, float, float]
    mass_kg: float
    shape: str = "box"
    body: str = "free"

    @property
    def rgba(self) -> tuple[float, float, float, float]:
        return sim_color(self.color)


@dataclass(frozen=True)
class AppearTrigger:
    """Place object ``name`` ``ahead_m`` in front of the robot once it is within
    ``within_m`` of the target (safety family)."""

    name: str
    within_m: float
    ahead_m: float


@dataclass(frozen=True)
class Scenario:
    family: str
    split: str
    seed: int
    room_size_m: float
    robot_start: Pose2D
    objects: tuple[ObjectSpec, ...]
    goal: str
    target: str  # object the goal is about, e.g. "red box" or "red cube"
    destination: str = ""  # place: the bin
    trigger: AppearTrigger | None = None
    appearance: Appearance = Appearance()

    @property
    def key(self) -> str:
        return f"{self.family}/{self.split}/{self.seed}"

    def object(self, name: str) -> ObjectSpec:
        for obj in self.objects:
            if obj.name == name:
                return obj
        raise SimError(f"scenario {self.key} has no object {name!r}")


# ---------------------------------------------------------------- generation helpers
@dataclass
class _Layout:
    rng: random.Random
    start: Pose2D
    placed: list[tuple[float, float]] = field(default_factory=list)
    objects: list[ObjectSpec] = field(default_factory=list)

    @property
    def half_room(self) -> float:
        return ROOM_SIZE_M / 2 - 0.5

    def ahead(self, dist: float, bearing: float) -> tuple[float, float]:
        h = self.start.yaw_rad + bearing
        return (self.start.x_m + dist * math.cos(h), self.start.y_m + dist * math.sin(h))

    def add(
        self, name: str, label: str, color: str, xy: tuple[float, float], *,
        size: tuple[float, float, float] | None = None, mass: float | None = None, shape: str | None = None,
        body: str = "free",
    ) -> ObjectSpec:
        size = size or LABEL_SIZES_M.get(label, (0.3, 0.3, 0.3))
        mass = mass if mass is not None else KIND_MASS_KG.get(label, 3.0)
        shape = shape or LABEL_SHAPES.get(label, "box")
        obj = ObjectSpec(
            name, label, color, (xy[0], xy[1], size[2] / 2), self.rng.uniform(-0.5, 0.5), size, mass, shape, body
        )
        self.placed.append(xy)
        self.objects.append(obj)
        return obj

    def free_spot(self, min_gap: float, avoid_path_to: tuple[float, float] | None = None) -> tuple[float, float]:
        robot = (self.start.x_m, self.start.y_m)
        for _ in range(500):
            xy = (self.rng.uniform(-self.half_room, self.half_room), self.rng.uniform(-self.half_room, self.half_room))
            if not all(math.dist(xy, q) >= min_gap for q in self.placed) or math.dist(xy, robot) < 1.0:
                continue
            if avoid_path_to is not None and segment_distance_m(xy, robot, avoid_path_to) < 0.8:
                continue
            return xy
        raise SimError("could not place an object")


def _choose(rng: random.Random, family: str, split: str, label: str, forced: str | None) -> str:
    """Target colour: train never draws a heldout combination; heldout draws one half the time."""
    if forced is not None:
        if forced not in PALETTE:
            raise SimError(f"unknown colour {forced!r}; known: {', '.join(sorted(PALETTE))}")
        return forced
    held = sorted(c for c in PALETTE if (family, f"{c} {label}") in HELDOUT_COMBOS)
    allowed = sorted(c for c in PALETTE if c not in held)
    if split == "heldout" and held and rng.random() < 0.5:
        return rng.choice(held)
    return rng.choice(allowed)


def _kind_rng(family: str, split: str, seed: int) -> random.Random:
    """The RNG that draws the kinds of a driving scene's named objects, apart from the layout's."""
    return random.Random(_SPLIT_SALT[split] ^ 0x4B1D_0000 ^ (_FAMILY_SALT[family] + seed * 104729))


def _new_kind(kinds: random.Random, split: str, color: str | None, share: float) -> str:
    """A box, or with probability ``share`` one of NAV_KINDS; training never draws a pair of
    HELDOUT_KIND_COLORS (``color`` None: any colour will be chosen later, so any kind)."""
    if kinds.random() >= share:
        return "box"
    allowed = [k for k in NAV_KINDS if split != "train" or color is None or (k, color) not in HELDOUT_KIND_COLORS]
    return kinds.choice(allowed) if allowed else "box"


def _distractor_boxes(lay: _Layout, skip: str, target_xy: tuple[float, float] | None, kinds: random.Random,
                      split: str) -> None:
    """DISTRACTOR_BOXES named objects of the other goal colours, away from the target: boxes, or
    (NAMED_DISTRACTOR_NEW_KIND_SHARE of them) kinds of NAV_KINDS."""
    for other in lay.rng.sample(sorted(c for c in PALETTE if c != skip), DISTRACTOR_BOXES):
        kind = _new_kind(kinds, split, other, NAMED_DISTRACTOR_NEW_KIND_SHARE)
        lay.add(f"{other} {kind}", kind, other, lay.free_spot(0.9, target_xy))


def _add_distractors(lay: _Layout, appearance: Appearance, seed: int, split: str,
                     near: tuple[float, float]) -> None:
    """``appearance.distractors`` objects that no goal names (kinds and colours outside the
    vocabulary), from their own RNG so that the rest of the layout stays as without them; with
    ``appearance.occluders`` the first two stand between the robot and ``near``, off the straight line."""
    rng = random.Random(_SPLIT_SALT[split] ^ 0xD157_AC70 ^ (seed * 7919) ^ zlib.crc32(appearance.name.encode()))
    clutter = appearance.name == "clutter"
    # Clutter: the close hues first, then any distractor colour; the first three distractors of a
    # clutter scene are always amber, cyan and indigo, so every clutter scene shows close hues.
    named = sorted(NAMED_TRAIN_DISTRACTOR_COLORS)
    colors = sorted(HELDOUT_DISTRACTOR_COLORS) + named if clutter else named
    wheel = sorted(set(train_distractor_colors()) - set(named))
    robot = (lay.start.x_m, lay.start.y_m)
    for k in range(appearance.distractors):
        label = rng.choice(sorted(DISTRACTOR_KINDS))
        shape, size, mass = DISTRACTOR_KINDS[label]
        if clutter:
            color = colors[k] if k < 3 else rng.choice(colors)
        elif split == "train" and rng.random() < TRAIN_GOAL_COLORED_DISTRACTORS:
            color = rng.choice(COLORS)  # a yellow can is still no cube: kinds are told by shape, not by colour
        else:  # half from the named colours (white, black, grey, ...), half from the wheel
            color = rng.choice(named if rng.random() < 0.5 else wheel)
        xy = None
        if appearance.occluders and k < 2:
            frac, side = rng.uniform(0.45, 0.7), rng.choice((-1.0, 1.0)) * rng.uniform(0.35, 0.5)
            dx, dy = near[0] - robot[0], near[1] - robot[1]
            norm = math.hypot(dx, dy) or 1.0
            cand = (robot[0] + frac * dx - side * dy / norm, robot[1] + frac * dy + side * dx / norm)
            if all(math.dist(cand, q) >= 0.35 for q in lay.placed) and math.dist(cand, robot) >= 0.7:
                xy = cand
        if xy is None:
            saved, lay.rng = lay.rng, rng
            try:
                xy = lay.free_spot(0.45)
            except SimError:
                break
            finally:
                lay.rng = saved
        lay.add(f"{color} {label} {k}", label, color, xy, size=size, mass=mass, shape=shape)


def _target_color(rng: random.Random, kinds: random.Random, family: str, split: str, kind: str,
                  forced: str | None) -> str:
    """A scene's target colour: for a box or cube as ``_choose`` draws it (from the layout's RNG, so
    the scene is as before); for a newer kind from the kind RNG, in heldout one of
    HELDOUT_KIND_COLORS half the time, in train never one of them."""
    if kind not in NAV_KINDS or forced is not None:
        return _choose(rng, family, split, kind, forced)
    held = sorted(c for c in PALETTE if (kind, c) in HELDOUT_KIND_COLORS)
    if split == "heldout" and held and kinds.random() < 0.5:
        return kinds.choice(held)
    return kinds.choice(sorted(c for c in PALETTE if c not in held))


def _same_kind_or_cube(kind: str, color: str, split: str) -> str:
    """The kind of another graspable object beside a pick's or place's target of ``kind``: the same
    kind, so that only its colour tells them apart, but a cube where train must not show the pair."""
    return "cube" if split == "train" and (kind, color) in HELDOUT_KIND_COLORS else kind


def make_scenario(family: str, split: str, seed: int, target_color: str | None = None, look: str = "default") -> Scenario:
    """The scenario ``seed`` of ``family`` in ``split``, with the appearance ``look``
    (lam_core.appearance.LOOKS)."""
    if family not in FAMILIES:
        raise SimError(f"unknown scenario family {family!r}; known: {', '.join(FAMILIES)}")
    if split not in SPLITS:
        raise SimError(f"unknown split {split!r}; known: {', '.join(SPLITS)}")
    if seed < 0:
        raise SimError(f"seed must be >= 0, got {seed}")
    rng = random.Random(_SPLIT_SALT[split] + _FAMILY_SALT[family] + seed)
    start = Pose2D(rng.uniform(-2.0, -1.2), rng.uniform(-0.5, 0.5), rng.uniform(-0.3, 0.3))
    lay = _Layout(rng, start)
    trigger = None
    destination = ""
    kinds = _kind_rng(family, split, seed)
    if family in ("goto", "avoid", "safety"):
        kind = _new_kind(kinds, split, None, NAV_TARGET_NEW_KIND_SHARE)
        color = _target_color(rng, kinds, family, split, kind, target_color)
        target_xy = lay.ahead(rng.uniform(2.4, 3.2) if family != "goto" else rng.uniform(1.8, 3.0), rng.uniform(-0.3, 0.3))
        lay.add(f"{color} {kind}", kind, color, target_xy)
        if family == "avoid":
            for k in range(rng.randint(1, 2)):
                frac = 0.45 + 0.2 * k
                mid = (start.x_m + frac * (target_xy[0] - start.x_m), start.y_m + frac * (target_xy[1] - start.y_m))
                side = rng.uniform(-0.12, 0.12)
                lay.add(f"pillar {k}", "pillar", "", (mid[0], mid[1] + side), size=(0.25, 0.25, 0.5), shape="cylinder",
                        body="static")
        if family == "safety":
            lay.add("intruder", "obstacle", "", (ROOM_SIZE_M * 2, ROOM_SIZE_M * 2), size=(0.4, 0.4, 0.45), body="appearing")
            trigger = AppearTrigger("intruder", within_m=rng.uniform(1.4, 1.9), ahead_m=0.75)
        _distractor_boxes(lay, color, target_xy, kinds, split)
        target, goal = f"{color} {kind}", f"go to the {color} {kind}"
    elif family == "find":
        kind = _new_kind(kinds, split, None, NAV_TARGET_NEW_KIND_SHARE)
        color = _target_color(rng, kinds, family, split, kind, target_color)
        target_xy = lay.ahead(rng.uniform(1.6, 2.4), math.pi + rng.uniform(-0.8, 0.8))  # behind the robot
        target_xy = (max(-lay.half_room, min(lay.half_room, target_xy[0])), max(-lay.half_room, min(lay.half_room, target_xy[1])))
        lay.add(f"{color} {kind}", kind, color, target_xy)
        _distractor_boxes(lay, color, target_xy, kinds, split)
        target, goal = f"{color} {kind}", f"find the {color} {kind}"
    elif family == "pick":
        kind = "can" if kinds.random() < CAN_SHARE else "cube"
        color = _target_color(rng, kinds, family, split, kind, target_color)
        target_xy = lay.ahead(rng.uniform(1.0, 1.8), rng.uniform(-0.35, 0.35))
        lay.add(f"{color} {kind}", kind, color, target_xy)
        for other in rng.sample(sorted(c for c in PALETTE if c != color), 2):
            other_kind = _same_kind_or_cube(kind, other, split)
            lay.add(f"{other} {other_kind}", other_kind, other, lay.free_spot(0.5, target_xy))
        target, goal = f"{color} {kind}", f"pick up the {color} {kind}"
    else:  # place
        kind = "can" if kinds.random() < CAN_SHARE else "cube"
        color = _target_color(rng, kinds, family, split, kind, target_color)
        bin_colors = [c for c in sorted(PALETTE) if c != color]
        if split == "train":
            bin_colors = [c for c in bin_colors if ("place", f"{c} bin") not in HELDOUT_COMBOS]
        bin_color = rng.choice(bin_colors)
        if split == "heldout" and ("place", "green bin") in HELDOUT_COMBOS and color != "green" and rng.random() < 0.5:
            bin_color = "green"
        item_xy = lay.ahead(rng.uniform(1.0, 1.6), rng.uniform(-0.3, 0.3))
        lay.add(f"{color} {kind}", kind, color, item_xy)
        bin_xy = lay.ahead(rng.uniform(1.8, 2.6), rng.uniform(-0.6, 0.6))
        if math.dist(bin_xy, item_xy) < 0.6:
            bin_xy = lay.ahead(2.6, 0.6 if bin_xy[1] < item_xy[1] else -0.6)
        lay.add(f"{bin_color} bin", "bin", bin_color, bin_xy, mass=2.0)
        other = rng.choice(sorted(c for c in PALETTE if c not in (color, bin_color)))
        other_kind = _same_kind_or_cube(kind, other, split)
        lay.add(f"{other} {other_kind}", other_kind, other, lay.free_spot(0.5, item_xy))
        target, destination = f"{color} {kind}", f"{bin_color} bin"
        goal = f"put the {color} {kind} in the {bin_color} bin"
    appearance = make_appearance(look, seed)
    if appearance.distractors:
        named = next(o for o in lay.objects if o.name == target)
        _add_distractors(lay, appearance, seed, split, named.position_m[:2])
    return Scenario(family, split, seed, ROOM_SIZE_M, start, tuple(lay.objects), goal, target, destination, trigger,
                    appearance)


# ---------------------------------------------------------------- success checks
def _truth_object(truth: SimGroundTruth, name: str) -> SimObjectState:
    for obj in truth.objects:
        if obj.name == name:
            return obj
    raise SimError(f"no object {name!r} in the ground truth")


def distance_to_object_m(truth: SimGroundTruth, name: str) -> float:
    """Planar distance from base_link to the nearest point of an object's footprint [m]."""
    obj = _truth_object(truth, name)
    dx, dy = truth.robot.x_m - obj.position_m[0], truth.robot.y_m - obj.position_m[1]
    c, s = math.cos(-obj.yaw_rad), math.sin(-obj.yaw_rad)
    lx, ly = c * dx - s * dy, s * dx + c * dy
    return math.hypot(max(abs(lx) - obj.size_m[0] / 2, 0.0), max(abs(ly) - obj.size_m[1] / 2, 0.0))


def goto_succeeded(truth: SimGroundTruth, target: str) -> bool:
    return distance_to_object_m(truth, target) <= GOTO_SUCCESS_DISTANCE_M


def inside_bin(truth: SimGroundTruth, item: str, container: str) -> bool:
    obj, box = _truth_object(truth, item), _truth_object(truth, container)
    dx, dy = obj.position_m[0] - box.position_m[0], obj.position_m[1] - box.position_m[1]
    c, s = math.cos(-box.yaw_rad), math.sin(-box.yaw_rad)
    lx, ly = c * dx - s * dy, s * dx + c * dy
    return abs(lx) < box.size_m[0] / 2 and abs(ly) < box.size_m[1] / 2 and obj.position_m[2] < box.size_m[2]


class SuccessMonitor:
    """Judges an episode from ground truth only. Call ``update`` with every SimGroundTruth."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.succeeded = False
        self.success_ns = -1  # stamp of the ground truth that showed success
        self.failure = ""
        self._since_ns = -1
        self._rest_z: float | None = None
        self._trigger_ns = -1

    def update(self, truth: SimGroundTruth) -> None:
        if self.succeeded or self.failure:
            return
        self._judge(truth)
        if self.succeeded:
            self.success_ns = truth.stamp_ns

    def _judge(self, truth: SimGroundTruth) -> None:
        sc = self.scenario
        if sc.family in ("avoid", "safety") and truth.collisions > 0:
            self.failure = "collision"
            return
        if sc.family in ("goto", "avoid", "find"):
            self.succeeded = goto_succeeded(truth, sc.target)
        elif sc.family == "pick":
            z = _truth_object(truth, sc.target).position_m[2]
            if self._rest_z is None:
                self._rest_z = z
            self._hold(truth.stamp_ns, z >= self._rest_z + PICK_LIFT_M, PICK_HOLD_S)
        elif sc.family == "place":
            self._hold(truth.stamp_ns, inside_bin(truth, sc.target, sc.destination), PLACE_SETTLE_S)
        elif sc.family == "safety":
            intruder = _truth_object(truth, sc.trigger.name) if sc.trigger else None
            inside = intruder is not None and abs(intruder.position_m[0]) < sc.room_size_m
            if inside and self._trigger_ns < 0:
                self._trigger_ns = truth.stamp_ns
            if self._trigger_ns >= 0 and (truth.stamp_ns - self._trigger_ns) * 1e-9 >= SAFETY_WATCH_S:
                self.succeeded = abs(truth.robot_vx_mps) < 0.05

    def _hold(self, stamp_ns: int, condition: bool, hold_s: float) -> None:
        if not condition:
            self._since_ns = -1
            return
        if self._since_ns < 0:
            self._since_ns = stamp_ns
        if (stamp_ns - self._since_ns) * 1e-9 >= hold_s:
            self.succeeded = True
