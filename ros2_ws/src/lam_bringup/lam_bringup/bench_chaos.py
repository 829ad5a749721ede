"""`lam bench chaos`: faults injected into the running graph (simulator and whole agent, real
processes over DDS), one per episode at a random moment while the base drives, then a flood of
hostile messages on every topic a node subscribes to. Prints a summary, then one JSON line.

Faults (lam_core.chaos): SIGKILL or SIGSTOP of the camera, fusion, planner, executor or simulator
node (stopped ones resume, killed ones are restarted by the runner); the lidar stream dropped,
delayed past the shield's timeout or frozen (a relay between the simulator and the nodes that read
/scan); the e-stop flapping; the bag recorder killed. The simulator frozen by SIGSTOP is also the
/clock stall: sim time stops for every node.

Invariants, per episode: no /cmd_vel outside the velocity and acceleration limits and no ground-
truth speed beyond them; the base at rest within the fault's stop budget (sim time, from the
configs); the goal ends with a reason (a goal whose planner was killed ends with the client
seeing the planner gone); after the recorder is killed, every message older than the open chunk
is in the bag. Then the fuzz phase: hypothesis-generated messages (lam_bringup.fuzz) on every
subscribed topic while a goal runs; no node may die, and a clean goal must succeed afterwards.
"""

from __future__ import annotations

import collections
import itertools
import json
import math
import os
import random
import shutil
import signal
import tempfile
import threading
import time
import warnings
from dataclasses import replace
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings

from lam_bringup.fuzz import topic_strategy
from lam_bringup.goal_client import GoalClient
from lam_core.chaos import SCAN_DELAY_S, StopBudgets, draw_faults, first_zero_s, stop_time_s
from lam_core.config import load_config
from lam_core.contract import contract
from lam_core.datatypes import Twist2D
from lam_core.node_configs import ExecutorNodeConfig, PlannerNodeConfig, SimNodeConfig
from lam_core.paths import config_dir
from lam_core.robot.description import robot_description
from lam_core.safety.audit import twist_violations
from lam_core.safety.factory import shield_limits
from lam_core.stats import percentile
from lam_ros import contract_io
from lam_ros.convert import lam as lam_convert
from lam_ros.convert.time import to_ns
from lam_tools.bags import read_bag
from lam_tools.graph import GraphSpec, NodeSpec, load_graph
from lam_tools.runner import GraphRunner

STARTUP_S = 180.0
STATE_RATE_HZ = 100.0          # ground truth sampled finely enough to time a stop
SCAN_RELAYED = "/lam/chaos/scan"
FUZZ_TOPICS = ("color_image", "depth_image", "camera_info", "scan", "imu", "odom", "joint_states", "objects",
               "observation", "action", "diagnostics", "cmd_vel", "arm_trajectory", "gripper_trajectory")
GOAL = "go to the red box"
STOP_HOLD_S = 1.0   # wall seconds a SIGSTOPped node stays frozen
FAULT_WATCH_S = 3.0  # sim seconds watched after a fault


class _ScanRelay:
    """Forwards /scan to the nodes that read it (remapped to SCAN_RELAYED): passes, drops,
    delays or freezes the stream on demand."""

    def __init__(self, client: GoalClient) -> None:
        self.mode = "pass"
        self._out = client.node.create_publisher(contract_io.topic_type("scan"), SCAN_RELAYED, contract_io.qos("SENSOR"))
        self._frozen: Any = None
        self._delayed: collections.deque[tuple[int, Any]] = collections.deque()
        self._lock = threading.Lock()
        self._clock = client.node.get_clock()
        contract_io.subscription(client.node, "scan", self._on_scan)
        client.node.create_timer(0.01, self._tick)

    def _on_scan(self, msg: Any) -> None:
        with self._lock:
            if self.mode == "pass":
                self._frozen = msg
                self._out.publish(msg)
            elif self.mode == "delayed":
                self._delayed.append((to_ns(msg.header.stamp) + int(SCAN_DELAY_S * 1e9), msg))
            elif self.mode == "frozen" and self._frozen is not None:
                self._out.publish(self._frozen)  # the same scan, stamp and all, over and over

    def _tick(self) -> None:
        with self._lock:
            now = self._clock.now().nanoseconds  # sim time: the delay is past the shield's timeout
            while self._delayed and self._delayed[0][0] <= now:
                self._out.publish(self._delayed.popleft()[1])
            if self.mode == "pass":
                self._delayed.clear()


