"""`lam bench agent`: the evaluation harness. Runs scenario families x splits for N episodes each
with the whole agent in the simulator and judges every episode on ground truth. Writes into one
results folder: episodes.jsonl, summary.json, summary.md, plots (success per family/split,
latency histogram, top-down trajectories) and, unless --no-bags, one rosbag per episode. The
last printed line is one JSON object.

Each worker process has its own ROS_DOMAIN_ID and keeps one graph up, switching scenarios with
/sim/reset between episodes. By default the simulator runs in lockstep with the agent (each step
waits until the agent consumed the last one, so the agent never falls behind the simulation and
the simulator does not compete with it for the CPU while it works); --realtime paces it by the
wall clock instead. Latency is wall-clock time from a camera frame to the first /cmd_vel after the
decision made from it, as the worker's client node received them (the middleware's reception stamps).
"""

from __future__ import annotations

import json
import math
import multiprocessing
import os
import queue
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from lam_core.contract import contract
from lam_core.errors import LamError
from lam_core.scenarios import FAMILIES, SuccessMonitor, make_scenario
from lam_core.stats import percentile, wilson_interval

STARTUP_S = 90.0
# Sim-time limit of an episode by family [s] (the planner's step timeouts end goals sooner).
EPISODE_LIMIT_S = {"goto": 40.0, "avoid": 60.0, "find": 60.0, "safety": 30.0, "pick": 60.0, "place": 90.0}
JUDGE_S = 5.0  # wall time for the ground-truth judge after the goal ends
RECORDER_SETTLE_NS = 200_000_000  # sim time between the episode recorder subscribing and the goal
# Wall time as well: the harness seeing the recorder's subscription does not mean every publisher in
# the graph has matched it yet (discovery is per pair of processes); a bag once missed half the goal's
# /lam/action on a loaded 2-core machine with the sim-time wait alone.
RECORDER_SETTLE_WALL_S = 1.5


@dataclass(frozen=True)
class Lever:
    """A change to the graph measured against the shipped one (`--levers`): simulator, executor and
    camera parameters over config/sim_node.yaml, executor_node.yaml and camera_node.yaml, nodes left
    out of the sim graph,
    and ``watched``: the console node and `lam view` running, each with a client connected as a
    person watching would be."""

    executor_params: tuple[tuple[str, str], ...] = ()
    sim_params: tuple[tuple[str, str], ...] = ()
    camera_params: tuple[tuple[str, str], ...] = ()
    drop_nodes: tuple[str, ...] = ()
    watched: bool = False


LEVERS = {
    "shipped": Lever(),
    "publish_on_command": Lever(executor_params=(("publish_on_command", "true"),)),
    "no_state_publisher": Lever(drop_nodes=("state_publisher_node",)),
    "hue_detector": Lever(camera_params=(("detector", "color"),)),
    "no_low_obstacles": Lever(executor_params=(("low_obstacle_zones", "false"),), camera_params=(("low_obstacles", "false"),)),
    "clock_50hz": Lever(sim_params=(("clock_rate_hz", "50.0"),)),
    "watched": Lever(watched=True),  # lam_bringup.watchers
}


@dataclass
class Episode:
    family: str
    split: str
    seed: int
    goal: str
    success: bool = False
    reason: str = ""
    judged: str = ""
    time_to_success_s: float = math.nan
    sim_s: float = 0.0
    wall_s: float = 0.0
    collisions: int = 0
    interventions: int = 0
    latency_ms: list[float] = field(default_factory=list)
    hops_ms: dict[str, list[float]] = field(default_factory=dict)  # pipeline_follower.HOPS
    decision_ms_p99: float = math.nan
    lockstep_timeouts: dict[str, int] = field(default_factory=dict)  # simulator waits for the agent that ran out
    trajectory: list[tuple[float, float]] = field(default_factory=list)
    bag: str = ""
    phrased: bool = False  # the goal is a phrasing from the language set, not the scenario's own
    watched: dict[str, float] = field(default_factory=dict)  # the watched lever: frames seen, CPU of console and view


