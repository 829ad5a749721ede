"""Faults with real processes: the planner killed mid-motion and restarted, and an e-stop during a
pick. Checked on /cmd_vel as published, on joint_states and on simulator ground truth."""

from __future__ import annotations

import math
import os
import signal
import threading
import time

import pytest
from std_msgs.msg import Bool

from lam_core.config import load_config
from lam_core.node_configs import ExecutorNodeConfig
from lam_core.paths import config_dir
from lam_core.robot.description import robot_description
from lam_core.scenarios import make_scenario
from lam_ros import contract_io
from lam_tools.graph import load_graph
from lam_tools.runner import GraphRunner

STARTUP_S = 90.0
EXECUTOR = load_config(ExecutorNodeConfig, config_dir() / "executor_node.yaml", "executor_node")
# Allowance (sim time, which the executor's watchdog runs on) for a stop after the planner dies:
# the watchdog deadline, one control period, and scheduling slack on a loaded machine.
STOP_ALLOWANCE_S = EXECUTOR.command_timeout_s + 1.0 / EXECUTOR.control_rate_hz + 0.25
# The scene the pick graph's simulator starts in (config/sim_node.yaml: train split, seed 0).
PICK_COLOR = "red"
PICK_SCENE = make_scenario("pick", "train", 0, PICK_COLOR)


@pytest.fixture(scope="module")
def pick_graph():  # type: ignore[no-untyped-def]
    runner = GraphRunner(load_graph("sim"), extra_params={"sim_node": {"family": "pick", "target_color": PICK_COLOR}}, quiet=True)
    runner.start()
    from lam_bringup.goal_client import GoalClient

    client = GoalClient("faults_client")
    joints: dict[str, float] = {}  # the latest joint positions [rad], and under "stamp_ns" their stamp [sim ns]

    def on_joints(msg) -> None:  # type: ignore[no-untyped-def]
        joints.update(zip(msg.name, msg.position, strict=False))
        joints["stamp_ns"] = msg.header.stamp.sec * 1_000_000_000 + msg.header.stamp.nanosec

    # Best effort, as the other observers: a reliable stream's repairs could hold back every later sample.
    contract_io.subscription(client.node, "joint_states", on_joints, purpose="SENSOR")
    estop = contract_io.publisher(client.node, "estop")
    try:
        assert client.wait_ready(STARTUP_S, lambda: not runner.dead_nodes()), f"not ready: {runner.dead_nodes()}"
        yield runner, client, joints, estop
    finally:
        estop.publish(Bool(data=False))
        client.close()
        runner.shutdown()


def _ready_client(name: str, runner, alive):  # type: ignore[no-untyped-def]
    """A new goal client, ready: asserted with what it did not find and the planner's last lines."""
    from lam_bringup.goal_client import GoalClient

    goals = GoalClient(name)
    assert goals.wait_ready(STARTUP_S, alive), (f"a new client did not find {goals.missing()}; dead: {runner.dead_nodes()}",
                                                runner.lines.get("planner_node", [])[-10:])
    return goals


def _start_goal(client, instruction: str, timeout_s: float, alive):  # type: ignore[no-untyped-def]
    box: dict[str, object] = {}
    thread = threading.Thread(target=lambda: box.update(out=client.run_goal(instruction, timeout_s, alive)), daemon=True)
    thread.start()
    return thread, box


def _zero_after(client, t0: float, sim0_ns: int, timeout_s: float) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """(sim, wall) seconds from (sim0_ns, t0) to the first all-zero /cmd_vel received after t0
    (inf if none). The executor's watchdog runs on sim time: when the simulator stalls, so do the
    robot and the watchdog, and only the sim-time figure says whether the robot was safe."""

    def first_zero() -> tuple[float, int] | None:
        return next(((t, sim) for t, vx, wz, sim in list(client.cmd_vel_log) if t > t0 and vx == 0.0 and wz == 0.0), None)

    client.wait_until(lambda: first_zero() is not None, timeout_s)
    found = first_zero()
    return (math.inf, math.inf) if found is None else ((found[1] - sim0_ns) * 1e-9, found[0] - t0)


def test_planner_killed_mid_motion_stops_the_robot_and_a_restart_moves_nothing(pick_graph) -> None:  # type: ignore[no-untyped-def]
    runner, client, _, _ = pick_graph
    thread, box = _start_goal(client, PICK_SCENE.goal, 120.0, lambda: not runner.dead_nodes())
    assert client.wait_until(lambda: client.truth is not None and client.truth.robot_vx_mps > 0.08, 60.0), "never moved"
    t_kill, sim_kill = time.monotonic(), int(client.node.get_clock().now().nanoseconds)
    os.kill(runner.pids()["planner_node"], signal.SIGKILL)
    sim_latency, wall_latency = _zero_after(client, t_kill, sim_kill, 5.0)
    # On failure: /cmd_vel as received around the kill (wall s, vx, wz, sim s) and the logs.
    received = [(round(t - t_kill, 3), vx, wz, round((sim - sim_kill) * 1e-9, 3))
                for t, vx, wz, sim in list(client.cmd_vel_log) if t > t_kill - 0.2]
    assert sim_latency <= STOP_ALLOWANCE_S, (
        f"zero twist {sim_latency * 1e3:.0f} ms sim time ({wall_latency * 1e3:.0f} ms wall) after the planner died",
        received[:60], runner.lines.get("executor_node", [])[-15:], runner.lines.get("sim_node", [])[-10:])
    assert client.wait_until(lambda: abs(client.truth.robot_vx_mps) < 0.01, 3.0), "the base did not come to rest"
    thread.join(timeout=15.0)
    assert "died" in box["out"].reason  # type: ignore[attr-defined]

    runner.restart("planner_node")
    assert client.wait_until(lambda: client._client.server_is_ready(), STARTUP_S)
    t_restart, before = time.monotonic(), client.truth
    sim_end = before.stamp_ns + 2_000_000_000
    assert client.wait_until(lambda: client.truth.stamp_ns > sim_end, 30.0)
    after = client.truth
    moved = [(vx, wz) for t, vx, wz, _ in list(client.cmd_vel_log) if t > t_restart and (vx != 0.0 or wz != 0.0)]
    assert moved == [], "nothing may move until a new goal"
    assert math.hypot(after.robot.x_m - before.robot.x_m, after.robot.y_m - before.robot.y_m) < 0.01


