"""executor_node as a process: a new decision reaches /cmd_vel at once, without a timer tick."""

from __future__ import annotations

import math

import numpy as np
import pytest
from rosgraph_msgs.msg import Clock

from lam_bringup.background import BackgroundNode, wait_until
from lam_core.graph import GraphSpec, NodeSpec
from lam_core.paths import config_file
from lam_core.runner import GraphRunner
from lam_core.types import ActionCommand, LaserScan, Twist2D
from lam_ros import contract_io
from lam_ros.convert import lam as lam_convert
from lam_ros.convert import sensors
from lam_ros.convert.time import to_msg

pytestmark = [pytest.mark.e2e]

START_NS = 10_000_000_000  # sim time of the executor's first timer tick
NOW_NS = START_NS + 10_000_000  # then half a control period later: no timer tick is due


def test_a_new_decision_is_published_at_once_without_a_timer_tick() -> None:
    graph = GraphSpec("executor", "executor alone", True,
                      (NodeSpec("lam_executor", "executor_node", (config_file("executor_node.yaml"),)),))
    runner = GraphRunner(graph, quiet=True)
    runner.start()
    alive = lambda: not runner.dead_nodes()  # noqa: E731
    client = BackgroundNode("executor_probe", use_sim_time=True)
    twists: list[Twist2D] = []
    try:
        contract_io.subscription(client.node, "cmd_vel", lambda msg: twists.append(lam_convert.twist_from_msg(msg)))
        clock = contract_io.publisher(client.node, "clock")
        scan = contract_io.publisher(client.node, "scan")
        action = contract_io.publisher(client.node, "action")
        assert wait_until(lambda: action.get_subscription_count() > 0 and scan.get_subscription_count() > 0
                          and clock.get_subscription_count() > 0, 60.0, alive), runner.dead_nodes()
        for _ in range(20):  # until discovery has matched both ends, a message can be lost
            clock.publish(Clock(clock=to_msg(START_NS)))
            if wait_until(lambda: len(twists) >= 1, 0.5, alive):  # the timer's tick when the clock arrived
                break
        assert twists, "no timer tick after the first /clock"

        def decide(stamp_ns: int) -> None:
            command = ActionCommand(stamp_ns, "navigate_to", "red box", 0, Twist2D(0.3, 0.0), horizon_s=0.5)
            action.publish(lam_convert.command_to_msg(command))

        # Topics are not ordered with each other: advance the clock by 1 ms, send a scan and a new
        # decision, until the executor had all three in order. No timer tick is due before
        # START_NS + 20 ms, so every /cmd_vel after the first comes from a decision.
        for k in range(10):  # up to START_NS + 19 ms
            now = NOW_NS + k * 1_000_000
            clock.publish(Clock(clock=to_msg(now)))
            free = np.full(360, np.inf, dtype=np.float32)
            scan.publish(sensors.scan_to_msg(LaserScan(now, "laser_link", -math.pi, 2 * math.pi / 360, 0.16, 8.0, free), 0.1))
            decide(now)
            if wait_until(lambda: twists[-1].vx_mps > 0.0, 0.5, alive):
                break
        assert twists[-1].vx_mps > 0.0, twists
        assert len(twists) >= 2
    finally:
        client.close()
        runner.shutdown()
