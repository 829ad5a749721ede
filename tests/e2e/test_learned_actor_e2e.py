"""The learned actor in the real node graph (its own module, so its own ROS domain): the planner
loads the shipped policy and drives the simulated robot to the red box from pixels and sensors."""

from __future__ import annotations

import pytest

from lam_core.paths import project_root
from lam_core.scenarios import goto_succeeded
from lam_tools.graph import load_graph
from lam_tools.runner import GraphRunner

STARTUP_S = 90.0


@pytest.mark.skipif(not (project_root() / "models" / "policy" / "model.safetensors").is_file(),
                    reason="no shipped policy (run lam train)")
def test_the_learned_actor_drives_the_real_graph_to_the_red_box() -> None:
    runner = GraphRunner(load_graph("sim"), quiet=True, extra_params={"planner_node": {"actor": "learned"}})
    runner.start()
    from lam_bringup.goal_client import GoalClient

    client = GoalClient("learned_actor_client")
    alive = lambda: not runner.dead_nodes()  # noqa: E731
    try:
        assert client.wait_ready(STARTUP_S, alive), f"graph not ready; dead nodes: {runner.dead_nodes()}"
        out = client.run_goal("go to the red box", 120.0, alive)
        assert out.success, (out.reason, out.statuses[-5:])
        assert goto_succeeded(out.truth, "red box") and out.truth.collisions == 0
        assert any(s.startswith("policy: navigate_to") for s in out.statuses), out.statuses[:5]
        assert not any("falling back" in line for line in runner.lines["planner_node"])
    finally:
        client.close()
        codes = runner.shutdown()
        assert not runner.unclean_exits(codes), runner.unclean_exits(codes)