def run_worker(domain_id: int, jobs: list[tuple[str, str, int, str]], out: str, bags: bool, done: Any,
               realtime: bool = False, planner_params: dict[str, str] | None = None,
               lever: Lever | None = None) -> list[dict[str, object]]:
    """One graph, many episodes (runs in its own process); ``done`` (a queue) gets (job, result) as
    each episode finishes."""
    os.environ["ROS_DOMAIN_ID"] = str(domain_id)
    from lam_bringup.goal_client import GoalClient
    from lam_core.harness.pipeline_follower import FOLLOW_AGENT_WAIT_S, LOCKSTEP_DIAGNOSTIC_NAME, FrameToCommandLatency
    from lam_core.paths import config_file
    from lam_core.planning import PLANNER_DIAGNOSTIC_NAME
    from lam_ros import contract_io
    from lam_ros.convert.time import to_ns
    from lam_tools.graph import GraphSpec, NodeSpec, load_graph
    from lam_tools.runner import GraphRunner

    family0, split0, seed0, _ = jobs[0]
    sim = load_graph("sim")
    sim_params = {"family": family0, "split": split0, "seed": str(seed0), "target_color": '""'}
    if not realtime:
        sim_params.update(realtime="false", follow_agent_wait_s=str(FOLLOW_AGENT_WAIT_S))
    lever = lever or Lever()
    sim_params.update(lever.sim_params)
    sim = replace(sim, nodes=tuple(n for n in sim.nodes if n.name not in lever.drop_nodes))
    extra_params = {"sim_node": sim_params, "planner_node": planner_params or {},
                    "executor_node": dict(lever.executor_params), "camera_node": dict(lever.camera_params)}
    watchers = None
    if lever.watched:
        from lam_bringup.watchers import Watchers, free_port

        console_port = free_port()
        from lam_bringup.console import console_node_spec

        sim = replace(sim, nodes=(*sim.nodes, console_node_spec()))
        extra_params["console_node"] = {"port": str(console_port)}
    runner = GraphRunner(sim, extra_params=extra_params, quiet=True)
    runner.start()
    alive = lambda: not runner.dead_nodes()  # noqa: E731
    results: list[dict[str, object]] = []
    recorder = NodeSpec("lam_recorder", "recorder_node", (config_file("recorder_node.yaml"),))
    try:
        if lever.watched:
            watchers = Watchers(f"http://127.0.0.1:{console_port}", runner.pids()["console_node"])
        with GoalClient(f"lam_bench_agent_{domain_id}") as client:
            decision_p99 = [math.nan]
            lockstep_timeouts: dict[str, int] = {}
            latency = FrameToCommandLatency()

            def on_diag(msg) -> None:  # type: ignore[no-untyped-def]
                for status in msg.status:
                    for kv in status.values:
                        if status.name == PLANNER_DIAGNOSTIC_NAME and kv.key == "decision_ms_p99":
                            decision_p99[0] = float(kv.value)
                        elif status.name == LOCKSTEP_DIAGNOSTIC_NAME and kv.key.startswith("lockstep_timeouts."):
                            lockstep_timeouts[kv.key.split(".", 1)[1]] = int(kv.value)

            contract_io.subscription(client.node, "diagnostics", on_diag)
            # Reception stamps of the middleware [s, system clock]: the order messages came in.
            def came(info: dict[str, Any]) -> float:
                return float(info["received_timestamp"]) * 1e-9

            contract_io.subscription(client.node, "camera_info",
                                     lambda msg, info: latency.on_frame(to_ns(msg.header.stamp), came(info)))
            contract_io.subscription(client.node, "objects",
                                     lambda msg, info: latency.on_objects(to_ns(msg.header.stamp), came(info)))
            contract_io.subscription(client.node, "observation",
                                     lambda msg, info: latency.on_observation(to_ns(msg.header.stamp), came(info)))
            contract_io.subscription(client.node, "action",
                                     lambda msg, info: latency.on_decision(to_ns(msg.header.stamp), came(info)))
            contract_io.subscription(client.node, "cmd_vel", lambda msg, info: latency.on_command(came(info)))
            srv_type, srv_name = contract_io.service_spec("sim_reset")
            reset = client.node.create_client(srv_type, srv_name)
            if not client.wait_ready(STARTUP_S, alive) or not reset.wait_for_service(timeout_sec=30.0):
                raise RuntimeError(f"graph did not come up: {runner.dead_nodes()}")
            if watchers is not None:
                watchers.start(STARTUP_S)
            for family, split, seed, goal in jobs:
                if watchers is not None:
                    watchers.mark()
                episode = _episode(client, reset, srv_type, runner, recorder, family, split, seed, out, bags,
                                   alive, decision_p99, lockstep_timeouts, latency, GraphSpec, goal)
                if watchers is not None:
                    episode.watched = watchers.report()
                results.append(asdict(episode))
                done.put(((family, split, seed, goal), results[-1]))
    finally:
        if watchers is not None:
            watchers.close()
        runner.shutdown()
    return results


