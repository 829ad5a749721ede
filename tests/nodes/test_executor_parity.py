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
from typing import Any

import numpy as np
import pytest
import rclpy
from geometry_msgs.msg import Twist, TwistStamped
from lifecycle_msgs.msg import Transition, TransitionEvent
from lifecycle_msgs.srv import ChangeState, GetAvailableStates, GetState
from rclpy.executors import SingleThreadedExecutor
from rclpy.node import Node
from rclpy.time import Time
from std_msgs.msg import Bool

from lam_core.config import load_config
from lam_core.contract import contract
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
from lam_ros.convert.time import to_ns
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
    last valid one), drive again, reach over a grasp point, go silent (watchdog), play an action
    chunk sent once (until its horizon), drive into the stop zone, e-stop and release."""
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
    chunk = (Twist2D(0.3, 0.0), Twist2D(0.3, 0.4), Twist2D(0.1, -0.4))
    script[80].command = ActionCommand(START_NS + 80 * PERIOD_NS, "navigate_to", "red box", 0, chunk[0], horizon_s=0.3,
                                       source="test", chunk=chunk, chunk_period_s=0.1)
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
def _executor_and_listener(listener_name: str, *params: str,
                           sim_time: bool = True) -> Iterator[tuple[SingleThreadedExecutor, ExecutorNode, Node]]:
    """An executor_node on sim time (not spun: the test calls its callbacks) and a listener node
    spun by the returned executor; ``params``: extra NAME:=VALUE parameters of the node. With
    ``sim_time`` false the node runs on the wall clock (add it to the executor to spin it)."""
    overrides = [arg for param in params for arg in ("-p", param)]
    rclpy.init(args=["--ros-args", "--params-file", str(config_file("executor_node.yaml")),
                     "-p", f"use_sim_time:={'true' if sim_time else 'false'}", *overrides])
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
                now_ns = time.time_ns()  # the middleware's stamps, as a subscription hands them over
                node._on_estop(Bool(data=inputs.estop), {"source_timestamp": now_ns, "received_timestamp": now_ns})
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
    (no time has passed for the rate limits to allow a change), and the planner's repeat of the
    decision in force (same stamp) waits for the next tick."""
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
        at(between + PERIOD_NS // 4)
        node._on_action(lam_convert.command_to_msg(command))  # the planner repeating it: waits for the tick
        for _ in range(10):
            executor.spin_once(timeout_sec=0.02)
        assert len(twists) == 2
        newer = ActionCommand(between + PERIOD_NS // 4, "navigate_to", "red box", 0, Twist2D(0.4, 0.0), horizon_s=0.5,
                              source="test")
        node._on_action(lam_convert.command_to_msg(newer))  # a new decision: at once
        _wait(executor, lambda: len(twists) == 3)


# ---------------------------------------------------------------- the managed (lifecycle) node
QUIET_S = 0.6  # wall time a test keeps commanding to show that nothing is published [s]
FEED_PERIOD_S = 0.05


@dataclass
class _Heard:
    """/cmd_vel messages as a listener receives them."""

    messages: list[Any] = field(default_factory=list)

    def __call__(self, msg: Any) -> None:
        self.messages.append(msg)

    def twists(self) -> list[Twist2D]:
        return [lam_convert.twist_from_msg(m) for m in self.messages]


def _forward(t_ns: int) -> ActionCommand:
    return ActionCommand(t_ns, "navigate_to", "red box", 0, Twist2D(0.4, 0.0), horizon_s=0.5, source="test")


class _Feed:
    """What the executor of a robot that may drive hears: every FEED_PERIOD_S of wall time a fresh
    scan with nothing near, joint states and an ActionCommand (``command``; forward by default),
    published from ``node``."""

    def __init__(self, node: Node, command: Callable[[int], ActionCommand] = _forward) -> None:
        self.node = node
        self.command = command
        self.scan_pub = contract_io.publisher(node, "scan")
        self.joints_pub = contract_io.publisher(node, "joint_states")
        self.action_pub = contract_io.publisher(node, "action")
        self._next = 0.0

    def spin(self, executor: SingleThreadedExecutor, condition: Callable[[], bool] = lambda: False,
             duration_s: float = DEADLINE_S) -> bool:
        """Feed and spin until ``condition`` holds (True) or ``duration_s`` has passed (False)."""
        deadline = time.monotonic() + duration_s
        while not condition():
            now = time.monotonic()
            if now >= deadline:
                return False
            if now >= self._next:
                self._next = now + FEED_PERIOD_S
                t = self.node.get_clock().now().nanoseconds
                self.scan_pub.publish(sensors.scan_to_msg(_scan(t, math.inf), 0.1))
                self.joints_pub.publish(sensors.joints_to_msg(_joints(t)))
                self.action_pub.publish(lam_convert.command_to_msg(self.command(t)))
            executor.spin_once(timeout_sec=0.01)
        return True


def _call(executor: SingleThreadedExecutor, feed: _Feed, client: Any, request: Any) -> Any:
    """A service call over DDS, answered while the executor spins (and the feed goes on)."""
    assert feed.spin(executor, lambda: client.service_is_ready()), f"{client.srv_name} is not offered"
    future = client.call_async(request)
    assert feed.spin(executor, future.done), f"{client.srv_name} did not answer"
    return future.result()


def test_a_managed_executor_drives_only_while_active_and_stops_on_deactivate() -> None:
    """autostart false: no /cmd_vel while unconfigured or inactive however many commands come;
    configure and activate over the real change_state service make it drive; deactivate publishes a
    zero command and then nothing; get_state reports each state, transition_event each change."""
    with _executor_and_listener("lifecycle_manager", "autostart:=false", sim_time=False) as (executor, node, manager):
        executor.add_node(node)
        executor.add_node(manager)
        prefix = node.get_fully_qualified_name()
        change = manager.create_client(ChangeState, f"{prefix}/change_state")
        get_state = manager.create_client(GetState, f"{prefix}/get_state")
        available = manager.create_client(GetAvailableStates, f"{prefix}/get_available_states")
        events: list[tuple[str, str]] = []
        manager.create_subscription(TransitionEvent, f"{prefix}/transition_event",
                                    lambda m: events.append((m.start_state.label, m.goal_state.label)), 10)
        heard = _Heard()
        contract_io.subscription(manager, "cmd_vel", heard)
        feed = _Feed(manager)

        def state() -> str:
            return str(_call(executor, feed, get_state, GetState.Request()).current_state.label)

        def transition(transition_id: int) -> None:
            assert _call(executor, feed, change, ChangeState.Request(transition=Transition(id=transition_id))).success

        assert state() == "unconfigured"
        labels = {s.label for s in _call(executor, feed, available, GetAvailableStates.Request()).available_states}
        assert {"unconfigured", "inactive", "active", "finalized"} <= labels
        assert not feed.spin(executor, lambda: bool(heard.messages), QUIET_S), "published while unconfigured"

        transition(Transition.TRANSITION_CONFIGURE)
        assert state() == "inactive"
        # The node now listens and its (disabled) /cmd_vel publisher is matched: silence is its choice.
        assert feed.spin(executor, lambda: feed.action_pub.get_subscription_count() > 0
                         and manager.count_publishers(contract().topic("cmd_vel").name) > 0)
        assert not feed.spin(executor, lambda: bool(heard.messages), QUIET_S), "published while inactive"

        transition(Transition.TRANSITION_ACTIVATE)
        assert state() == "active"
        assert feed.spin(executor, lambda: any(t.vx_mps > 0.0 for t in heard.twists())), "active but not driving"

        transition(Transition.TRANSITION_DEACTIVATE)
        # Every command while active drove forward: a zero one can only be the deactivation's.
        assert feed.spin(executor, lambda: heard.twists()[-1] == Twist2D()), "no zero command on deactivate"
        assert max(t.vx_mps for t in heard.twists()) > 0.0
        count = len(heard.messages)
        assert not feed.spin(executor, lambda: len(heard.messages) > count, QUIET_S), "published after deactivate"
        assert state() == "inactive"

        transition(Transition.TRANSITION_CLEANUP)
        assert state() == "unconfigured"
        transition(Transition.TRANSITION_UNCONFIGURED_SHUTDOWN)
        assert state() == "finalized"
        assert len(heard.messages) == count
        expected = [("unconfigured", "configuring"), ("configuring", "inactive"), ("inactive", "activating"),
                    ("activating", "active"), ("active", "deactivating"), ("deactivating", "inactive"),
                    ("inactive", "cleaningup"), ("cleaningup", "unconfigured"), ("unconfigured", "shuttingdown"),
                    ("shuttingdown", "finalized")]
        assert feed.spin(executor, lambda: len(events) >= len(expected)), events
        assert events == expected


def test_shutdown_from_active_stops_the_base_and_holds_the_arm() -> None:
    """The shutdown transition of a node that sent the arm off and then drove: a zero command and
    hold trajectories (empty ones: hold where you are), then nothing."""
    def reach(t_ns: int) -> ActionCommand:
        return ActionCommand(t_ns, "arm", arm_joint_names=ROBOT.arm_joints, arm_joint_positions_rad=(0.3, -0.2, 1.0, 0.5),
                             horizon_s=0.5, source="test")

    with _executor_and_listener("shutdown_manager", sim_time=False) as (executor, node, manager):
        executor.add_node(node)
        executor.add_node(manager)
        prefix = node.get_fully_qualified_name()
        change = manager.create_client(ChangeState, f"{prefix}/change_state")
        get_state = manager.create_client(GetState, f"{prefix}/get_state")
        heard = _Heard()
        contract_io.subscription(manager, "cmd_vel", heard)
        arm: list[JointTrajectory] = []
        contract_io.subscription(manager, "arm_trajectory", lambda m: arm.append(trajectory_from_msg(m)))
        feed = _Feed(manager, reach)
        assert feed.spin(executor, lambda: any(len(t.points) > 1 for t in arm)), "the arm was not sent off"
        feed.command = _forward
        assert feed.spin(executor, lambda: heard.twists()[-1].vx_mps > 0.0), "not driving"
        moves = len(arm)
        request = ChangeState.Request(transition=Transition(id=Transition.TRANSITION_ACTIVE_SHUTDOWN))
        assert _call(executor, feed, change, request).success
        assert feed.spin(executor, lambda: len(arm) > moves and heard.twists()[-1] == Twist2D()), "no stop on shutdown"
        hold = arm[-1]
        assert hold.points == () and hold.joint_names == ROBOT.arm_joints, "an empty trajectory: hold where you are"
        count, trajectories = len(heard.messages), len(arm)
        assert not feed.spin(executor, lambda: len(heard.messages) > count or len(arm) > trajectories, QUIET_S)
        assert _call(executor, feed, get_state, GetState.Request()).current_state.label == "finalized"


def test_stamped_commands_reach_a_plain_twist_stamped_subscriber() -> None:
    """As diff_drive_controller or Nav2 subscribe (TwistStamped, default reliable QoS): each
    /cmd_vel carries the base frame and the node clock at publication."""
    with _executor_and_listener("stamped_listener", sim_time=False) as (executor, node, listener):
        executor.add_node(node)
        executor.add_node(listener)
        received: list[tuple[int, TwistStamped]] = []
        listener.create_subscription(TwistStamped, contract().topic("cmd_vel").ros_name,
                                     lambda m: received.append((listener.get_clock().now().nanoseconds, m)), 10)
        feed = _Feed(listener)
        assert feed.spin(executor, lambda: any(lam_convert.twist_from_msg(m).vx_mps > 0.0 for _, m in received))
        assert all(m.header.frame_id == contract().frame("base") for _, m in received)
        ages_s = [(now - to_ns(m.header.stamp)) * 1e-9 for now, m in received]
        assert all(-0.01 <= age < 1.0 for age in ages_s), ages_s
        stamps = [to_ns(m.header.stamp) for _, m in received]
        assert stamps == sorted(stamps) and len(set(stamps)) == len(stamps)


def test_cmd_vel_stamped_false_publishes_plain_twist() -> None:
    """For an older base: plain geometry_msgs/Twist on the same topic, same QoS."""
    with _executor_and_listener("plain_listener", "cmd_vel_stamped:=false", sim_time=False) as (executor, node, listener):
        executor.add_node(node)
        executor.add_node(listener)
        name = contract().topic("cmd_vel").ros_name
        received: list[Twist] = []
        listener.create_subscription(Twist, name, received.append, 10)
        feed = _Feed(listener)
        assert feed.spin(executor, lambda: any(m.linear.x > 0.0 for m in received))
        assert all(type(m) is Twist for m in received)
        infos = listener.get_publishers_info_by_topic(contract().topic("cmd_vel").name)
        assert [i.topic_type for i in infos] == ["geometry_msgs/msg/Twist"]