def _chaos_graph(bag: Path) -> tuple[GraphSpec, dict[str, dict[str, str]]]:
    """The sim graph with /scan relayed to fusion and executor, and a recorder."""
    graph = load_graph("sim")
    nodes = [replace(n, remappings=(*n.remappings, ("/scan", SCAN_RELAYED))) if n.name in ("fusion_node", "executor_node")
             else n for n in graph.nodes]
    nodes.append(NodeSpec("lam_recorder", "recorder_node", (config_dir() / "recorder_node.yaml",)))
    params = {"sim_node": {"family": "goto", "state_rate_hz": str(STATE_RATE_HZ)},
              "recorder_node": {"output_path": str(bag)}}
    return replace(graph, nodes=tuple(nodes)), params


class _Episode:
    def __init__(self) -> None:
        self.truth: list[tuple[int, float, float]] = []
        self.twists: list[tuple[int, float, float]] = []  # (sim ns at receipt, vx, wz)


def main(episodes: int = 16, seed: int = 0, fuzz_messages: int = 10_000) -> int:
    warnings.filterwarnings("ignore", module="hypothesis")
    executor_cfg = load_config(ExecutorNodeConfig, config_dir() / "executor_node.yaml", "executor_node")
    planner_cfg = load_config(PlannerNodeConfig, config_dir() / "planner_node.yaml", "planner_node")
    sim_cfg = load_config(SimNodeConfig, config_dir() / "sim_node.yaml", "sim_node")
    budgets = StopBudgets.from_configs(executor_cfg, planner_cfg, sim_cfg, 1.0 / STATE_RATE_HZ)
    limits = shield_limits(executor_cfg, robot_description())
    workdir = Path(tempfile.mkdtemp(prefix="lam-chaos-"))
    bag = workdir / "bag"
    graph, params = _chaos_graph(bag)
    rng = random.Random(seed)
    runner = GraphRunner(graph, extra_params=params, quiet=True)
    runner.start()
    results: list[dict[str, Any]] = []
    fuzz: dict[str, Any] = {}
    recorder_check: dict[str, Any] = {}
    try:
        with GoalClient("chaos_client") as client:
            episode = _Episode()
            lock = threading.Lock()

            def on_truth(msg: Any) -> None:
                with lock:
                    episode.truth.append((to_ns(msg.header.stamp), float(msg.robot_twist.linear.x), float(msg.robot_twist.angular.z)))

            def on_cmd(msg: Any) -> None:
                twist = lam_convert.unstamped(msg)
                with lock:
                    episode.twists.append((int(client.node.get_clock().now().nanoseconds), float(twist.linear.x), float(twist.angular.z)))

            contract_io.subscription(client.node, "sim_state", on_truth, purpose="SENSOR")
            contract_io.subscription(client.node, "cmd_vel", on_cmd, purpose="SENSOR")
            observations: collections.deque[float] = collections.deque(maxlen=64)  # wall times received
            contract_io.subscription(client.node, "observation", lambda msg: observations.append(time.monotonic()))
            relay = _ScanRelay(client)
            estop = contract_io.publisher(client.node, "estop")
            srv_type, srv_name = contract_io.service_spec("sim_reset")
            reset = client.node.create_client(srv_type, srv_name)
            alive = lambda: not runner.dead_nodes()  # noqa: E731
            if not client.wait_ready(STARTUP_S, alive):
                raise RuntimeError(f"graph not ready: {runner.dead_nodes()}")
            for index, kind in enumerate(draw_faults(episodes, seed)):
                with lock:
                    episode.truth.clear()
                    episode.twists.clear()
                result = _run_episode(index, kind, rng, runner, client, relay, estop, reset, srv_type, budgets, lock, episode,
                                      observations)
                result["violations"] = _violations(limits, episode, lock)
                if kind == "recorder_killed":
                    recorder_check = result.pop("recorder", {})
                results.append(result)
                print(_line(result), flush=True)
            fuzz = _fuzz_phase(runner, client, fuzz_messages, observations)
    finally:
        runner.shutdown()
        shutil.rmtree(workdir, ignore_errors=True)
    return _report(results, fuzz, recorder_check, budgets)


