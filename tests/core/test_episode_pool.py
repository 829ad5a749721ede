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


@pytest.mark.slow
def test_a_chunk_task_that_dies_is_run_again_on_the_jobs_it_had_not_finished(tmp_path: Path) -> None:
    from lam_bringup.episode_pool import map_chunks

    def worker(chunk: int, attempt: int, jobs: list[int], queue, flag: str) -> None:  # type: ignore[no-untyped-def]
        """Reports each job as it finishes; the first attempt of chunk 1 dies after its first job."""
        for n, job in enumerate(jobs):
            queue.put((job, (job * 10, chunk, attempt)))
            if chunk == 1 and attempt == 0 and n == 0:
                Path(flag).touch()
                os._exit(1)

    flag = tmp_path / "died"
    seen: list[int] = []
    results = map_chunks(worker, [0, 1, 2, 3, 4, 5], 2, (str(flag),), LOCAL, progress=seen.append)
    assert flag.exists() and [r[0] for r in results] == [0, 10, 20, 30, 40, 50] and sorted(seen) == [0, 1, 2, 3, 4, 5]
    # chunk 1 held jobs 1, 3, 5: job 1 was finished before it died, 3 and 5 ran in its second attempt
    assert results[1][1:] == (1, 0) and results[3][1:] == (1, 1) and results[5][1:] == (1, 1)
