"""Builds MuJoCo scene XML from a Scenario around the robot description in sim/lam_robot/, with
the scenario's appearance (lights, surface textures); pattern textures MuJoCo has no builtin for
are generated PNG assets (``scene_assets``)."""

from __future__ import annotations

import math
from pathlib import Path
from xml.sax.saxutils import quoteattr

import numpy as np

from lam_core.appearance import Appearance, Surface
from lam_core.paths import sim_dir
from lam_core.scenarios import WALL_HEIGHT_M, ObjectSpec, Scenario
from lam_core.vocabulary import GRASPABLE_LABELS

ROBOT_XML = "lam_robot/robot.xml"
PHYSICS_TIMESTEP_S = 0.002
# Friction as stiff as the normal contact (elliptic cones, impedance ratio 10, as MuJoCo advises
# for grasping): at the default ratio of 1 soft friction creeps, and a held cube slid down between
# the fingers by about 2 mm/s until a long carry dropped it.
FRICTION_IMPRATIO = 10
FLOOR_GROUP = 0


def robot_xml_path() -> Path:
    return sim_dir() / ROBOT_XML


def _fmt(*values: float) -> str:
    return " ".join(f"{v:.6g}" for v in values)


PATTERN_TEXTURE_PX = 64    # generated pattern textures [px]
BUILTIN_TEXTURE_PX = 256   # MuJoCo builtin textures [px]


