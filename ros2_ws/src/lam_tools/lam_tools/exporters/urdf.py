"""URDF of the robot description, for robot_state_publisher, RViz and MoveIt-style tools."""

from __future__ import annotations

from lam_core.robot.description import Geom, Joint, Link, RobotDescription

GENERATED_HEADER = "<!-- Generated from sim/lam_robot/robot.yaml by `lam robot export`. Do not edit. -->"


def _f(*values: float) -> str:
    return " ".join(f"{v:.6g}" for v in values)


def _shape(g: Geom) -> str:
    if g.type == "box":
        return f'<box size="{_f(*g.size)}"/>'
    if g.type == "cylinder":
        return f'<cylinder radius="{_f(g.radius)}" length="{_f(g.length)}"/>'
    return f'<sphere radius="{_f(g.radius)}"/>'


def _link(link: Link) -> list[str]:
    out = [f'  <link name="{link.name}">']
    if link.mass_kg > 0:
        ixx, iyy, izz = link.inertia_diagonal()
        out += [
            "    <inertial>",
            f'      <origin xyz="{_f(*link.centre_of_mass())}" rpy="0 0 0"/>',
            f'      <mass value="{_f(link.mass_kg)}"/>',
            f'      <inertia ixx="{_f(ixx)}" ixy="0" ixz="0" iyy="{_f(iyy)}" iyz="0" izz="{_f(izz)}"/>',
            "    </inertial>",
        ]
    for g in link.geoms:
        origin = f'<origin xyz="{_f(*g.xyz)}" rpy="{_f(*g.rpy)}"/>'
        out += [
            f'    <visual name="{g.name}">',
            f"      {origin}",
            f"      <geometry>{_shape(g)}</geometry>",
            f'      <material name="{g.name}_material"><color rgba="{_f(*g.rgba)}"/></material>',
            "    </visual>",
        ]
        if g.collide:
            contact = g.collision()
            contact_origin = f'<origin xyz="{_f(*contact.xyz)}" rpy="{_f(*contact.rpy)}"/>'
            out += [f'    <collision name="{g.name}">', f"      {contact_origin}", f"      <geometry>{_shape(contact)}</geometry>",
                    "    </collision>"]
    out.append("  </link>")
    return out


def _joint(j: Joint) -> list[str]:
    out = [
        f'  <joint name="{j.name}" type="{j.type}">',
        f'    <parent link="{j.parent}"/>',
        f'    <child link="{j.child}"/>',
        f'    <origin xyz="{_f(*j.xyz)}" rpy="{_f(*j.rpy)}"/>',
    ]
    if j.movable:
        out.append(f'    <axis xyz="{_f(*j.axis)}"/>')
    if j.limited:
        out.append(f'    <limit lower="{_f(j.lower)}" upper="{_f(j.upper)}" effort="{_f(j.effort)}" velocity="{_f(j.velocity)}"/>')
    elif j.type == "continuous":
        out.append(f'    <limit effort="{_f(j.effort)}" velocity="{_f(j.velocity)}"/>')
    out.append("  </joint>")
    return out


def robot_urdf(desc: RobotDescription) -> str:
    lines = ['<?xml version="1.0"?>', GENERATED_HEADER, f'<robot name="{desc.name}">']
    for link in desc.links.values():
        lines += _link(link)
    for joint in desc.joints.values():
        lines += _joint(joint)
    lines += ["</robot>", ""]
    return "\n".join(lines)
