"""The Gazebo path (Gazebo itself cannot be installed here): the generated SDF files are current,
load in libsdformat (a few lines of C++ in tests/sdf_check/), agree with the robot description
(sim/lam_robot/robot.yaml, the one source of the MJCF, URDF and SDF), and the ros_gz bridge
config maps exactly the contract's sensor, actuator and clock topics to the topics the SDF uses."""

from __future__ import annotations

import math
import os
import shutil
import subprocess
import sys
import types
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

from lam_core.contract import contract
from lam_core.geometry import rpy_matrix
from lam_core.paths import config_dir, project_root
from lam_core.robot.description import RobotDescription, robot_description
from lam_core.robot.mjcf import robot_mjcf
from lam_core.scenarios import make_scenario
from lam_tools.exporters.sdf import GAZEBO_WORLDS, MIN_LINK_MASS_KG, UNLIMITED, gazebo_files
from lam_tools.graph import load_graph

ROOT = project_root()
SIM = ROOT / "sim"
MODEL_SDF = SIM / "lam_robot" / "model.sdf"
WORLDS = SIM / "gazebo" / "worlds"
CHECKER_SOURCE = Path(__file__).resolve().parents[1] / "sdf_check" / "sdf_check.cc"
# Gazebo Harmonic sensor element newer than SDF 1.9 (sets the ROS frame_id of sensor messages).
ALLOWED_ELEMENTS = ("gz_frame_id",)
HEADER = "<!-- Generated from sim/lam_robot/robot.yaml by `lam robot export`."

# Contract topic key -> bridge direction: exactly these are bridged.
BRIDGED = {
    "clock": "GZ_TO_ROS",
    "color_image": "GZ_TO_ROS",
    "depth_image": "GZ_TO_ROS",
    "camera_info": "GZ_TO_ROS",
    "scan": "GZ_TO_ROS",
    "imu": "GZ_TO_ROS",
    "odom": "GZ_TO_ROS",
    "tf": "GZ_TO_ROS",  # odom -> base_link from the diff-drive system
    "joint_states": "GZ_TO_ROS",
    "cmd_vel": "ROS_TO_GZ",
    "arm_trajectory": "ROS_TO_GZ",
    "gripper_trajectory": "ROS_TO_GZ",
}
# ROS type -> Gazebo message type, as ros_gz_bridge pairs them.
GZ_TYPES = {
    "rosgraph_msgs/Clock": "gz.msgs.Clock",
    "sensor_msgs/Image": "gz.msgs.Image",
    "sensor_msgs/CameraInfo": "gz.msgs.CameraInfo",
    "sensor_msgs/LaserScan": "gz.msgs.LaserScan",
    "sensor_msgs/Imu": "gz.msgs.IMU",
    "nav_msgs/Odometry": "gz.msgs.Odometry",
    "sensor_msgs/JointState": "gz.msgs.Model",
    "tf2_msgs/TFMessage": "gz.msgs.Pose_V",
    "geometry_msgs/TwistStamped": "gz.msgs.Twist",  # the bridge drops the header on the way to Gazebo
    "trajectory_msgs/JointTrajectory": "gz.msgs.JointTrajectory",
}


def committed_sdf_files() -> list[Path]:
    return [MODEL_SDF, *sorted(WORLDS.glob("*.sdf"))]


def sdf_root(path: Path) -> ET.Element:
    return ET.parse(path).getroot()


def model_element() -> ET.Element:
    model = sdf_root(MODEL_SDF).find("model")
    assert model is not None
    return model


def text(el: ET.Element | None, tag: str) -> str:
    assert el is not None
    child = el.find(tag)
    assert child is not None and child.text is not None, f"<{el.tag}> has no <{tag}>"
    return child.text.strip()


def number(el: ET.Element | None, tag: str) -> float:
    return float(text(el, tag))


def vector(el: ET.Element | None, tag: str) -> tuple[float, ...]:
    return tuple(float(v) for v in text(el, tag).split())


def plugins(model: ET.Element, filename: str) -> list[ET.Element]:
    return [p for p in model.findall("plugin") if p.get("filename") == filename]


def all_texts(el: ET.Element, tag: str) -> list[str]:
    return [(c.text or "").strip() for c in el.findall(tag)]


