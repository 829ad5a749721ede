"""`lam bench remote`: the policy served over the network (`lam serve-policy` in its own process,
on loopback) against the same policy in the planner's process.

1. **Loopback, sync.** The same held-out lockstep episodes with the in-process learned actor and with
   the remote actor asking at every decision (chunks of one twist): success per family for each,
   decision time p50/p99 for each and the added p99 (target <= 5 ms), and whether every episode's
   outcome is the same.
2. **A slow server, async.** The server adds ``delay_ms`` (300) to every answer and sends chunks of
   ``chunk_length`` twists ``chunk_period_s`` apart; the simulation runs on the wall clock. Goto
   episodes: success, the decisions after the first chunk that had no twist to play (the robot would
   stand still: target 0), the shield's interventions.
3. **The server goes away** mid-drive (killed at the first decision with the base moving faster than
   ``KILL_AT_SPEED_MPS``): how long until the base is at rest (ground truth), against the chunk's
   span plus braking.

Last line: one JSON object with ``loopback``, ``slow_server`` and ``server_killed``.
"""

from __future__ import annotations

import json
import math
import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lam_core.actors.factory import actor_config
from lam_core.actors.learned import LearnedActor
from lam_core.datatypes import Observation, SimGroundTruth
from lam_core.harness.lockstep import AgentConfigs, EpisodeResult, LockstepEpisode
from lam_core.paths import project_root
from lam_core.planning.factory import make_task_planning
from lam_core.planning.plan_runner import RunnerTick
from lam_core.policy.remote import RemotePolicy
from lam_core.scenarios import make_scenario
from lam_core.stats import percentile

FAMILIES = ("goto", "pick", "place", "find", "avoid")
MAX_SIM_S = {"goto": 60.0, "avoid": 90.0, "find": 60.0, "pick": 60.0, "place": 90.0}
AT_REST_MPS = 0.01
KILL_AT_SPEED_MPS = 0.15
KILLED_EPISODE_S = 10.0  # sim time the episode with the killed server runs (it cannot finish)
SERVER_START_S = 60.0


