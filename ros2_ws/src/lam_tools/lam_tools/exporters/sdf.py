"""Gazebo (Harmonic, SDF 1.9) files from the robot description: the robot model (model.sdf,
model.config, found by Gazebo as ``model://lam_robot``) and one world per scenario.

Frames follow SDF 1.9 semantics: each joint's pose is given relative to its parent link (the URDF
joint origin) and each child link is placed at its joint frame, so the chain at zero joint
positions matches ``RobotDescription.fixed_transform``. Gazebo transport topics are absolute and
set here; config/gazebo_bridge.yaml maps them to the contract topics.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from lam_core.contract import contract
from lam_core.robot.description import Geom, Joint, Link, RobotDescription, robot_description
from lam_core.robot.mjcf import ARM_HOME_RAD, ARM_KP, GENERATED_HEADER, GRIPPER_KP
from lam_core.scenarios import SPLITS, WALL_HEIGHT_M, ObjectSpec, Scenario, make_scenario

SDF_VERSION = "1.9"
# Worlds written by `lam robot export`: (family, split, seed).
GAZEBO_WORLDS: tuple[tuple[str, str, int], ...] = tuple(
    (family, split, seed) for family in ("goto",) for split in SPLITS for seed in (0, 1)
)
PHYSICS_STEP_S = 0.001
# Gazebo gives a link without <inertial> 1 kg; massless (sensor) links get this instead.
MIN_LINK_MASS_KG = 1e-3
# Continuous joints become revolute joints with these limits (as sdformat's URDF converter does).
UNLIMITED = 1e16
WALL_HALF_THICKNESS_M = 0.05  # as the MuJoCo scene
WALL_RGBA = (0.78, 0.76, 0.72, 1.0)
FLOOR_RGBA = (0.5, 0.5, 0.5, 1.0)
BIN_WALL_M = 0.012
OBJECT_FRICTION = 1.0


def gz_topics(desc: RobotDescription) -> dict[str, str]:
    """Gazebo transport topic of each bridged contract topic (by contract key)."""
    ns = f"/model/{desc.name}"
    return {
        "clock": "/clock",
        "color_image": f"{ns}/camera/image",
        "depth_image": f"{ns}/camera/depth_image",
        "camera_info": f"{ns}/camera/camera_info",
        "scan": f"{ns}/scan",
        "imu": f"{ns}/imu",
        "odom": f"{ns}/odom",
        "tf": f"{ns}/tf",
        "joint_states": f"{ns}/joint_states",
        "cmd_vel": f"{ns}/cmd_vel",  # gz.msgs.Twist; the bridge takes the ROS TwistStamped without its header
        "arm_trajectory": f"{ns}/arm_controller/joint_trajectory",
        "gripper_trajectory": f"{ns}/gripper_controller/joint_trajectory",
    }


def _f(*values: float) -> str:
    return " ".join(f"{(v if v != 0 else 0.0):.9g}" for v in values)


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, attrs)
    if text is not None:
        el.text = text
    return el


def _pose(parent: ET.Element, xyz: tuple[float, float, float], rpy: tuple[float, float, float], relative_to: str = "") -> None:
    attrs = {"relative_to": relative_to} if relative_to else {}
    _sub(parent, "pose", _f(*xyz, *rpy), **attrs)


def _inertial(parent: ET.Element, mass: float, com: tuple[float, float, float], diag: tuple[float, float, float]) -> None:
    inertial = _sub(parent, "inertial")
    _pose(inertial, com, (0.0, 0.0, 0.0))
    _sub(inertial, "mass", _f(mass))
    inertia = _sub(inertial, "inertia")
    for tag, value in zip(("ixx", "ixy", "ixz", "iyy", "iyz", "izz"), (diag[0], 0.0, 0.0, diag[1], 0.0, diag[2]), strict=True):
        _sub(inertia, tag, _f(value))


def _geometry(parent: ET.Element, g: Geom) -> None:
    geometry = _sub(parent, "geometry")
    if g.type == "box":
        _sub(_sub(geometry, "box"), "size", _f(*g.size))
    elif g.type == "cylinder":
        cyl = _sub(geometry, "cylinder")
        _sub(cyl, "radius", _f(g.radius))
        _sub(cyl, "length", _f(g.length))
    else:
        _sub(_sub(geometry, "sphere"), "radius", _f(g.radius))


def _box_geometry(parent: ET.Element, size: tuple[float, float, float]) -> None:
    _sub(_sub(_sub(parent, "geometry"), "box"), "size", _f(*size))


def _friction(collision: ET.Element, mu: float) -> None:
    ode = _sub(_sub(_sub(collision, "surface"), "friction"), "ode")
    _sub(ode, "mu", _f(mu))
    _sub(ode, "mu2", _f(mu))


def _material(visual: ET.Element, rgba: tuple[float, float, float, float]) -> None:
    material = _sub(visual, "material")
    _sub(material, "ambient", _f(*rgba))
    _sub(material, "diffuse", _f(*rgba))
    _sub(material, "specular", _f(0.1, 0.1, 0.1, 1.0))


# ------------------------------------------------------------------ robot model
def _sensor(
    link: ET.Element, name: str, kind: str, rate_hz: float, topic: str, frame: str, visualize: bool | None
) -> ET.Element:
    """A <sensor> with the elements every Gazebo sensor here shares."""
    sensor = _sub(link, "sensor", name=name, type=kind)
    _sub(sensor, "always_on", "true")
    _sub(sensor, "update_rate", _f(rate_hz))
    if visualize is not None:
        _sub(sensor, "visualize", "true" if visualize else "false")
    _sub(sensor, "topic", topic)
    _sub(sensor, "gz_frame_id", frame)
    return sensor


def _camera_sensor(link: ET.Element, desc: RobotDescription, topic: str, frame: str) -> None:
    cam = desc.camera
    hfov = 2.0 * math.atan(math.tan(cam.fovy_rad / 2.0) * cam.width / cam.height)
    sensor = _sensor(link, "rgbd_camera", "rgbd_camera", cam.rate_hz, topic, frame, visualize=False)
    camera = _sub(sensor, "camera", name="rgbd")
    _sub(camera, "horizontal_fov", _f(hfov))
    image = _sub(camera, "image")
    _sub(image, "width", str(cam.width))
    _sub(image, "height", str(cam.height))
    _sub(image, "format", "R8G8B8")
    clip = _sub(camera, "clip")
    _sub(clip, "near", _f(cam.near_m))
    _sub(clip, "far", _f(cam.far_m))
    depth_clip = _sub(_sub(camera, "depth_camera"), "clip")
    _sub(depth_clip, "near", _f(cam.near_m))
    _sub(depth_clip, "far", _f(cam.far_m))


def _lidar_sensor(link: ET.Element, desc: RobotDescription, topic: str, frame: str) -> None:
    lid = desc.lidar
    sensor = _sensor(link, "lidar", "gpu_lidar", lid.rate_hz, topic, frame, visualize=False)
    lidar = _sub(sensor, "lidar")
    scan = _sub(lidar, "scan")
    horizontal = _sub(scan, "horizontal")
    # Same rays as the MuJoCo scan: from -pi in steps of 2 pi / rays, the last one short of +pi.
    _sub(horizontal, "samples", str(lid.rays))
    _sub(horizontal, "resolution", "1")
    _sub(horizontal, "min_angle", _f(-math.pi))
    _sub(horizontal, "max_angle", _f(math.pi - 2.0 * math.pi / lid.rays))
    vertical = _sub(scan, "vertical")
    _sub(vertical, "samples", "1")
    _sub(vertical, "resolution", "1")
    _sub(vertical, "min_angle", "0")
    _sub(vertical, "max_angle", "0")
    rng = _sub(lidar, "range")
    _sub(rng, "min", _f(lid.range_min_m))
    _sub(rng, "max", _f(lid.range_max_m))
    _sub(rng, "resolution", "0.01")


def _imu_sensor(link: ET.Element, desc: RobotDescription, topic: str, frame: str) -> None:
    _sensor(link, "imu", "imu", desc.imu_rate_hz, topic, frame, visualize=None)


def _link(model: ET.Element, desc: RobotDescription, link: Link, joint: Joint | None) -> None:
    el = _sub(model, "link", name=link.name)
    if joint is not None:
        _pose(el, (0.0, 0.0, 0.0), (0.0, 0.0, 0.0), relative_to=joint.name)
    if link.mass_kg > 0:
        _inertial(el, link.mass_kg, link.centre_of_mass(), link.inertia_diagonal())
    else:
        _inertial(el, MIN_LINK_MASS_KG, (0.0, 0.0, 0.0), link.inertia_diagonal())
    for g in link.geoms:
        if g.collide:
            contact = g.collision()
            collision = _sub(el, "collision", name=f"{g.name}_collision")
            _pose(collision, contact.xyz, contact.rpy)
            _geometry(collision, contact)
            _friction(collision, 0.0 if g.frictionless else g.friction)
        visual = _sub(el, "visual", name=f"{g.name}_visual")
        _pose(visual, g.xyz, g.rpy)
        _geometry(visual, g)
        _material(visual, g.rgba)
    topics, frames = gz_topics(desc), contract().frames
    if link.name == desc.camera.link:
        _camera_sensor(el, desc, topics["color_image"].rsplit("/", 1)[0], frames["camera_optical"])
    if link.name == desc.lidar.link:
        _lidar_sensor(el, desc, topics["scan"], frames["laser"])
    if link.name == desc.imu_link:
        _imu_sensor(el, desc, topics["imu"], frames["imu"])


def _joint_damping(j: Joint) -> float:
    """Viscous joint damping [N m s/rad or N s/m], as the MuJoCo model."""
    return {"continuous": 0.02, "revolute": 0.5}.get(j.type, 2.0)


def _joint(model: ET.Element, j: Joint) -> None:
    el = _sub(model, "joint", name=j.name, type="revolute" if j.type == "continuous" else j.type)
    _pose(el, j.xyz, j.rpy, relative_to=j.parent)
    _sub(el, "parent", j.parent)
    _sub(el, "child", j.child)
    if not j.movable:
        return
    axis = _sub(el, "axis")
    _sub(axis, "xyz", _f(*j.axis))
    dynamics = _sub(axis, "dynamics")
    _sub(dynamics, "damping", _f(_joint_damping(j)))
    limit = _sub(axis, "limit")
    lower, upper = (j.lower, j.upper) if j.limited else (-UNLIMITED, UNLIMITED)
    _sub(limit, "lower", _f(lower))
    _sub(limit, "upper", _f(upper))
    _sub(limit, "effort", _f(j.effort))
    _sub(limit, "velocity", _f(j.velocity))


def _plugin(model: ET.Element, filename: str, name: str, params: list[tuple[str, str]]) -> None:
    plugin = _sub(model, "plugin", filename=filename, name=name)
    for tag, text in params:
        _sub(plugin, tag, text)


def _trajectory_controller(model: ET.Element, desc: RobotDescription, joints: tuple[str, ...], topic: str,
                           p_gain: float, initial: tuple[float, ...]) -> None:
    """A JointTrajectoryController: position PID per joint, output limited to the joint's effort.
    The D gain damps like the MuJoCo position actuators (kv = 2 sqrt(kp * 0.05))."""
    params: list[tuple[str, str]] = [("topic", topic)]
    for name, q0 in zip(joints, initial, strict=True):
        effort = desc.joint(name).effort
        params += [
            ("joint_name", name),
            ("initial_position", _f(q0)),
            ("position_p_gain", _f(p_gain)),
            ("position_i_gain", "0"),
            ("position_d_gain", _f(2.0 * math.sqrt(p_gain * 0.05))),
            ("position_cmd_min", _f(-effort)),
            ("position_cmd_max", _f(effort)),
        ]
    _plugin(model, "gz-sim-joint-trajectory-controller-system", "gz::sim::systems::JointTrajectoryController", params)


def _tree_order(desc: RobotDescription) -> list[tuple[str, Joint | None]]:
    """(link, joint to its parent) from the root, depth first in description order."""
    out: list[tuple[str, Joint | None]] = []
    stack: list[tuple[str, Joint | None]] = [(desc.root, None)]
    while stack:
        name, joint = stack.pop()
        out.append((name, joint))
        stack.extend((j.child, j) for j in reversed(desc.children(name)))
    return out


def _model_element(desc: RobotDescription) -> ET.Element:
    model = ET.Element("model", name=desc.name)
    order = _tree_order(desc)
    for name, joint in order:
        _link(model, desc, desc.links[name], joint)
    for _, joint in order:
        if joint is not None:
            _joint(model, joint)
    topics, frames = gz_topics(desc), contract().frames
    _plugin(model, "gz-sim-diff-drive-system", "gz::sim::systems::DiffDrive", [
        ("left_joint", desc.base_left_wheel),
        ("right_joint", desc.base_right_wheel),
        ("wheel_separation", _f(desc.wheel_separation_m)),
        ("wheel_radius", _f(desc.wheel_radius_m)),
        ("topic", topics["cmd_vel"]),
        ("odom_topic", topics["odom"]),
        ("tf_topic", topics["tf"]),
        ("frame_id", frames["odom"]),
        ("child_frame_id", frames["base"]),
        ("odom_publish_frequency", _f(desc.odom_rate_hz)),
    ])
    movable = [n for n, j in desc.joints.items() if j.movable]
    _plugin(model, "gz-sim-joint-state-publisher-system", "gz::sim::systems::JointStatePublisher",
            [("topic", topics["joint_states"]), *(("joint_name", n) for n in movable)])
    _trajectory_controller(model, desc, desc.arm_joints, topics["arm_trajectory"], ARM_KP, ARM_HOME_RAD)
    gripper_open = tuple(desc.joint(n).upper for n in desc.gripper_joints)
    _trajectory_controller(model, desc, desc.gripper_joints, topics["gripper_trajectory"], GRIPPER_KP, gripper_open)
    return model


def _document(root: ET.Element, comments: list[str]) -> str:
    ET.indent(root, space="  ")
    return "\n".join([*comments, ET.tostring(root, encoding="unicode"), ""])


def robot_sdf(desc: RobotDescription) -> str:
    """SDF text of the robot model (the model.sdf of ``model://<name>``)."""
    sdf = ET.Element("sdf", version=SDF_VERSION)
    sdf.append(_model_element(desc))
    return _document(sdf, [GENERATED_HEADER])


def model_config(desc: RobotDescription) -> str:
    """Gazebo model metadata (model.config) pointing at model.sdf."""
    model = ET.Element("model")
    _sub(model, "name", desc.name)
    _sub(model, "version", "1.0")
    _sub(model, "sdf", "model.sdf", version=SDF_VERSION)
    _sub(_sub(model, "author"), "name", "LAM agent")
    _sub(model, "description", "The LAM mobile manipulator: differential drive, a 4-joint arm with a parallel gripper, "
                               "an RGB-D camera, a 2-D lidar and an IMU. Generated from robot.yaml.")
    return _document(model, [GENERATED_HEADER])


# ------------------------------------------------------------------ worlds
def _safe_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]", "_", name)


