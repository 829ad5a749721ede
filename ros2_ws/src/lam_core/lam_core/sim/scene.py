"""Builds MuJoCo scene XML from a Scenario around the robot description in sim/lam_robot/."""

from __future__ import annotations

import math
from pathlib import Path
from xml.sax.saxutils import quoteattr

from lam_core.paths import sim_dir
from lam_core.scenarios import WALL_HEIGHT_M, ObjectSpec, Scenario

ROBOT_XML = "lam_robot/robot.xml"
PHYSICS_TIMESTEP_S = 0.002
FLOOR_GROUP = 0


def robot_xml_path() -> Path:
    return sim_dir() / ROBOT_XML


def _fmt(*values: float) -> str:
    return " ".join(f"{v:.6g}" for v in values)


def _object_xml(index: int, obj: ObjectSpec) -> str:
    """A scenario object as a MuJoCo body named object_<index> (its geoms object_<index>[_part])."""
    name = f"object_{index}"
    hx, hy, hz = (v / 2 for v in obj.size_m)
    rgba = _fmt(*obj.rgba)
    friction = 'friction="1.0 0.01 0.001"'
    if obj.shape == "cylinder":
        geoms = [f'<geom name="{name}" type="cylinder" size="{_fmt(hx, hz)}" rgba="{rgba}" {friction}/>']
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
            f'<geom name="{name}_{part}" type="box" pos="{_fmt(*pos)}" size="{_fmt(*size)}" rgba="{rgba}" {friction}/>'
            for part, pos, size in parts
        ]
    else:
        condim = ' condim="4"' if obj.label == "cube" else ""
        geoms = [f'<geom name="{name}" type="box" size="{_fmt(hx, hy, hz)}" rgba="{rgba}" {friction}{condim}/>']
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
    walls = []
    for name, pos, size in (
        ("wall_north", (0.0, half + wall_t, WALL_HEIGHT_M / 2), (half + 2 * wall_t, wall_t, WALL_HEIGHT_M / 2)),
        ("wall_south", (0.0, -half - wall_t, WALL_HEIGHT_M / 2), (half + 2 * wall_t, wall_t, WALL_HEIGHT_M / 2)),
        ("wall_east", (half + wall_t, 0.0, WALL_HEIGHT_M / 2), (wall_t, half, WALL_HEIGHT_M / 2)),
        ("wall_west", (-half - wall_t, 0.0, WALL_HEIGHT_M / 2), (wall_t, half, WALL_HEIGHT_M / 2)),
    ):
        walls.append(
            f'    <geom name="{name}" type="box" pos="{_fmt(*pos)}" size="{_fmt(*size)}" rgba="0.78 0.76 0.72 1"/>'
        )
    bodies = [_object_xml(i, obj) for i, obj in enumerate(scenario.objects)]
    extent = max(8.0, scenario.room_size_m * 1.5)
    return f"""<mujoco model={quoteattr("lam_" + scenario.key.replace("/", "_"))}>
  <include file="{ROBOT_XML}"/>
  <option timestep="{PHYSICS_TIMESTEP_S}" integrator="implicitfast"/>
  <statistic extent="{extent:.6g}" center="0 0 0.3"/>
  <visual>
    <quality shadowsize="0" offsamples="0"/>
    <headlight ambient="0.45 0.45 0.45" diffuse="0.5 0.5 0.5" specular="0 0 0"/>
    <global offwidth="{offscreen_width}" offheight="{offscreen_height}"/>
    <map znear="0.01" zfar="50"/>
  </visual>
  <asset>
    <texture name="floor_grid" type="2d" builtin="checker" rgb1="0.52 0.52 0.52" rgb2="0.47 0.47 0.47"
             width="256" height="256"/>
    <material name="floor" texture="floor_grid" texrepeat="{math.ceil(half * 2)} {math.ceil(half * 2)}"
              reflectance="0"/>
  </asset>
  <worldbody>
    <light name="sun" pos="0 0 5" dir="0.2 0.1 -1" directional="true" castshadow="false"
           diffuse="0.6 0.6 0.6"/>
    <geom name="floor" type="plane" size="{half + 1:.6g} {half + 1:.6g} 0.1" material="floor" group="{FLOOR_GROUP}"/>
{chr(10).join(walls)}
{chr(10).join(bodies)}
  </worldbody>
</mujoco>
"""
