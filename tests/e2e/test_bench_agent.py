"""lam bench agent end to end: the simulator in lockstep with the agent graph over DDS."""

from __future__ import annotations

import json

from lam_tools.bags import read_bag


def test_bench_agent_runs_an_episode_as_a_ray_task_and_writes_every_output(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    """One goto episode through the real harness, its worker (the simulator in lockstep with its own
    agent graph and DDS domain) a task on a Ray started here: judged on ground truth, bag,
    wall-clock latency, plots. (Without --ray the same worker runs in a process pool: test_episode_pool.)"""
    import pytest

    pytest.importorskip("ray", reason="ray is installed by make setup")
    from lam_bringup import bench_agent
    from lam_bringup.episode_pool import LOCAL

    out = tmp_path / "results"
    assert bench_agent.main(["goto"], ["train"], 1, 1, out, bags=True, ray_address=LOCAL) == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert summary["episodes"] == 1 and summary["success"]["goto"]["train"]["rate"] == 1.0
    assert summary["latency_ms_p99"] > 0 and summary["decision_ms_p99"] > 0 and summary["rtf"] > 0.1
    # In lockstep the simulator waited for the agent at every step; at most the episode's end
    # (the last decision) may have run out, never a stream of waits.
    assert summary["mode"] == "lockstep with the agent" and summary["lockstep_timeouts"] <= 2
    episode = json.loads((out / "episodes.jsonl").read_text().splitlines()[0])
    assert (episode["family"], episode["seed"]) == ("goto", 0)
    assert len(episode["latency_ms"]) > 20 and all(0 < v < 2000 for v in episode["latency_ms"])
    saved = json.loads((out / "summary.json").read_text())
    assert saved["success"] == summary["success"] and saved["latency_ms_p99"] == summary["latency_ms_p99"]
    assert "| goto | train | 1.00 |" in (out / "summary.md").read_text()
    for name in ("success.png", "latency.png", "trajectories.png"):
        assert (out / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", name
    info, messages = read_bag(out / "bags" / "goto_train_000")
    # Stamps are sim time from /clock, not wall time: every message lies within the span of the
    # recorded /clock (give or take one step, as the recorder's clock and its /clock subscription
    # are updated by separate callbacks). The goal's start is in the bag.
    clock_ns = [m.stamp_ns for m in messages if m.topic == "/clock"]
    one_step_ns = 100_000_000
    assert all(min(clock_ns) - one_step_ns <= m.stamp_ns <= max(clock_ns) + one_step_ns for m in messages)
    assert info.counts["/lam/plan"] >= 1
    assert info.counts["/lam/action"] > 20 and info.counts["/cmd_vel"] > 50 and info.counts["/camera/color/image_raw"] > 20
    # The frames and the robot model, so a tool can place the robot and its camera in the bag.
    assert info.counts["/tf"] > 50 and info.counts["/tf_static"] == 1 and info.counts["/robot_description"] == 1
    assert info.types["/tf"] == "tf2_msgs/msg/TFMessage"
