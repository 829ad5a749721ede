"""Operator commands for a running graph (`lam run`, `lam demo`, a robot), without ros2cli.

    lam goal "go to the red box" [--timeout S]   send an ExecuteGoal; plan, progress, result
    lam cancel                                   cancel every active goal of the agent
    lam estop on|off                             engage or release the latched e-stop
    lam status [--window S] [--json]             nodes alive, topic rates, last plan, shield
    lam say "robot, go to the red box"           the simulated person says it into the room's
                                                 microphone (`lam run --voice`); prints what
                                                 the robot says back

Each creates one client node in ``--namespace`` (default "/"), so relative contract names resolve
to that robot's topics. Exit status: 0 done, 1 failed or refused, 2 no agent answered within
``--timeout``, 130 interrupted (Ctrl-C; `lam goal` cancels the goal it sent first).

The e-stop is a latched (transient-local) message: the DDS keeps it for subscribers that join
later only while the publishing process lives. `lam estop` lives until the executor (and the
planner, when one is discovered within PLANNER_DISCOVERY_S) report the new state on /diagnostics,
so every node of the graph running now gets it even if discovered late; then it exits and the
latch goes with it. The nodes hold the state until the next e-stop message, but a node that starts
or restarts afterwards (a restarted executor, a new planner) does not receive it and comes up
released: after a restart, engage it again. It is an operator's stop, not a safety-rated one.
/diagnostics is shared by every namespace and its statuses do not name their robot, so with
several robots on one domain a confirmation may come from another robot's executor.

Text that comes from the graph (plans, statuses, reasons) is printed with control characters
escaped. This module imports rclpy only inside the commands; the formatting is plain Python.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lam_core.datatypes import Plan
from lam_core.errors import ConfigError, LamError
from lam_core.planning import PLANNER_DIAGNOSTIC_NAME
from lam_core.safety.shield import SHIELD_DIAGNOSTIC_NAME
from lam_core.untrusted import escape_control, printable

if TYPE_CHECKING:
    from lam_bringup.background import BackgroundNode

EXIT_OK, EXIT_FAIL, EXIT_NO_AGENT, EXIT_INTERRUPTED = 0, 1, 2, 130
RATE_TOPICS = ("color_image", "scan", "odom", "observation", "action", "cmd_vel")  # contract keys `lam status` measures
EXECUTOR_NODE = "executor_node"  # the node whose diagnostics confirm the e-stop
PLANNER_NODE = "planner_node"  # confirms it too when it subscribes (it aborts a running goal)
# `lam estop` waits this long [s, wall clock, from its start] for a planner to be discovered (on a
# loaded host, discovering every participant of the graph takes seconds: on a 2-core machine running
# the sim graph and a test suite, 5 s was once not enough), then goes on without one.
PLANNER_DISCOVERY_S = 8.0
GOAL_TIMEOUT_S = 120.0  # default wall-clock limit of `lam goal` [s]
ANSWER_TIMEOUT_S = 10.0  # default wall-clock limit of cancel / estop for the agent to answer [s]
DISCOVERY_TIMEOUT_S = 5.0  # default wall-clock limit of `lam status` for the publishers to be discovered [s]
STATUS_WINDOW_S = 2.0  # default measuring window of `lam status` [s, wall clock]
DIAGNOSTICS_WAIT_S = 3.0  # `lam status` waits at most this long after the window for the diagnostics (1 Hz) [s]
PROGRESS_PERIOD_S = 1.0  # `lam goal` prints progress at step changes and at most this often otherwise [s]
MAX_SECONDS = 86_400.0

_NAMESPACE_TOKEN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


# ---------------------------------------------------------------------------- argument checks
def namespace_arg(text: str) -> str:
    """A ROS namespace, made absolute ("robot1" -> "/robot1", "" -> "/"); ArgumentTypeError when
    a token is empty, starts with a digit, holds a character other than [A-Za-z0-9_] or "__"."""
    raw = text.strip()
    if raw in ("", "/"):
        return "/"
    tokens = raw.strip("/").split("/")
    for token in tokens:
        if not _NAMESPACE_TOKEN.fullmatch(token) or "__" in token:
            raise argparse.ArgumentTypeError(
                f"bad namespace {printable(text)}: tokens are letters, digits and single underscores, "
                "not starting with a digit, separated by '/' (e.g. /robot1)")
    return "/" + "/".join(tokens)


def int_arg(what: str, low: int, high: int) -> Callable[[str], int]:
    """An argparse type: an integer from ``low`` to ``high``, called ``what`` in its error."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a {what}: {printable(text)}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"a {what} is {low}..{high}, got {value}")
        return value

    return parse