@dataclass
class PolicyServerProcess:
    """`lam serve-policy` in a child process on a free loopback port."""

    policy_dir: Path
    chunk_length: int
    chunk_period_s: float
    delay_ms: float = 0.0
    url: str = ""
    process: subprocess.Popen[str] | None = field(default=None, repr=False)

    def __enter__(self) -> PolicyServerProcess:
        env = {**os.environ, "OMP_NUM_THREADS": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "lam_bringup.cli", "serve-policy", "--port", "0", "--policy", str(self.policy_dir),
             "--chunk-length", str(self.chunk_length), "--chunk-period", str(self.chunk_period_s),
             "--delay-ms", str(self.delay_ms)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
        assert self.process.stdout is not None
        deadline = time.monotonic() + SERVER_START_S
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                break
            found = re.search(r"on (ws://\S+)", line)
            if found:
                self.url = found.group(1)
                return self
        self.kill()
        raise RuntimeError("lam serve-policy did not start (no address printed)")

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def __exit__(self, *exc: object) -> None:
        self.kill()


def _episode(actor: LearnedActor, configs: AgentConfigs, family: str, seed: int, realtime: bool = False,
             on_decision: Any = None, max_sim_s: float | None = None) -> EpisodeResult:
    scenario = make_scenario(family, "heldout", seed)
    return LockstepEpisode(scenario, actor, make_task_planning(configs.planner), configs, max_sim_s or MAX_SIM_S[family],
                           on_decision=on_decision, realtime=realtime).run()


def _outcome(r: EpisodeResult) -> tuple[Any, ...]:
    return (r.success, r.reason, round(r.sim_s, 2), r.collisions, tuple(r.plans))


def loopback(policy_dir: Path, configs: AgentConfigs, families: list[str], episodes: int) -> dict[str, Any]:
    local = LearnedActor(policy_dir, actor_config(configs.planner))
    local_rows = {(f, s): _episode(local, configs, f, s) for f in families for s in range(episodes)}
    with PolicyServerProcess(policy_dir, 1, 0.1) as server:
        remote = LearnedActor(None, actor_config(configs.planner), policy=RemotePolicy(server.url, "sync", timeout_s=5.0))
        try:
            remote_rows = {key: _episode(remote, configs, *key) for key in local_rows}
        finally:
            remote.policy.close()
    local_ms = [ms for r in local_rows.values() for ms in r.decision_ms]
    remote_ms = [ms for r in remote_rows.values() for ms in r.decision_ms]
    per_family = {f: {"in_process": sum(local_rows[(f, s)].success for s in range(episodes)) / episodes,
                      "remote": sum(remote_rows[(f, s)].success for s in range(episodes)) / episodes} for f in families}
    return {"episodes": len(local_rows), "success": per_family,
            "same_outcomes": all(_outcome(local_rows[k]) == _outcome(remote_rows[k]) for k in local_rows),
            "decision_ms_p50_in_process": round(percentile(local_ms, 50), 2),
            "decision_ms_p99_in_process": round(percentile(local_ms, 99), 2),
            "decision_ms_p50_remote": round(percentile(remote_ms, 50), 2),
            "decision_ms_p99_remote": round(percentile(remote_ms, 99), 2),
            "added_decision_ms_p99": round(percentile(remote_ms, 99) - percentile(local_ms, 99), 2),
            "goto_interventions_in_process": sum(r.interventions for (f, _), r in local_rows.items() if f == "goto")}


class _Watch:
    """Per decision: whether the actor had no twist to play after its first chunk, and the base's speed."""

    def __init__(self) -> None:
        self.decisions = 0
        self.without_chunk = 0
        self.first_chunk = False
        self.samples: list[tuple[float, float]] = []  # (sim time [s], ground-truth speed [m/s])
        self.hook: Any = None

    def __call__(self, obs: Observation, tick: RunnerTick, truth: SimGroundTruth) -> None:
        waiting = "waiting for the policy" in tick.status
        if not waiting and tick.command.skill != "stop":
            self.first_chunk = True
        if self.first_chunk and tick.step is not None and tick.step.skill in ("navigate_to", "approach", "search"):
            self.decisions += 1
            self.without_chunk += waiting
        self.samples.append((obs.stamp_ns * 1e-9, math.hypot(truth.robot_vx_mps, truth.robot_wz_radps * 0.2)))
        if self.hook is not None:
            self.hook(obs)


def slow_server(policy_dir: Path, configs: AgentConfigs, episodes: int, delay_ms: float, chunk_length: int,
                chunk_period_s: float, prefetch_s: float) -> dict[str, Any]:
    rows = []
    with PolicyServerProcess(policy_dir, chunk_length, chunk_period_s, delay_ms) as server:
        remote = LearnedActor(None, actor_config(configs.planner),
                              policy=RemotePolicy(server.url, "async", prefetch_s, timeout_s=2.0))
        try:
            for seed in range(episodes):
                watch = _Watch()
                result = _episode(remote, configs, "goto", seed, realtime=True, on_decision=watch)
                rows.append((result, watch))
        finally:
            remote.policy.close()
    return {"episodes": len(rows), "delay_ms": delay_ms, "chunk_length": chunk_length, "chunk_period_s": chunk_period_s,
            "success": sum(r.success for r, _ in rows) / len(rows),
            "decisions_without_a_chunk": sum(w.without_chunk for _, w in rows),
            "decisions": sum(w.decisions for _, w in rows),
            "shield_interventions": sum(r.interventions for r, _ in rows),
            "rtf": round(sum(r.sim_s for r, _ in rows) / sum(r.wall_s for r, _ in rows), 2)}


def server_killed(policy_dir: Path, configs: AgentConfigs, chunk_length: int, chunk_period_s: float,
                  prefetch_s: float) -> dict[str, Any]:
    with PolicyServerProcess(policy_dir, chunk_length, chunk_period_s) as server:
        remote = LearnedActor(None, actor_config(configs.planner),
                              policy=RemotePolicy(server.url, "async", prefetch_s, timeout_s=0.5))
        watch = _Watch()
        killed_at: list[float] = []

        def kill_once(obs: Observation) -> None:
            if not killed_at and watch.samples[-1][1] >= KILL_AT_SPEED_MPS:
                server.kill()
                killed_at.append(obs.stamp_ns * 1e-9)

        watch.hook = kill_once
        try:
            result = _episode(remote, configs, "goto", 0, realtime=True, on_decision=watch, max_sim_s=KILLED_EPISODE_S)
        finally:
            remote.policy.close()
    if not killed_at:
        return {"killed": False, "reason": result.reason}
    moving_at_kill = next((v for t, v in watch.samples if t >= killed_at[0]), 0.0)
    rest = next((t for t, v in watch.samples if t > killed_at[0] and v < AT_REST_MPS), math.nan)
    return {"killed": True, "killed_at_s": round(killed_at[0], 2), "moving_at_kill_mps": round(moving_at_kill, 3),
            "at_rest_after_s": round(rest - killed_at[0], 3),
            "chunk_span_s": chunk_length * chunk_period_s, "collisions": result.collisions, "reason": result.reason}


def main(episodes: int, families: list[str], policy_dir: Path | None, delay_ms: float = 300.0, chunk_length: int = 10,
         chunk_period_s: float = 0.1, prefetch_s: float = 0.5) -> int:
    policy_dir = policy_dir or project_root() / "models" / "policy"
    configs = AgentConfigs.load()
    print(f"[bench remote] policy {policy_dir}; server: lam serve-policy in a child process on loopback", flush=True)
    t0 = time.perf_counter()
    loop = loopback(policy_dir, configs, families, episodes)
    print(f"loopback, sync, {loop['episodes']} held-out episodes per actor ({time.perf_counter() - t0:.0f} s):")
    print(f"  {'family':8s} {'in process':>10s} {'remote':>7s}")
    for family, row in loop["success"].items():
        print(f"  {family:8s} {row['in_process']:10.2f} {row['remote']:7.2f}")
    print(f"  decision ms p50/p99: in process {loop['decision_ms_p50_in_process']:.1f}/{loop['decision_ms_p99_in_process']:.1f}, "
          f"remote {loop['decision_ms_p50_remote']:.1f}/{loop['decision_ms_p99_remote']:.1f} "
          f"(added p99 {loop['added_decision_ms_p99']:+.1f} ms); outcomes {'identical' if loop['same_outcomes'] else 'DIFFER'}",
          flush=True)
    slow = slow_server(policy_dir, configs, max(1, episodes), delay_ms, chunk_length, chunk_period_s, prefetch_s)
    print(f"slow server ({delay_ms:.0f} ms per answer, chunks of {chunk_length} x {chunk_period_s:g} s, async, real time "
          f"x{slow['rtf']}): goto success {slow['success']:.2f}, {slow['decisions_without_a_chunk']} of "
          f"{slow['decisions']} decisions without a chunk, {slow['shield_interventions']} shield interventions "
          f"(in process, lockstep, same goto episodes: {loop.get('goto_interventions_in_process', '-')})", flush=True)
    killed = server_killed(policy_dir, configs, chunk_length, chunk_period_s, prefetch_s)
    if killed["killed"]:
        print(f"server killed at {killed['killed_at_s']:g} s of sim time while the base moved at "
              f"{killed['moving_at_kill_mps']} m/s: at rest {killed['at_rest_after_s']} s later "
              f"(chunk span {killed['chunk_span_s']:g} s); collisions {killed['collisions']}")
    else:
        print(f"server not killed: the episode ended first ({killed['reason']})")
    print(json.dumps({"loopback": loop, "slow_server": slow, "server_killed": killed}))
    return 0
