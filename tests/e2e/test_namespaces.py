"""The agent in a ROS namespace, as on a robot that shares its DDS domain: the simulator and the
whole agent run in /r1 with the state publisher, a second executor runs in /r2. Every frame of the
contract resolves from odom through r1's tf and tf_static at a sensor's stamp, r1's
robot_description is the generated URDF, plain rclpy subscribers with default (reliable) QoS get
the robot's state and its stamped commands, and commands given to r2 move r2 only."""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import numpy as np
import pytest
import rclpy
from rclpy.executors import SingleThreadedExecutor
from rclpy.node import Node

from lam_bringup.background import wait_until
from lam_core.contract import contract
from lam_core.datatypes import ActionCommand, JointStates, LaserScan, Twist2D
from lam_core.paths import sim_dir
from lam_core.robot.description import robot_description
from lam_core.robot.frames import TransformTree
from lam_ros import contract_io
from lam_ros.convert import lam as lam_convert
from lam_ros.convert import sensors
from lam_ros.convert.tf import transforms_from_msg
from lam_ros.convert.time import to_ns
from lam_tools.graph import GraphSpec, load_graph
from lam_tools.runner import GraphRunner

STARTUP_S = 90.0
FORWARD_MPS = 0.2


class _Probe:
    """A node in ``namespace`` that keeps what it hears, spun in the test's thread."""

    def __init__(self, name: str, namespace: str) -> None:
        self.context = rclpy.Context()
        rclpy.init(context=self.context)
        self.node = Node(name, namespace=namespace, context=self.context)
        self.executor = SingleThreadedExecutor(context=self.context)
        self.executor.add_node(self.node)
        self.latest: dict[str, Any] = {}

    def keep(self, key: str, **kwargs: Any) -> None:
        contract_io.subscription(self.node, key, lambda msg: self.latest.__setitem__(key, msg), **kwargs)

    def until(self, condition: Any, timeout_s: float) -> bool:
        def spun() -> bool:
            self.executor.spin_once(timeout_sec=0.05)
            return bool(condition())
        return wait_until(spun, timeout_s)

    def close(self) -> None:
        self.executor.shutdown()
        self.node.destroy_node()
        rclpy.shutdown(context=self.context)


@pytest.fixture(scope="module")
def two_robots() -> Iterator[tuple[GraphRunner, GraphRunner]]:
    sim = load_graph("sim")
    executor_only = GraphSpec("r2", "a second robot's executor", True, (sim.node("executor_node"),))
    with GraphRunner(sim, namespace="/r1", quiet=True) as r1, GraphRunner(executor_only, namespace="/r2", quiet=True) as r2:
        yield r1, r2


def test_every_contract_frame_resolves_from_odom_in_a_namespace_and_the_urdf_is_the_generated_one(
    two_robots: tuple[GraphRunner, GraphRunner],
) -> None:
    probe = _Probe("frames_probe", "/r1")
    tree = TransformTree()
    try:
        def on_tf(msg: Any, static: bool) -> None:
            for stamp_ns, tf in transforms_from_msg(msg):
                tree.add((tf,), stamp_ns, static)

        scan_stamps: deque[int] = deque(maxlen=100)
        contract_io.subscription(probe.node, "tf", lambda m: on_tf(m, False))
        contract_io.subscription(probe.node, "tf_static", lambda m: on_tf(m, True))
        contract_io.subscription(probe.node, "scan", lambda m: scan_stamps.append(to_ns(m.header.stamp)))
        for key in ("robot_description", "scan", "imu", "color_image"):
            probe.keep(key)
        assert probe.until(lambda: {"robot_description", "scan", "imu", "color_image"} <= set(probe.latest)
                           and contract().frame("odom") in tree.frames(), STARTUP_S), two_robots[0].dead_nodes()
        expected_urdf = (sim_dir() / "lam_robot" / "lam_robot.urdf").read_text(encoding="utf-8")
        assert probe.latest["robot_description"].data == expected_urdf
        frames = contract().frames
        odom = frames["odom"]
        sensor_frames = {probe.latest[k].header.frame_id for k in ("scan", "imu", "color_image")}
        assert sensor_frames <= set(frames.values()), sensor_frames
        # The stamp is one of the scans this probe heard, the latest at which every frame resolves: tf
        # is volatile (its first transforms may be newer than the first scans), and a probe busy with
        # images may hear the latest scans before the transforms of their time.
        def resolving_stamp_ns() -> int:
            return next((st for st in reversed(scan_stamps) if not _unresolved(tree, odom, frames.values(), st)), -1)

        assert probe.until(lambda: resolving_stamp_ns() > 0, 10.0), \
            (_unresolved(tree, odom, frames.values(), scan_stamps[-1]), sorted(tree.frames()))
        stamp_ns = resolving_stamp_ns()
        camera_in_base = tree.lookup(frames["base"], frames["camera"], stamp_ns)
        expected_xyz, expected_rot = robot_description().fixed_transform(robot_description().camera.link)
        np.testing.assert_allclose(camera_in_base[:3, 3], expected_xyz, atol=1e-6)
        np.testing.assert_allclose(camera_in_base[:3, :3], expected_rot, atol=1e-6)
        optical = tree.lookup(frames["camera"], frames["camera_optical"], stamp_ns)
        np.testing.assert_allclose(optical[:3, 2], (1.0, 0.0, 0.0), atol=1e-9)  # optical z looks along camera x
    finally:
        probe.close()