port_arg = int_arg("port number", 0, 65535)  # 0: any free port


def seconds_arg(text: str) -> float:
    """A positive, finite number of seconds (at most a day)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {printable(text)}") from None
    if not math.isfinite(value) or value <= 0.0 or value > MAX_SECONDS:
        raise argparse.ArgumentTypeError(f"seconds must be > 0 and <= {MAX_SECONDS:g}, got {printable(text)}")
    return value


def goal_text(text: str) -> str:
    """The goal as sent: surrounding white space removed; LamError when nothing is left."""
    goal = text.strip()
    if not goal:
        raise LamError("the goal is empty; say what the robot should do, e.g. lam goal \"go to the red box\"")
    return goal


# ---------------------------------------------------------------------------- lam goal: text
def plan_lines(plan: Plan) -> list[str]:
    """The plan as it is printed: a header, then one line per step (graph text escaped)."""
    lines = [f"[goal] plan r{plan.revision} by {escape_control(plan.planner)} for {printable(plan.goal)}: "
             f"{len(plan.steps)} step(s) ({escape_control(plan.reason)})"]
    for i, step in enumerate(plan.steps, start=1):
        extra = f", at most {step.max_speed_mps:.2f} m/s" if step.max_speed_mps > 0 else ""
        lines.append(f"[goal]   {i}. {escape_control(step.skill)}({escape_control(step.target)}){extra}: "
                     f"{escape_control(step.description)}")
    return lines


def progress_line(plan: Plan, index: int, status: str, distance_m: float) -> str:
    """One progress line: step i/n, the step's skill and target, the planner's status, the
    perceived distance to the target [m] when known."""
    n = len(plan.steps)
    if 0 <= index < n:
        step = plan.steps[index]
        what = f" {escape_control(step.skill)}({escape_control(step.target)})"
    else:
        what = ""
    distance = f" ({distance_m:.2f} m to the target)" if math.isfinite(distance_m) else ""
    return f"[goal] step {min(index + 1, n) if n else 0}/{n}{what}: {escape_control(status)}{distance}"


@dataclass
class GoalProgress:
    """The lines to print for a goal's feedback: the plan whenever a new one (or a re-plan)
    arrives; progress when the step or the plan changes, else at most every ``period_s``."""

    period_s: float = PROGRESS_PERIOD_S
    _plan_key: tuple[Any, ...] | None = None
    _last_index: int = -1
    _last_print_s: float = -math.inf

    def update(self, plan: Plan, index: int, status: str, distance_m: float, now_s: float) -> list[str]:
        key = (plan.revision, plan.goal, tuple((s.skill, s.target) for s in plan.steps))
        if key != self._plan_key:
            self._plan_key, self._last_index, self._last_print_s = key, index, now_s
            return plan_lines(plan)  # the announcing feedback's status is the plan itself
        if index == self._last_index and now_s - self._last_print_s < self.period_s:
            return []
        self._last_index, self._last_print_s = index, now_s
        return [progress_line(plan, index, status, distance_m)]


def result_line(success: bool, reason: str, duration_s: float, interventions: int) -> str:
    """The goal's result: succeeded or failed, the agent's reason, its duration [s, the graph's
    clock] and the shield's interventions during the goal."""
    duration = f"{duration_s:.1f} s" if math.isfinite(duration_s) else "? s"
    return (f"[goal] result: {'succeeded' if success else 'failed'}: {escape_control(reason)} "
            f"({duration}, {interventions} shield intervention(s))")