def _episode(client, reset, srv_type, runner, recorder, family, split, seed, out, bags, alive, decision_p99,  # type: ignore[no-untyped-def]
             lockstep_timeouts, latency, graph_spec, goal=""):
    """One episode of the scenario; ``goal``: a phrasing to send instead of the scenario's goal."""
    from lam_tools.runner import GraphRunner

    scenario = make_scenario(family, split, seed)
    ep = Episode(family, split, seed, goal or scenario.goal, phrased=bool(goal))
    wall0 = time.monotonic()
    future = reset.call_async(srv_type.Request(family=family, split=split, seed=seed))
    client.wait_until(future.done, 30.0, alive)
    if not future.done() or not future.result().success:
        ep.reason = "reset failed"
        return ep
    client.wait_until(lambda: client.truth is not None and client.truth.scenario == scenario.key, 10.0, alive)
    monitor = SuccessMonitor(scenario)
    client.monitor = monitor
    rec_runner = None
    if bags:
        bag = Path(out) / "bags" / f"{family}_{split}_{seed:03d}{'_phrased' if goal else ''}"
        ep.bag = str(bag)
        rec_runner = GraphRunner(graph_spec("rec", "recorder", True, (recorder,)),
                                 extra_params={"recorder_node": {"output_path": str(bag.resolve())}}, quiet=True)
        action_topic = contract().topic("action").name
        subscribers = client.node.count_subscribers(action_topic)  # the agent's, the simulator's, ours
        rec_runner.start()
        # The recorder drops what arrives before its subscriptions match and before its first
        # /clock: wait until it subscribes, then until the simulator has moved on a little.
        client.wait_until(lambda: client.node.count_subscribers(action_topic) > subscribers, 20.0, alive)
        recorder_up_ns, recorder_up_s = client.truth.stamp_ns, time.monotonic()
        client.wait_until(lambda: client.truth.stamp_ns >= recorder_up_ns + RECORDER_SETTLE_NS and
                          time.monotonic() >= recorder_up_s + RECORDER_SETTLE_WALL_S, 10.0 + RECORDER_SETTLE_WALL_S, alive)
    start_ns = client.truth.stamp_ns
    decision_p99[0] = math.nan
    timeouts0 = dict(lockstep_timeouts)
    latency.take()
    latency.take_hops()
    traj: list[tuple[float, float]] = []
    last = [0.0]

    def progress(fb, truth) -> None:  # type: ignore[no-untyped-def]
        if truth is not None and time.monotonic() - last[0] > 0.2:
            last[0] = time.monotonic()
            traj.append((truth.robot.x_m, truth.robot.y_m))

    outcome = client.run_goal(ep.goal, EPISODE_LIMIT_S[family] * 3, alive, progress)
    judged = client.wait_judged(JUDGE_S, alive)
    truth = client.truth
    ep.sim_s = (truth.stamp_ns - start_ns) * 1e-9
    ep.wall_s = time.monotonic() - wall0
    ep.success = bool(judged)
    ep.judged = "success" if judged else (monitor.failure or "not achieved")
    ep.reason = outcome.reason
    ep.time_to_success_s = (monitor.success_ns - start_ns) * 1e-9 if judged else math.nan
    ep.collisions = truth.collisions
    ep.interventions = outcome.safety_interventions
    ep.decision_ms_p99 = decision_p99[0]
    ep.lockstep_timeouts = {k: v - timeouts0.get(k, 0) for k, v in lockstep_timeouts.items() if v > timeouts0.get(k, 0)}
    ep.latency_ms = [round(v, 3) for v in latency.take()]
    ep.hops_ms = {hop: [round(v, 3) for v in values] for hop, values in latency.take_hops().items()}
    ep.trajectory = traj
    client.monitor = None
    if rec_runner is not None:
        rec_runner.shutdown()
    return ep


