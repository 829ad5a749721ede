"""One running sim graph, with the operator console, shared by the e2e modules that only need a
graph to talk to: the operator commands, the Foxglove view and the console. Starting it once saves
two graph start-ups (about half a minute each on 2 cores). tests/conftest.py runs these modules
(SHARED_GRAPH_MODULES) last, one after the other, so the graph never runs beside another module's graph, and each module
begins in the graph's ROS domain with a fresh world: no goal, the e-stop released, the scenario
loaded again (the robot back at its start)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest

from lam_bringup.goal_client import GoalClient
from lam_tools.graph import GraphSpec, load_graph
from lam_tools.runner import GraphRunner

STARTUP_S = 120.0
RESET_S = 30.0
# The seed config/sim_node.yaml loads, with the colours the seed draws (a reset forces no target
# colour): a blue box 2.2 m ahead, a purple one to the left, a green one behind, a white one right.
SCENARIO = {"family": "goto", "split": "train", "seed": 0}


@dataclass
class SharedGraph:
    runner: GraphRunner
    spec: GraphSpec
    domain_id: str
    console_port: int

    def alive(self) -> bool:
        return not self.runner.dead_nodes()

    def enter(self) -> None:
        """For a module about to use the graph: its ROS domain, and a fresh world."""
        from action_msgs.srv import CancelGoal

        from lam_ros import contract_io

        os.environ["ROS_DOMAIN_ID"] = self.domain_id
        with GoalClient("shared_graph_reset", use_sim_time=False) as client:
            node = client.node
            _, action_name = contract_io.action_spec("execute_goal")
            cancel = node.create_client(CancelGoal, f"{action_name}/_action/cancel_goal")
            reset_type, reset_name = contract_io.service_spec("sim_reset")
            reset = node.create_client(reset_type, reset_name)
            estop = contract_io.publisher(node, "estop")
            assert client.wait_until(lambda: cancel.service_is_ready() and reset.service_is_ready()
                                     and estop.get_subscription_count() > 0, RESET_S, self.alive)
            for future in (cancel.call_async(CancelGoal.Request()),  # zero id and stamp: every goal
                           reset.call_async(reset_type.Request(**SCENARIO))):
                assert client.wait_until(future.done, RESET_S, self.alive), "the graph did not answer the reset"
            assert future.result().success, future.result().message
            estop.publish(contract_io.topic_type("estop")(data=False))
            assert estop.wait_for_all_acked(_seconds(5.0))
            assert client.wait_until(lambda: client.truth is not None, RESET_S, self.alive)


def _seconds(value: float):  # type: ignore[no-untyped-def]
    from rclpy.duration import Duration

    return Duration(seconds=value)


def with_console(base: GraphSpec) -> GraphSpec:
    """``base`` with the console node added."""
    from lam_bringup.console import console_node_spec

    return GraphSpec(base.name, base.description, base.use_sim_time, (*base.nodes, console_node_spec()))


@pytest.fixture(scope="session")
def shared_graph() -> Iterator[SharedGraph]:
    from lam_bringup.watchers import free_port

    spec = with_console(load_graph("sim"))
    port = free_port()
    runner = GraphRunner(spec, extra_params={"console_node": {"port": str(port)}}, quiet=True)
    runner.start()
    graph = SharedGraph(runner, spec, os.environ["ROS_DOMAIN_ID"], port)
    try:
        with GoalClient("shared_graph_ready", use_sim_time=False) as client:
            assert client.wait_ready(STARTUP_S, graph.alive), f"graph not ready; dead nodes: {runner.dead_nodes()}"
        yield graph
    finally:
        codes = runner.shutdown()
        assert not runner.unclean_exits(codes), runner.unclean_exits(codes)


@pytest.fixture(scope="module")
def graph_for_module(shared_graph: SharedGraph) -> Iterator[tuple[SharedGraph, Callable[[], bool]]]:
    """The shared graph, in this module's hands: its domain set and its world fresh."""
    shared_graph.enter()
    yield shared_graph, shared_graph.alive