def _restart_dead(runner: GraphRunner, client: GoalClient, observations: collections.deque[float],
                  timeout_s: float = STARTUP_S) -> list[str]:
    """Restart the nodes that died, then wait until the action server is back and ground truth
    and Observations flow again (``observations``: wall times of those received)."""
    dead = [name for name, _ in runner.dead_nodes()]
    for name in dead:
        runner.restart(name)
    if dead:
        since = time.monotonic()
        client.wait_until(lambda: not runner.dead_nodes() and client._client.server_is_ready()
                          and bool(observations) and observations[-1] > since + 1.0, timeout_s)
    return dead


def _run_episode(index: int, kind: str, rng: random.Random, runner: GraphRunner, client: GoalClient, relay: _ScanRelay,
                 estop: Any, reset: Any, srv_type: Any, budgets: StopBudgets, lock: threading.Lock,
                 episode: _Episode, observations: collections.deque[float]) -> dict[str, Any]:
    estop_msg = contract_io.topic_type("estop")
    out: dict[str, Any] = {"episode": index, "fault": kind}
    future = reset.call_async(srv_type.Request(family="goto", split="heldout", seed=1000 + index))
    client.wait_until(future.done, 30.0)
    box: dict[str, Any] = {}
    goals = GoalClient(f"chaos_goal_{index}")
    goals.wait_ready(STARTUP_S)
    thread = threading.Thread(target=lambda: box.update(out=goals.run_goal(GOAL, 90.0, lambda: True)), daemon=True)
    thread.start()
    moving = client.wait_until(lambda: client.truth is not None and abs(client.truth.robot_vx_mps) > 0.05, 60.0)
    time.sleep(rng.uniform(0.0, 0.8))  # a random moment of the drive
    assert client.truth is not None
    fault_ns = client.truth.stamp_ns
    out["moving_at_fault"] = moving
    restarted: list[str] = []
    if kind.startswith(("kill:", "stop:")):
        node = kind.split(":", 1)[1]
        pid = runner.pids()[node]
        os.kill(pid, signal.SIGKILL if kind.startswith("kill:") else signal.SIGSTOP)
        if kind == "stop:sim_node":  # sim time stands still with it: held on the wall clock
            client.wait_until(lambda: False, STOP_HOLD_S)
            os.kill(pid, signal.SIGCONT)
        elif kind.startswith("stop:"):
            hold_end = fault_ns + int(STOP_HOLD_S * 1e9)
            client.wait_until(lambda: client.truth is not None and client.truth.stamp_ns > hold_end, 30.0)
            os.kill(pid, signal.SIGCONT)
    elif kind == "scan_dropped":
        relay.mode = "drop"
    elif kind == "scan_delayed":
        relay.mode = "delayed"
    elif kind == "scan_frozen":
        relay.mode = "frozen"
    elif kind == "estop_flapping":
        for k in range(6):
            estop.publish(estop_msg(data=k % 2 == 0))
            client.wait_until(lambda: False, rng.uniform(0.1, 0.3))
        estop.publish(estop_msg(data=True))
    elif kind == "recorder_killed":
        out["recorder"] = _kill_recorder(runner, client)
    watch_end = fault_ns + int(FAULT_WATCH_S * 1e9)
    client.wait_until(lambda: client.truth is not None and client.truth.stamp_ns > watch_end, 30.0)
    relay.mode = "pass"
    budget = budgets.for_fault(kind)
    with lock:
        truth, twists = list(episode.truth), list(episode.twists)
    checked = budget is not None and moving
    # The stop: the first zero /cmd_vel (sim time), where the executor lives on; the base at rest
    # on ground truth, where the executor is the node that failed. The base must also be at rest
    # on ground truth within the budget plus the time the simulated base takes to stop.
    executor_fault = kind.endswith("executor_node")
    stop_s = (stop_time_s(truth, fault_ns) if executor_fault else first_zero_s(twists, fault_ns)) if checked else math.nan
    rest_s = stop_time_s(truth, fault_ns) if checked else math.nan
    out["stop_ms"] = _ms(stop_s)
    out["rest_ms"] = _ms(rest_s)
    out["budget_ms"] = None if budget is None else round(budget * 1e3, 1)
    out["over_budget"] = bool(checked and budget is not None and not (
        stop_s <= budget + (budgets.base_stop_s if executor_fault else 0.0) and rest_s <= budget + budgets.base_stop_s))
    if kind == "estop_flapping":
        estop.publish(estop_msg(data=False))
    restarted = _restart_dead(runner, client, observations)
    out["restarted"] = restarted
    thread.join(timeout=100.0)
    goal = box.get("out")
    if goal is None:
        out["goal"], out["reason"] = "no answer", ""
    else:
        out["goal"] = "succeeded" if goal.success else "failed"
        out["reason"] = goal.reason or ("the planner was killed: its goal is gone with it" if kind == "kill:planner_node" else "")
    goals.close()
    return out