def _hop_percentiles(episodes: list[dict[str, object]]) -> dict[str, dict[str, float]]:
    """p50/p99 [ms] of each hop from camera frame to /cmd_vel, over all episodes."""
    from lam_core.harness.pipeline_follower import HOPS

    out = {}
    for hop in HOPS:
        values = [v for e in episodes for v in e.get("hops_ms", {}).get(hop, [])]  # type: ignore[attr-defined]
        if values:
            out[hop] = {"p50": round(percentile(values, 50), 2), "p99": round(percentile(values, 99), 2), "n": len(values)}
    return out


def summarise(episodes: list[dict[str, object]]) -> dict[str, object]:
    by: dict[str, dict[str, list[dict[str, object]]]] = {}
    for e in episodes:
        by.setdefault(str(e["family"]), {}).setdefault(str(e["split"]), []).append(e)
    success: dict[str, dict[str, dict[str, float]]] = {}
    for family, splits in by.items():
        for split, eps in splits.items():
            n, k = len(eps), sum(bool(e["success"]) for e in eps)
            lo, hi = wilson_interval(k, n)
            tts = [float(e["time_to_success_s"]) for e in eps if e["success"]]  # type: ignore[arg-type]
            success.setdefault(family, {})[split] = {
                "rate": round(k / n, 3), "ci95": [round(lo, 3), round(hi, 3)], "episodes": n,
                "time_to_success_s": round(float(np.median(tts)), 2) if tts else math.nan,
                "collisions": sum(int(e["collisions"]) for e in eps),  # type: ignore[call-overload]
                "interventions": sum(int(e["interventions"]) for e in eps),  # type: ignore[call-overload]
            }
    latency = [v for e in episodes for v in e["latency_ms"]]  # type: ignore[attr-defined]
    decision = [float(e["decision_ms_p99"]) for e in episodes if not math.isnan(float(e["decision_ms_p99"]))]  # type: ignore[arg-type]
    sim_s = sum(float(e["sim_s"]) for e in episodes)  # type: ignore[arg-type]
    wall_s = sum(float(e["wall_s"]) for e in episodes)  # type: ignore[arg-type]
    phrasing: dict[str, object] = {}
    if any(e.get("phrased") for e in episodes):
        for key, phrased in (("phrased", True), ("canonical", False)):
            eps = [e for e in episodes if bool(e.get("phrased")) == phrased]
            phrasing[f"{key}_success"] = round(sum(bool(e["success"]) for e in eps) / len(eps), 3) if eps else math.nan
        phrasing["phrasing_gap"] = round(float(phrasing["canonical_success"]) - float(phrasing["phrased_success"]), 3)  # type: ignore[arg-type]
    watched = [e["watched"] for e in episodes if e.get("watched")]
    watch: dict[str, object] = {}
    if watched:  # frames and events the watchers received (sums), the servers' CPU (mean over episodes)
        keys = sorted({k for w in watched for k in w})  # type: ignore[attr-defined]
        watch["watched"] = {k: round(sum(float(w.get(k, 0.0)) for w in watched) / (len(watched) if k.endswith("_pct") else 1), 2)  # type: ignore[attr-defined]
                            for k in keys}
    return {
        "success": success,
        **phrasing,
        **watch,
        "latency_ms_p50": round(percentile(latency, 50), 2),
        "latency_ms_p99": round(percentile(latency, 99), 2),
        "hops_ms": _hop_percentiles(episodes),
        "decision_ms_p99": round(max(decision), 3) if decision else math.nan,
        "rtf": round(sim_s / wall_s, 3) if wall_s else math.nan,
        "episodes": len(episodes),
        "lockstep_timeouts": sum(sum(e.get("lockstep_timeouts", {}).values()) for e in episodes),  # type: ignore[attr-defined]
    }


