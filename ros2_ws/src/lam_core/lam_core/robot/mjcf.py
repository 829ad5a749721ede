"""MuJoCo model (MJCF) of the robot description. Links become bodies, joints hinge/slide joints,
massless sensor links carry a site of their name (and the RGB-D camera). Wheels get velocity
actuators, arm and gripper joints position actuators with the description's effort limits."""

from __future__ import annotations

import math
from dataclasses import replace
from xml.sax.saxutils import quoteattr

import numpy as np

from lam_core.geometry import rpy_matrix
from lam_core.robot.description import Geom, Joint, Link, RobotDescription

GENERATED_HEADER = "<!-- Generated from sim/lam_robot/robot.yaml by `lam robot export`. Do not edit. -->"
ROBOT_GEOM_GROUP = 2
CONTACT_GEOM_GROUP = 3  # contact-only robot geoms: not rendered (MuJoCo draws groups 0-2), not seen by the lidar
WHEEL_KV = 20.0
ARM_KP = 60.0
GRIPPER_KP = 400.0
# Home pose of the arm: folded beside the base, below and outside the camera's view [rad].
ARM_HOME_RAD = (1.57, 0.0, -2.4, 1.5)


def _f(*values: float) -> str:
    return " ".join(f"{v:.6g}" for v in values)


def quat_wxyz(rpy: tuple[float, float, float]) -> tuple[float, float, float, float]:
    m = rpy_matrix(*rpy)
    w = math.sqrt(max(0.0, 1.0 + m[0, 0] + m[1, 1] + m[2, 2])) / 2.0
    if w > 1e-6:
        return (w, (m[2, 1] - m[1, 2]) / (4 * w), (m[0, 2] - m[2, 0]) / (4 * w), (m[1, 0] - m[0, 1]) / (4 * w))
    # 180 degree rotations: fall back to the largest diagonal term.
    i = int(np.argmax(np.diag(m)))
    j, k = (i + 1) % 3, (i + 2) % 3
    s = math.sqrt(max(0.0, 1.0 + m[i, i] - m[j, j] - m[k, k])) * 2.0
    q = [0.0, 0.0, 0.0, 0.0]
    q[0] = (m[k, j] - m[j, k]) / s
    q[i + 1] = 0.25 * s
    q[j + 1] = (m[j, i] + m[i, j]) / s
    q[k + 1] = (m[k, i] + m[i, k]) / s
    return (q[0], q[1], q[2], q[3])


def _geom_xml(g: Geom, indent: str) -> str:
    """The geom as MJCF; one whose contact shape differs becomes a visual geom that touches nothing
    and an invisible contact geom (group CONTACT_GEOM_GROUP, not rendered) of the contact shape."""
    contact = g.collision()
    if contact is g or not g.collide:
        return _one_geom_xml(g, indent, g.name)
    visual = _one_geom_xml(replace(g, collide=False), indent, g.name)
    touching = _one_geom_xml(contact, indent, f"{g.name}_contact").replace("<geom ", f'<geom group="{CONTACT_GEOM_GROUP}" ', 1)
    return f"{visual}\n{touching}"


def _one_geom_xml(g: Geom, indent: str, name: str) -> str:
    if g.type == "box":
        shape = f'type="box" size="{_f(*(s / 2 for s in g.size))}"'
    elif g.type == "cylinder":
        shape = f'type="cylinder" size="{_f(g.radius, g.length / 2)}"'
    else:
        shape = f'type="sphere" size="{_f(g.radius)}"'
    attrs = [f'name="{name}"', shape, f'pos="{_f(*g.xyz)}"', f'rgba="{_f(*g.rgba)}"', 'mass="0"']
    if any(g.rpy):
        attrs.append(f'quat="{_f(*quat_wxyz(g.rpy))}"')
    if not g.collide:
        attrs.append('contype="0" conaffinity="0"')
    if g.frictionless:
        attrs.append('condim="1"')
    elif g.friction != 1.0:
        attrs.append(f'friction="{_f(g.friction, 0.01, 0.001)}"')
    return f"{indent}<geom {' '.join(attrs)}/>"


def _inertial_xml(link: Link, indent: str) -> str:
    if link.mass_kg <= 0:
        return ""
    return (
        f'{indent}<inertial pos="{_f(*link.centre_of_mass())}" mass="{_f(link.mass_kg)}" '
        f'diaginertia="{_f(*link.inertia_diagonal())}"/>'
    )


def _arm_links(desc: RobotDescription) -> set[str]:
    """The links the arm's joints move (the first arm joint's child and everything below it)."""
    links, todo = set(), [desc.joint(desc.arm_joints[0]).child]
    while todo:
        link = todo.pop()
        links.add(link)
        todo += [j.child for j in desc.children(link)]
    return links


