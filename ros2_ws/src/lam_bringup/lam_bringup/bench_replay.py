"""`lam bench replay`: record a sim episode of the whole agent (pick-and-place, then idle) into a
bag of about ``seconds`` of sim time, replay it in lockstep, and report the replay speed and
whether the behaviour matched. Prints a summary, then one JSON line."""

from __future__ import annotations

import json
import time
from dataclasses import replace
from pathlib import Path

from lam_core.paths import config_file
from lam_core.scenarios import make_scenario
from lam_tools.graph import NodeSpec, load_graph
from lam_tools.runner import GraphRunner

STARTUP_S = 90.0


def record_episode(bag: Path, family: str, seconds: float) -> tuple[str, float]:
    """Run the sim graph with the recorder, give the scenario's goal, stop after ``seconds`` of
    sim time. Returns the goal and the wall time taken."""
    from lam_bringup.goal_client import GoalClient

    scenario = make_scenario(family, "train", 0, "red")
    sim = load_graph("sim")
    recorder = NodeSpec("lam_recorder", "recorder_node", (config_file("recorder_node.yaml"),))
    graph = replace(sim, nodes=(*sim.nodes, recorder))
    params = {"sim_node": {"family": family, "target_color": "red"}, "recorder_node": {"output_path": str(bag.resolve())}}
    wall0 = time.monotonic()
    runner = GraphRunner(graph, extra_params=params, quiet=True)
    runner.start()
    alive = lambda: not runner.dead_nodes()  # noqa: E731
    try:
        with GoalClient("lam_bench_replay") as client:
            if not client.wait_ready(STARTUP_S, alive):
                raise RuntimeError(f"graph did not come up: {runner.dead_nodes()}")
            start = client.truth.stamp_ns if client.truth else 0
            end = start + int(seconds * 1e9)
            client.run_goal(scenario.goal, seconds * 3, alive)
            client.wait_until(lambda: client.truth is not None and client.truth.stamp_ns >= end, seconds * 3, alive)
    finally:
        runner.shutdown()
    return scenario.goal, time.monotonic() - wall0


def main(seconds: float = 60.0) -> int:
    from lam_bringup.replay import print_report, run_replay

    out = Path("results") / f"bench_replay_{time.strftime('%Y%m%d_%H%M%S')}"
    bag = out / "recorded"
    goal, record_wall = record_episode(bag, "place", seconds)
    print(f"[bench replay] recorded '{goal}' and idling: {bag} in {record_wall:.0f} s wall", flush=True)
    report = run_replay(bag, out / "lockstep")
    print_report(report)
    result = {
        "replay_speed_x": report["replay_speed_x"],
        "diff_ok": report["diff_ok"],
        "sim_s": report["sim_s"],
        "wall_s": report["wall_s"],
        "lockstep_timeouts": report["lockstep_timeouts"],
        "decision_latency_ms": report["decision_latency_ms"],
        "results": str(out),
    }
    print(json.dumps(result))
    return 0 if report["diff_ok"] else 1