def _box_part(link: ET.Element, name: str, xyz: tuple[float, float, float], size: tuple[float, float, float],
              rgba: tuple[float, float, float, float], friction: float) -> None:
    collision = _sub(link, "collision", name=f"{name}_collision")
    _pose(collision, xyz, (0.0, 0.0, 0.0))
    _box_geometry(collision, size)
    _friction(collision, friction)
    visual = _sub(link, "visual", name=f"{name}_visual")
    _pose(visual, xyz, (0.0, 0.0, 0.0))
    _box_geometry(visual, size)
    _material(visual, rgba)


_ROUND_SHAPES = ("cylinder", "sphere", "capsule", "ellipsoid", "cone")
# SDFormat 1.9 has no cone: a cone is a mesh of a unit cone (1 m across and tall, centred at half
# height), scaled to the object, in a folder on Gazebo's resource path (sim/).
CONE_MESH_URI = "model://lam_shapes/cone.stl"
CONE_MESH_PATH = ("lam_shapes", "cone.stl")
CONE_MESH_SIDES = 32


def unit_cone_stl() -> str:
    """An ASCII STL of the unit cone (CONE_MESH_SIDES sides, base at z -0.5, apex at z 0.5) [m]."""
    ring = [(0.5 * math.cos(2 * math.pi * k / CONE_MESH_SIDES), 0.5 * math.sin(2 * math.pi * k / CONE_MESH_SIDES))
            for k in range(CONE_MESH_SIDES)]
    facets = []
    for k in range(CONE_MESH_SIDES):
        (x0, y0), (x1, y1) = ring[k], ring[(k + 1) % CONE_MESH_SIDES]
        facets.append(((x0, y0, -0.5), (x1, y1, -0.5), (0.0, 0.0, 0.5)))   # side, outward
        facets.append(((x1, y1, -0.5), (x0, y0, -0.5), (0.0, 0.0, -0.5)))  # base, downward
    lines = ["solid lam_cone generated by lam robot export"]
    for a, b, c in facets:
        u = [b[i] - a[i] for i in range(3)]
        v = [c[i] - a[i] for i in range(3)]
        n = (u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0])
        norm = math.sqrt(sum(x * x for x in n)) or 1.0
        lines.append(f"  facet normal {_f(*(x / norm for x in n))}")
        lines.append("    outer loop")
        lines.extend(f"      vertex {_f(*p)}" for p in (a, b, c))
        lines.append("    endloop")
        lines.append("  endfacet")
    lines.append("endsolid lam_cone")
    return "\n".join(lines) + "\n"


