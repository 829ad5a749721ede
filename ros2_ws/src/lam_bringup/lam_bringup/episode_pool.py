"""Lockstep episodes run in parallel: by a local process pool, or as Ray tasks on a local Ray
started on demand or on an existing cluster. Each episode is a job with its own seed, so either
engine gives the same result per episode; results come back in the order of the jobs.

With Ray, each worker is an actor that runs the initializer once (the policy, the detector); a
worker that dies is restarted and its episode retried (``MAX_RETRIES``), and the episodes already
finished are kept."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from typing import Any

from lam_core.errors import LamError

LOCAL = "local"   # --ray with no address: start a Ray on this machine
MAX_RETRIES = 2   # a dead Ray worker is restarted and its episode tried again this often


@dataclass
class PoolReport:
    """How the episodes ran: ``engine`` ("process pool" or "ray <address>") and the seconds spent
    starting Ray or connecting to it (0 for the process pool)."""

    engine: str = "process pool"
    ray_start_s: float = 0.0


def map_episodes(run: Callable[[Any], Any], jobs: Sequence[Any], workers: int,
                 initializer: Callable[..., None], initargs: tuple[Any, ...] = (), ray_address: str | None = None,
                 report: PoolReport | None = None) -> Iterator[Any]:
    """``run(job)`` for every job, ``workers`` at a time, each worker set up once by
    ``initializer(*initargs)``; results in the order of ``jobs``. ``ray_address``: None for the
    local process pool, LOCAL for a Ray started here, or a cluster address ("ray://host:10001",
    "host:6379")."""
    report = report if report is not None else PoolReport()
    if ray_address is None:
        with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"), initializer=initializer,
                                 initargs=initargs) as pool:
            yield from pool.map(run, jobs)
        return
    yield from _ray_map(run, jobs, workers, initializer, initargs, ray_address, report)


def _ray_map(run: Callable[[Any], Any], jobs: Sequence[Any], workers: int, initializer: Callable[..., None],
             initargs: tuple[Any, ...], address: str, report: PoolReport) -> Iterator[Any]:
    try:
        import ray
        from ray.util import ActorPool
    except ImportError as exc:
        raise LamError("--ray needs the ray package (pip install ray; make setup installs it)") from exc
    t0 = time.perf_counter()
    started_here = not ray.is_initialized()
    if started_here:
        # The workers run this project's code from the same installation: they inherit the environment.
        env = {k: v for k, v in os.environ.items() if k in ("PATH", "LD_LIBRARY_PATH", "PYTHONPATH", "AMENT_PREFIX_PATH",
                                                            "LAM_ROOT", "MUJOCO_GL", "HF_HUB_OFFLINE")}
        kwargs: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False, "logging_level": "ERROR",
                                  "runtime_env": {"env_vars": env}}
        if address == LOCAL:
            kwargs["num_cpus"] = max(workers, 1)
        else:
            kwargs["address"] = address
        try:
            ray.init(**kwargs)
        except (ConnectionError, RuntimeError, ValueError) as exc:
            raise LamError(f"cannot start or reach Ray at {address}: {exc}") from exc
    report.engine = f"ray {address}"
    report.ray_start_s = time.perf_counter() - t0

    @ray.remote(num_cpus=1, max_restarts=MAX_RETRIES, max_task_retries=MAX_RETRIES)
    class EpisodeWorker:
        def __init__(self) -> None:
            initializer(*initargs)

        def run(self, index: int, job: Any) -> tuple[int, Any]:
            return index, run(job)

    try:
        pool = ActorPool([EpisodeWorker.remote() for _ in range(max(1, workers))])  # type: ignore[attr-defined]
        # Unordered, so that a worker takes the next episode as soon as it is free; put back in order here.
        done: dict[int, Any] = {}
        next_index = 0
        for index, result in pool.map_unordered(lambda actor, item: actor.run.remote(*item), list(enumerate(jobs))):
            done[index] = result
            while next_index in done:
                yield done.pop(next_index)
                next_index += 1
    finally:
        if started_here:
            ray.shutdown()
