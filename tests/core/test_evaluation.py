"""Evaluation arithmetic: confidence intervals, episode summaries and the replay comparison."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from lam_bringup.bench_agent import summarise
from lam_core.config import load_config
from lam_core.datatypes import ActionCommand, DetectedObject, Twist2D
from lam_core.paths import config_file
from lam_core.stats import rank_quantiles, wilson_interval
from lam_tools.replay_diff import ReplayConfig, RunOutputs, compare, next_tick_ns

CFG = load_config(ReplayConfig, config_file("replay.yaml"), "replay")
MS = 1_000_000


def test_wilson_interval_brackets_the_rate() -> None:
    assert wilson_interval(10, 10)[0] == pytest.approx(0.722, abs=0.001)
    lo, hi = wilson_interval(5, 10)
    assert lo < 0.5 < hi and hi - lo < 0.7
    assert wilson_interval(0, 0) == (0.0, 1.0)


def _episode(family: str, split: str, success: bool, latency: list[float]) -> dict[str, object]:
    return {"family": family, "split": split, "success": success, "time_to_success_s": 3.0 if success else math.nan,
            "collisions": 0, "interventions": 1, "latency_ms": latency, "decision_ms_p99": 0.2, "sim_s": 5.0, "wall_s": 10.0}


def test_summary_has_the_keys_the_benchmark_promises() -> None:
    s = summarise([_episode("goto", "train", True, [10.0, 20.0]), _episode("goto", "train", False, [30.0]),
                   _episode("goto", "heldout", True, [])])
    assert s["success"]["goto"]["train"]["rate"] == 0.5 and s["success"]["goto"]["heldout"]["episodes"] == 1  # type: ignore[index]
    assert s["latency_ms_p50"] == 20.0 and s["rtf"] == 0.5 and s["episodes"] == 3 and s["decision_ms_p99"] == 0.2


def _run(shift_ms: int, vx: float) -> RunOutputs:
    out = RunOutputs()
    for k in range(100):
        t = k * 20 * MS
        out.cmd_vel.append((t + shift_ms * MS, Twist2D(min(0.4, 0.01 * k), 0.0)))
        out.counts["/cmd_vel"] += 1
    for k in range(40):
        stamp = 1 + k * 50 * MS
        out.decisions.append((stamp + 40 * MS, ActionCommand(stamp, "navigate_to", base=Twist2D(vx, 0.1))))
        out.objects[stamp] = (DetectedObject("box", "red", (2.0, 0.1, 0.15), (0.3, 0.3, 0.3), 1.0),)
    return out


def test_bench_model_writes_null_for_a_figure_it_did_not_measure() -> None:
    from lam_bringup.bench_model import _json_number

    assert json.dumps({"paraphrase_ratio": _json_number(math.nan, 3), "p99": _json_number(9.35812, 2)},
                      allow_nan=False) == '{"paraphrase_ratio": null, "p99": 9.36}'


def test_compare_accepts_a_time_shifted_replay_and_rejects_different_decisions() -> None:
    same = compare(_run(0, 0.3), _run(60, 0.3), CFG)
    assert same.ok, [v.summary for v in same.verdicts if not v.ok]
    changed = compare(_run(0, 0.3), _run(0, 0.45), CFG)
    assert not changed.ok and not next(v for v in changed.verdicts if v.name == "decisions").ok


def test_replay_clock_steps_land_on_every_timer_tick_once() -> None:
    control, fusion = 20_000_000, 50_000_000
    clock, steps = 1_000_003_000, []
    while clock < 1_200_000_000:
        clock = next_tick_ns(clock, (control, fusion))
        steps.append(clock)
    assert steps[:7] == [1_020_000_000, 1_040_000_000, 1_050_000_000, 1_060_000_000, 1_080_000_000,
                         1_100_000_000, 1_120_000_000]
    assert steps == sorted(set(steps))
    for period in (control, fusion):  # every tick of every timer is a step
        first_tick = -(-steps[0] // period) * period
        assert set(range(first_tick, steps[-1] + 1, period)) <= set(steps)
    assert len(steps) == len({s for s in steps if s % control == 0 or s % fusion == 0})
    with pytest.raises(ValueError):
        next_tick_ns(0, (0,))


def test_rank_quantiles_match_numpys_percentiles_within_one_rank() -> None:
    rng = np.random.default_rng(3)
    points = rng.normal(size=(2001, 3))
    fast = rank_quantiles(points, (2, 50, 98))
    assert fast.shape == (3, 3)
    exact = np.percentile(points, [2, 50, 98], axis=0, method="nearest")
    assert np.allclose(fast, exact)
    assert rank_quantiles(np.array([4.0]), (5, 95)).tolist() == [4.0, 4.0]
