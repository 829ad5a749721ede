"""Property-based fuzzing of the real agent nodes (camera, fusion, planner, executor as processes
over DDS, wall clock): hypothesis-generated hostile messages on every topic they subscribe to,
hostile goals on the action and hostile questions on the ask service. No node may die, every
/cmd_vel stays within the shield's limits, and every goal and question gets an answer."""

from __future__ import annotations

import collections
import warnings
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lam_bringup.fuzz import hostile_text, topic_strategy
from lam_bringup.goal_client import GoalClient
from lam_core.config import load_config
from lam_core.datatypes import Twist2D
from lam_core.node_configs import ExecutorNodeConfig
from lam_core.paths import config_dir
from lam_core.robot.description import robot_description
from lam_core.safety.factory import shield_limits
from lam_ros import contract_io
from lam_tools.graph import load_graph
from lam_tools.runner import GraphRunner

STARTUP_S = 120.0
TOPICS = ("color_image", "depth_image", "camera_info", "scan", "imu", "odom", "joint_states", "objects",
          "observation", "action", "diagnostics")
PER_TOPIC = 80
LIMITS = shield_limits(load_config(ExecutorNodeConfig, config_dir() / "executor_node.yaml", "executor_node"),
                       robot_description())


@pytest.fixture(scope="module")
def agent():  # type: ignore[no-untyped-def]
    runner = GraphRunner(load_graph("agent"), quiet=True)
    runner.start()
    client = GoalClient("fuzz_client", use_sim_time=False)
    try:
        alive = lambda: not runner.dead_nodes()  # noqa: E731
        assert client.wait_until(lambda: client._client.server_is_ready(), STARTUP_S, alive), runner.dead_nodes()
        yield runner, client
    finally:
        client.close()
        runner.shutdown()


def _fuzz(publish: Any, strategy: Any, examples: int) -> None:
    warnings.filterwarnings("ignore", module="hypothesis")

    @settings(max_examples=examples, database=None, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(strategy)
    def run(value: Any) -> None:
        publish(value)

    run()


def test_hostile_messages_on_every_subscribed_topic_crash_nothing_and_move_nothing_beyond_the_limits(agent) -> None:  # type: ignore[no-untyped-def]
    runner, client = agent
    sent: collections.Counter[str] = collections.Counter()
    for key in TOPICS:
        pub = contract_io.publisher(client.node, key)

        def publish(msg: Any, key: str = key, pub: Any = pub) -> None:
            pub.publish(msg)
            sent[key] += 1

        _fuzz(publish, topic_strategy(key), PER_TOPIC)
    assert client.wait_until(lambda: client.cmd_vel_count > 0, 5.0)
    assert runner.dead_nodes() == [], ([runner.lines.get(n, [])[-10:] for n, _ in runner.dead_nodes()], dict(sent))
    assert sum(sent.values()) >= PER_TOPIC * len(TOPICS)
    twists = [Twist2D(vx, wz) for _, vx, wz, _ in list(client.cmd_vel_log)]
    outside = [t for t in twists if not t.is_finite() or abs(t.vx_mps) > LIMITS.max_vx_mps + 1e-6
               or t.vx_mps < -LIMITS.max_reverse_mps - 1e-6 or abs(t.wz_radps) > LIMITS.max_wz_radps + 1e-6]
    assert outside == []


def test_hostile_goals_and_questions_are_answered_and_crash_nothing(agent) -> None:  # type: ignore[no-untyped-def]
    runner, client = agent
    alive = lambda: not runner.dead_nodes()  # noqa: E731
    outcomes: list[Any] = []
    _fuzz(lambda text: outcomes.append(client.run_goal(text, 30.0, alive)), hostile_text(), 15)
    unanswered = [o.reason for o in outcomes if o.accepted and not o.reason]
    assert unanswered == [] and not any(o.success and o.cmd_vel_nonzero for o in outcomes)
    srv_type, srv_name = contract_io.service_spec("ask")
    ask = client.node.create_client(srv_type, srv_name)
    assert ask.wait_for_service(timeout_sec=30.0)
    answers: list[Any] = []

    def question(text: str) -> None:
        future = ask.call_async(srv_type.Request(question=text))
        assert client.wait_until(future.done, 20.0, alive), "a question was not answered"
        answers.append(future.result())

    _fuzz(question, st.one_of(hostile_text(), st.just("what do you see?")), 15)
    assert all(a.answer for a in answers)
    assert runner.dead_nodes() == [], [runner.lines.get(n, [])[-10:] for n, _ in runner.dead_nodes()]