def _round_geometry(geometry: ET.Element, shape: str, size_m: tuple[float, float, float]) -> None:
    """The SDF geometry of a round scenario shape; ``size_m`` is diameter, diameter, height (full
    axes for an ellipsoid) [m], as in lam_core.scenarios.ObjectSpec."""
    sx, sy, sz = size_m
    if shape == "sphere":
        _sub(_sub(geometry, "sphere"), "radius", _f(sx / 2))
    elif shape == "ellipsoid":
        _sub(_sub(geometry, "ellipsoid"), "radii", _f(sx / 2, sy / 2, sz / 2))
    elif shape == "cone":
        mesh = _sub(geometry, "mesh")
        _sub(mesh, "uri", CONE_MESH_URI)
        _sub(mesh, "scale", _f(sx, sy, sz))
    else:
        el = _sub(geometry, shape)
        _sub(el, "radius", _f(sx / 2))
        _sub(el, "length", _f(max(sz - sx, 0.001) if shape == "capsule" else sz))


def _object_model(world: ET.Element, obj: ObjectSpec) -> None:
    """A scenario object. shape box | bin (open box) | cylinder, sphere, capsule, ellipsoid or
    cone; body free | static | appearing
    (appearing objects stay where the scenario parks them, outside the room: no trigger here)."""
    shape, body = str(getattr(obj, "shape", "box")), str(getattr(obj, "body", "free"))
    model = _sub(world, "model", name=_safe_name(obj.name))
    _pose(model, obj.position_m, (0.0, 0.0, obj.yaw_rad))
    if body != "free":
        _sub(model, "static", "true")
    link = _sub(model, "link", name="link")
    sx, sy, sz = obj.size_m
    m = obj.mass_kg
    _inertial(link, m, (0.0, 0.0, 0.0), (m * (sy**2 + sz**2) / 12, m * (sx**2 + sz**2) / 12, m * (sx**2 + sy**2) / 12))
    if shape in _ROUND_SHAPES:
        for kind in ("collision", "visual"):
            el = _sub(link, kind, name=f"body_{kind}")
            _round_geometry(_sub(el, "geometry"), shape, obj.size_m)
            if kind == "collision":
                _friction(el, OBJECT_FRICTION)
            else:
                _material(el, obj.rgba)
    elif shape == "bin":
        hx, hy, hz, t = sx / 2, sy / 2, sz / 2, BIN_WALL_M
        for part, xyz, size in (
            ("floor", (0.0, 0.0, -hz + t / 2), (sx, sy, t)),
            ("wall_px", (hx - t / 2, 0.0, 0.0), (t, sy, sz)),
            ("wall_nx", (-hx + t / 2, 0.0, 0.0), (t, sy, sz)),
            ("wall_py", (0.0, hy - t / 2, 0.0), (sx - 2 * t, t, sz)),
            ("wall_ny", (0.0, -hy + t / 2, 0.0), (sx - 2 * t, t, sz)),
        ):
            _box_part(link, part, xyz, size, obj.rgba, OBJECT_FRICTION)
    else:
        _box_part(link, "body", (0.0, 0.0, 0.0), obj.size_m, obj.rgba, OBJECT_FRICTION)


