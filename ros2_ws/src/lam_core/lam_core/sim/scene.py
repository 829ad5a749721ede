"""Builds MuJoCo scene XML from a Scenario around the robot description in sim/lam_robot/."""

from __future__ import annotations

import math
from pathlib import Path
from xml.sax.saxutils import quoteattr

from lam_core.paths import sim_dir
from lam_core.scenarios import WALL_HEIGHT_M, Scenario

ROBOT_XML = "lam_robot/robot.xml"
PHYSICS_TIMESTEP_S = 0.002
FLOOR_GROUP = 0


def robot_xml_path() -> Path:
    return sim_dir() / ROBOT_XML


def _fmt(*values: float) -> str:
    return " ".join(f"{v:.6g}" for v in values)


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
    bodies = []
    for i, obj in enumerate(scenario.objects):
        hx, hy, hz = (s / 2 for s in obj.size_m)
        bodies.append(
            f'    <body name="object_{i}" pos="{_fmt(*obj.position_m)}" euler="0 0 {obj.yaw_rad:.6g}">\n'
            f'      <freejoint name="object_{i}_free"/>\n'
            f'      <geom name="object_{i}" type="box" size="{_fmt(hx, hy, hz)}" rgba="{_fmt(*obj.rgba)}"'
            f' mass="{obj.mass_kg:.6g}" friction="0.8 0.01 0.001"/>\n'
            f"    </body>"
        )
    extent = max(8.0, scenario.room_size_m * 1.5)
    return f"""<mujoco model={quoteattr("lam_" + scenario.key.replace("/", "_"))}>
  <include file="{ROBOT_XML}"/>
  <option timestep="{PHYSICS_TIMESTEP_S}" integrator="implicitfast"/>
  <statistic extent="{extent:.6g}" center="0 0 0.3"/>
  <visual>
    <quality shadowsize="0"/>
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