def test_estop_during_a_pick_holds_the_arm_zeroes_the_base_and_aborts_the_goal(pick_graph) -> None:  # type: ignore[no-untyped-def]

    runner, client, joints, estop = pick_graph
    alive = lambda: not runner.dead_nodes()  # noqa: E731
    statuses: list[str] = []
    box: dict[str, object] = {}
    # A fresh action client: one that knew the killed planner can lose the restarted one's goal
    # responses (rclpy), as the planner's log shows it accepting and planning the goal.
    goals = _ready_client("faults_goals", runner, alive)

    def run() -> None:
        box["out"] = goals.run_goal(PICK_SCENE.goal, 180.0, alive, lambda fb, _: statuses.append(fb.status))

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert client.wait_until(lambda: "descending" in statuses, 150.0, alive), (
        statuses[-5:], box.get("out"), runner.lines.get("planner_node", [])[-10:])
    arm = robot_description().arm_joints
    t_estop = time.monotonic()
    estop.publish(Bool(data=True))
    try:
        assert _zero_after(client, t_estop, int(client.node.get_clock().now().nanoseconds), 5.0)[1] <= 0.5
        thread.join(timeout=20.0)
        out = box["out"]
        assert not out.success and "e-stop" in out.reason, out.reason  # type: ignore[attr-defined]
        # The arm's hold, measured on joint states stamped after a settling time and a second later (sim time).
        settle_end = client.truth.stamp_ns + 300_000_000
        assert client.wait_until(lambda: joints.get("stamp_ns", 0) > settle_end, 10.0), "no joint states after the e-stop"
        held = {n: joints[n] for n in arm}
        held_at, t_hold = joints["stamp_ns"], time.monotonic()
        assert client.wait_until(lambda: joints["stamp_ns"] > held_at + 1_000_000_000, 15.0), "no joint states a second later"
        drift = max(abs(joints[n] - held[n]) for n in arm)
        assert drift < 0.02, (f"the arm moved {drift:.3f} rad in {(joints['stamp_ns'] - held_at) * 1e-9:.2f} s while e-stopped",
                              runner.lines.get("executor_node", [])[-10:], runner.lines.get("sim_node", [])[-10:])
        assert all(vx == 0.0 and wz == 0.0 for t, vx, wz, _ in list(client.cmd_vel_log) if t > t_hold)

        refused = goals.run_goal(f"go to the {PICK_SCENE.target}", 30.0, alive)
        assert not refused.success and "e-stop" in refused.reason
    finally:
        goals.close()
        estop.publish(Bool(data=False))  # a failure here leaves the next test a robot it can move


def test_a_stalled_planner_stops_the_robot_then_reports_the_pause_and_carries_on(pick_graph) -> None:  # type: ignore[no-untyped-def]
    """A model latency spike made real: the planner's process is frozen (SIGSTOP) mid-motion for
    half a second of sim time. The executor's watchdog stops the base within its deadline; when the
    planner runs again it reports the pause in the goal feedback, and the goal goes on to succeed."""

    runner, client, _, _ = pick_graph
    alive = lambda: not runner.dead_nodes()  # noqa: E731
    srv_type, srv_name = contract_io.service_spec("sim_reset")
    reset = client.node.create_client(srv_type, srv_name)
    assert reset.wait_for_service(timeout_sec=30.0)
    scenario = make_scenario("pick", "train", 0)
    future = reset.call_async(srv_type.Request(family="pick", split="train", seed=0))
    assert client.wait_until(future.done, 30.0, alive) and future.result().success
    assert client.wait_until(lambda: client.truth.scenario == scenario.key, 10.0, alive)
    statuses: list[str] = []
    box: dict[str, object] = {}
    goals = _ready_client("faults_stall", runner, alive)

    def run() -> None:
        box["out"] = goals.run_goal(scenario.goal, 180.0, alive, lambda fb, _: statuses.append(fb.status))

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert client.wait_until(lambda: client.truth.robot_vx_mps > 0.08, 60.0, alive), ("never moved", statuses[-5:])
    planner = runner.pids()["planner_node"]
    t_stall, sim_stall = time.monotonic(), client.truth.stamp_ns
    os.kill(planner, signal.SIGSTOP)
    try:
        sim_latency, wall_latency = _zero_after(client, t_stall, sim_stall, 5.0)
        stall_end = sim_stall + 500_000_000
        client.wait_until(lambda: client.truth.stamp_ns > stall_end, 10.0)
    finally:
        os.kill(planner, signal.SIGCONT)
    assert sim_latency <= STOP_ALLOWANCE_S, (
        f"zero twist {sim_latency * 1e3:.0f} ms sim time ({wall_latency * 1e3:.0f} ms wall) after the planner stalled")
    thread.join(timeout=180.0)
    goals.close()
    out = box["out"]
    assert out.success, (out.reason, statuses[-5:], runner.lines.get("executor_node", [])[-10:])  # type: ignore[attr-defined]
    assert any("[no decision for" in s for s in statuses), statuses