def _walls(world: ET.Element, scenario: Scenario) -> None:
    half, t, h = scenario.room_size_m / 2, WALL_HALF_THICKNESS_M, WALL_HEIGHT_M
    model = _sub(world, "model", name="walls")
    _sub(model, "static", "true")
    link = _sub(model, "link", name="link")
    for name, xyz, size in (
        ("wall_north", (0.0, half + t, h / 2), (2 * half + 4 * t, 2 * t, h)),
        ("wall_south", (0.0, -half - t, h / 2), (2 * half + 4 * t, 2 * t, h)),
        ("wall_east", (half + t, 0.0, h / 2), (2 * t, 2 * half, h)),
        ("wall_west", (-half - t, 0.0, h / 2), (2 * t, 2 * half, h)),
    ):
        _box_part(link, name, xyz, size, WALL_RGBA, OBJECT_FRICTION)


def _ground(world: ET.Element) -> None:
    model = _sub(world, "model", name="ground_plane")
    _sub(model, "static", "true")
    link = _sub(model, "link", name="link")
    for kind in ("collision", "visual"):
        el = _sub(link, kind, name=kind)
        plane = _sub(_sub(el, "geometry"), "plane")
        _sub(plane, "normal", "0 0 1")
        _sub(plane, "size", "100 100")
        if kind == "collision":
            _friction(el, 1.0)
        else:
            _material(el, FLOOR_RGBA)


