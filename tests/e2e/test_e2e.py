"""End to end: the real node graph (its processes over DDS, sim time, the shipped configuration:
the learned actor), checked on ground truth."""

from __future__ import annotations

import math
import os
import subprocess
import sys

import pytest
from own_graph import own_graph

from lam_core.scenarios import distance_to_object_m, goto_succeeded


@pytest.fixture(scope="module")
def graph():  # type: ignore[no-untyped-def]
    with own_graph("e2e_client") as running:
        yield running


def test_unknown_goal_fails_with_a_reason_and_the_robot_stays_still(graph) -> None:  # type: ignore[no-untyped-def]
    _, client, alive = graph
    assert client.wait_until(lambda: client.truth is not None and client.truth.stamp_ns > 1_000_000_000, 30.0, alive)
    before = client.truth
    out = client.run_goal("go to the purple elephant", 30.0, alive)
    assert out.accepted and not out.success
    assert "'elephant'" in out.reason and "cannot plan" in out.reason
    # Let sim time run on; the robot must not have moved.
    t_end = client.truth.stamp_ns + 1_000_000_000
    assert client.wait_until(lambda: client.truth.stamp_ns > t_end, 20.0, alive)
    after = client.truth
    assert math.hypot(after.robot.x_m - before.robot.x_m, after.robot.y_m - before.robot.y_m) < 0.01
    assert out.cmd_vel_nonzero == 0


def test_questions_are_answered_by_the_planner_and_nothing_moves(graph) -> None:  # type: ignore[no-untyped-def]
    """/lam/ask answers from the Observation the planner holds; a question sent as a goal is
    answered in the goal's result, and the robot stays where it is."""
    from lam_ros import contract_io

    _, client, alive = graph
    srv_type, srv_name = contract_io.service_spec("ask")
    ask = client.node.create_client(srv_type, srv_name)
    assert ask.wait_for_service(timeout_sec=20.0)
    future = ask.call_async(srv_type.Request(question="which boxes can you see?"))
    assert client.wait_until(future.done, 20.0, alive)
    response = future.result()
    assert response.answered and "red box" in response.answer, response.answer
    future = ask.call_async(srv_type.Request(question="go to the red box"))
    assert client.wait_until(future.done, 20.0, alive)
    assert not future.result().answered, "a task is not answered as a question"
    before = client.truth
    out = client.run_goal("is there a red box?", 30.0, alive)
    assert out.success and out.reason.startswith("Yes"), out.reason
    assert out.cmd_vel_nonzero == 0
    after = client.truth
    assert math.hypot(after.robot.x_m - before.robot.x_m, after.robot.y_m - before.robot.y_m) < 0.01


def test_goes_to_the_red_box_checked_on_ground_truth(graph) -> None:  # type: ignore[no-untyped-def]
    """The shipped learned actor (the planner's default) drives from pixels and sensors."""
    runner, client, alive = graph
    start = client.truth
    assert distance_to_object_m(start, "red box") > 1.0
    out = client.run_goal("go to the red box", 120.0, alive)
    assert out.success, (out.reason, out.statuses)
    truth = client.truth
    assert goto_succeeded(truth, "red box"), distance_to_object_m(truth, "red box")
    assert truth.collisions == 0
    assert out.feedback_count > 10
    assert 1.0 < out.duration_s < 60.0
    assert any(s.startswith("policy: navigate_to") for s in out.statuses), out.statuses[:5]
    assert not any("falling back" in line for line in runner.lines["planner_node"])
    carry_on = client.run_goal("carry on", 30.0, alive)  # the goal was done: nothing to go on with, nothing moves
    assert not carry_on.success and "is done" in carry_on.reason, carry_on.reason