def _joint_xml(j: Joint, indent: str, gravity_compensated: bool = False) -> str:
    if j.type in ("revolute", "continuous"):
        kind, damping = "hinge", (0.02 if j.type == "continuous" else 0.5)
    else:
        kind, damping = "slide", 2.0
    attrs = [f'name="{j.name}"', f'type="{kind}"', f'axis="{_f(*j.axis)}"', f'damping="{damping}"', 'armature="0.005"']
    if j.limited:
        attrs.append(f'range="{_f(j.lower, j.upper)}"')
    if gravity_compensated:  # the arm's controller holds its weight, within the actuator's force limit
        attrs.append('actuatorgravcomp="true"')
    return f"{indent}<joint {' '.join(attrs)}/>"


def _body_xml(desc: RobotDescription, link_name: str, joint: Joint | None, depth: int) -> list[str]:
    ind = "  " * depth
    link = desc.links[link_name]
    if joint is None:
        head = f'{ind}<body name="{link_name}" childclass="{desc.name}">'
    else:
        pose = f'pos="{_f(*joint.xyz)}"' + (f' quat="{_f(*quat_wxyz(joint.rpy))}"' if any(joint.rpy) else "")
        gravcomp = ' gravcomp="1"' if link_name in _arm_links(desc) else ""
        head = f'{ind}<body name="{link_name}" {pose}{gravcomp}>'
    lines = [head]
    if joint is None:
        lines.append(f'{ind}  <freejoint name="base_free"/>')
    elif joint.movable:
        lines.append(_joint_xml(joint, ind + "  ", joint.name in desc.arm_joints + desc.gripper_joints))
    inertial = _inertial_xml(link, ind + "  ")
    if inertial:
        lines.append(inertial)
    lines += [_geom_xml(g, ind + "  ") for g in link.geoms]
    if not link.geoms:
        lines.append(f'{ind}  <site name="{link_name}" size="0.01"/>')
    if link_name == desc.camera.link:
        # MuJoCo cameras look along -z with y up; camera_link looks along +x with z up.
        lines.append(f'{ind}  <camera name="rgbd" xyaxes="0 -1 0 0 0 1" fovy="{math.degrees(desc.camera.fovy_rad):.6g}"/>')
    for child in desc.children(link_name):
        lines += _body_xml(desc, child.child, child, depth + 1)
    lines.append(f"{ind}</body>")
    return lines


def robot_mjcf(desc: RobotDescription) -> str:
    """MJCF text of the robot (a <mujoco> that a scene includes)."""
    body = _body_xml(desc, desc.root, None, 2)
    actuators = []
    for name in (desc.base_left_wheel, desc.base_right_wheel):
        j = desc.joint(name)
        actuators.append(
            f'    <velocity name="{name.replace("_joint", "")}_velocity" joint="{name}" kv="{WHEEL_KV}" '
            f'ctrlrange="{_f(-j.velocity, j.velocity)}" forcerange="{_f(-j.effort, j.effort)}"/>'
        )
    for name in desc.arm_joints + desc.gripper_joints:
        j = desc.joint(name)
        kp = GRIPPER_KP if name in desc.gripper_joints else ARM_KP
        kv = 2.0 * math.sqrt(kp * 0.05)
        actuators.append(
            f'    <position name="{name.replace("_joint", "")}_position" joint="{name}" kp="{kp}" kv="{kv:.4g}" '
            f'ctrlrange="{_f(j.lower, j.upper)}" forcerange="{_f(-j.effort, j.effort)}"/>'
        )
    left, right = (desc.joint(n).child for n in desc.gripper_joints[:2])
    return "\n".join(
        [
            GENERATED_HEADER,
            f"<mujoco model={quoteattr(desc.name)}>",
            '  <compiler angle="radian" autolimits="true"/>',
            "  <default>",
            f'    <default class="{desc.name}">',
            f'      <geom contype="1" conaffinity="1" group="{ROBOT_GEOM_GROUP}" solref="0.005 1"/>',
            "    </default>",
            "  </default>",
            "  <worldbody>",
            *body,
            "  </worldbody>",
            "  <contact>",
            f'    <exclude body1="{left}" body2="{right}"/>',
            "  </contact>",
            "  <actuator>",
            *actuators,
            "  </actuator>",
            "  <sensor>",
            f'    <gyro name="imu_gyro" site="{desc.imu_link}"/>',
            f'    <accelerometer name="imu_accel" site="{desc.imu_link}"/>',
            f'    <framequat name="imu_orientation" objtype="site" objname="{desc.imu_link}"/>',
            "  </sensor>",
            "</mujoco>",
            "",
        ]
    )
