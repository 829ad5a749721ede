"""The contract, the node configs and their params files agree with each other."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from lam_core.config import build_config, load_config, param_specs, read_params_file
from lam_core.contract import contract, parse_contract
from lam_core.errors import ConfigError, ContractError
from lam_core.node_configs import (
    CameraNodeConfig,
    ExecutorNodeConfig,
    FusionNodeConfig,
    PlannerNodeConfig,
    SimNodeConfig,
    StatePublisherNodeConfig,
)
from lam_core.paths import config_dir
from lam_tools.graph import find_executable, load_graphs, node_command

NODE_CONFIGS = {
    "sim_node": SimNodeConfig,
    "camera_node": CameraNodeConfig,
    "fusion_node": FusionNodeConfig,
    "planner_node": PlannerNodeConfig,
    "executor_node": ExecutorNodeConfig,
    "state_publisher_node": StatePublisherNodeConfig,
}


def test_contract_names_the_design_topics() -> None:
    c = contract()
    names = {t.name for t in c.topics.values()}
    for name in (
        "/camera/color/image_raw", "/camera/depth/image_raw", "/camera/color/camera_info", "/scan", "/imu/data",
        "/odom", "/joint_states", "/clock", "/lam/observation", "/lam/plan", "/lam/action", "/cmd_vel",
        "/arm_controller/joint_trajectory", "/gripper_controller/joint_trajectory", "/lam/estop", "/diagnostics",
    ):
        assert name in names
    assert c.action("execute_goal").name == "/lam/execute_goal"
    assert c.topic("plan").qos is not None and c.topic("plan").qos.durability == "transient_local"
    assert c.topic("estop").qos is not None and c.topic("estop").qos.durability == "transient_local"
    scan_qos = c.topic("scan").qos
    assert scan_qos is not None and (scan_qos.reliability, scan_qos.subscriber_reliability) == ("reliable", "best_effort")
    assert {"odom", "base", "camera", "laser"} <= set(c.frames)


def test_contract_names_resolve_in_a_namespace_except_the_shared_ones() -> None:
    c = contract()
    assert c.topic("cmd_vel").resolved("/r1") == "/r1/cmd_vel"
    assert c.topic("color_image").resolved("/r1/") == "/r1/camera/color/image_raw"
    assert c.action("execute_goal").resolved("/r1") == "/r1/lam/execute_goal"
    assert c.topic("clock").resolved("/r1") == "/clock"
    assert c.topic("diagnostics").resolved("/r1") == "/r1/diagnostics"
    assert c.topic("tf").resolved("/") == "/tf"


@pytest.mark.parametrize("kind,section", [("msg", "topics"), ("action", "actions"), ("srv", "services")])
def test_every_contract_type_imports(kind: str, section: str) -> None:
    for spec in getattr(contract(), section).values():
        module = importlib.import_module(f"{spec.type_package}.{kind}")
        assert hasattr(module, spec.type_name), spec.type


def test_contract_rejects_bad_entries() -> None:
    good_qos = {"Q": {"reliability": "reliable", "durability": "volatile", "depth": 1}}
    with pytest.raises(ContractError, match="unknown QoS"):
        parse_contract({"qos": good_qos, "topics": {"a": {"name": "/a", "type": "x/Y", "qos": "NOPE"}}})
    for bad_name in ("a//b", "a/", "1a", "a b", "~/a", ""):
        with pytest.raises(ContractError, match="not a valid ROS name"):
            parse_contract({"qos": good_qos, "topics": {"a": {"name": bad_name, "type": "x/Y", "qos": "Q"}}})
    with pytest.raises(ContractError, match="never matches"):
        parse_contract({"qos": {"Q": {"reliability": "best_effort", "subscriber_reliability": "reliable",
                                      "durability": "volatile", "depth": 1}}, "topics": {}})
    with pytest.raises(ContractError, match="duplicate"):
        parse_contract({"qos": good_qos, "topics": {
            "a": {"name": "/a", "type": "x/Y", "qos": "Q"}, "b": {"name": "/a", "type": "x/Y", "qos": "Q"}}})
    with pytest.raises(ContractError, match="no topic"):
        contract().topic("nonexistent")


@pytest.mark.parametrize("node_name", sorted(NODE_CONFIGS))
def test_params_file_matches_declared_parameters(node_name: str) -> None:
    cls = NODE_CONFIGS[node_name]
    path = config_dir() / f"{node_name}.yaml"
    params = read_params_file(path, node_name)
    assert set(params) == {s.name for s in param_specs(cls)}
    config = load_config(cls, path, node_name)
    assert isinstance(config, cls)
    for spec in param_specs(cls):
        assert spec.description, f"{node_name}.{spec.name} has no description"


def test_every_graph_node_has_an_executable_and_a_config() -> None:
    graphs = load_graphs()
    assert {"sim", "agent"} <= set(graphs)
    for graph in graphs.values():
        for node in graph.nodes:
            assert node.name in NODE_CONFIGS
            assert find_executable(node.package, node.executable).is_file()
            for p in node.params_files:
                read_params_file(p, node.name)
            cmd = node_command(node, graph.use_sim_time)
            assert "--params-file" in cmd and f"__node:={node.name}" in cmd


def test_extra_parameters_reach_the_node_as_given_the_empty_string_too() -> None:
    """`lam demo --color ''` (keep the seed's colour) once stopped sim_node at rcl's argument parsing."""
    import rclpy
    from rclpy.node import Node

    sim = next(n for n in load_graphs()["sim"].nodes if n.name == "sim_node")
    args = node_command(sim, True, {"target_color": "", "look": "light"})[1:]
    context = rclpy.Context()
    rclpy.init(args=["sim_node", *args], context=context)
    try:
        node = Node("sim_node", context=context, automatically_declare_parameters_from_overrides=True)
        assert node.get_parameter("target_color").value == "" and node.get_parameter("look").value == "light"
        node.destroy_node()
    finally:
        rclpy.shutdown(context=context)


def test_build_config_names_missing_unknown_and_out_of_range() -> None:
    good = read_params_file(config_dir() / "executor_node.yaml", "executor_node")
    with pytest.raises(ConfigError, match="unknown parameter.*max_speed_typo"):
        build_config(ExecutorNodeConfig, {**good, "max_speed_typo": 1.0})
    missing = dict(good)
    del missing["max_vx_mps"]
    with pytest.raises(ConfigError, match="missing parameter.*max_vx_mps"):
        build_config(ExecutorNodeConfig, missing)
    with pytest.raises(ConfigError, match="max_vx_mps=99.0 above maximum"):
        build_config(ExecutorNodeConfig, {**good, "max_vx_mps": 99.0})
    with pytest.raises(ConfigError, match="must be float"):
        build_config(ExecutorNodeConfig, {**good, "max_vx_mps": "fast"})
    with pytest.raises(ConfigError, match="finite"):
        build_config(ExecutorNodeConfig, {**good, "max_vx_mps": float("nan")})


def test_missing_params_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="params file not found: .*nope.yaml"):
        read_params_file(tmp_path / "nope.yaml", "executor_node")
    bad = tmp_path / "bad.yaml"
    bad.write_text("other_node:\n  ros__parameters: {a: 1}\n")
    with pytest.raises(ConfigError, match=r"no '/\*\*/executor_node: ros__parameters:'"):
        read_params_file(bad, "executor_node")


def test_camera_mount_is_the_robot_descriptions() -> None:
    """The detectors' camera pose is camera_link's fixed transform in sim/lam_robot/robot.yaml, the
    one place that says it (camera_node.yaml does not repeat it)."""
    import numpy as np

    from lam_core.geometry import OPTICAL_IN_BODY
    from lam_core.perception.factory import camera_mount, make_detector
    from lam_core.robot.description import robot_description

    cfg = load_config(CameraNodeConfig, config_dir() / "camera_node.yaml", "camera_node")
    desc = robot_description()
    xyz, rot = desc.fixed_transform(desc.camera.link)
    mount = camera_mount()
    assert np.allclose(mount.position_m, xyz)
    assert np.allclose(mount.rot_base_optical, rot @ OPTICAL_IN_BODY)
    detector = make_detector(cfg).inner
    assert np.allclose(detector.mount.position_m, xyz)  # type: ignore[attr-defined]
    assert np.allclose(detector.mount.rot_base_optical, mount.rot_base_optical)  # type: ignore[attr-defined]
    params = read_params_file(config_dir() / "camera_node.yaml", "camera_node")
    assert not {"camera_xyz_m", "camera_rpy_rad"} & set(params)


def test_runner_refuses_a_node_whose_params_file_is_missing(tmp_path: Path) -> None:
    from lam_tools.graph import NodeSpec

    node = NodeSpec("lam_executor", "executor_node", (tmp_path / "gone.yaml",))
    with pytest.raises(ConfigError, match="executor_node: params file not found: .*gone.yaml"):
        node_command(node, use_sim_time=True)


def test_the_runner_cleans_fast_dds_files_of_dead_processes_and_keeps_live_ones() -> None:
    """A killed node leaves its Fast DDS segment in /dev/shm, its lock file no longer locked: it is
    removed before a graph starts. A segment whose lock a live process holds stays."""
    import fcntl
    import secrets

    from lam_tools.runner import clean_zombie_shared_memory

    shm = Path("/dev/shm")
    if not shm.is_dir():
        pytest.skip("no /dev/shm on this system")
    zombie, live = (f"fastrtps_{secrets.token_hex(8)}" for _ in range(2))
    for name in (zombie, live):
        (shm / name).write_bytes(bytes(64))
        (shm / f"{name}_el").write_bytes(b"")
    try:
        with (shm / f"{live}_el").open("ab") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            assert clean_zombie_shared_memory(), "the fastdds tool is not installed"
            assert not (shm / zombie).exists() and not (shm / f"{zombie}_el").exists()
            assert (shm / live).exists() and (shm / f"{live}_el").exists()
    finally:
        for name in (zombie, live):
            (shm / name).unlink(missing_ok=True)
            (shm / f"{name}_el").unlink(missing_ok=True)


def test_the_nodes_that_decide_and_stop_motion_use_no_shared_memory_transport() -> None:
    """A process that dies holding a Fast DDS shared-memory port lock blocks every writer into
    that port for 1 s per try; the planner and the executor therefore run on UDP only."""
    import xml.etree.ElementTree as ET

    from lam_core.paths import dds_environment
    from lam_tools.graph import load_graph
    from lam_tools.runner import _node_transport

    for graph_name in ("sim", "agent"):
        transports = {node.name: node.shared_memory for node in load_graph(graph_name).nodes}
        assert transports["planner_node"] is False and transports["executor_node"] is False, transports
    key = "FASTRTPS_DEFAULT_PROFILES_FILE"
    udp_profile = Path(dds_environment(shared_memory=False)[key])
    ns = {"p": "http://www.eprosima.com/XMLSchemas/fastRTPS_Profiles"}
    root = ET.parse(udp_profile).getroot()
    assert [t.text for t in root.iterfind(".//p:transport_descriptor/p:type", ns)] == ["UDPv4"]
    assert root.find(".//p:participant/p:rtps/p:useBuiltinTransports", ns).text == "false"  # type: ignore[union-attr]
    assert _node_transport({}, False) == {key: str(udp_profile)}
    assert _node_transport({key: dds_environment()[key]}, False) == {key: str(udp_profile)}
    assert _node_transport({key: "/etc/robot/fastdds.xml"}, False) == {}, "a user's own profile is kept"