def _plots(out: Path, episodes: list[dict[str, object]], summary: dict[str, object]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    success = summary["success"]
    labels, rates, errs = [], [], []
    for family, splits in success.items():  # type: ignore[attr-defined]
        for split, s in splits.items():
            labels.append(f"{family}\n{split}")
            rates.append(s["rate"])
            errs.append([s["rate"] - s["ci95"][0], s["ci95"][1] - s["rate"]])
    fig, ax = plt.subplots(figsize=(max(4, len(labels) * 1.2), 3.5))
    ax.bar(labels, rates, yerr=np.array(errs).T if errs else None, capsize=4, color="#4a7")
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("success rate (95 % CI)")
    fig.tight_layout()
    fig.savefig(out / "success.png", dpi=100)
    plt.close(fig)
    latency = [v for e in episodes for v in e["latency_ms"]]  # type: ignore[attr-defined]
    fig, ax = plt.subplots(figsize=(5, 3.5))
    ax.hist(latency, bins=40, color="#47a")
    ax.set_xlabel("camera frame -> /cmd_vel from its decision [ms, wall clock]")
    ax.set_ylabel("decisions")
    fig.tight_layout()
    fig.savefig(out / "latency.png", dpi=100)
    plt.close(fig)
    fig, ax = plt.subplots(figsize=(5, 5))
    for e in episodes:
        traj = np.asarray(e["trajectory"])
        if len(traj):
            ax.plot(traj[:, 0], traj[:, 1], color="#4a7" if e["success"] else "#c44", lw=1)
    ax.set_aspect("equal")
    ax.set_xlabel("x [m]")
    ax.set_ylabel("y [m]")
    ax.set_title("robot paths (green: success)")
    fig.tight_layout()
    fig.savefig(out / "trajectories.png", dpi=100)
    plt.close(fig)


def _markdown(summary: dict[str, object]) -> str:
    lines = ["| family | split | success | 95 % CI | episodes | median time to success [s] | collisions | interventions |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for family, splits in summary["success"].items():  # type: ignore[attr-defined]
        for split, s in splits.items():
            lines.append(f"| {family} | {split} | {s['rate']:.2f} | {s['ci95'][0]:.2f}-{s['ci95'][1]:.2f} | {s['episodes']} | "
                         f"{s['time_to_success_s']} | {s['collisions']} | {s['interventions']} |")
    lines += ["", f"Simulator: {summary['mode']}. Control loop latency (camera frame -> /cmd_vel carrying the decision "
              f"made from it, wall clock): p50 {summary['latency_ms_p50']} ms, p99 {summary['latency_ms_p99']} ms. "
              f"Planner decision time p99: {summary['decision_ms_p99']} ms. Real-time factor: {summary['rtf']}. "
              f"Lockstep waits that ran out: {summary['lockstep_timeouts']}. Episodes: {summary['episodes']}."]
    return "\n".join(lines) + "\n"


def _ray_worker(chunk: int, attempt: int, jobs: list[Job], done: Any, out: str, bags: bool, realtime: bool,
                planner_params: dict[str, str] | None, lever: Lever, base_domain: int, workers: int) -> None:
    """A Ray task: run_worker on its own DDS domain (another one for each attempt of the chunk)."""
    run_worker(base_domain + chunk + workers * attempt, jobs, out, bags, done, realtime, planner_params, lever)


def _run_episodes(work: list[tuple[str, str, int, str]], jobs: int, out: Path, bags: bool, realtime: bool,
                  planner_params: dict[str, str] | None, lever: Lever, desc: str,
                  ray_address: str | None = None) -> list[dict[str, object]]:
    """The episodes on ``jobs`` worker processes, each with its own graph and DDS domain; with
    ``ray_address`` as Ray tasks (episode_pool.map_chunks: a task that dies is run again on the
    episodes it had not finished)."""
    from tqdm import tqdm

    chunks = [work[i::jobs] for i in range(jobs)]
    base_domain = 100 + (os.getpid() % 50) * 2
    if ray_address is not None:
        from lam_bringup.episode_pool import map_chunks

        with tqdm(total=len(work), desc=desc, unit="ep") as bar:
            return map_chunks(_ray_worker, work, jobs, (str(out), bags, realtime, planner_params, lever, base_domain, jobs),
                              ray_address, progress=lambda job: bar.update(1))
    results: list[dict[str, object]] = []
    # Workers are spawned, not forked: a fork of a process that already runs DDS threads (a test
    # process, say) is not safe.
    spawn = multiprocessing.get_context("spawn")
    with spawn.Manager() as manager, ProcessPoolExecutor(max_workers=jobs, mp_context=spawn) as pool, \
            tqdm(total=len(work), desc=desc, unit="ep") as bar:
        done = manager.Queue()
        futures = [pool.submit(run_worker, base_domain + i, chunk, str(out), bags, done, realtime, planner_params, lever)
                   for i, chunk in enumerate(chunks) if chunk]
        while not all(f.done() for f in futures) or not done.empty():
            try:
                family, split, seed, _ = done.get(timeout=0.5)[0]
                bar.set_postfix_str(f"{family}/{split}/{seed}")
                bar.update(1)
            except queue.Empty:
                pass
        for future in futures:
            results.extend(future.result())
    return results


def _lever_table(by_lever: dict[str, dict[str, object]]) -> str:
    hops = sorted({h for summary in by_lever.values() for h in summary["hops_ms"]})  # type: ignore[attr-defined]
    head = ["lever", "frame to /cmd_vel p50 / p99 [ms]", *(f"{h} p50 / p99" for h in hops), "success"]
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for name, summary in by_lever.items():
        hop_ms: dict[str, dict[str, float]] = summary["hops_ms"]  # type: ignore[assignment]
        cells = [name, f"{summary['latency_ms_p50']} / {summary['latency_ms_p99']}"]
        cells += [f"{hop_ms[h]['p50']} / {hop_ms[h]['p99']}" if h in hop_ms else "-" for h in hops]
        success: dict[str, dict[str, dict[str, float]]] = summary["success"]  # type: ignore[assignment]
        rates = [f"{family}/{split} {v['rate']:.2f}" for family, splits in success.items() for split, v in splits.items()]
        cells.append(", ".join(rates))
        lines.append("| " + " | ".join(cells) + " |")
    for name, summary in by_lever.items():
        if "watched" in summary:
            lines.append(f"\n{name}: the watchers received / used {summary['watched']}")
    return "\n".join(lines)


def main(families: list[str], splits: list[str], episodes: int, jobs: int, out: Path | None, bags: bool,
         realtime: bool = False, planner_params: dict[str, str] | None = None, goal_set: Path | None = None,
         levers: list[str] | None = None, lever_rounds: int = 1, ray_address: str | None = None) -> int:
    """``planner_params`` override planner_node parameters (actor, task_planner, policy_dir).
    ``goal_set``: instead of the scenarios' own goals, ``episodes`` phrasings from that labelled set
    (its test split), each in a held-out scenario of its task, and the same scenarios with their
    own goal beside them (phrased_success, canonical_success, phrasing_gap). ``levers``: the same
    episodes once per named lever (LEVERS), summarised side by side; ``lever_rounds`` > 1 interleaves
    them in that many blocks (lever_schedule). ``ray_address``: run the workers as Ray tasks
    (episode_pool.LOCAL or a cluster address)."""
    for f in families:
        if f not in FAMILIES:
            raise ValueError(f"unknown family {f!r}; known: {', '.join(FAMILIES)}")
    unknown = [name for name in levers or [] if name not in LEVERS]
    if unknown:
        raise LamError(f"unknown lever(s) {', '.join(unknown)}; known: {', '.join(LEVERS)}")
    out = out or Path("results") / f"bench_agent_{time.strftime('%Y%m%d_%H%M%S')}"
    if out.exists():
        raise LamError(f"{out} already exists; not overwriting it")
    out.mkdir(parents=True)
    work = [(f, s, seed, "") for f in families for s in splits for seed in range(episodes)]
    if goal_set is not None:
        from lam_core.harness.language_bench import load, physical_sample

        phrased = physical_sample(load(goal_set)[1], episodes)
        work = [job for p in phrased for job in (p, (*p[:3], ""))]
    jobs = max(1, min(jobs, len(work)))
    if levers:
        return _compare_levers(levers, work, jobs, out, bags, realtime, planner_params, lever_rounds)
    wall0 = time.monotonic()
    results = _run_episodes(work, jobs, out, bags, realtime, planner_params, LEVERS["shipped"], "episodes", ray_address)
    with (out / "episodes.jsonl").open("w", encoding="utf-8") as fh:
        for ep in results:
            fh.write(json.dumps(ep) + "\n")
    summary = summarise(results)
    summary["mode"] = "realtime" if realtime else "lockstep with the agent"
    summary["planner"] = planner_params or {}
    summary["wall_s"] = round(time.monotonic() - wall0, 1)
    (out / "summary.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    (out / "summary.md").write_text(_markdown(summary), encoding="utf-8")
    _plots(out, results, summary)
    print(_markdown(summary))
    print(f"[bench agent] {len(results)} episodes in {summary['wall_s']} s wall with {jobs} worker(s); results in {out}")
    print(json.dumps(summary))
    return 0


Job = tuple[str, str, int, str]  # family, split, seed, goal ("": the scenario's own)


def lever_schedule(levers: list[str], work: list[Job], rounds: int) -> list[tuple[str, list[Job]]]:
    """(lever, episodes) blocks: the episodes split into ``rounds`` consecutive blocks, each block run
    under every lever before the next, the lever order reversed every other round (A B, B A, ...),
    so that a machine that drifts (load, heat) weighs on every lever alike."""
    rounds = max(1, min(rounds, len(work)))
    blocks = [work[i * len(work) // rounds:(i + 1) * len(work) // rounds] for i in range(rounds)]
    return [(name, block) for r, block in enumerate(blocks) for name in (levers if r % 2 == 0 else levers[::-1])]


def _compare_levers(levers: list[str], work: list[tuple[str, str, int, str]], jobs: int, out: Path, bags: bool,
                    realtime: bool, planner_params: dict[str, str] | None, rounds: int = 1) -> int:
    """The same episodes under each lever, interleaved in ``rounds``; a side-by-side table and one JSON line."""
    results_by_lever: dict[str, list[dict[str, object]]] = {name: [] for name in levers}
    wall0 = time.monotonic()
    schedule = lever_schedule(levers, work, rounds)
    for i, (name, block) in enumerate(schedule):
        folder = out / name / f"round_{i // len(levers)}"
        folder.mkdir(parents=True)
        results_by_lever[name].extend(_run_episodes(block, jobs, folder, bags, realtime, planner_params, LEVERS[name],
                                                    f"{name} {i + 1}/{len(schedule)}"))
    by_lever: dict[str, dict[str, object]] = {}
    for name, results in results_by_lever.items():
        with (out / name / "episodes.jsonl").open("w", encoding="utf-8") as fh:
            for ep in results:
                fh.write(json.dumps(ep) + "\n")
        by_lever[name] = summarise(results)
        by_lever[name]["lever"] = asdict(LEVERS[name])
    table = _lever_table(by_lever)
    (out / "levers.md").write_text(table + "\n", encoding="utf-8")
    summary = {"mode": "realtime" if realtime else "lockstep with the agent", "planner": planner_params or {},
               "episodes_per_lever": len(work), "rounds": len(schedule) // len(levers),
               "wall_s": round(time.monotonic() - wall0, 1), "levers": by_lever}
    (out / "summary.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    print(table)
    print(f"[bench agent] {len(levers)} levers x {len(work)} episodes in {summary['wall_s']} s wall; results in {out}")
    print(json.dumps(summary))
    return 0
