"""`lam bench agent --levers`: the lever table and the refusal of unknown levers (no graph)."""

from __future__ import annotations

from pathlib import Path

import pytest

from lam_bringup import bench_agent
from lam_core.errors import LamError


def _summary(p50: float, p99: float, command_p99: float) -> dict[str, object]:
    return {"latency_ms_p50": p50, "latency_ms_p99": p99, "success": {"goto": {"heldout": {"rate": 1.0}}},
            "hops_ms": {"command": {"p50": 5.0, "p99": command_p99}}}


def test_levers_are_tabulated_side_by_side() -> None:
    table = bench_agent._lever_table({"shipped": _summary(40.0, 60.0, 20.0), "publish_on_command": _summary(38.0, 55.0, 9.0)})
    lines = table.splitlines()
    assert lines[0] == "| lever | frame to /cmd_vel p50 / p99 [ms] | command p50 / p99 | success |"
    assert lines[2].startswith("| shipped | 40.0 / 60.0 | 5.0 / 20.0 |")
    assert lines[3].startswith("| publish_on_command | 38.0 / 55.0 | 5.0 / 9.0 |")


def test_unknown_levers_are_refused_before_anything_runs(tmp_path: Path) -> None:
    with pytest.raises(LamError, match="unknown lever.*events_executor"):
        bench_agent.main(["goto"], ["heldout"], 1, 1, tmp_path / "out", bags=False, levers=["shipped", "events_executor"])
    assert not (tmp_path / "out").exists()
    assert set(bench_agent.LEVERS) >= {"shipped", "publish_on_command", "no_state_publisher", "hue_detector"}


def test_interleaved_rounds_run_every_episode_once_per_lever_in_alternating_order() -> None:
    work = [("goto", "heldout", seed, "") for seed in range(5)]
    schedule = bench_agent.lever_schedule(["a", "b"], work, rounds=2)
    assert [name for name, _ in schedule] == ["a", "b", "b", "a"]
    for lever in ("a", "b"):
        assert sorted(job for name, block in schedule if name == lever for job in block) == work
    assert [len(block) for _, block in schedule] == [2, 2, 3, 3]
    assert bench_agent.lever_schedule(["a"], work[:1], rounds=4) == [("a", work[:1])]