# ---------------------------------------------------------------- (a) generated files are current
def test_gazebo_files_are_up_to_date(tmp_path: Path) -> None:
    files = gazebo_files(tmp_path)
    assert files, "gazebo_files generated nothing"
    for path, text in files.items():
        rel = path.relative_to(tmp_path)
        committed = ROOT / rel
        assert committed.is_file(), f"{rel} is missing: run `lam robot export`"
        assert committed.read_text(encoding="utf-8") == text, f"{rel} is stale: run `lam robot export`"
        assert text.startswith(HEADER), f"{rel} lacks the generated-file comment"
    expected_worlds = {f"{f}_{s}_{n}.sdf" for f, s, n in GAZEBO_WORLDS}
    assert {p.name for p in WORLDS.glob("*.sdf")} == expected_worlds, "stale world files in sim/gazebo/worlds"


# ---------------------------------------------------------------- (b) libsdformat loads them
@dataclass
class ModelReport:
    pose: tuple[float, ...]
    links: dict[str, tuple[float, ...]] = field(default_factory=dict)
    joints: dict[str, tuple[str, str, str, tuple[float, float, float]]] = field(default_factory=dict)
    sensors: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # name -> (type, link, topic)


@dataclass
class CheckResult:
    returncode: int
    stdout: str
    stderr: str

    def models(self) -> dict[str, ModelReport]:
        out: dict[str, ModelReport] = {}
        current: ModelReport | None = None
        for line in self.stdout.splitlines():
            parts = line.split()
            if not parts:
                continue
            if parts[0] == "model":
                current = out[parts[1]] = ModelReport(tuple(float(v) for v in parts[2:8]))
            elif parts[0] == "link" and current is not None:
                current.links[parts[1]] = tuple(float(v) for v in parts[2:8])
            elif parts[0] == "joint" and current is not None:
                axis = (float(parts[5]), float(parts[6]), float(parts[7]))
                current.joints[parts[1]] = (parts[2], parts[3], parts[4], axis)
            elif parts[0] == "sensor" and current is not None:
                current.sensors[parts[1]] = (parts[2], parts[3], parts[4] if len(parts) > 4 else "")
        return out


def _apt_candidate(package: str) -> str:
    if shutil.which("apt-cache") is None:
        return ""
    out = subprocess.run(["apt-cache", "policy", package], capture_output=True, text=True, check=False).stdout
    for line in out.splitlines():
        if line.strip().startswith("Candidate:"):
            value = line.split(":", 1)[1].strip()
            return "" if value == "(none)" else value
    return ""