def _pattern_png(pattern: str, rgb1: tuple[float, float, float], rgb2: tuple[float, float, float], seed: int) -> bytes:
    """A square PNG of a pattern MuJoCo has no builtin for: stripes, or wood-like grain."""
    import cv2

    n = PATTERN_TEXTURE_PX
    a, b = np.array(rgb1) * 255.0, np.array(rgb2) * 255.0
    if pattern == "stripes":
        t = ((np.arange(n) // (n // 8)) % 2).astype(np.float64)[None, :].repeat(n, axis=0)
    else:  # wood: grain along x, irregular across it
        rng = np.random.default_rng(seed)
        rows = np.cumsum(rng.normal(0.0, 1.0, n))
        t = 0.5 + 0.5 * np.sin(rows[:, None] * 0.8 + np.linspace(0, 3, n)[None, :] * rng.uniform(0.5, 1.5))
    img = a[None, None, :] * (1.0 - t[..., None]) + b[None, None, :] * t[..., None]
    ok, buf = cv2.imencode(".png", cv2.cvtColor(img.clip(0, 255).astype(np.uint8), cv2.COLOR_RGB2BGR))
    assert ok
    return buf.tobytes()


def _texture_xml(name: str, surface: Surface, kind: str = "2d") -> str:
    rgb1, rgb2 = _fmt(*surface.rgb1), _fmt(*surface.rgb2)
    size = f'width="{BUILTIN_TEXTURE_PX}" height="{BUILTIN_TEXTURE_PX}"'
    if surface.pattern in ("stripes", "wood"):
        return f'<texture name="{name}" type="{kind}" file="{name}.png"/>'
    if surface.pattern == "checker":
        return f'<texture name="{name}" type="{kind}" builtin="checker" rgb1="{rgb1}" rgb2="{rgb2}" {size}/>'
    if surface.pattern == "noise":
        return (f'<texture name="{name}" type="{kind}" builtin="flat" rgb1="{rgb1}" mark="random" random="0.25" '
                f'markrgb="{rgb2}" {size}/>')
    return f'<texture name="{name}" type="{kind}" builtin="flat" rgb1="{rgb1}" {size}/>'


def _object_surface(obj: ObjectSpec, appearance: Appearance) -> Surface | None:
    """The patterned surface of an object under this appearance (None: plain rgba)."""
    if appearance.object_pattern == "flat" or obj.body != "free":
        return None
    rgb = obj.rgba[:3]
    return Surface(appearance.object_pattern, rgb, tuple(c * 0.6 for c in rgb), 4.0)  # type: ignore[arg-type]


def scene_assets(scenario: Scenario) -> dict[str, bytes]:
    """Generated texture files the scene XML refers to (name -> PNG bytes)."""
    look = scenario.appearance
    surfaces = {"floor_tex": look.floor, "wall_tex": look.wall}
    for i, obj in enumerate(scenario.objects):
        surface = _object_surface(obj, look)
        if surface is not None:
            surfaces[f"object_{i}_tex"] = surface
    return {f"{name}.png": _pattern_png(s.pattern, s.rgb1, s.rgb2, scenario.seed + i)
            for i, (name, s) in enumerate(surfaces.items()) if s.pattern in ("stripes", "wood")}


CONE_SIDES = 24


def cone_vertices(size_m: tuple[float, float, float]) -> str:
    """A cone's mesh vertices (its body frame, centre at half height) as MJCF text: CONE_SIDES
    points round the base of diameter size_m[0] and the apex size_m[2] above it [m]."""
    r, h = size_m[0] / 2, size_m[2] / 2
    points = [(r * math.cos(2 * math.pi * k / CONE_SIDES), r * math.sin(2 * math.pi * k / CONE_SIDES), -h)
              for k in range(CONE_SIDES)]
    return " ".join(_fmt(*p) for p in (*points, (0.0, 0.0, h)))


def _object_xml(index: int, obj: ObjectSpec, patterned: bool = False) -> str:
    """A scenario object as a MuJoCo body named object_<index> (its geoms object_<index>[_part])."""
    name = f"object_{index}"
    hx, hy, hz = (v / 2 for v in obj.size_m)
    surface = f'rgba="1 1 1 1" material="object_{index}_mat"' if patterned else f'rgba="{_fmt(*obj.rgba)}"'
    friction = 'friction="1.0 0.01 0.001"'
    if obj.label in GRASPABLE_LABELS:  # torsional friction too: what the fingers hold does not spin between them
        friction += ' condim="4"'
    if obj.shape == "cylinder":
        geoms = [f'<geom name="{name}" type="cylinder" size="{_fmt(hx, hz)}" {surface} {friction}/>']
    elif obj.shape == "capsule":
        geoms = [f'<geom name="{name}" type="capsule" size="{_fmt(hx, max(hz - hx, 0.001))}" {surface} {friction}/>']
    elif obj.shape == "sphere":
        geoms = [f'<geom name="{name}" type="sphere" size="{_fmt(hx)}" {surface} {friction}/>']
    elif obj.shape == "ellipsoid":
        geoms = [f'<geom name="{name}" type="ellipsoid" size="{_fmt(hx, hy, hz)}" {surface} {friction}/>']
    elif obj.shape == "cone":
        geoms = [f'<geom name="{name}" type="mesh" mesh="object_{index}_mesh" {surface} {friction}/>']
    elif obj.shape == "bin":
        t = 0.012  # wall thickness [m]
        parts = [
            ("floor", (0.0, 0.0, -hz + t / 2), (hx, hy, t / 2)),
            ("wall_px", (hx - t / 2, 0.0, 0.0), (t / 2, hy, hz)),
            ("wall_nx", (-hx + t / 2, 0.0, 0.0), (t / 2, hy, hz)),
            ("wall_py", (0.0, hy - t / 2, 0.0), (hx - t, t / 2, hz)),
            ("wall_ny", (0.0, -hy + t / 2, 0.0), (hx - t, t / 2, hz)),
        ]
        geoms = [
            f'<geom name="{name}_{part}" type="box" pos="{_fmt(*pos)}" size="{_fmt(*size)}" {surface} {friction}/>'
            for part, pos, size in parts
        ]
    else:
        geoms = [f'<geom name="{name}" type="box" size="{_fmt(hx, hy, hz)}" {surface} {friction}/>']
    mass = f' mass="{obj.mass_kg:.6g}"' if obj.body == "free" else ""
    geoms = [g.replace("/>", f"{mass}/>") for g in geoms] if mass and len(geoms) == 1 else geoms
    inertial = (
        f'      <inertial pos="0 0 0" mass="{obj.mass_kg:.6g}" diaginertia="{_fmt(*(obj.mass_kg * 0.01,) * 3)}"/>\n'
        if obj.body == "free" and len(geoms) > 1 else ""
    )
    joint = f'      <freejoint name="{name}_free"/>\n' if obj.body == "free" else ""
    mocap = ' mocap="true"' if obj.body == "appearing" else ""
    inner = "".join(f"      {g}\n" for g in geoms)
    return (
        f'    <body name="{name}" pos="{_fmt(*obj.position_m)}" euler="0 0 {obj.yaw_rad:.6g}"{mocap}>\n'
        f"{joint}{inertial}{inner}    </body>"
    )


def scene_xml(scenario: Scenario, offscreen_width: int, offscreen_height: int) -> str:
    """Scene MJCF text. It includes ``lam_robot/robot.xml``; load it with that file as an asset."""
    half = scenario.room_size_m / 2
    wall_t = 0.05
    look = scenario.appearance
    wall_look = 'material="wall"' if look.wall.pattern != "flat" else f'rgba="{_fmt(*look.wall.rgb1)} 1"'
    walls = []
    for name, pos, size in (
        ("wall_north", (0.0, half + wall_t, WALL_HEIGHT_M / 2), (half + 2 * wall_t, wall_t, WALL_HEIGHT_M / 2)),
        ("wall_south", (0.0, -half - wall_t, WALL_HEIGHT_M / 2), (half + 2 * wall_t, wall_t, WALL_HEIGHT_M / 2)),
        ("wall_east", (half + wall_t, 0.0, WALL_HEIGHT_M / 2), (wall_t, half, WALL_HEIGHT_M / 2)),
        ("wall_west", (-half - wall_t, 0.0, WALL_HEIGHT_M / 2), (wall_t, half, WALL_HEIGHT_M / 2)),
    ):
        walls.append(f'    <geom name="{name}" type="box" pos="{_fmt(*pos)}" size="{_fmt(*size)}" {wall_look}/>')
    surfaces = [_object_surface(obj, look) for obj in scenario.objects]
    bodies = [_object_xml(i, obj, surfaces[i] is not None) for i, obj in enumerate(scenario.objects)]
    object_assets = "".join(
        f'    <mesh name="object_{i}_mesh" vertex="{cone_vertices(obj.size_m)}"/>\n'
        for i, obj in enumerate(scenario.objects) if obj.shape == "cone") + "".join(
        f"    {_texture_xml(f'object_{i}_tex', s, 'cube')}\n"
        f'    <material name="object_{i}_mat" texture="object_{i}_tex" texuniform="true" texrepeat="{s.repeat:g} {s.repeat:g}"/>\n'
        for i, s in enumerate(surfaces) if s is not None)
    lights = "\n".join(
        f'    <light name="light_{i}" pos="0 0 5" dir="{_fmt(*light.direction)}" directional="true" '
        f'castshadow="{str(light.cast_shadow).lower()}" diffuse="{_fmt(*light.diffuse)}"/>'
        for i, light in enumerate(look.lights))
    extent = max(8.0, scenario.room_size_m * 1.5)
    floor_repeat = math.ceil(half * 2 * look.floor.repeat)
    return f"""<mujoco model={quoteattr("lam_" + scenario.key.replace("/", "_"))}>
  <include file="{ROBOT_XML}"/>
  <option timestep="{PHYSICS_TIMESTEP_S}" integrator="implicitfast" cone="elliptic" impratio="{FRICTION_IMPRATIO}"/>
  <statistic extent="{extent:.6g}" center="0 0 0.3"/>
  <visual>
    <quality shadowsize="{look.shadow_size}" offsamples="0"/>
    <headlight ambient="{_fmt(*look.ambient)}" diffuse="{_fmt(*look.headlight)}" specular="0 0 0"/>
    <global offwidth="{offscreen_width}" offheight="{offscreen_height}"/>
    <map znear="0.01" zfar="50"/>
  </visual>
  <asset>
    {_texture_xml("floor_tex", look.floor)}
    <material name="floor" texture="floor_tex" texrepeat="{floor_repeat:g} {floor_repeat:g}" reflectance="0"/>
    {_texture_xml("wall_tex", look.wall)}
    <material name="wall" texture="wall_tex" texuniform="true" texrepeat="{look.wall.repeat:g} {look.wall.repeat:g}"/>
{object_assets}  </asset>
  <worldbody>
{lights}
    <geom name="floor" type="plane" size="{half + 1:.6g} {half + 1:.6g} 0.1" material="floor" group="{FLOOR_GROUP}"/>
{chr(10).join(walls)}
{chr(10).join(bodies)}
  </worldbody>
</mujoco>
"""