def test_default_qos_subscribers_receive_the_robot_state_and_stamped_commands(
    two_robots: tuple[GraphRunner, GraphRunner],
) -> None:
    """What robot_state_publisher, RViz or a script subscribe with: rclpy's default, reliable."""
    from geometry_msgs.msg import TwistStamped
    from nav_msgs.msg import Odometry
    from sensor_msgs.msg import Imu, JointState

    probe = _Probe("default_qos_probe", "/r1")
    try:
        got: dict[str, Any] = {}
        for topic, msg_type in (("odom", Odometry), ("joint_states", JointState), ("imu/data", Imu),
                                ("cmd_vel", TwistStamped)):
            probe.node.create_subscription(msg_type, topic, lambda m, t=topic: got.__setitem__(t, m), 10)
        assert probe.until(lambda: len(got) == 4, STARTUP_S), sorted(got)
        command = got["cmd_vel"]
        assert command.header.frame_id == contract().frame("base") and to_ns(command.header.stamp) > 0
    finally:
        probe.close()


def _unresolved(tree: TransformTree, root: str, frames: Any, stamp_ns: int) -> str:
    """Why a frame does not resolve from ``root`` at ``stamp_ns`` ("" when every one does)."""
    for frame in frames:
        try:
            tree.lookup(root, frame, stamp_ns)
        except Exception as exc:
            return f"{frame}: {exc}"
    return ""


def test_commands_given_to_one_namespace_move_only_that_robot(two_robots: tuple[GraphRunner, GraphRunner]) -> None:
    robot = robot_description()
    r2 = _Probe("r2_driver", "/r2")
    r1 = _Probe("r1_listener", "/r1")
    try:
        clock_ns = [0]
        contract_io.subscription(r2.node, "clock", lambda m: clock_ns.__setitem__(0, to_ns(m.clock)))
        twists: dict[str, list[Twist2D]] = {"r1": [], "r2": []}
        contract_io.subscription(r1.node, "cmd_vel", lambda m: twists["r1"].append(lam_convert.twist_from_msg(m)))
        contract_io.subscription(r2.node, "cmd_vel", lambda m: twists["r2"].append(lam_convert.twist_from_msg(m)))
        pubs = {key: contract_io.publisher(r2.node, key) for key in ("scan", "joint_states", "action")}
        names = robot.arm_joints + robot.gripper_joints

        def drive_r2() -> None:
            now = clock_ns[0]
            if now <= 0:
                return
            ranges = np.full(360, np.inf, dtype=np.float32)
            pubs["scan"].publish(sensors.scan_to_msg(LaserScan(now, contract().frame("laser"), -math.pi, 2 * math.pi / 360,
                                                               robot.lidar.range_min_m, 8.0, ranges), 0.1))
            pubs["joint_states"].publish(sensors.joints_to_msg(JointStates(now, names, (0.0,) * len(names),
                                                                           (0.0,) * len(names))))
            command = ActionCommand(now, "velocity", base=Twist2D(FORWARD_MPS, 0.0), horizon_s=0.5, source="test")
            pubs["action"].publish(lam_convert.command_to_msg(command))

        graph_names = {(n, ns) for n, ns in r2.node.get_node_names_and_namespaces()}
        assert r2.until(lambda: ("executor_node", "/r2") in set(r2.node.get_node_names_and_namespaces()), STARTUP_S), graph_names

        def r2_moves() -> bool:
            drive_r2()
            r1.executor.spin_once(timeout_sec=0.0)
            return any(t.vx_mps > 0.5 * FORWARD_MPS for t in twists["r2"])

        assert r2.until(r2_moves, 30.0), f"r2 never drove: {two_robots[1].lines}"
        r1.until(lambda: len(twists["r1"]) > 20, 10.0)
        assert twists["r1"], "r1's executor publishes nothing on /r1/cmd_vel"
        assert all(t == replace(t, vx_mps=0.0, wz_radps=0.0) for t in twists["r1"]), "r2's command moved r1"
        assert r2.node.count_publishers("/cmd_vel") == 0, "a node publishes commands outside its namespace"
        # Graph discovery is asynchronous: r2's probe may learn of r1's executor after r1's commands arrived.
        assert r2.until(lambda: r2.node.count_publishers("/r1/cmd_vel") == 1 and r2.node.count_publishers("/r2/cmd_vel") == 1,
                        10.0), (r2.node.count_publishers("/r1/cmd_vel"), r2.node.count_publishers("/r2/cmd_vel"))
    finally:
        r1.close()
        r2.close()
