"""`lam replay BAG`: publish a bag's sensor topics with /clock into the agent graph (perception,
fusion, planner, executor, all on sim time), send the goal the bag's plan was made for, record
the outputs into a new bag, and compare them with the outputs recorded in the original.

Lockstep (default): /clock advances from one tick of the agent's timers to the next (the control
period and the fusion fallback period; inputs stamped up to a tick go out before it), and before
each next step the replayer waits until the pipeline has consumed the last one: the camera's
detections for every frame published, the fusion's Observation made from them, the planner's
decision for every new Observation while a goal runs, and the executor's /cmd_vel for every
control tick due. ``--rate X`` instead paces the bag at X times its recorded speed without waiting.
"""

from __future__ import annotations

import itertools
import json
import math
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from rclpy.action import ActionClient
from rclpy.serialization import deserialize_message
from rosgraph_msgs.msg import Clock

from lam_bringup.background import BackgroundNode, wait_until
from lam_core.config import load_config
from lam_core.contract import contract
from lam_core.harness.pipeline_follower import PipelineFollower
from lam_core.node_configs import ExecutorNodeConfig, FusionNodeConfig
from lam_core.paths import config_dir, config_file
from lam_core.stats import percentile
from lam_ros import contract_io
from lam_ros.convert import lam as lam_convert
from lam_ros.convert.time import to_msg, to_ns
from lam_tools.bags import INPUT_KEYS, OPTIONAL_INPUT_KEYS, OUTPUT_KEYS, BagError, BagInfo, BagMessage, accepted_types, read_bag
from lam_tools.graph import NodeSpec, load_graph
from lam_tools.replay_diff import DiffReport, ReplayConfig, RunOutputs, compare, decision_latencies_ms, next_tick_ns
from lam_tools.runner import GraphRunner

STARTUP_S = 90.0
REPLAY_RECORD_KEYS = (*OUTPUT_KEYS, "diagnostics")


@dataclass(frozen=True)
class ReplayPlan:
    """What a bag offers a replay: inputs in time order, the goal and when it was given."""

    info: BagInfo
    inputs: list[BagMessage]
    outputs: list[BagMessage]
    goal: str
    goal_ns: int


def load_replay_plan(bag: Path, cfg: ReplayConfig) -> ReplayPlan:
    """Read and check a bag; BagError naming what is missing, mistyped or broken."""
    info, messages = read_bag(bag)
    spec = contract()
    expected = {spec.topic(k).name: accepted_types(k) for k in (*INPUT_KEYS, *OPTIONAL_INPUT_KEYS, *OUTPUT_KEYS)}
    wrong = [f"{t} is {info.types[t]}, expected {' or '.join(want)}" for t, want in expected.items()
             if t in info.types and info.types[t] not in want]
    if wrong:
        raise BagError("unexpected message types: " + "; ".join(wrong))
    missing = [spec.topic(k).name for k in INPUT_KEYS if info.counts[spec.topic(k).name] == 0]
    if missing:
        raise BagError(f"{bag} lacks required input topics: {', '.join(missing)} (found: {', '.join(sorted(info.counts))})")
    input_names = {spec.topic(k).name for k in (*INPUT_KEYS, *OPTIONAL_INPUT_KEYS)}
    output_names = {spec.topic(k).name for k in OUTPUT_KEYS}
    inputs = [m for m in messages if m.topic in input_names]
    for a, b in itertools.pairwise(inputs):
        if (b.stamp_ns - a.stamp_ns) * 1e-9 > cfg.max_input_gap_s:
            raise BagError(f"clock jump of {(b.stamp_ns - a.stamp_ns) * 1e-9:.1f} s at t={a.stamp_ns * 1e-9:.3f} s in {bag} "
                           f"(more than max_input_gap_s={cfg.max_input_gap_s} s between inputs)")
    plan_topic = spec.topic("plan").name
    plans = [m for m in messages if m.topic == plan_topic]
    goal, goal_ns = "", -1
    if plans:
        plan = lam_convert.plan_from_msg(deserialize_message(plans[0].data, contract_io.topic_type("plan")))
        goal, goal_ns = plan.goal, plans[0].stamp_ns
    return ReplayPlan(info, inputs, [m for m in messages if m.topic in output_names], goal, goal_ns)


def _message_class(type_name: str) -> Any:
    """The message class of a bag's "pkg/msg/Type" (an output topic may hold an earlier type)."""
    package, sep, name = type_name.partition("/msg/")
    if not sep or not package or not name:
        raise BagError(f"{type_name!r} is not a message type")
    return contract_io.interface_type(f"{package}/{name}", "msg")