def planner_estop(message: str) -> bool | None:
    """The planner's e-stop state from its diagnostics message ("estop" or "ok"); None otherwise."""
    return {"estop": True, "ok": False}.get(message)


# ---------------------------------------------------------------------------- lam status: report
@dataclass(frozen=True)
class TopicRate:
    """Messages of one contract topic over the window: ``hz`` = messages / window [Hz, wall clock]."""

    key: str
    topic: str
    messages: int
    hz: float
    publishers: int


@dataclass(frozen=True)
class ShieldReport:
    """The executor's shield as its diagnostics report it (None: a value was missing or malformed)."""

    estop: bool | None
    interventions: int | None
    by_kind: dict[str, int]
    message: str
    lifecycle_state: str = ""  # the executor's lifecycle state when it reports one ("active", ...)

    @classmethod
    def from_values(cls, message: str, values: Mapping[str, str]) -> ShieldReport:
        estop = {"True": True, "False": False}.get(values.get("estop", ""))
        total = values.get("interventions", "")
        by_kind = {k.removeprefix("interventions."): int(v) for k, v in values.items()
                   if k.startswith("interventions.") and v.isdigit()}
        return cls(estop, int(total) if total.isdigit() else None, by_kind, message, values.get("lifecycle_state", ""))


@dataclass(frozen=True)
class StatusReport:
    """What `lam status` found: the graph's expected nodes (config/graph.yaml) against the nodes
    discovered in ``namespace``, topic rates, the last plan, the shield and the planner."""

    namespace: str
    graph: str
    expected: tuple[str, ...]
    alive: tuple[str, ...]
    others: tuple[str, ...]  # other nodes discovered, full names (this command's own excluded)
    window_s: float
    rates: tuple[TopicRate, ...]
    plan: Plan | None
    shield: ShieldReport | None
    planner: dict[str, str] | None  # the planner's diagnostics values, and "message"

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(n for n in self.expected if n not in self.alive)

    @property
    def exit_code(self) -> int:
        """0: every expected node alive; 1: some missing; 2: none of them found."""
        if not self.missing:
            return EXIT_OK
        return EXIT_NO_AGENT if not self.alive else EXIT_FAIL

    def to_json(self) -> dict[str, Any]:
        plan = None if self.plan is None else {
            "goal": self.plan.goal, "planner": self.plan.planner, "revision": self.plan.revision, "reason": self.plan.reason,
            "steps": [{"skill": s.skill, "target": s.target, "description": s.description, "status": s.status.name.lower()}
                      for s in self.plan.steps]}
        shield = None if self.shield is None else {
            "estop": self.shield.estop, "interventions": self.shield.interventions, "by_kind": self.shield.by_kind,
            "message": self.shield.message, "lifecycle_state": self.shield.lifecycle_state}
        return {
            "namespace": self.namespace, "graph": self.graph,
            "nodes": {"expected": list(self.expected), "alive": list(self.alive), "missing": list(self.missing),
                      "others": list(self.others)},
            "window_s": self.window_s,
            "rates": {r.key: {"topic": r.topic, "hz": round(r.hz, 2), "messages": r.messages, "publishers": r.publishers}
                      for r in self.rates},
            "plan": plan, "shield": shield, "planner": self.planner,
        }


def choose_graph(graphs: Mapping[str, Sequence[str]], discovered: Iterable[str]) -> str:
    """The graph of config/graph.yaml that the discovered node names fit best: the most of its
    nodes alive, then the fewest missing; the first graph when none of their nodes is alive."""
    if not graphs:
        raise ConfigError("config/graph.yaml names no graph")
    seen = set(discovered)
    scored = [(sum(n in seen for n in nodes), -sum(n not in seen for n in nodes), name) for name, nodes in graphs.items()]
    best = max(scored, key=lambda s: (s[0], s[1]))
    return best[2] if best[0] > 0 else next(iter(graphs))