def _kill_recorder(runner: GraphRunner, client: GoalClient) -> dict[str, Any]:
    """SIGKILL the recorder, read back what its bag holds (lam_tools.bags recovers the MCAP chunks
    a killed recorder leaves) and count the /sim/state messages missing inside the recorded span:
    all that may be lost is the open chunk, at the end. The recorder is restarted into a new bag."""
    from rclpy.serialization import deserialize_message

    path = Path(runner.extra_params["recorder_node"]["output_path"])
    os.kill(runner.pids()["recorder_node"], signal.SIGKILL)
    client.wait_until(lambda: "recorder_node" in dict(runner.dead_nodes()), 10.0)
    topic = contract().topic("sim_state").name
    msg_type = contract_io.topic_type("sim_state")
    info, messages = read_bag(path, {topic})
    stamps = sorted(to_ns(deserialize_message(m.data, msg_type).header.stamp) for m in messages)
    runner.restart("recorder_node", {"output_path": f"{path}_after_kill"})
    return {"bag_sim_state_messages": len(stamps), "bag_gaps": _stamp_gaps(stamps), "bag_problems": info.problems}


def _ms(seconds: float) -> float | None:
    return None if math.isnan(seconds) else round(seconds * 1e3, 1) if math.isfinite(seconds) else math.inf


def _stamp_gaps(stamps: list[int]) -> int:
    """Ground-truth messages missing inside the recorded span: gaps longer than 1.5 sample periods."""
    period = 1e9 / STATE_RATE_HZ
    return sum(max(0, round((b - a) / period) - 1) for a, b in itertools.pairwise(stamps) if b - a > 1.5 * period)


def _violations(limits: Any, episode: _Episode, lock: threading.Lock) -> list[str]:
    with lock:
        twists, truth = list(episode.twists), list(episode.truth)
    found: list[str] = []
    period_ns = limits.control_period_s * 1e9
    for (t0, vx0, wz0), (t1, vx1, wz1) in itertools.pairwise(twists):
        cur = Twist2D(vx1, wz1)
        if 0 < t1 - t0 <= 1.5 * period_ns:
            found += twist_violations(limits, Twist2D(vx0, wz0), cur)
        elif not cur.is_finite() or abs(vx1) > limits.max_vx_mps + 1e-6 or abs(wz1) > limits.max_wz_radps + 1e-6:
            found.append(f"/cmd_vel {cur} outside the limits")
    tol = 0.05
    found += [f"ground truth {vx:.3f} m/s, {wz:.3f} rad/s beyond the limits" for _, vx, wz in truth
              if abs(vx) > limits.max_vx_mps + tol or abs(wz) > limits.max_wz_radps + tol]
    return found


