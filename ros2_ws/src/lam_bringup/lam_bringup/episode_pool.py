"""Lockstep episodes run in parallel: by a local process pool, or as Ray tasks on a local Ray
started on demand or on an existing cluster. Each episode is a job with its own seed, so either
engine gives the same result per episode; results come back in the order of the jobs.

With Ray, each worker is an actor that runs the initializer once (the policy, the detector); a
worker that dies is restarted and its episode retried (``MAX_RETRIES``), and the episodes already
finished are kept.

``map_chunks`` is for workers that are costly to start and run many episodes each (a whole node
graph over DDS, `lam bench agent`): each Ray task takes a list of jobs and reports every episode as
it finishes; a task that dies is run again on the jobs it had not finished."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing import get_context
from typing import Any

from lam_core.errors import LamError

LOCAL = "local"   # --ray with no address: start a Ray on this machine
MAX_RETRIES = 2   # a dead Ray worker is restarted and its episode tried again this often
# What a Ray worker must inherit to run this project's code (and ROS_*, RMW_*, Fast DDS settings).
RAY_WORKER_ENV = ("PATH", "LD_LIBRARY_PATH", "PYTHONPATH", "AMENT_PREFIX_PATH", "LAM_ROOT", "MUJOCO_GL", "HF_HUB_OFFLINE")


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


@contextmanager
def ray_session(address: str, workers: int, report: PoolReport) -> Iterator[Any]:
    """The ray module, connected to a Ray started here (LOCAL, ``workers`` CPUs) or to the cluster at
    ``address``; a Ray started here is shut down at the end. ``report`` gets the engine and start time."""
    try:
        import ray
    except ImportError as exc:
        raise LamError("--ray needs the ray package (pip install ray; make setup installs it)") from exc
    t0 = time.perf_counter()
    started_here = not ray.is_initialized()
    if started_here:
        # The workers run this project's code from the same installation: they inherit the environment.
        env = {k: v for k, v in os.environ.items() if k in RAY_WORKER_ENV or k.startswith(("ROS_", "RMW_", "FASTRTPS_", "FASTDDS_"))}
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
    try:
        yield ray
    finally:
        if started_here:
            ray.shutdown()


def _ray_map(run: Callable[[Any], Any], jobs: Sequence[Any], workers: int, initializer: Callable[..., None],
             initargs: tuple[Any, ...], address: str, report: PoolReport) -> Iterator[Any]:
    with ray_session(address, workers, report) as ray:
        from ray.util import ActorPool

        yield from _ray_actor_map(ray, ActorPool, run, jobs, workers, initializer, initargs)


def _ray_actor_map(ray: Any, actor_pool: Any, run: Callable[[Any], Any], jobs: Sequence[Any], workers: int,
                   initializer: Callable[..., None], initargs: tuple[Any, ...]) -> Iterator[Any]:
    @ray.remote(num_cpus=1, max_restarts=MAX_RETRIES, max_task_retries=MAX_RETRIES)
    class EpisodeWorker:
        def __init__(self) -> None:
            initializer(*initargs)

        def run(self, index: int, job: Any) -> tuple[int, Any]:
            return index, run(job)

    pool = actor_pool([EpisodeWorker.remote() for _ in range(max(1, workers))])  # type: ignore[attr-defined]
    # Unordered, so that a worker takes the next episode as soon as it is free; put back in order here.
    done: dict[int, Any] = {}
    next_index = 0
    for index, result in pool.map_unordered(lambda actor, item: actor.run.remote(*item), list(enumerate(jobs))):
        done[index] = result
        while next_index in done:
            yield done.pop(next_index)
            next_index += 1


ChunkWorker = Callable[..., Any]  # worker(chunk_index, attempt, jobs, queue, *args): queue.put((job, result)) per job


def map_chunks(worker: ChunkWorker, jobs: Sequence[Any], workers: int, args: tuple[Any, ...], address: str,
               report: PoolReport | None = None, progress: Callable[[Any], None] = lambda job: None) -> list[Any]:
    """``worker`` on ``workers`` chunks of ``jobs`` as Ray tasks; each puts (job, result) on the
    queue it is given as each job finishes (``progress(job)`` is called then). A task that dies is
    run again, up to MAX_RETRIES times, on the jobs it had not finished. Results in the order of ``jobs``."""
    report = report if report is not None else PoolReport()
    results: dict[int, Any] = {}
    with ray_session(address, workers, report) as ray:
        from ray.util.queue import Empty, Queue

        queue = Queue()
        task = ray.remote(num_cpus=1, max_retries=0)(worker)
        index_of = {i: job for i, job in enumerate(jobs)}
        chunks = {c: list(range(len(jobs)))[c::workers] for c in range(max(1, workers))}
        attempts = dict.fromkeys(chunks, 0)
        running = {task.remote(c, 0, [index_of[i] for i in chunk], queue, *args): c for c, chunk in chunks.items() if chunk}

        def drain() -> None:
            while True:
                try:
                    job, result = queue.get(timeout=0.2)
                except Empty:
                    return
                index = next(i for i, j in index_of.items() if j == job and i not in results)
                results[index] = result
                progress(job)

        while running:
            finished, _ = ray.wait(list(running), timeout=0.5)
            drain()
            for ref in finished:
                chunk = running.pop(ref)
                try:
                    ray.get(ref)
                    continue
                except ray.exceptions.RayError as exc:
                    drain()  # what it finished before it died
                    left = [i for i in chunks[chunk] if i not in results]
                    attempts[chunk] += 1
                    if attempts[chunk] > MAX_RETRIES:
                        raise LamError(f"a Ray task failed {attempts[chunk]} times; last: {exc}") from exc
                    if left:
                        running[task.remote(chunk, attempts[chunk], [index_of[i] for i in left], queue, *args)] = chunk
        drain()
    missing = [index_of[i] for i in index_of if i not in results]
    if missing:
        raise LamError(f"no result for {len(missing)} job(s), e.g. {missing[0]}")
    return [results[i] for i in range(len(jobs))]