def test_a_dying_node_stops_the_runner_with_failure() -> None:
    env = dict(os.environ)
    code = (
        "import signal, threading\n"
        "from lam_tools.graph import load_graph\n"
        "from lam_tools.runner import GraphRunner\n"
        "r = GraphRunner(load_graph('agent'), extra_params={'planner_node': {'not_a_param': '1'}})\n"
        "r.start()\n"
        "rc = r.wait(threading.Event())\n"
        "r.shutdown()\n"
        "print('planner lines:', r.lines['planner_node'])\n"
        "raise SystemExit(rc)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "unknown parameter(s): not_a_param" in proc.stdout


def test_sim_rejects_bad_commands_keeps_running_and_tracks_arm_trajectories(graph) -> None:  # type: ignore[no-untyped-def]
    from geometry_msgs.msg import TwistStamped

    from lam_core.datatypes import JointTrajectory, TrajectoryPoint
    from lam_core.robot.description import robot_description
    from lam_ros import contract_io
    from lam_ros.convert.trajectory import trajectory_to_msg

    _, client, alive = graph
    robot = robot_description()
    joints: dict[str, float] = {}
    contract_io.subscription(client.node, "joint_states", lambda m: joints.update(zip(m.name, m.position, strict=True)))
    cmd_pub = contract_io.publisher(client.node, "cmd_vel")
    arm_pub = contract_io.publisher(client.node, "arm_trajectory")
    assert client.wait_until(lambda: cmd_pub.get_subscription_count() > 0 and arm_pub.get_subscription_count() > 0, 20.0, alive)
    bad_twist = TwistStamped()
    bad_twist.twist.linear.x = math.nan
    cmd_pub.publish(bad_twist)
    nan_point = JointTrajectory(0, robot.arm_joints, (TrajectoryPoint(1.0, (math.nan, 0.0, 0.0, 0.0)),))
    backwards = JointTrajectory(0, robot.arm_joints, (TrajectoryPoint(2.0, (0.0,) * 4), TrajectoryPoint(1.0, (0.1,) * 4)))
    unknown = JointTrajectory(0, ("no_such_joint",), (TrajectoryPoint(1.0, (0.0,)),))
    for bad in (nan_point, backwards, unknown):
        arm_pub.publish(trajectory_to_msg(bad))
    target = (0.3, -0.2, 1.0, 0.5)
    arm_pub.publish(trajectory_to_msg(JointTrajectory(0, robot.arm_joints, (TrajectoryPoint(1.5, target),))))
    t0 = client.truth.stamp_ns

    def reached() -> bool:
        return bool(joints) and all(abs(joints[n] - q) < 0.05 for n, q in zip(robot.arm_joints, target, strict=True))

    assert client.wait_until(reached, 30.0, alive), joints
    assert client.truth.stamp_ns > t0, "sim time kept running"
    lines = "\n".join(runner_lines(graph))
    assert "rejected /cmd_vel" in lines and "rejected /arm_controller/joint_trajectory" in lines


def runner_lines(graph) -> list[str]:  # type: ignore[no-untyped-def]
    runner = graph[0]
    return list(runner.lines["sim_node"])


def test_a_scenario_reset_keeps_sim_time_running_and_the_agent_working(graph) -> None:  # type: ignore[no-untyped-def]
    """/sim/reset swaps the world without sending /clock back, so timers on sim time keep firing."""
    from lam_ros import contract_io

    _, client, alive = graph
    srv_type, srv_name = contract_io.service_spec("sim_reset")
    reset = client.node.create_client(srv_type, srv_name)
    assert reset.wait_for_service(timeout_sec=20.0)
    before = client.truth.stamp_ns
    future = reset.call_async(srv_type.Request(family="goto", split="heldout", seed=3))
    assert client.wait_until(future.done, 20.0, alive) and future.result().success, future.result()
    assert client.wait_until(lambda: client.truth.scenario == "goto/heldout/3", 10.0, alive)
    assert client.truth.stamp_ns > before, "sim time went back at the reset"
    out = client.run_goal("stop", 30.0, alive)
    assert out.success, out.reason