def world_name(scenario: Scenario) -> str:
    return f"{scenario.family}_{scenario.split}_{scenario.seed}"


def world_sdf(scenario: Scenario, desc: RobotDescription) -> str:
    """SDF world of a scenario: physics and sensor systems, sun, ground, walls, the scenario's
    objects and the robot (``model://<desc.name>``) at the scenario's start pose."""
    sdf = ET.Element("sdf", version=SDF_VERSION)
    world = _sub(sdf, "world", name=world_name(scenario))
    physics = _sub(world, "physics", name="1ms", type="ignored")
    _sub(physics, "max_step_size", _f(PHYSICS_STEP_S))
    _sub(physics, "real_time_factor", "1")
    _sub(world, "gravity", "0 0 -9.81")
    for filename, name in (
        ("gz-sim-physics-system", "Physics"),
        ("gz-sim-user-commands-system", "UserCommands"),
        ("gz-sim-scene-broadcaster-system", "SceneBroadcaster"),
        ("gz-sim-sensors-system", "Sensors"),
        ("gz-sim-imu-system", "Imu"),
    ):
        plugin = _sub(world, "plugin", filename=filename, name=f"gz::sim::systems::{name}")
        if name == "Sensors":
            _sub(plugin, "render_engine", "ogre2")
    scene = _sub(world, "scene")
    _sub(scene, "ambient", "0.45 0.45 0.45 1")
    _sub(scene, "background", "0.7 0.7 0.7 1")
    _sub(scene, "shadows", "false")
    _sub(scene, "grid", "false")
    sun = _sub(world, "light", type="directional", name="sun")
    _sub(sun, "cast_shadows", "false")
    _pose(sun, (0.0, 0.0, 5.0), (0.0, 0.0, 0.0))
    _sub(sun, "diffuse", "0.6 0.6 0.6 1")
    _sub(sun, "specular", "0.1 0.1 0.1 1")
    _sub(sun, "direction", "0.2 0.1 -1")
    _ground(world)
    _walls(world, scenario)
    for obj in scenario.objects:
        _object_model(world, obj)
    include = _sub(world, "include")
    _sub(include, "uri", f"model://{desc.name}")
    _sub(include, "name", desc.name)
    start = scenario.robot_start
    _pose(include, (start.x_m, start.y_m, 0.0), (0.0, 0.0, start.yaw_rad))
    goal = scenario.goal.replace("--", "-")
    comment = f"<!-- Scenario {scenario.key}: {goal!r}. -->"
    return _document(sdf, [GENERATED_HEADER, comment])


# ------------------------------------------------------------------ files
def gazebo_files(root: Path) -> dict[Path, str]:
    """Path -> text of every Gazebo file under the project folder ``root``."""
    desc = robot_description()
    model_dir = root / "sim" / desc.name
    files = {model_dir / "model.sdf": robot_sdf(desc), model_dir / "model.config": model_config(desc),
             root.joinpath("sim", *CONE_MESH_PATH): unit_cone_stl()}
    for family, split, seed in GAZEBO_WORLDS:
        scenario = make_scenario(family, split, seed)
        files[root / "sim" / "gazebo" / "worlds" / f"{world_name(scenario)}.sdf"] = world_sdf(scenario, desc)
    return files