def format_status(report: StatusReport) -> str:
    """The report as readable text (graph text escaped)."""
    lines = [f"graph '{report.graph}' in namespace {report.namespace}: "
             f"{len(report.alive)}/{len(report.expected)} expected nodes alive"]
    lines.append(f"  alive:   {', '.join(report.alive) or '-'}")
    if report.missing:
        lines.append(f"  MISSING: {', '.join(report.missing)}")
    if report.others:
        lines.append(f"  others:  {', '.join(escape_control(n) for n in report.others)}")
    lines.append(f"rates over {report.window_s:.1f} s [Hz, wall clock]:")
    width = max((len(r.topic) for r in report.rates), default=0)
    for r in report.rates:
        note = "" if r.publishers else "  (no publisher)"
        lines.append(f"  {r.key:12s} {r.topic:{width}s} {r.hz:7.1f}{note}")
    if report.plan is None:
        lines.append("last plan: none received")
    else:
        plan = report.plan
        lines.append(f"last plan: r{plan.revision} by {escape_control(plan.planner)} for {printable(plan.goal)}")
        for i, s in enumerate(plan.steps, start=1):
            lines.append(f"  {i}. {escape_control(s.skill)}({escape_control(s.target)}) [{s.status.name.lower()}]")
    shield = report.shield
    if shield is None:
        lines.append(f"shield: no diagnostics from {EXECUTOR_NODE} in the window")
    else:
        estop = {True: "ENGAGED", False: "released", None: "unknown"}[shield.estop]
        kinds = ", ".join(f"{k}: {v}" for k, v in sorted(shield.by_kind.items()) if v)
        total = "?" if shield.interventions is None else str(shield.interventions)
        state = f"; executor {escape_control(shield.lifecycle_state)}" if shield.lifecycle_state else ""
        lines.append(f"shield: e-stop {estop}; {total} intervention(s){f' ({escape_control(kinds)})' if kinds else ''}"
                     f"{state}; {escape_control(shield.message)}")
    planner = report.planner
    if planner is None:
        lines.append("planner: no diagnostics in the window")
    else:
        state = {"True": "busy (a goal runs)", "False": "idle"}.get(planner.get("busy", ""), "unknown")
        lines.append(f"planner: {state}; actor {escape_control(planner.get('actor', '?'))}; "
                     f"{escape_control(planner.get('message', ''))}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------- DDS side
def _client(name: str, namespace: str) -> BackgroundNode:
    from lam_bringup.background import BackgroundNode

    return BackgroundNode(name, namespace=namespace)


def _stop_event() -> threading.Event:
    from lam_tools.runner import install_signal_handlers

    stop = threading.Event()
    install_signal_handlers(stop)
    return stop


def _full_name(name: str, namespace: str) -> str:
    return f"{namespace.rstrip('/')}/{name}"


def _diagnostic_values(status: Any) -> dict[str, str]:
    return {str(kv.key): str(kv.value) for kv in status.values}


def cmd_goal(args: argparse.Namespace) -> int:
    """Send the goal, print the plan, progress and result. Exit 0 success, 1 failure or refusal,
    2 no agent within --timeout, 130 Ctrl-C (after asking the agent to cancel the goal)."""
    from lam_bringup.goal_client import GoalClient
    from lam_ros import contract_io
    from lam_ros.convert import lam as lam_convert

    instruction = goal_text(args.goal)
    stop = _stop_event()
    deadline = time.monotonic() + float(args.timeout)
    alive = lambda: not stop.is_set()  # noqa: E731
    progress = GoalProgress()

    def on_feedback(fb: Any, _truth: object) -> None:
        try:
            plan = lam_convert.plan_from_msg(fb.plan)
        except (LamError, ValueError) as exc:
            print(f"[goal] feedback with a malformed plan ({escape_control(str(exc))}): {escape_control(fb.status)}", flush=True)
            return
        for line in progress.update(plan, int(fb.current_step), str(fb.status), float(fb.distance_to_target_m),
                                    time.monotonic()):
            print(line, flush=True)

    with GoalClient("lam_goal", use_sim_time=False, namespace=args.namespace) as client:
        action = client.node.resolve_service_name(contract_io.action_spec("execute_goal")[1])
        if not client.wait_ready(args.timeout, alive, need_truth=False):
            if stop.is_set():
                return EXIT_INTERRUPTED
            print(f"[goal] no agent answered on {action} within {args.timeout:g} s: is the graph running (lam run)?",
                  flush=True)
            return EXIT_NO_AGENT
        print(f"[goal] sending {printable(instruction, 200)} to {action}", flush=True)
        out = client.run_goal(instruction, max(0.1, deadline - time.monotonic()), alive, on_feedback)
    if stop.is_set():
        print("[goal] interrupted: asked the agent to cancel the goal" if out.accepted else "[goal] interrupted", flush=True)
        return EXIT_INTERRUPTED
    if not out.accepted:
        if out.reason == "goal rejected":
            print("[goal] refused: the agent rejected the goal (is it shutting down?)", flush=True)
            return EXIT_FAIL
        print(f"[goal] no answer from the agent: {escape_control(out.reason)}", flush=True)
        return EXIT_NO_AGENT
    print(result_line(out.success, out.reason, out.duration_s, out.safety_interventions), flush=True)
    return EXIT_OK if out.success else EXIT_FAIL


def cmd_cancel(args: argparse.Namespace) -> int:
    """Cancel every active goal (the action protocol's cancel request with a zero goal id and a
    zero stamp); print how many the agent cancelled. Exit 0 answered, 2 no agent."""
    from lam_bringup.background import wait_until
    from lam_ros import contract_io

    stop = _stop_event()
    alive = lambda: not stop.is_set()  # noqa: E731
    deadline = time.monotonic() + float(args.timeout)
    background = _client("lam_cancel", args.namespace)
    try:
        action_type, action_name = contract_io.action_spec("execute_goal")
        srv_type = action_type.Impl.CancelGoalService
        service = background.node.resolve_service_name(f"{action_name}/_action/cancel_goal")
        client = background.node.create_client(srv_type, service)
        if not wait_until(client.service_is_ready, args.timeout, alive):
            if stop.is_set():
                return EXIT_INTERRUPTED
            print(f"[cancel] no agent answered on {service} within {args.timeout:g} s: is the graph running (lam run)?",
                  flush=True)
            return EXIT_NO_AGENT
        with background.paused():
            future = client.call_async(srv_type.Request())  # zero goal id, zero stamp: every goal
        answered = wait_until(future.done, max(0.1, deadline - time.monotonic()), alive)
        response: Any = future.result() if answered else None  # type: ignore[no-untyped-call]
        if response is None:
            if stop.is_set():
                return EXIT_INTERRUPTED
            print(f"[cancel] the agent did not answer the cancel request within {args.timeout:g} s", flush=True)
            return EXIT_NO_AGENT
        count = len(response.goals_canceling)
        print(f"[cancel] cancelled {count} goal(s)" + ("" if count else " (none was active)"), flush=True)
        return EXIT_OK
    finally:
        background.close()


def _estop_subscribers(background: BackgroundNode, topic: str) -> set[str]:
    return {info.node_name for info in background.node.get_subscriptions_info_by_topic(topic)}


def cmd_estop(args: argparse.Namespace) -> int:
    """Publish the latched e-stop and wait until the executor's diagnostics (and the planner's,
    when a planner subscribes) report the new state, received after every subscriber matched then
    acknowledged the message. Exit 0 confirmed, 1 a node reports the other state until --timeout,
    2 no executor."""
    from rclpy.duration import Duration

    from lam_bringup.background import wait_until
    from lam_ros import contract_io

    engage = args.state == "on"
    stop = _stop_event()
    alive = lambda: not stop.is_set()  # noqa: E731
    deadline = time.monotonic() + float(args.timeout)

    def remaining() -> float:
        return max(0.0, deadline - time.monotonic())

    reports: dict[str, tuple[float, bool | None]] = {}  # node -> (monotonic s, e-stop state) of its latest diagnostics
    interventions: list[int | None] = [None]
    lock = threading.Lock()

    def on_diagnostics(msg: Any) -> None:
        for status in msg.status:
            if status.name == SHIELD_DIAGNOSTIC_NAME:
                shield = ShieldReport.from_values(str(status.message), _diagnostic_values(status))
                with lock:
                    reports[EXECUTOR_NODE] = (time.monotonic(), shield.estop)
                    interventions[0] = shield.interventions
            elif status.name == PLANNER_DIAGNOSTIC_NAME:
                with lock:
                    reports[PLANNER_NODE] = (time.monotonic(), planner_estop(str(status.message)))

    background = _client("lam_estop", args.namespace)
    started = time.monotonic()
    try:
        contract_io.subscription(background.node, "diagnostics", on_diagnostics)
        publisher = contract_io.publisher(background.node, "estop")
        topic = publisher.topic_name
        publisher.publish(contract_io.topic_type("estop")(data=engage))
        word = "engage" if engage else "release"
        if not wait_until(lambda: EXECUTOR_NODE in _estop_subscribers(background, topic)
                          and publisher.get_subscription_count() > 0, remaining(), alive):
            if stop.is_set():
                return EXIT_INTERRUPTED
            print(f"[estop] no {EXECUTOR_NODE} subscribes to {topic} within {args.timeout:g} s: nothing to {word}; "
                  "is the graph running (lam run)?", flush=True)
            return EXIT_NO_AGENT
        if not publisher.wait_for_all_acked(Duration(seconds=remaining())):
            print(f"[estop] the e-stop on {topic} was not acknowledged within {args.timeout:g} s", flush=True)
            return EXIT_NO_AGENT
        acked = time.monotonic()

        def planner_known() -> bool:
            with lock:
                reported = PLANNER_NODE in reports
            return reported or PLANNER_NODE in _estop_subscribers(background, topic) or any(
                name == PLANNER_NODE and ns == background.node.get_namespace()
                for name, ns in background.node.get_node_names_and_namespaces())

        def pending() -> list[str]:
            """The nodes that have not yet reported the new state since the acknowledgement. A
            planner discovered later is waited for too, this process holding the latch for it."""
            needed = [EXECUTOR_NODE, *([PLANNER_NODE] if planner_known() else [])]
            with lock:
                return [n for n in needed if n not in reports or reports[n][0] < acked or reports[n][1] is not engage]

        def settled() -> bool:
            """Every known subscriber confirmed, and the planner among them or not found in time."""
            if pending():
                return False
            return planner_known() or time.monotonic() - started >= min(PLANNER_DISCOVERY_S, float(args.timeout))

        confirmed = wait_until(settled, remaining(), alive)
        if stop.is_set():
            return EXIT_INTERRUPTED
        state = "ENGAGED" if engage else "released"
        if confirmed:
            nodes = EXECUTOR_NODE + (f" and {PLANNER_NODE}" if planner_known() else f" (no {PLANNER_NODE} found)")
            print(f"[estop] e-stop {state}: {nodes} confirm ({interventions[0] if interventions[0] is not None else '?'} "
                  "shield intervention(s) so far)", flush=True)
            return EXIT_OK
        late = pending()
        with lock:
            silent = [n for n in late if n not in reports or reports[n][0] < acked]
        if EXECUTOR_NODE in silent:
            print(f"[estop] sent, but no diagnostics from {EXECUTOR_NODE} within {args.timeout:g} s", flush=True)
            return EXIT_NO_AGENT
        print(f"[estop] not confirmed within {args.timeout:g} s: {', '.join(late)} "
              f"{'report' if len(late) > 1 else 'reports'} otherwise or nothing "
              "(does another process hold the opposite e-stop?)", flush=True)
        return EXIT_FAIL
    finally:
        background.close()


def _expected_graphs() -> dict[str, tuple[str, ...]]:
    from lam_tools.graph import load_graphs

    return {name: tuple(n.name for n in spec.nodes) for name, spec in load_graphs().items()}


def cmd_status(args: argparse.Namespace) -> int:
    """Measure the graph for --window seconds once the main topics' publishers are discovered
    (at most --timeout); print the report (text or --json). Exit: StatusReport.exit_code."""
    from lam_bringup.background import wait_until
    from lam_ros import contract_io
    from lam_ros.convert import lam as lam_convert

    graphs = _expected_graphs()
    if args.graph is not None and args.graph not in graphs:
        raise ConfigError(f"unknown graph {args.graph!r}; known: {', '.join(graphs)}")
    stop = _stop_event()
    alive = lambda: not stop.is_set()  # noqa: E731
    lock = threading.Lock()
    counts = dict.fromkeys(RATE_TOPICS, 0)
    latest: dict[str, Any] = {}  # "plan" -> Plan, SHIELD / PLANNER name -> (message, values)

    def counter(key: str) -> Callable[[Any], None]:
        def on_message(_raw: Any) -> None:
            with lock:
                counts[key] += 1
        return on_message

    def on_plan(msg: Any) -> None:
        try:
            plan = lam_convert.plan_from_msg(msg)
        except (LamError, ValueError):
            return
        with lock:
            latest["plan"] = plan

    def on_diagnostics(msg: Any) -> None:
        for status in msg.status:
            if status.name in (SHIELD_DIAGNOSTIC_NAME, PLANNER_DIAGNOSTIC_NAME):
                with lock:
                    latest[status.name] = (str(status.message), _diagnostic_values(status))

    background = _client("lam_status", args.namespace)
    try:
        node = background.node
        # Best effort and raw: a monitor takes what arrives, without decoding camera frames.
        subs = {key: contract_io.subscription(node, key, counter(key), purpose="SENSOR", raw=True) for key in RATE_TOPICS}
        contract_io.subscription(node, "plan", on_plan)
        contract_io.subscription(node, "diagnostics", on_diagnostics)
        wait_until(lambda: all(s.get_publisher_count() > 0 for s in subs.values()), args.timeout, alive)
        with lock:
            counts.update(dict.fromkeys(RATE_TOPICS, 0))
        stop.wait(args.window)
        with lock:
            measured = dict(counts)
        namespace = node.get_namespace()

        def heard_from_alive() -> bool:
            """Diagnostics (1 Hz) heard from the executor and the planner, those of them alive."""
            here = {name for name, ns in node.get_node_names_and_namespaces() if ns == namespace}
            with lock:
                return all(diag in latest for name, diag in ((EXECUTOR_NODE, SHIELD_DIAGNOSTIC_NAME),
                                                             (PLANNER_NODE, PLANNER_DIAGNOSTIC_NAME)) if name in here)

        wait_until(heard_from_alive, DIAGNOSTICS_WAIT_S, alive)
        with lock:
            found = dict(latest)
        if stop.is_set():
            return EXIT_INTERRUPTED
        own = node.get_fully_qualified_name()
        discovered = [(name, ns) for name, ns in node.get_node_names_and_namespaces()]
        names_here = [name for name, ns in discovered if ns == namespace]
        graph = args.graph or choose_graph(graphs, names_here)
        expected = graphs[graph]
        others = sorted({_full_name(name, ns) for name, ns in discovered  # hidden nodes (_name) left out, as ros2cli does
                         if _full_name(name, ns) != own and not (ns == namespace and name in expected)
                         and not name.startswith("_")})
        rates = tuple(TopicRate(key, subs[key].topic_name, measured[key], measured[key] / args.window,
                                subs[key].get_publisher_count()) for key in RATE_TOPICS)
        shield = found.get(SHIELD_DIAGNOSTIC_NAME)
        planner = found.get(PLANNER_DIAGNOSTIC_NAME)
        report = StatusReport(
            namespace=namespace, graph=graph, expected=expected,
            alive=tuple(n for n in expected if n in names_here), others=tuple(others), window_s=args.window,
            rates=rates, plan=found.get("plan"),
            shield=ShieldReport.from_values(*shield) if shield else None,
            planner={**planner[1], "message": planner[0]} if planner else None,
        )
    finally:
        background.close()
    print(json.dumps(report.to_json()) if args.json else format_status(report), flush=True)
    return report.exit_code


def cmd_say(args: argparse.Namespace) -> int:
    """Publish the words on sim/speech once the simulator's microphone subscribes, then print what
    the robot says (lam/say) until --listen seconds pass. Exit 0 spoken, 2 no simulator microphone."""
    from lam_bringup.background import wait_until
    from lam_ros import contract_io

    words = goal_text(args.words)
    stop = _stop_event()
    alive = lambda: not stop.is_set()  # noqa: E731
    background = _client("lam_say", args.namespace)
    try:
        contract_io.subscription(background.node, "say",
                                 lambda msg: print(f"[robot says] {printable(str(msg.data), 300)}", flush=True))
        publisher = contract_io.publisher(background.node, "sim_speech")
        if not wait_until(lambda: publisher.get_subscription_count() > 0, float(args.timeout), alive):
            if stop.is_set():
                return EXIT_INTERRUPTED
            print(f"[say] nothing listens on {publisher.topic_name} within {args.timeout:g} s: is a graph with the "
                  "simulator's microphone running (lam run --voice)?", flush=True)
            return EXIT_NO_AGENT
        publisher.publish(contract_io.topic_type("sim_speech")(data=words))
        print(f"[say] the person says {printable(words, 200)}", flush=True)
        stop.wait(float(args.listen))
        return EXIT_OK
    finally:
        background.close()


# ---------------------------------------------------------------------------- argparse
def _add_common(parser: argparse.ArgumentParser, timeout_s: float, timeout_help: str) -> None:
    parser.add_argument("--namespace", type=namespace_arg, default="/",
                        help="the robot's namespace: relative contract names resolve in it (default /)")
    parser.add_argument("--timeout", type=seconds_arg, default=timeout_s, help=f"{timeout_help} [s] (default {timeout_s:g})")


def add_parsers(sub: Any) -> None:
    """Register goal, cancel, estop, status and say on the `lam` sub-command parser."""
    p_goal = sub.add_parser("goal", help="send a goal to a running graph; prints the plan, progress and the result")
    p_goal.add_argument("goal", help="the goal in plain words, e.g. 'go to the red box'")
    _add_common(p_goal, GOAL_TIMEOUT_S, "wall-clock limit for the agent to answer and the goal to end "
                "(then it is cancelled)")
    p_goal.set_defaults(func=cmd_goal)
    p_cancel = sub.add_parser("cancel", help="cancel every active goal of a running graph")
    _add_common(p_cancel, ANSWER_TIMEOUT_S, "wall-clock limit for the agent to answer")
    p_cancel.set_defaults(func=cmd_cancel)
    p_estop = sub.add_parser("estop", help="engage (on) or release (off) the latched e-stop of a running graph; "
                             "waits until the executor confirms")
    p_estop.add_argument("state", choices=["on", "off"])
    _add_common(p_estop, ANSWER_TIMEOUT_S, "wall-clock limit for the executor to confirm")
    p_estop.set_defaults(func=cmd_estop)
    p_status = sub.add_parser("status", help="nodes alive, topic rates, last plan, shield and e-stop of a running graph")
    p_status.add_argument("--window", type=seconds_arg, default=STATUS_WINDOW_S,
                          help=f"measuring window for the topic rates [s] (default {STATUS_WINDOW_S:g})")
    p_status.add_argument("--graph", default=None, help="graph of config/graph.yaml whose nodes are expected "
                          "(default: the one the discovered nodes fit)")
    p_status.add_argument("--json", action="store_true", help="one JSON object instead of text")
    _add_common(p_status, DISCOVERY_TIMEOUT_S, "wall-clock limit for the topics' publishers to be discovered")
    p_status.set_defaults(func=cmd_status)
    p_say = sub.add_parser("say", help="the simulated person says the words into the room's microphone (lam run "
                           "--voice); prints what the robot says back")
    p_say.add_argument("words", help="what the person says, e.g. 'robot, go to the red box' (the wake word first)")
    p_say.add_argument("--listen", type=float, default=15.0, help="print what the robot says for this long [s] (default 15)")
    _add_common(p_say, ANSWER_TIMEOUT_S, "wall-clock limit for the simulator's microphone to be discovered")
    p_say.set_defaults(func=cmd_say)