def pipeline_start(outputs: list[BagMessage], start_ns: int) -> int:
    """Where the comparison of a recording with its replay starts: the recording's first
    detections (camera_node's first output), or ``start_ns`` if later or without any. Before
    that the recorded agent was still starting while the simulator already published frames;
    a replay feeds those frames to a graph already up, so counting them would compare start-up
    times, not behaviour."""
    name = contract().topic("objects").name
    first = min((m.stamp_ns for m in outputs if m.topic == name), default=start_ns)
    return max(start_ns, first)


def decode_outputs(messages: list[BagMessage], start_ns: int, end_ns: int) -> RunOutputs:
    """The agent's outputs received within [start_ns, end_ns]."""
    spec = contract()
    names = {spec.topic(k).name: k for k in OUTPUT_KEYS}
    out = RunOutputs()
    for m in messages:
        key = names.get(m.topic)
        if key is None or not start_ns <= m.stamp_ns <= end_ns:
            continue
        out.counts[m.topic] += 1
        try:
            msg = deserialize_message(m.data, _message_class(m.type_name))
        except RuntimeError as exc:  # rclpy's RMWError: the bytes do not fit this build's message definition
            raise BagError(f"{m.topic} ({m.type_name}) in the bag does not fit this build's message definition; the bag "
                           f"was recorded with another version of it (re-record it; `make bless` for the golden bag): "
                           f"{exc}") from None
        if key == "action":
            out.decisions.append((m.stamp_ns, lam_convert.command_from_msg(msg)))
        elif key == "cmd_vel":
            out.cmd_vel.append((m.stamp_ns, lam_convert.twist_from_msg(msg)))
        elif key == "plan":
            out.plans.append(lam_convert.plan_from_msg(msg))
        elif key == "objects":
            stamp, objects = lam_convert.objects_from_msg(msg)
            out.objects[stamp] = objects
    return out


class Replayer(BackgroundNode):
    """Publishes inputs and /clock; follows the pipeline's outputs for lockstep."""

    def __init__(self, control_period_ns: int) -> None:
        super().__init__("lam_replay")
        spec = contract()
        self.pubs = {spec.topic(k).name: contract_io.publisher(self.node, k) for k in (*INPUT_KEYS, *OPTIONAL_INPUT_KEYS)}
        self.clock_pub = contract_io.publisher(self.node, "clock")
        self.follower = PipelineFollower(control_period_ns)
        follower = self.follower
        contract_io.subscription(self.node, "objects", lambda msg: follower.on_detections(to_ns(msg.header.stamp)))
        contract_io.subscription(self.node, "observation", lambda msg: follower.on_observation(to_ns(msg.header.stamp)))
        contract_io.subscription(self.node, "action", lambda msg: follower.on_decision(to_ns(msg.header.stamp)))
        contract_io.subscription(self.node, "cmd_vel", lambda msg: follower.on_cmd_vel())
        action_type, action_name = contract_io.action_spec("execute_goal")
        self.action_type = action_type
        self.client = ActionClient(self.node, action_type, action_name)

    def publish_clock(self, stamp_ns: int) -> None:
        self.follower.set_clock(stamp_ns)
        self.clock_pub.publish(Clock(clock=to_msg(stamp_ns)))

    def ready(self, nodes: int, timeout_s: float, alive) -> bool:  # type: ignore[no-untyped-def]
        """Every node of the graph is up: all ``nodes`` follow /clock, each required input has a subscriber
        (the microphone needs none: a graph without speech_node replays a voiced bag too),
        each output a publisher and, besides this replayer, the recorder; the planner's action
        server answers."""
        spec = contract()
        node = self.node

        def up() -> bool:
            return (
                self.clock_pub.get_subscription_count() >= nodes
                and self.client.server_is_ready()
                and all(self.pubs[spec.topic(k).name].get_subscription_count() > 0 for k in INPUT_KEYS)
                and all(node.count_publishers(spec.topic(k).name) > 0 for k in ("objects", "observation", "action", "cmd_vel"))
                and all(node.count_subscribers(spec.topic(k).name) >= 2 for k in ("objects", "observation", "action", "cmd_vel"))
            )

        return wait_until(up, timeout_s, alive)

    def close(self) -> None:
        self.client.destroy()
        super().close()