@pytest.fixture(scope="session")
def sdf_checker(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/sdf_check/sdf_check.cc built against libsdformat12, once per session."""
    have = (
        shutil.which("g++") is not None
        and shutil.which("pkg-config") is not None
        and subprocess.run(["pkg-config", "--exists", "sdformat12"], check=False).returncode == 0
    )
    if not have:
        if _apt_candidate("libsdformat-dev"):
            pytest.fail("libsdformat-dev (sdformat12), pkg-config or g++ is installable but missing: run `make setup`")
        pytest.skip("libsdformat (sdformat12) is not installed and apt has no libsdformat-dev: cannot load SDF here")
    flags = subprocess.run(["pkg-config", "--cflags", "--libs", "sdformat12"], capture_output=True, text=True, check=True).stdout.split()
    binary = tmp_path_factory.mktemp("sdf_check") / "sdf_check"
    built = subprocess.run(["g++", "-O1", "-o", str(binary), str(CHECKER_SOURCE), *flags], capture_output=True, text=True, check=False)
    assert built.returncode == 0, f"cannot build the SDF checker:\n{built.stderr}"
    return binary


def run_checker(checker: Path, *files: Path, resource_path: Path | None = SIM) -> CheckResult:
    env = {k: v for k, v in os.environ.items() if k not in ("GZ_SIM_RESOURCE_PATH", "SDF_PATH")}
    if resource_path is not None:
        # Gazebo resolves model:// through GZ_SIM_RESOURCE_PATH; libsdformat alone through SDF_PATH.
        env["GZ_SIM_RESOURCE_PATH"] = env["SDF_PATH"] = str(resource_path)
    allow = [a for name in ALLOWED_ELEMENTS for a in ("--allow-element", name)]
    proc = subprocess.run([str(checker), *allow, *map(str, files)], capture_output=True, text=True, env=env, timeout=120, check=False)
    return CheckResult(proc.returncode, proc.stdout, proc.stderr)


@pytest.mark.slow
@pytest.mark.parametrize("path", committed_sdf_files(), ids=lambda p: p.name)
def test_sdf_file_loads_in_libsdformat(sdf_checker: Path, path: Path) -> None:
    result = run_checker(sdf_checker, path)
    assert result.returncode == 0, f"libsdformat rejects {path.name}:\n{result.stderr}"
    assert "version 1.9" in result.stdout
    models = result.models()
    desc = robot_description()
    assert desc.name in models, f"{path.name}: the robot model did not load (model:// not resolved?)"
    assert set(models[desc.name].links) == set(desc.links)
    assert set(models[desc.name].joints) == set(desc.joints)


@pytest.mark.slow
def test_sdf_checker_reports_errors(sdf_checker: Path, tmp_path: Path) -> None:
    """The checker is not vacuous: a broken model, an unknown element and an unresolvable include fail."""
    broken = tmp_path / "broken.sdf"
    broken.write_text(
        '<sdf version="1.9"><model name="m"><link name="a"/>'
        '<joint name="j" type="revolute"><parent>a</parent><child>nowhere</child><axis><xyz>0 0 1</xyz></axis></joint>'
        "</model></sdf>"
    )
    assert run_checker(sdf_checker, broken).returncode == 1
    unknown = tmp_path / "unknown.sdf"
    unknown.write_text('<sdf version="1.9"><model name="m"><link name="a"><no_such_element/></link></model></sdf>')
    result = run_checker(sdf_checker, unknown)
    assert result.returncode == 1 and "no_such_element" in result.stderr
    world = WORLDS / "goto_train_0.sdf"
    result = run_checker(sdf_checker, world, resource_path=tmp_path)
    assert result.returncode == 1 and "model://lam_robot" in result.stderr


@pytest.mark.slow
def test_sdf_frames_match_the_description(sdf_checker: Path) -> None:
    """libsdformat's resolved link poses and joint axes (model frame, joints at zero) equal the
    description's kinematic chain."""
    desc = robot_description()
    report = run_checker(sdf_checker, MODEL_SDF).models()[desc.name]
    for name in desc.links:
        xyz, rot = desc.fixed_transform(name)
        pose = report.links[name]
        assert np.allclose(pose[:3], xyz, atol=1e-6), name
        assert np.allclose(rpy_matrix(*pose[3:]), rot, atol=1e-6), name
    parents = {j.child: j for j in desc.joints.values()}
    for name, j in desc.joints.items():
        jtype, parent, child, axis = report.joints[name]
        assert (parent, child) == (j.parent, j.child)
        assert jtype == ("revolute" if j.type == "continuous" else j.type)
        if j.movable:
            _, rot = desc.fixed_transform(j.child)
            assert np.allclose(axis, rot @ np.array(j.axis), atol=1e-6), name
        assert parents[child] is j


@pytest.mark.slow
def test_worlds_place_the_robot_and_objects_of_their_scenario(sdf_checker: Path) -> None:
    desc = robot_description()
    for family, split, seed in GAZEBO_WORLDS:
        scenario = make_scenario(family, split, seed)
        path = WORLDS / f"{family}_{split}_{seed}.sdf"
        result = run_checker(sdf_checker, path)
        assert result.returncode == 0, result.stderr
        models = result.models()
        start = scenario.robot_start
        robot = models[desc.name].pose
        assert robot[:3] == pytest.approx((start.x_m, start.y_m, 0.0), abs=1e-6)
        assert robot[5] == pytest.approx(start.yaw_rad, abs=1e-6)
        for obj in scenario.objects:
            name = obj.name.replace(" ", "_")
            assert models[name].pose[:3] == pytest.approx(obj.position_m, abs=1e-6), name
            assert models[name].pose[5] == pytest.approx(obj.yaw_rad, abs=1e-6), name
        root = sdf_root(path)
        world = root.find("world")
        assert world is not None
        systems = {p.get("filename") for p in world.findall("plugin")}
        assert {"gz-sim-physics-system", "gz-sim-sensors-system", "gz-sim-imu-system", "gz-sim-scene-broadcaster-system",
                "gz-sim-user-commands-system"} <= systems
        sensors = next(p for p in world.findall("plugin") if p.get("filename") == "gz-sim-sensors-system")
        assert text(sensors, "render_engine") == "ogre2"
        assert {"ground_plane", "walls"} <= set(models)


# ---------------------------------------------------------------- (c) the bridge and the contract
def bridge_entries() -> list[dict[str, str]]:
    data = yaml.safe_load((config_dir() / "gazebo_bridge.yaml").read_text())
    assert isinstance(data, list)
    return data


def sdf_gz_topics() -> dict[str, str]:
    """Gazebo topic of each contract key, read from model.sdf (what the plugins and sensors use)."""
    desc = robot_description()
    model = model_element()
    sensors = {s.get("type"): s for s in model.iter("sensor")}
    camera = text(sensors["rgbd_camera"], "topic")
    diff = plugins(model, "gz-sim-diff-drive-system")
    jsp = plugins(model, "gz-sim-joint-state-publisher-system")
    assert len(diff) == 1 and len(jsp) == 1
    trajectory = {}
    for p in plugins(model, "gz-sim-joint-trajectory-controller-system"):
        joints = tuple(all_texts(p, "joint_name"))
        key = {desc.arm_joints: "arm_trajectory", desc.gripper_joints: "gripper_trajectory"}[joints]
        trajectory[key] = text(p, "topic")
    return {
        "clock": "/clock",  # gz sim publishes the simulation clock on /clock
        # rgbd_camera publishes <topic>/image, <topic>/depth_image and <topic>/camera_info
        "color_image": f"{camera}/image",
        "depth_image": f"{camera}/depth_image",
        "camera_info": f"{camera}/camera_info",
        "scan": text(sensors["gpu_lidar"], "topic"),
        "imu": text(sensors["imu"], "topic"),
        "odom": text(diff[0], "odom_topic"),
        "tf": text(diff[0], "tf_topic"),
        "cmd_vel": text(diff[0], "topic"),
        "joint_states": text(jsp[0], "topic"),
        **trajectory,
    }


def test_bridge_maps_exactly_the_contract_sensor_actuator_and_clock_topics() -> None:
    topics = contract().topics
    by_name = {spec.ros_name: key for key, spec in topics.items()}
    entries = bridge_entries()
    keys = []
    for e in entries:
        assert set(e) == {"ros_topic_name", "gz_topic_name", "ros_type_name", "gz_type_name", "direction"}, e
        assert e["ros_topic_name"] in by_name, f"{e['ros_topic_name']} is not a contract topic"
        key = by_name[e["ros_topic_name"]]
        keys.append(key)
        spec = topics[key]
        assert e["ros_type_name"] == f"{spec.type_package}/msg/{spec.type_name}", key
        assert e["gz_type_name"] == GZ_TYPES[spec.type], key
        assert e["direction"] == BRIDGED[key], key
    assert len(keys) == len(set(keys)), "a topic is bridged twice"
    assert set(keys) == set(BRIDGED)


def test_bridge_gazebo_topics_are_those_of_the_sdf() -> None:
    expected = sdf_gz_topics()
    topics = contract().topics
    for e in bridge_entries():
        key = next(k for k, spec in topics.items() if spec.ros_name == e["ros_topic_name"])
        assert e["gz_topic_name"].startswith("/"), f"{key}: use absolute Gazebo topics"
        assert e["gz_topic_name"] == expected[key], key


# ---------------------------------------------------------------- (d) the model and the description
def test_sdf_joints_match_the_description() -> None:
    desc = robot_description()
    model = model_element()
    joints = {j.get("name"): j for j in model.findall("joint")}
    assert set(joints) == set(desc.joints)
    for name, j in desc.joints.items():
        el = joints[name]
        assert el.get("type") == ("revolute" if j.type == "continuous" else j.type), name
        assert (text(el, "parent"), text(el, "child")) == (j.parent, j.child)
        pose = el.find("pose")
        assert pose is not None and pose.get("relative_to") == j.parent
        assert vector(el, "pose") == pytest.approx((*j.xyz, *j.rpy))
        if not j.movable:
            assert el.find("axis") is None
            continue
        axis = el.find("axis")
        limit = axis.find("limit") if axis is not None else None
        assert vector(axis, "xyz") == pytest.approx(j.axis)
        lower, upper = (j.lower, j.upper) if j.limited else (-UNLIMITED, UNLIMITED)
        assert (number(limit, "lower"), number(limit, "upper")) == pytest.approx((lower, upper)), name
        assert (number(limit, "effort"), number(limit, "velocity")) == pytest.approx((j.effort, j.velocity)), name


def test_sdf_links_have_the_description_geoms_and_inertia() -> None:
    desc = robot_description()
    model = model_element()
    links = {link.get("name"): link for link in model.findall("link")}
    assert set(links) == set(desc.links)
    for name, link in desc.links.items():
        el = links[name]
        pose = el.find("pose")
        if name == desc.root:
            assert pose is None
        else:
            parent_joint = next(j for j in desc.joints.values() if j.child == name)
            assert pose is not None and pose.get("relative_to") == parent_joint.name
        inertial = el.find("inertial")
        assert number(inertial, "mass") == pytest.approx(link.mass_kg if link.mass_kg > 0 else MIN_LINK_MASS_KG)
        inertia = inertial.find("inertia") if inertial is not None else None
        diag = (number(inertia, "ixx"), number(inertia, "iyy"), number(inertia, "izz"))
        assert diag == pytest.approx(link.inertia_diagonal())
        if link.mass_kg > 0:
            assert vector(inertial, "pose")[:3] == pytest.approx(link.centre_of_mass())
        assert {c.get("name") for c in el.findall("collision")} == {f"{g.name}_collision" for g in link.geoms if g.collide}
        assert {v.get("name") for v in el.findall("visual")} == {f"{g.name}_visual" for g in link.geoms}
        for g in link.geoms:
            visual = next(v for v in el.findall("visual") if v.get("name") == f"{g.name}_visual")
            assert vector(visual, "pose") == pytest.approx((*g.xyz, *g.rpy))
            shape = visual.find("geometry/" + g.type)
            assert shape is not None, f"{g.name}: not a {g.type}"
            if g.type == "box":
                assert vector(shape, "size") == pytest.approx(g.size)
            elif g.type == "cylinder":
                assert (number(shape, "radius"), number(shape, "length")) == pytest.approx((g.radius, g.length))
            else:
                assert number(shape, "radius") == pytest.approx(g.radius)


def sensor_on(model: ET.Element, sensor_type: str) -> tuple[str, ET.Element]:
    found = [(link.get("name", ""), s) for link in model.findall("link") for s in link.findall("sensor") if s.get("type") == sensor_type]
    assert len(found) == 1, f"expected one {sensor_type} sensor, found {len(found)}"
    return found[0]


def test_sdf_sensors_sit_on_the_description_links_with_its_parameters() -> None:
    desc = robot_description()
    frames = contract().frames
    model = model_element()
    # The contract's frames are the description's links.
    assert frames["base"] == desc.root
    assert (frames["camera"], frames["laser"], frames["imu"]) == (desc.camera.link, desc.lidar.link, desc.imu_link)

    link, camera = sensor_on(model, "rgbd_camera")
    assert link == desc.camera.link
    assert text(camera, "gz_frame_id") == frames["camera_optical"]
    cam = camera.find("camera")
    image = cam.find("image") if cam is not None else None
    width, height = int(number(image, "width")), int(number(image, "height"))
    assert (width, height) == (desc.camera.width, desc.camera.height)
    fovy = 2 * math.atan(math.tan(number(cam, "horizontal_fov") / 2) * height / width)
    assert fovy == pytest.approx(desc.camera.fovy_rad, abs=1e-6)
    clip = cam.find("clip") if cam is not None else None
    assert (number(clip, "near"), number(clip, "far")) == pytest.approx((desc.camera.near_m, desc.camera.far_m))
    depth_clip = cam.find("depth_camera/clip") if cam is not None else None
    assert (number(depth_clip, "near"), number(depth_clip, "far")) == pytest.approx((desc.camera.near_m, desc.camera.far_m))

    link, lidar = sensor_on(model, "gpu_lidar")
    assert link == desc.lidar.link
    assert text(lidar, "gz_frame_id") == frames["laser"]
    horizontal = lidar.find("lidar/scan/horizontal")
    rays = int(number(horizontal, "samples"))
    assert rays == desc.lidar.rays
    lo, hi = number(horizontal, "min_angle"), number(horizontal, "max_angle")
    # The MuJoCo scan: angle_min -pi, increment 2 pi / rays.
    assert lo == pytest.approx(-math.pi, abs=1e-6)
    assert (hi - lo) / (rays - 1) == pytest.approx(2 * math.pi / rays, abs=1e-6)
    rng = lidar.find("lidar/range")
    assert (number(rng, "min"), number(rng, "max")) == pytest.approx((desc.lidar.range_min_m, desc.lidar.range_max_m))

    link, imu = sensor_on(model, "imu")
    assert link == desc.imu_link
    assert text(imu, "gz_frame_id") == frames["imu"]


def test_sdf_controllers_drive_the_description_joints() -> None:
    desc = robot_description()
    frames = contract().frames
    model = model_element()
    (diff,) = plugins(model, "gz-sim-diff-drive-system")
    assert (text(diff, "left_joint"), text(diff, "right_joint")) == (desc.base_left_wheel, desc.base_right_wheel)
    assert number(diff, "wheel_separation") == pytest.approx(desc.wheel_separation_m)
    assert number(diff, "wheel_radius") == pytest.approx(desc.wheel_radius_m)
    assert (text(diff, "frame_id"), text(diff, "child_frame_id")) == (frames["odom"], frames["base"])
    (jsp,) = plugins(model, "gz-sim-joint-state-publisher-system")
    assert all_texts(jsp, "joint_name") == [n for n, j in desc.joints.items() if j.movable]
    controllers = plugins(model, "gz-sim-joint-trajectory-controller-system")
    assert sorted(tuple(all_texts(p, "joint_name")) for p in controllers) == sorted([desc.arm_joints, desc.gripper_joints])
    for p in controllers:
        names = all_texts(p, "joint_name")
        gains = [float(v) for v in all_texts(p, "position_p_gain")]
        cmd_max = [float(v) for v in all_texts(p, "position_cmd_max")]
        assert len(gains) == len(names) and all(g > 0 for g in gains)
        assert cmd_max == pytest.approx([desc.joint(n).effort for n in names])
        for name, q0 in zip(names, (float(v) for v in all_texts(p, "initial_position")), strict=True):
            j = desc.joint(name)
            assert j.lower <= q0 <= j.upper, name


def test_sdf_and_mujoco_models_have_the_same_joints_and_sensor_frames() -> None:
    """Both simulators come from robot.yaml: same movable joints, ranges, camera field of view and
    sensor frames (the MJCF text is generated here, not read from a file being rewritten)."""
    desc: RobotDescription = robot_description()
    mjcf = ET.fromstring(robot_mjcf(desc).split("\n", 1)[1])
    mj_joints = {j.get("name"): j for j in mjcf.iter("joint")}
    sdf_joints = {j.get("name"): j for j in model_element().findall("joint") if j.get("type") != "fixed"}
    assert set(mj_joints) == set(sdf_joints)
    for name, el in mj_joints.items():
        if el.get("range"):
            limit = sdf_joints[name].find("axis/limit")
            assert tuple(float(v) for v in el.get("range", "").split()) == pytest.approx((number(limit, "lower"), number(limit, "upper")))
    mj_camera = next(mjcf.iter("camera"))
    _, camera = sensor_on(model_element(), "rgbd_camera")
    cam = camera.find("camera")
    fovy = 2 * math.atan(math.tan(number(cam, "horizontal_fov") / 2) * desc.camera.height / desc.camera.width)
    assert math.radians(float(mj_camera.get("fovy", "nan"))) == pytest.approx(fovy, abs=1e-4)
    mj_sites = {s.get("name") for s in mjcf.iter("site")}
    for sensor_type in ("gpu_lidar", "imu"):
        link, _ = sensor_on(model_element(), sensor_type)
        assert link in mj_sites, f"the MuJoCo model has no site for {link}"


# ---------------------------------------------------------------- launch file
class _Recorder:
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.args, self.kwargs = args, kwargs


def _stub_modules() -> dict[str, types.ModuleType]:
    """Minimal launch / launch_ros stand-ins that record how the launch file builds its actions."""
    mods = {name: types.ModuleType(name) for name in (
        "launch", "launch.actions", "launch.substitutions", "launch.launch_description_sources",
        "launch_ros", "launch_ros.actions", "launch_ros.substitutions",
    )}

    class LaunchDescription(_Recorder):
        @property
        def entities(self) -> list[Any]:
            return list(self.args[0])

    mods["launch"].LaunchDescription = LaunchDescription  # type: ignore[attr-defined]
    for name in ("AppendEnvironmentVariable", "DeclareLaunchArgument", "IncludeLaunchDescription", "SetEnvironmentVariable",
                 "ExecuteProcess", "TimerAction"):
        setattr(mods["launch.actions"], name, type(name, (_Recorder,), {}))
    for name in ("PathJoinSubstitution", "EnvironmentVariable"):
        setattr(mods["launch.substitutions"], name, type(name, (_Recorder,), {}))

    class LaunchConfiguration(_Recorder):
        def perform(self, context: dict[str, str]) -> str:
            return context[self.args[0]]

    mods["launch.substitutions"].LaunchConfiguration = LaunchConfiguration  # type: ignore[attr-defined]
    mods["launch.actions"].OpaqueFunction = type("OpaqueFunction", (_Recorder,), {})  # type: ignore[attr-defined]
    mods["launch.launch_description_sources"].PythonLaunchDescriptionSource = type("PythonLaunchDescriptionSource", (_Recorder,), {})  # type: ignore[attr-defined]
    mods["launch_ros.actions"].Node = type("Node", (_Recorder,), {})  # type: ignore[attr-defined]
    mods["launch_ros.substitutions"].FindPackageShare = type("FindPackageShare", (_Recorder,), {})  # type: ignore[attr-defined]
    return mods


def _launch_entities(monkeypatch: pytest.MonkeyPatch, filename: str, arguments: dict[str, str] | None = None) -> list[Any]:
    """The actions a launch file's generate_launch_description() builds, with stand-in modules; an
    OpaqueFunction is replaced by what it returns for the declared defaults overridden by ``arguments``
    (the first declaration of a name gives its default, as in launch)."""
    for name, module in _stub_modules().items():
        monkeypatch.setitem(sys.modules, name, module)
    monkeypatch.delitem(sys.modules, "graph_launch", raising=False)
    monkeypatch.syspath_prepend(str(ROOT / "launch"))
    path = ROOT / "launch" / filename
    namespace: dict[str, Any] = {"__file__": str(path), "__name__": filename.replace(".", "_")}
    exec(compile(path.read_text(), str(path), "exec"), namespace)
    entities = list(namespace["generate_launch_description"]().entities)
    context: dict[str, str] = {}
    for e in entities:
        if type(e).__name__ == "DeclareLaunchArgument" and "default_value" in e.kwargs:
            context.setdefault(e.args[0], e.kwargs["default_value"])
    context.update(arguments or {})
    expanded: list[Any] = []
    for e in entities:
        expanded += e.kwargs["function"](context) if type(e).__name__ == "OpaqueFunction" else [e]
    return expanded


def test_gazebo_launch_file_starts_gazebo_the_bridge_and_the_agent_on_sim_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """launch/ cannot run here (no launch_ros, no Gazebo): run it against recording stand-ins."""
    entities = _launch_entities(monkeypatch, "gazebo.launch.py")
    kinds = [type(e).__name__ for e in entities]

    declared = [(e.args[0], e.kwargs.get("default_value")) for e in entities if type(e).__name__ == "DeclareLaunchArgument"]
    assert declared[:3] == [("world", "goto_train_0"), ("gz_args", "-r"), ("use_sim_time", "true")]
    assert [n for n, _ in declared].count("use_sim_time") == 2, "the agent graph declares use_sim_time too"
    assert (WORLDS / "goto_train_0.sdf").is_file()

    (env,) = [e for e in entities if type(e).__name__ == "AppendEnvironmentVariable"]
    assert env.args[0] == "GZ_SIM_RESOURCE_PATH" and (Path(env.args[1]) / "lam_robot" / "model.config").is_file()
    assert kinds.index("AppendEnvironmentVariable") < kinds.index("IncludeLaunchDescription")

    (gazebo,) = [e for e in entities if type(e).__name__ == "IncludeLaunchDescription"]
    source = gazebo.args[0].args[0]
    assert source.args[0][1:] == ["launch", "gz_sim.launch.py"] and source.args[0][0].args[0] == "ros_gz_sim"
    gz_args = dict(gazebo.kwargs["launch_arguments"])["gz_args"]
    assert Path(gz_args[0]) == WORLDS and gz_args[2] == ".sdf "

    nodes = [e for e in entities if type(e).__name__ == "Node"]
    bridge = next(n for n in nodes if n.kwargs["package"] == "ros_gz_bridge")
    assert bridge.kwargs["executable"] == "parameter_bridge"
    params = bridge.kwargs["parameters"][0]
    assert Path(params["config_file"]) == config_dir() / "gazebo_bridge.yaml" and params["use_sim_time"] is True
    agent = [(n.kwargs["package"], n.kwargs["executable"]) for n in nodes if n is not bridge]
    assert agent == [(n.package, n.executable) for n in load_graph("agent").nodes]
    # The agent's nodes take use_sim_time from the launch argument declared true above.
    first_sim_time = next(i for i, e in enumerate(entities) if type(e).__name__ == "DeclareLaunchArgument" and e.args[0] == "use_sim_time")
    assert first_sim_time < min(i for i, e in enumerate(entities) if e in nodes and e is not bridge)


def test_replay_launch_file_plays_the_inputs_records_the_outputs_and_sends_the_goal(monkeypatch: pytest.MonkeyPatch) -> None:
    from lam_core.contract import contract
    from lam_tools.bags import INPUT_KEYS, OUTPUT_KEYS

    entities = _launch_entities(monkeypatch, "replay.launch.py")
    declared = {e.args[0]: e.kwargs.get("default_value") for e in entities if type(e).__name__ == "DeclareLaunchArgument"}
    assert {"bag", "out", "goal", "rate"} <= set(declared) and declared["use_sim_time"] == "true"
    processes = [e.kwargs["cmd"] for e in entities if type(e).__name__ == "ExecuteProcess"]
    play = next(c for c in processes if c[:3] == ["ros2", "bag", "play"])
    assert "--clock" in play and play[play.index("--topics") + 1:] == [contract().topic(k).name for k in INPUT_KEYS]
    record = next(c for c in processes if c[:3] == ["ros2", "bag", "record"])
    assert "--use-sim-time" in record and {contract().topic(k).name for k in OUTPUT_KEYS} <= set(record)
    (timer,) = [e for e in entities if type(e).__name__ == "TimerAction"]
    goal_cmd = timer.kwargs["actions"][0].kwargs["cmd"]
    assert goal_cmd[:4] == ["ros2", "action", "send_goal", "/lam/execute_goal"] and goal_cmd[4] == "lam_interfaces/action/ExecuteGoal"
    nodes = [(e.kwargs["package"], e.kwargs["executable"]) for e in entities if type(e).__name__ == "Node"]
    assert nodes == [(n.package, n.executable) for n in load_graph("agent").nodes]


@pytest.mark.parametrize("launch_file,graph", [("sim.launch.py", "sim"), ("agent.launch.py", "agent")])
def test_graph_launch_files_start_the_nodes_of_the_graph_description(monkeypatch: pytest.MonkeyPatch, launch_file: str,
                                                                    graph: str) -> None:
    """launch/ cannot run here (no launch_ros): run sim/agent.launch.py against recording stand-ins.
    They start exactly config/graph.yaml's nodes, with their params files, on the graph's clock."""
    entities = _launch_entities(monkeypatch, launch_file)
    spec = load_graph(graph)
    nodes = [e for e in entities if type(e).__name__ == "Node"]
    assert [(n.kwargs["package"], n.kwargs["executable"], n.kwargs["name"]) for n in nodes] == [
        (n.package, n.executable, n.name) for n in spec.nodes]
    assert [n.kwargs["parameters"][:-1] for n in nodes] == [[str(p) for p in n.params_files] for n in spec.nodes]
    declared = {e.args[0]: e.kwargs.get("default_value") for e in entities if type(e).__name__ == "DeclareLaunchArgument"}
    assert declared["use_sim_time"] == ("true" if spec.use_sim_time else "false")
    assert {"namespace", "use_sim_time", "params_file", "actor", "task_planner", "log_level"} <= set(declared)
    assert all(e.kwargs.get("description") for e in entities if type(e).__name__ == "DeclareLaunchArgument")
    assert all(n.kwargs["namespace"] == "" for n in nodes)
    assert all(n.kwargs["parameters"][-1] == {"use_sim_time": spec.use_sim_time} for n in nodes)


def test_the_voice_argument_adds_speech_node_and_the_simulators_microphone(monkeypatch: pytest.MonkeyPatch) -> None:
    entities = _launch_entities(monkeypatch, "sim.launch.py", {"voice": "true"})
    nodes = {n.kwargs["name"]: n for n in entities if type(n).__name__ == "Node"}
    assert list(nodes) == [n.name for n in load_graph("sim").nodes] + ["speech_node"]
    assert nodes["speech_node"].kwargs["package"] == "lam_voice"
    assert {"microphone": True} in nodes["sim_node"].kwargs["parameters"]
    quiet = _launch_entities(monkeypatch, "sim.launch.py")
    assert "speech_node" not in [n.kwargs["name"] for n in quiet if type(n).__name__ == "Node"]


def test_launch_arguments_reach_every_node_and_the_users_discovery_range_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    entities = _launch_entities(monkeypatch, "robot.launch.py", {
        "namespace": "robot1", "params_file": "/tmp/site.yaml", "actor": "scripted", "log_level": "debug"})
    nodes = [e for e in entities if type(e).__name__ == "Node"]
    assert [(n.kwargs["package"], n.kwargs["executable"]) for n in nodes] == [
        (n.package, n.executable) for n in load_graph("agent").nodes]
    assert ("lam_description", "state_publisher_node") in [(n.kwargs["package"], n.kwargs["executable"]) for n in nodes]
    for node in nodes:
        assert node.kwargs["namespace"] == "robot1"
        assert node.kwargs["arguments"] == ["--ros-args", "--log-level", "debug"]
        assert "/tmp/site.yaml" in node.kwargs["parameters"]
        assert node.kwargs["parameters"][-1] == {"use_sim_time": False}
        assert set(node.kwargs["additional_env"]) == {"FASTRTPS_DEFAULT_PROFILES_FILE"}
    planner = next(n for n in nodes if n.kwargs["name"] == "planner_node")
    assert {"actor": "scripted"} in planner.kwargs["parameters"]
    env = {e.args[0]: e.args[1] for e in entities if type(e).__name__ == "SetEnvironmentVariable"}
    discovery = env["ROS_AUTOMATIC_DISCOVERY_RANGE"]
    assert type(discovery).__name__ == "EnvironmentVariable" and discovery.args[0] == "ROS_AUTOMATIC_DISCOVERY_RANGE"
    assert discovery.kwargs["default_value"] == "LOCALHOST", "the safe default, which the user's environment overrides"