def _fuzz_phase(runner: GraphRunner, client: GoalClient, total: int, observations: collections.deque[float]) -> dict[str, Any]:
    """Hostile messages on every subscribed topic while a goal runs; then every node must be
    alive and a clean goal must succeed."""
    publishers = {key: contract_io.publisher(client.node, key) for key in FUZZ_TOPICS}
    per_topic = max(1, -(-total // len(FUZZ_TOPICS)))  # rounded up: at least ``total`` in all
    sent: collections.Counter[str] = collections.Counter()
    box: dict[str, Any] = {}
    goals = GoalClient("chaos_fuzz_goal")
    goals.wait_ready(STARTUP_S)
    thread = threading.Thread(target=lambda: box.update(out=goals.run_goal(GOAL, 120.0, lambda: True)), daemon=True)
    thread.start()
    started = time.monotonic()
    for key in FUZZ_TOPICS:
        _flood(key, publishers[key], per_topic, sent)
    thread.join(timeout=120.0)
    fuzz_s = time.monotonic() - started
    dead_after = [name for name, _ in runner.dead_nodes()]
    goals.close()
    _restart_dead(runner, client, observations)
    clean = GoalClient("chaos_clean_goal")
    clean.wait_ready(STARTUP_S)
    after = clean.run_goal(GOAL, 120.0, lambda: not runner.dead_nodes())
    clean.close()
    return {"messages": sum(sent.values()), "by_topic": dict(sent), "seconds": round(fuzz_s, 1),
            "nodes_died": dead_after, "goal_during": getattr(box.get("out"), "reason", "no answer"),
            "clean_goal_after": "succeeded" if after.success else f"failed: {after.reason}"}


def _flood(key: str, publisher: Any, count: int, sent: collections.Counter[str]) -> None:
    """``count`` hypothesis-generated hostile messages of topic ``key`` through ``publisher``."""

    @settings(max_examples=count, database=None, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(topic_strategy(key))
    def publish(msg: Any) -> None:
        publisher.publish(msg)
        sent[key] += 1

    publish()


def _line(r: dict[str, Any]) -> str:
    stop = "-" if r["stop_ms"] is None else f"{r['stop_ms']} ms, at rest {r['rest_ms']} ms (budget {r['budget_ms']} ms)"
    return (f"  episode {r['episode']:>2} {r['fault']:<22} stop {stop:<28} goal {r['goal']}: {r['reason'][:70]!r}"
            f"{'  VIOLATIONS ' + str(len(r['violations'])) if r['violations'] else ''}"
            f"{'  restarted ' + ','.join(r['restarted']) if r['restarted'] else ''}")


def _report(results: list[dict[str, Any]], fuzz: dict[str, Any], recorder: dict[str, Any], budgets: StopBudgets) -> int:
    by_kind = collections.Counter(r["fault"] for r in results)
    stops: dict[str, list[float]] = collections.defaultdict(list)
    for r in results:
        if r["stop_ms"] is not None:
            stops[r["fault"].split(":")[0] if ":" in r["fault"] else r["fault"]].append(r["stop_ms"])
    watchdog = [r["stop_ms"] for r in results if r["stop_ms"] is not None
                and r["fault"] in ("kill:planner_node", "stop:planner_node", "estop_flapping")]
    violations = sum(len(r["violations"]) for r in results) + sum(r["over_budget"] for r in results)
    summary = {
        "episodes": len(results),
        "faults_injected": dict(sorted(by_kind.items())),
        "violations": violations,
        "limit_violations": sum(len(r["violations"]) for r in results),
        "over_stop_budget": sum(r["over_budget"] for r in results),
        "stop_ms_p99": round(percentile(watchdog, 99), 1) if watchdog else None,
        "stop_ms_p99_by_fault": {k: round(percentile(v, 99), 1) for k, v in sorted(stops.items())},
        "stop_budgets_ms": {k: round(v * 1e3, 1) for k, v in vars(budgets).items()},
        "goals_without_reason": sum(1 for r in results if not r["reason"]),
        "node_crashes_from_input": len(fuzz.get("nodes_died", [])),
        "fuzz_messages": fuzz.get("messages", 0),
        "fuzz_clean_goal_after": fuzz.get("clean_goal_after", ""),
        "bag_messages_lost_beyond_open_chunk": recorder.get("bag_gaps") if recorder else None,
    }
    print("chaos: episodes", summary["episodes"], "| violations", violations, "| stop p99 (planner lost, e-stop)",
          summary["stop_ms_p99"], "ms | goals without reason", summary["goals_without_reason"])
    print("fuzz:", fuzz.get("messages", 0), "messages on", len(fuzz.get("by_topic", {})), "topics in", fuzz.get("seconds"),
          "s; nodes died:", fuzz.get("nodes_died"), "; clean goal after:", fuzz.get("clean_goal_after"))
    print(json.dumps(summary))
    return 0 if violations == 0 and summary["goals_without_reason"] == 0 and summary["node_crashes_from_input"] == 0 else 1