def _replay(plan: ReplayPlan, replayer: Replayer, cfg: ReplayConfig, tick_periods_ns: tuple[int, ...], lockstep: bool,
            rate: float, alive) -> dict[str, float]:  # type: ignore[no-untyped-def]
    frame_stamps = _camera_stamps(plan.inputs)
    depth_stamps: set[int] = set()
    start_ns = plan.inputs[0].stamp_ns
    end_ns = plan.inputs[-1].stamp_ns + round(cfg.settle_s * 1e9)
    wait_s = cfg.lockstep_wait_s
    follower = replayer.follower
    goal_sent = not plan.goal
    goal_future = None
    result_future = None
    pending_frames: list[int] = []
    index, clock = 0, start_ns
    wall0 = time.monotonic()
    replayer.publish_clock(clock)
    while clock <= end_ns and alive():
        while index < len(plan.inputs) and plan.inputs[index].stamp_ns <= clock:
            message = plan.inputs[index]
            replayer.pubs[message.topic].publish(message.data)
            if index in frame_stamps:
                is_color, stamp_ns = frame_stamps[index]
                (pending_frames.append if is_color else depth_stamps.add)(stamp_ns)
            index += 1
        if not goal_sent and clock >= plan.goal_ns:
            with replayer.paused():
                goal_future = replayer.client.send_goal_async(replayer.action_type.Goal(instruction=plan.goal))
            goal_sent = True
            if lockstep:
                follower.wait("goal", goal_future.done, wait_s)
        if result_future is None and goal_future is not None and goal_future.done() and goal_future.result().accepted:
            with replayer.paused():
                result_future = goal_future.result().get_result_async()
        replayer.publish_clock(clock)
        if lockstep:
            frames = [f for f in pending_frames if f in depth_stamps]  # the camera pairs colour with depth
            follower.wait_detections(frames, wait_s)
            pending_frames = [f for f in pending_frames if f not in depth_stamps]
            if frames:
                follower.wait_observation(max(frames), wait_s)
            goal_running = result_future is not None and not result_future.done()
            if goal_running and follower.last_observation_ns > 0:
                follower.wait_decision(follower.last_observation_ns, wait_s)
            follower.wait_control_ticks(clock, wait_s)
        else:
            lag = wall0 + (clock - start_ns) * 1e-9 / rate - time.monotonic()
            if lag > 0:
                time.sleep(lag)
        clock = next_tick_ns(clock, tick_periods_ns)
    if result_future is not None and not result_future.done():  # the bag ended before the goal did
        with replayer.paused():
            goal_future.result().cancel_goal_async()  # type: ignore[union-attr]
        wait_until(result_future.done, wait_s, alive)
    wall = time.monotonic() - wall0
    return {"start_ns": start_ns, "end_ns": end_ns, "wall_s": wall, "sim_s": (end_ns - start_ns) * 1e-9,
            "lockstep_timeouts": dict(follower.timeouts)}


def _camera_stamps(inputs: list[BagMessage]) -> dict[int, tuple[bool, int]]:
    """Index in ``inputs`` -> (is a colour image, header stamp [ns]) of each camera image; read
    before the replay starts so that the lockstep loop decodes no images."""
    spec = contract()
    topics = {spec.topic(k).name: k for k in ("color_image", "depth_image")}
    stamps = {}
    for i, m in enumerate(inputs):
        key = topics.get(m.topic)
        if key is not None:
            stamps[i] = (key == "color_image", to_ns(deserialize_message(m.data, contract_io.topic_type(key)).header.stamp))
    return stamps


