"""Lockstep episodes on a local Ray give the same per-episode outcomes as on the process pool, and
a Ray worker that dies mid-episode is restarted and its episode retried without losing the ones
already finished (lam_bringup.episode_pool)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from lam_bringup import bench_model
from lam_bringup.episode_pool import LOCAL, PoolReport, map_episodes
from lam_core.paths import project_root

pytest.importorskip("ray", reason="ray is installed by make setup")
JOBS = [("goto", 0, "learned", False, "default"), ("goto", 1, "scripted", False, "default")]


@pytest.mark.slow
def test_the_same_episodes_on_a_local_ray_and_on_the_process_pool_end_alike() -> None:
    init = (str(project_root() / "models" / "policy"), "")
    report = PoolReport()
    on_ray = list(map_episodes(bench_model.run_episode, JOBS, 2, bench_model._init_worker, init, LOCAL, report))
    on_pool = list(map_episodes(bench_model.run_episode, JOBS, 2, bench_model._init_worker, init))
    assert report.engine == "ray local" and report.ray_start_s > 0
    outcome = [{k: r[k] for k in bench_model.OUTCOME_KEYS} for r in on_ray]
    assert outcome == [{k: r[k] for k in bench_model.OUTCOME_KEYS} for r in on_pool]
    assert [r["seed"] for r in on_ray] == [0, 1] and all(r["success"] for r in on_ray)


@pytest.mark.slow
def test_a_ray_worker_that_dies_is_restarted_and_its_episode_retried(tmp_path: Path) -> None:
    crashed_once = tmp_path / "crashed"

    def nothing_to_set_up() -> None:
        pass

    def run(job: int) -> int:
        if job == 2 and not crashed_once.exists():
            crashed_once.touch()
            os._exit(1)  # the worker process dies mid-episode
        return job * 10

    assert list(map_episodes(run, [0, 1, 2, 3], 2, nothing_to_set_up, (), LOCAL)) == [0, 10, 20, 30]
    assert crashed_once.exists()
