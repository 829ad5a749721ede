"""The executor the robot runs and the one the lockstep harness runs are the same code: a real
executor_node (its message conversion, its callbacks, its control timer's body, publishing over
DDS) and a bare ExecutorCore fed the same inputs at the same (sim) times give the same /cmd_vel and
the same arm and gripper trajectories, tick for tick. The inputs cover what the glue decides:
accepted and rejected commands (absurd, NaN), an arm command with a grasp point, the watchdog, the
lidar stop zone and the e-stop."""

from __future__ import annotations

import contextlib
import math
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np
import pytest
import rclpy
from rclpy.executors import SingleThreadedExecutor
from rclpy.node import Node
from rclpy.time import Time
from std_msgs.msg import Bool

from lam_core.config import load_config
from lam_core.datatypes import ActionCommand, JointStates, JointTrajectory, LaserScan, Twist2D
from lam_core.node_configs import ExecutorNodeConfig
from lam_core.paths import config_file
from lam_core.robot.description import robot_description
from lam_core.safety.arm import ARM, GRIPPER, ArmSupervisor
from lam_core.safety.executor import ExecutorCore
from lam_core.safety.factory import arm_limits, shield_limits
from lam_core.safety.shield import SafetyShield
from lam_executor.executor_node import ExecutorNode
from lam_ros import contract_io
from lam_ros.convert import lam as lam_convert
from lam_ros.convert import sensors
from lam_ros.convert.trajectory import trajectory_from_msg

ROBOT = robot_description()
CFG = load_config(ExecutorNodeConfig, config_file("executor_node.yaml"), "executor_node")
LIMITS = shield_limits(CFG, ROBOT)
PERIOD_NS = round(1e9 / CFG.control_rate_hz)
INSIDE_STOP_ZONE_M = CFG.stop_margin_m * 0.9  # beyond the front edge [m]; the lidar sees it (tested in test_shield)
START_NS = 5_000_000_000
TICKS = 160
DEADLINE_S = 10.0


def _scan(stamp_ns: int, obstacle_ahead_m: float) -> LaserScan:
    """A 360-ray scan in laser_link with one return straight ahead, ``obstacle_ahead_m`` beyond the
    base's front edge [m]."""
    ranges = np.full(360, np.inf, dtype=np.float32)
    if math.isfinite(obstacle_ahead_m):
        ranges[180] = LIMITS.footprint.front_m + obstacle_ahead_m - LIMITS.laser_xy_m[0]
    return LaserScan(stamp_ns, "laser_link", -math.pi, 2 * math.pi / 360, ROBOT.lidar.range_min_m, 8.0, ranges)


def _joints(stamp_ns: int) -> JointStates:
    names = ROBOT.arm_joints + ROBOT.gripper_joints
    return JointStates(stamp_ns, names, (0.0,) * len(names), (0.0,) * len(names))


@dataclass
class Inputs:
    """What arrives before control tick k (all optional)."""

    scan: LaserScan | None = None
    joints: JointStates | None = None
    command: ActionCommand | None = None
    estop: bool | None = None


@dataclass
class Outputs:
    twists: list[Twist2D] = field(default_factory=list)
    trajectories: list[tuple[int, str, JointTrajectory]] = field(default_factory=list)


def _script() -> list[Inputs]:
    """Drive, get an absurd and a NaN command (rejected, not obeyed; the watchdog then ends the
    last valid one), drive again, reach over a grasp point, go silent
    (watchdog), drive into the stop zone, e-stop and release."""
    script = [Inputs() for _ in range(TICKS)]
    for k in range(TICKS):
        t = START_NS + k * PERIOD_NS
        script[k].scan = _scan(t, INSIDE_STOP_ZONE_M if 110 <= k < 125 else math.inf)
        if k % 5 == 0:
            script[k].joints = _joints(t)
        if k < 30 or 36 <= k < 60 or 100 <= k < 130 or k >= 140:
            script[k].command = ActionCommand(t, "navigate_to", "red box", 0, Twist2D(0.4, 0.3 if k < 50 else -0.2),
                                              horizon_s=0.5, source="test")
    script[30].command = ActionCommand(START_NS + 30 * PERIOD_NS, "navigate_to", base=Twist2D(1e6, 0.0), horizon_s=0.5)
    script[33].command = ActionCommand(START_NS + 33 * PERIOD_NS, "velocity", base=Twist2D(math.nan, 0.0), horizon_s=0.5)
    script[60].command = ActionCommand(START_NS + 60 * PERIOD_NS, "pick", "red cube", 1, grasp_point_m=(0.45, 0.0, 0.2),
                                       gripper_opening_m=0.06, horizon_s=0.5, source="test")
    script[132].estop, script[137].estop = True, False
    return script