def run_replay(bag: Path, out_dir: Path, lockstep: bool = True, rate: float = 1.0, quiet: bool = True,
               node_params: dict[str, dict[str, str]] | None = None) -> dict[str, object]:
    """Replay ``bag`` into the agent graph; writes out_dir/replay (bag) and out_dir/report.json.
    Returns the report. BagError for unusable bags, before anything starts. ``node_params``
    overrides node parameters (e.g. to check that a changed behaviour is detected)."""
    cfg = load_config(ReplayConfig, config_file("replay.yaml"), "replay")
    if out_dir.exists():
        raise BagError(f"{out_dir} already exists; not overwriting it")
    plan = load_replay_plan(bag, cfg)
    decode_outputs(plan.outputs, 0, 2**63 - 1)  # a bag of another message version fails here, before anything starts
    fusion = load_config(FusionNodeConfig, config_dir() / "fusion_node.yaml", "fusion_node")
    executor = load_config(ExecutorNodeConfig, config_dir() / "executor_node.yaml", "executor_node")
    agent = load_graph("agent")
    recorder = NodeSpec("lam_recorder", "recorder_node", (config_file("recorder_node.yaml"),))
    graph = replace(agent, use_sim_time=True, nodes=(*agent.nodes, recorder))
    replay_bag = out_dir / "replay"
    params = {**(node_params or {}),
              "recorder_node": {"output_path": str(replay_bag.resolve()), "topics": "[" + ",".join(REPLAY_RECORD_KEYS) + "]"}}
    out_dir.mkdir(parents=True)
    runner = GraphRunner(graph, extra_params=params, quiet=quiet)
    runner.start()
    control_period_ns = round(1e9 / executor.control_rate_hz)
    replayer = Replayer(control_period_ns)
    alive = lambda: not runner.dead_nodes()  # noqa: E731
    try:
        if not replayer.ready(len(graph.nodes), STARTUP_S, alive) or not wait_until(replay_bag.exists, STARTUP_S, alive):
            raise BagError(f"the agent graph did not come up for the replay (dead nodes: {runner.dead_nodes()})")
        timing = _replay(plan, replayer, cfg, (control_period_ns, round(1e9 / fusion.rate_hz)), lockstep, rate, alive)
    finally:
        replayer.close()
        codes = runner.shutdown()
    dead = runner.failed_exits(codes)  # a teardown its stop deadline cut short, after the run, is no behaviour
    _, replayed_messages = read_bag(replay_bag)
    start, end = pipeline_start(plan.outputs, int(timing["start_ns"])), int(timing["end_ns"])
    recorded = decode_outputs(plan.outputs, start, end)
    replayed = decode_outputs(replayed_messages, start, end)
    diff: DiffReport = compare(recorded, replayed, cfg)
    rec_lat, rep_lat = decision_latencies_ms(recorded.decisions), decision_latencies_ms(replayed.decisions)
    report: dict[str, object] = {
        "bag": str(bag), "replay_bag": str(replay_bag), "mode": "lockstep" if lockstep else f"rate {rate:g}",
        "goal": plan.goal, "sim_s": round(float(timing["sim_s"]), 3), "wall_s": round(float(timing["wall_s"]), 3),
        "replay_speed_x": round(float(timing["sim_s"]) / max(float(timing["wall_s"]), 1e-9), 3),
        "lockstep_timeouts": timing["lockstep_timeouts"], "nodes_exit_codes": codes, "nodes_failed": dead,
        "decision_latency_ms": _latency_percentiles(rec_lat, rep_lat),
        "bag_problems": plan.info.problems,
        **diff.as_dict(),
    }
    report["diff_ok"] = bool(diff.ok and not dead)
    (out_dir / "report.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    return report


def compare_bags(bag: Path, replayed_bag: Path) -> dict[str, object]:
    """The comparison of `run_replay` for a replay made elsewhere (launch/replay.launch.py)."""
    cfg = load_config(ReplayConfig, config_file("replay.yaml"), "replay")
    plan = load_replay_plan(bag, cfg)
    info, replayed_messages = read_bag(replayed_bag)
    start, end = pipeline_start(plan.outputs, info.start_ns), info.end_ns
    recorded, replayed = decode_outputs(plan.outputs, start, end), decode_outputs(replayed_messages, start, end)
    diff = compare(recorded, replayed, cfg)
    rec_lat, rep_lat = decision_latencies_ms(recorded.decisions), decision_latencies_ms(replayed.decisions)
    return {
        "bag": str(bag), "replay_bag": str(replayed_bag), "mode": "compare", "goal": plan.goal,
        "sim_s": round(info.duration_s, 3), "wall_s": math.nan, "replay_speed_x": math.nan, "lockstep_timeouts": {},
        "decision_latency_ms": _latency_percentiles(rec_lat, rep_lat),
        "bag_problems": plan.info.problems + info.problems, **diff.as_dict(),
    }


def _latency_percentiles(recorded_ms: list[float], replayed_ms: list[float]) -> dict[str, float]:
    """p50 and p99 of the recorded and replayed decision latencies [ms], rounded to 0.01 ms (NaN if none)."""
    return {f"{name}_p{q}": round(percentile(values, q), 2)
            for name, values in (("recorded", recorded_ms), ("replayed", replayed_ms)) for q in (50, 99)}


def print_report(report: dict[str, object]) -> None:
    print(f"[replay] {report['bag']} ({report['mode']}): goal '{report['goal']}', {report['sim_s']} s of sim time in "
          f"{report['wall_s']} s wall ({report['replay_speed_x']}x), lockstep waits timed out: {report['lockstep_timeouts'] or 'none'}")
    for name, verdict in report["topics"].items():  # type: ignore[attr-defined]
        print(f"    {'ok  ' if verdict['ok'] else 'DIFF'} {name:38s} {verdict['summary']}")
    lat = report["decision_latency_ms"]
    print(f"    decision latency (observation stamp -> decision): recorded p50 {lat['recorded_p50']} ms "  # type: ignore[index]
          f"p99 {lat['recorded_p99']} ms; replayed p50 {lat['replayed_p50']} ms p99 {lat['replayed_p99']} ms")  # type: ignore[index]
    for problem in report["bag_problems"]:  # type: ignore[attr-defined]
        print(f"    bag: {problem}")
    print(f"[replay] {'SAME behaviour' if report['diff_ok'] else 'behaviour CHANGED'}; report in {Path(str(report['replay_bag'])).parent}")