def _through_the_core(script: list[Inputs]) -> Outputs:
    """As the lockstep harness does: core types straight into ExecutorCore."""
    core = ExecutorCore(SafetyShield(shield_limits(CFG, ROBOT)), ArmSupervisor(ROBOT, arm_limits(CFG)), PERIOD_NS * 1e-9)
    out = Outputs()
    for k, inputs in enumerate(script):
        t = START_NS + k * PERIOD_NS
        if inputs.estop is not None:
            core.set_estop(inputs.estop)
        if inputs.scan is not None:
            core.on_scan(inputs.scan, t)
        if inputs.joints is not None:
            core.on_joints(inputs.joints)
        if inputs.command is not None:
            core.on_command(inputs.command, t)
        tick = core.control_tick(t)
        out.twists.append(tick.twist)
        out.trajectories.extend((k, group, traj) for group, traj in tick.trajectories)
    return out


def _wait(executor: SingleThreadedExecutor, condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + DEADLINE_S
    while not condition():
        assert time.monotonic() < deadline, "executor_node's output did not arrive in time"
        executor.spin_once(timeout_sec=0.05)


@contextlib.contextmanager
def _executor_and_listener(listener_name: str, *params: str) -> Iterator[tuple[SingleThreadedExecutor, ExecutorNode, Node]]:
    """An executor_node on sim time (not spun: the test calls its callbacks) and a listener node
    spun by the returned executor; ``params``: extra NAME:=VALUE parameters of the node."""
    overrides = [arg for param in params for arg in ("-p", param)]
    rclpy.init(args=["--ros-args", "--params-file", str(config_file("executor_node.yaml")), "-p", "use_sim_time:=true",
                     *overrides])
    executor = SingleThreadedExecutor()
    node = listener = None
    try:
        node = ExecutorNode()
        listener = Node(listener_name)
        yield executor, node, listener
    finally:
        executor.shutdown()
        for n in (node, listener):
            if n is not None:
                n.destroy_node()
        rclpy.try_shutdown()


def _through_the_node(script: list[Inputs], expected: Outputs) -> Outputs:
    """As the robot does: messages into executor_node's callbacks at the node's sim time, its
    outputs received over DDS by a listener. After each tick the listener waits for the /cmd_vel
    and for as many trajectories as the core gave up to then (a shortfall times out, a surplus
    shows in the comparison)."""
    with _executor_and_listener("parity_listener") as (executor, node, listener):
        assert node.get_clock().ros_time_is_active, "the node runs on sim time"
        twists: list[Twist2D] = []
        trajectories: list[tuple[str, JointTrajectory]] = []
        contract_io.subscription(listener, "cmd_vel", lambda m: twists.append(lam_convert.twist_from_msg(m)))
        for key, group in (("arm_trajectory", ARM), ("gripper_trajectory", GRIPPER)):
            contract_io.subscription(listener, key, lambda m, g=group: trajectories.append((g, trajectory_from_msg(m))))
        executor.add_node(listener)  # the node is not spun: its control timer runs only when this test calls it
        _wait(executor, lambda: node._cmd_pub.get_subscription_count() > 0)
        clock = node.get_clock()
        out = Outputs()
        for k, inputs in enumerate(script):
            t = START_NS + k * PERIOD_NS
            clock.set_ros_time_override(Time(nanoseconds=t, clock_type=clock.clock_type))
            if inputs.estop is not None:
                node._on_estop(Bool(data=inputs.estop))
            if inputs.scan is not None:
                node._on_scan(sensors.scan_to_msg(inputs.scan, 0.1))
            if inputs.joints is not None:
                node._on_joints(sensors.joints_to_msg(inputs.joints))
            if inputs.command is not None:
                node._on_action(lam_convert.command_to_msg(inputs.command))
            node._control()
            want = sum(1 for tick, _, _ in expected.trajectories if tick <= k)
            _wait(executor, lambda k=k, want=want: len(twists) == k + 1 and len(trajectories) >= want)
            out.trajectories.extend((k, g, traj) for g, traj in trajectories[len(out.trajectories):])
        out.twists = twists
        return out


def test_executor_node_and_lockstep_core_agree_tick_for_tick() -> None:
    script = _script()
    core = _through_the_core(script)
    node = _through_the_node(script, core)
    assert len(node.twists) == len(core.twists) == TICKS
    mismatches = [(k, a, b) for k, (a, b) in enumerate(zip(node.twists, core.twists, strict=True))
                  if not (math.isclose(a.vx_mps, b.vx_mps, abs_tol=1e-12) and math.isclose(a.wz_radps, b.wz_radps, abs_tol=1e-12))]
    assert mismatches == []
    assert [(k, g) for k, g, _ in node.trajectories] == [(k, g) for k, g, _ in core.trajectories]
    for (_, _, a), (_, _, b) in zip(node.trajectories, core.trajectories, strict=True):
        assert a.joint_names == b.joint_names and len(a.points) == len(b.points)
        for p, q in zip(a.points, b.points, strict=True):
            assert p.time_from_start_s == pytest.approx(q.time_from_start_s, abs=1e-9)
            assert p.positions == pytest.approx(q.positions, abs=1e-12)
    # The script exercised what it claims: motion, a rejection, an arm move, the stop zone, e-stop.
    assert max(t.vx_mps for t in core.twists) > 0.3
    assert core.twists[31].vx_mps <= core.twists[29].vx_mps, "the absurd command was obeyed"
    assert core.twists[35].vx_mps == 0.0, "after the rejections, the watchdog ended the last valid command"
    assert any(g == ARM for _, g, _ in core.trajectories)
    assert all(core.twists[k].vx_mps == 0.0 for k in range(112, 125)), "stop zone"
    assert all(core.twists[k].vx_mps == 0.0 for k in range(134, 137)), "e-stop"
    assert core.twists[-1].vx_mps > 0.0, "released"


def test_publish_on_command_sends_an_accepted_command_at_once_and_restarts_the_period() -> None:
    """With publish_on_command, a command accepted between ticks is shielded over the time since
    the last /cmd_vel and published at once; a second command at the same instant adds nothing
    (no time has passed for the rate limits to allow a change)."""
    with _executor_and_listener("at_once_listener", "publish_on_command:=true") as (executor, node, listener):
        twists: list[Twist2D] = []
        contract_io.subscription(listener, "cmd_vel", lambda m: twists.append(lam_convert.twist_from_msg(m)))
        executor.add_node(listener)
        _wait(executor, lambda: node._cmd_pub.get_subscription_count() > 0)
        clock = node.get_clock()

        def at(t_ns: int) -> None:
            clock.set_ros_time_override(Time(nanoseconds=t_ns, clock_type=clock.clock_type))

        at(START_NS)
        node._on_scan(sensors.scan_to_msg(_scan(START_NS, math.inf), 0.1))
        node._control()                                   # a tick: at rest
        _wait(executor, lambda: len(twists) == 1)
        between = START_NS + PERIOD_NS // 4
        at(between)
        command = ActionCommand(between, "navigate_to", "red box", 0, Twist2D(0.4, 0.0), horizon_s=0.5, source="test")
        node._on_action(lam_convert.command_to_msg(command))  # no tick: published at once
        _wait(executor, lambda: len(twists) == 2)
        assert 0.0 < twists[1].vx_mps <= CFG.max_accel_mps2 * (PERIOD_NS // 4) * 1e-9 + 1e-9
        node._on_action(lam_convert.command_to_msg(command))  # same instant: nothing new to send
        for _ in range(10):
            executor.spin_once(timeout_sec=0.02)
        assert len(twists) == 2
