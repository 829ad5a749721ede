"""console_node: the operator web page (`lam console`), served on one port by this node.

The page shows the camera with the detections drawn (lam/debug/objects_image, JPEG-encoded at
most camera_max_hz), the plan with its current step, the goal's progress and result, the robot's
pose, scan and low obstacles (below the lidar's plane, seen in depth: the Observation's) on a floor
map in the odom frame (odom, scan and observation: the newest taken at the state rate, not handled
on arrival, lam_ros.newest), and the e-stop as the executor reports it
(diagnostics). It sends goals (lam/execute_goal), cancels them, asks questions (lam/ask), and
engages or releases the latched e-stop (lam/estop). It runs at a lower CPU priority (nice).

Nothing is subscribed while no page is connected: the topics, the state timer and the agent's
clients exist only while a page is open (or a goal sent from here still runs). The node runs on
the wall clock whatever use_sim_time says: following /clock would cost a callback per tick.

Threads: the HTTP server's threads never call into rclpy's entities except the e-stop publisher;
everything else they ask for runs on the node's executor (a guard condition wakes it), since
rclpy's ActionClient loses a goal whose answer is taken before the request is recorded.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from action_msgs.msg import GoalStatusArray
from rclpy.action import ActionClient
from rclpy.duration import Duration
from rclpy.parameter import Parameter
from rclpy.qos import QoSProfile, qos_profile_action_status_default
from rclpy.serialization import deserialize_message

from lam_bringup.operator import GoalProgress, ShieldReport, goal_text, plan_lines, result_line
from lam_console.server import ConsoleServer
from lam_core.console import (
    ConsoleClient,
    ConsoleNodeConfig,
    EstopView,
    FloorMap,
    GoalView,
    PointsXY,
    RateGate,
    lower_cpu_priority,
    scan_points_in_odom,
    snapshot,
    sse_event,
)
from lam_core.contract import contract
from lam_core.datatypes import Plan, Pose2D
from lam_core.errors import LamError
from lam_core.geometry import out_of_frame
from lam_core.robot.description import robot_description
from lam_core.safety.shield import SHIELD_DIAGNOSTIC_NAME
from lam_core.untrusted import escape_control, printable
from lam_ros import contract_io
from lam_ros.convert import lam as lam_convert
from lam_ros.convert import sensors
from lam_ros.newest import NewestMessages
from lam_ros.node import LamNode
from lam_ros.node_main import exit_process, run_node
from lam_ros.params import declare_config
from lam_ros.throttle import KeyedWarnings

STATIC_DIR = Path(__file__).resolve().parent / "static"
LOG_LINES = 40  # progress lines kept for the page
MAP_PERIOD_S = 1.0  # the floor map goes out at most this often [s]
MAX_FRAME_WIDTH_PX = 640  # wider camera frames are scaled down before encoding
SCAN_STRIDE = 2  # every second ray of the scan goes to the page
ESTOP_ACK_S = 1.0  # a stop or release waits at most this long for the subscribers to acknowledge [s]
SERVER_WAIT_S = 0.02  # poll period while waiting for the agent's servers to be discovered [s]
STATUS_SUCCEEDED, STATUS_CANCELED = 4, 5  # action_msgs/GoalStatus
TERMINAL_STATUSES = (4, 5, 6)  # succeeded, canceled, aborted
OWN_GOALS_KEPT = 16  # ids of the latest goals sent from this console
SHIELD_NAME_BYTES = SHIELD_DIAGNOSTIC_NAME.encode()  # as it appears inside a serialized DiagnosticArray


class _Reply:
    """An HTTP thread's wait for an answer produced on the executor."""

    def __init__(self) -> None:
        self._done = threading.Event()
        self.value: tuple[int, dict[str, Any]] = (504, {"error": "no answer"})

    def set(self, status: int, body: dict[str, Any]) -> None:
        if not self._done.is_set():
            self.value = (status, body)
            self._done.set()

    def wait(self, timeout_s: float) -> bool:
        return self._done.wait(timeout_s)


class ConsoleNode(LamNode):
    def __init__(self) -> None:
        super().__init__("console_node", parameter_overrides=[Parameter("use_sim_time", value=False)])
        self.cfg = declare_config(self, ConsoleNodeConfig)
        niceness = lower_cpu_priority(self.cfg.nice)
        self._warnings = KeyedWarnings(self.get_logger())
        robot = robot_description()
        (lx, ly, _), rot = robot.fixed_transform(robot.lidar.link)
        self._laser = Pose2D(lx, ly, math.atan2(float(rot[1, 0]), float(rot[0, 0])))  # laser_link in base_link
        self._odom_frame = contract().frame("odom")
        self._lock = threading.Lock()  # the state below, shared with the HTTP threads
        self._goal = GoalView()
        self._progress = GoalProgress()
        self._lines: deque[str] = deque(maxlen=LOG_LINES)
        self._plan: Plan | None = None
        self._estop = EstopView()
        self._pose: Pose2D | None = None
        self._scan_xy: PointsXY | None = None
        self._low_xy: PointsXY | None = None  # the latest Observation's low obstacles, odom [m]
        self._newest: NewestMessages | None = None  # odometry, scan, Observation, taken at the state rate (while a page is connected)
        self._answer: dict[str, Any] | None = None
        self._jpeg: tuple[int, bytes] | None = None
        self._frame_seq = 0
        self._last_state: bytes = b""
        self._last_map: bytes = b""
        self._sent_map_version = -1
        self._inflight = 0  # commands from the HTTP threads not yet answered
        self._goal_handle: Any = None
        self._other_goal: bytes | None = None  # the id of a goal another tool sent, followed while a page is open
        self._other_result_asked = False
        self._own_goals: deque[bytes] = deque(maxlen=OWN_GOALS_KEPT)  # ids of goals sent from here: late feedback is theirs
        self._ended_goals: deque[bytes] = deque(maxlen=OWN_GOALS_KEPT)  # other tools' goals shown ended: late feedback too
        self._result_client: Any = None  # the action's get_result service, for goals other tools sent
        self._goal_serial = 0  # which goal the callbacks belong to
        self._cancel_when_accepted = False
        self._map = FloorMap()
        self._map_gate = RateGate(1.0 / MAP_PERIOD_S)
        self._camera_gate = RateGate(self.cfg.camera_max_hz)
        self._page_subscriptions: list[Any] = []  # while a page is connected
        self._page_timer: Any = None  # likewise
        self._action: ActionClient | None = None
        self._ask_client: Any = None
        self._cancel_client: Any = None
        self._commands: deque[Callable[[], None]] = deque()
        self._wake = self.create_guard_condition(self._run_commands)
        self._estop_lock = threading.Lock()
        # Created now, so the executor and the planner have matched it long before the first press.
        self._estop_pub = contract_io.publisher(self, "estop")
        self._action_type, self._action_name = contract_io.action_spec("execute_goal")
        self._ask_type, self._ask_name = contract_io.service_spec("ask")
        self.server = ConsoleServer(self.cfg, self, STATIC_DIR, self.get_logger().warn)
        self.server.start()
        self.get_logger().info(f"console at {self.server.url}" + (" (token required)" if self.cfg.token else "")
                               + f", CPU niceness {niceness}")

    # ------------------------------------------------------------------ executor-side plumbing
    def _on_executor(self, fn: Callable[[], None]) -> None:
        """Run ``fn`` on the node's executor thread, soon."""
        self._commands.append(fn)
        self._wake.trigger()

    def _run_commands(self) -> None:
        while self._commands:
            fn = self._commands.popleft()
            try:
                fn()
            except Exception as exc:  # one bad command must not stop the node
                self._warnings.warn("command", f"console command failed: {exc!r}")
        self._sync()

    def _sync(self) -> None:
        """Create or destroy what only a connected page (or a goal from here) needs. Executor thread."""
        clients = self.server.hub.count()
        if clients and self._page_timer is None:
            self._page_subscriptions = [
                contract_io.subscription(self, "debug_image", self._on_image, raw=True),
                contract_io.subscription(self, "plan", self._on_plan),
                contract_io.subscription(self, "diagnostics", self._on_diagnostics, raw=True),
                # Every goal's feedback and status, so goals sent by other tools (lam goal, a replay) show too.
                self.create_subscription(self._action_type.Impl.FeedbackMessage, f"{self._action_name}/_action/feedback",
                                         self._on_any_feedback, QoSProfile(depth=10)),
                self.create_subscription(GoalStatusArray, f"{self._action_name}/_action/status", self._on_goal_statuses,
                                         qos_profile_action_status_default),
            ]
            self._result_client = self.create_client(self._action_type.Impl.GetResultService,
                                                     f"{self._action_name}/_action/get_result")
            self._newest = NewestMessages(self, ("odom", "scan", "observation"))
            self._page_timer = self.create_timer(1.0 / self.cfg.state_rate_hz, self._publish_state)
            self._ensure_clients()
        elif not clients and self._page_timer is not None:
            self._page_timer.cancel()
            self.destroy_timer(self._page_timer)
            self._page_timer = None
            for sub in self._page_subscriptions:
                self.destroy_subscription(sub)
            self._page_subscriptions = []
            self.destroy_client(self._result_client)
            self._result_client = None
            if self._other_goal is not None:  # no page follows it any more
                self._other_goal = None
                with self._lock:
                    self._goal = GoalView()
            if self._newest is not None:
                self._newest.close()
                self._newest = None
            with self._lock:
                self._jpeg, self._pose, self._scan_xy, self._low_xy = None, None, None, None
                self._last_state = self._last_map = b""
            self._map.clear()
            self._sent_map_version = -1
        with self._lock:
            idle = not clients and not self._goal.active and self._inflight == 0
        if idle and self._action is not None:
            self._action.destroy()
            self.destroy_client(self._ask_client)
            self.destroy_client(self._cancel_client)
            self._action = self._ask_client = self._cancel_client = None

    def _ensure_clients(self) -> None:
        if self._action is None:
            self._action = ActionClient(self, self._action_type, self._action_name)
            self._ask_client = self.create_client(self._ask_type, self._ask_name)
            cancel_type = self._action_type.Impl.CancelGoalService
            self._cancel_client = self.create_client(cancel_type, f"{self._action_name}/_action/cancel_goal")

    def _command(self, start: Callable[[_Reply], None], ready: Callable[[], bool], what: str) -> tuple[int, dict[str, Any]]:
        """From an HTTP thread: make sure the agent's clients exist, wait (at most answer_timeout_s)
        until ``ready`` says the agent's server is discovered, run ``start`` on the executor and
        wait for the answer it gives."""
        deadline = time.monotonic() + self.cfg.answer_timeout_s
        with self._lock:
            self._inflight += 1
        try:
            self._on_executor(self._ensure_clients)
            while not self._clients_ready(ready):
                if time.monotonic() >= deadline:
                    return 504, {"error": f"no agent answers on {what} within {self.cfg.answer_timeout_s:g} s: "
                                          "is the graph running?"}
                time.sleep(SERVER_WAIT_S)
            reply = _Reply()
            self._on_executor(lambda: start(reply))
            if not reply.wait(max(0.1, deadline - time.monotonic())):
                return 504, {"error": f"the agent did not answer on {what} within {self.cfg.answer_timeout_s:g} s"}
            return reply.value
        finally:
            with self._lock:
                self._inflight -= 1
            self._on_executor(lambda: None)  # let _sync drop the clients once nothing needs them

    def _clients_ready(self, ready: Callable[[], bool]) -> bool:
        try:
            return self._action is not None and ready()
        except Exception:  # destroyed under us by _sync: created again by the next _ensure_clients
            return False

    # ------------------------------------------------------------------ backend of the server
    def goal_text(self, text: str) -> str:
        return goal_text(text)

    def send_goal(self, text: str, client_id: int, cancel_on_close: bool) -> tuple[int, dict[str, Any]]:
        with self._lock:
            if self._goal.state == "sending":
                return 409, {"error": "a goal from this console is being sent; wait for its answer"}
        if client_id:
            self.set_cancel_on_close(client_id, cancel_on_close)
        return self._command(lambda reply: self._start_goal(text, client_id, reply),
                             lambda: self._action is not None and self._action.server_is_ready(), self._action_name)

    def set_cancel_on_close(self, client_id: int, cancel_on_close: bool) -> None:
        client = self.server.hub.get(client_id)
        if client is not None:
            client.cancel_on_close = cancel_on_close

    def cancel_goals(self) -> tuple[int, dict[str, Any]]:
        return self._command(self._cancel_all, lambda: self._cancel_client.service_is_ready(), "the cancel service")

    def ask(self, question: str) -> tuple[int, dict[str, Any]]:
        return self._command(lambda reply: self._ask(question, reply), lambda: self._ask_client.service_is_ready(),
                             self._ask_name)

    def estop(self, engage: bool) -> tuple[int, dict[str, Any]]:
        """Publish the latched e-stop at once (this thread) and wait briefly for the acknowledgements."""
        with self._estop_lock:
            self._estop_pub.publish(contract_io.topic_type("estop")(data=engage))
            sent_wall_s = time.time()
            subscribers = self._estop_pub.get_subscription_count()
            acked = self._estop_pub.wait_for_all_acked(Duration(seconds=ESTOP_ACK_S))
        word = "ENGAGED" if engage else "released"
        self.get_logger().warn(f"e-stop {word} from the console page ({subscribers} subscriber(s))")
        with self._lock:
            self._estop = replace(self._estop, sent=engage)
            self._lines.append(f"[console] e-stop {word} from this page")
        body = {"estop": engage, "subscribers": subscribers, "acknowledged": bool(acked), "sent_wall_s": sent_wall_s}
        if subscribers == 0:
            body["warning"] = "no node subscribes to the e-stop: is the executor running?"
        return 200, body

    def camera_jpeg(self) -> tuple[int, bytes] | None:
        with self._lock:
            return self._jpeg

    def initial_events(self) -> list[bytes]:
        with self._lock:
            return [e for e in (self._last_state, self._last_map) if e] + (
                [sse_event("frame", {"seq": self._jpeg[0]})] if self._jpeg else [])

    def clients_changed(self) -> None:
        self._on_executor(lambda: None)  # _sync runs after every batch of commands

    def client_closed(self, client: ConsoleClient) -> None:
        if client.cancel_on_close:
            self._on_executor(lambda: self._cancel_for_closed(client.id))

    def status(self) -> dict[str, Any]:
        with self._lock:
            goal = self._goal
        return {"following": self._page_timer is not None, "agent_clients": self._action is not None,
                "goal": {"text": goal.text, "state": goal.state, "owner": goal.owner}}

    # ------------------------------------------------------------------ commands (executor thread)
    def _start_goal(self, text: str, client_id: int, reply: _Reply) -> None:
        assert self._action is not None
        self._goal_serial += 1
        serial = self._goal_serial
        with self._lock:
            self._goal = GoalView(text=text, state="sending", owner=client_id)
            self._progress = GoalProgress()
            self._lines.clear()
            self._lines.append(f"[goal] sending {printable(text, 200)}")
        self._cancel_when_accepted = False
        future = self._action.send_goal_async(self._action_type.Goal(instruction=text),
                                              feedback_callback=lambda fb: self._on_feedback(serial, fb))
        future.add_done_callback(lambda f: self._on_goal_response(serial, f, reply))

    def _on_goal_response(self, serial: int, future: Any, reply: _Reply) -> None:
        handle = future.result() if future.exception() is None else None
        if serial != self._goal_serial:
            reply.set(409, {"error": "another goal was sent meanwhile"})
            return
        if handle is None or not handle.accepted:
            with self._lock:
                self._goal = replace(self._goal, state="rejected", result="the agent rejected the goal")
                self._lines.append("[goal] refused: the agent rejected the goal (is it shutting down?)")
            reply.set(409, {"error": "the agent rejected the goal: is it shutting down?"})
            self._sync()
            return
        self._goal_handle = handle
        self._own_goals.append(bytes(handle.goal_id.uuid))
        with self._lock:
            self._goal = replace(self._goal, state="running")
            text, owner = self._goal.text, self._goal.owner
        self.get_logger().info(f"goal {printable(text)} accepted (from client {owner})")
        handle.get_result_async().add_done_callback(lambda f: self._on_result(serial, f))
        reply.set(200, {"accepted": True, "goal": text})
        if self._cancel_when_accepted:
            self._cancel_own("its page closed while the goal was being sent")

    def _on_feedback(self, serial: int, msg: Any) -> None:
        if serial != self._goal_serial:
            return
        fb = msg.feedback
        try:
            plan = lam_convert.plan_from_msg(fb.plan)
        except (LamError, ValueError) as exc:
            self._warnings.warn("feedback", f"feedback with a malformed plan ignored: {exc}")
            return
        index, status, distance = int(fb.current_step), str(fb.status), float(fb.distance_to_target_m)
        with self._lock:
            self._plan = plan
            self._goal = replace(self._goal, step_index=index, status=escape_control(status), distance_m=distance)
            self._lines.extend(self._progress.update(plan, index, status, distance, time.monotonic()))

    def _on_result(self, serial: int, future: Any) -> None:
        if serial != self._goal_serial:
            return
        self._goal_handle = None
        wrapped = future.result() if future.exception() is None else None
        with self._lock:
            if wrapped is None:
                self._goal = replace(self._goal, state="failed", result="no result from the agent", success=False)
            else:
                res = wrapped.result
                line = result_line(bool(res.success), str(res.reason), float(res.duration_s), int(res.safety_interventions))
                state = "succeeded" if wrapped.status == STATUS_SUCCEEDED else (
                    "canceled" if wrapped.status == STATUS_CANCELED else "failed")
                self._goal = replace(self._goal, state=state, result=line, success=bool(res.success))
                self._lines.append(line)
        self._sync()

    def _cancel_own(self, why: str) -> None:
        if self._goal_handle is not None:
            self.get_logger().info(f"cancelling the goal sent from this console: {why}")
            self._goal_handle.cancel_goal_async()
            with self._lock:
                self._lines.append(f"[console] cancelling the goal: {why}")

    def _cancel_for_closed(self, client_id: int) -> None:
        with self._lock:
            goal = self._goal
        if goal.owner != client_id or not goal.active:
            return
        if goal.state == "sending":
            self._cancel_when_accepted = True
        else:
            self._cancel_own(f"its page (client {client_id}) closed and asked for that")

    def _cancel_all(self, reply: _Reply) -> None:
        assert self._cancel_client is not None
        future = self._cancel_client.call_async(self._cancel_client.srv_type.Request())  # zero id and stamp: every goal

        def done(f: Any) -> None:
            response = f.result() if f.exception() is None else None
            if response is None:
                reply.set(502, {"error": "the cancel request failed"})
                return
            count = len(response.goals_canceling)
            with self._lock:
                self._lines.append(f"[console] cancelled {count} goal(s)")
            reply.set(200, {"cancelled": count})

        future.add_done_callback(done)

    def _ask(self, question: str, reply: _Reply) -> None:
        assert self._ask_client is not None
        future = self._ask_client.call_async(self._ask_type.Request(question=question))

        def done(f: Any) -> None:
            response = f.result() if f.exception() is None else None
            if response is None:
                reply.set(502, {"error": "the question was not answered"})
                return
            answer = {"question": question, "answered": bool(response.answered), "answer": escape_control(response.answer)}
            with self._lock:
                self._answer = answer
            reply.set(200, answer)

        future.add_done_callback(done)

    # ------------------------------------------------------------------ topics (only while a page is connected)
    def _on_image(self, raw: bytes) -> None:
        if not self._camera_gate.ready():
            return
        try:
            rgb = sensors.rgb_from_msg(deserialize_message(raw, contract_io.topic_type("debug_image"))).pixels
        except (LamError, ValueError) as exc:
            self._warnings.warn("image", f"camera frame ignored: {exc}")
            return
        if rgb.shape[1] > MAX_FRAME_WIDTH_PX:
            scale = MAX_FRAME_WIDTH_PX / rgb.shape[1]
            rgb = cv2.resize(rgb, (MAX_FRAME_WIDTH_PX, max(1, round(rgb.shape[0] * scale))), interpolation=cv2.INTER_AREA)
        ok, buf = cv2.imencode(".jpg", cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_JPEG_QUALITY, self.cfg.jpeg_quality])
        if not ok:
            return
        with self._lock:
            self._frame_seq += 1
            self._jpeg = (self._frame_seq, buf.tobytes())
            seq = self._frame_seq
        self.server.broadcast(sse_event("frame", {"seq": seq}))

    def _follow_pose_and_scan(self) -> None:
        """Decode the newest odometry, scan and Observation; the scan's returns go onto the floor
        map, the Observation's low obstacles are drawn as they are now."""
        if self._newest is None:
            return
        odom_raw, scan_raw, obs_raw = self._newest.take("odom"), self._newest.take("scan"), self._newest.take("observation")
        pose = self._pose
        try:
            if odom_raw is not None:
                pose = sensors.odometry_from_msg(deserialize_message(odom_raw, contract_io.topic_type("odom"))).pose
            scan = None if scan_raw is None else sensors.scan_from_msg(deserialize_message(scan_raw, contract_io.topic_type("scan")))
            obs = None if obs_raw is None else lam_convert.observation_from_msg(
                deserialize_message(obs_raw, contract_io.topic_type("observation")))
        except (LamError, ValueError) as exc:
            self._warnings.warn("odom_scan", f"odometry, scan or observation ignored: {exc}")
            return
        if obs is not None:
            at = obs.odometry.pose if obs.odometry is not None else pose
            low = None if at is None else np.array([out_of_frame(at.x_m, at.y_m, at.yaw_rad, x, y) for x, y in obs.low_obstacles_m])
            with self._lock:
                self._low_xy = low
        points = None
        if scan is not None and pose is not None:
            points = scan_points_in_odom(pose, self._laser, scan.ranges_m, scan.angle_min_rad, scan.angle_increment_rad,
                                         scan.range_min_m, scan.range_max_m)
            self._map.add_points(points)
        with self._lock:
            self._pose = pose
            if points is not None:
                self._scan_xy = points[::SCAN_STRIDE]

    def _on_plan(self, msg: Any) -> None:
        try:
            plan = lam_convert.plan_from_msg(msg)
        except (LamError, ValueError) as exc:
            self._warnings.warn("plan", f"plan ignored: {exc}")
            return
        with self._lock:
            self._plan = plan
            if not self._goal.active and self._goal.state == "idle" and not self._lines:
                self._lines.extend(plan_lines(plan))

    def _on_diagnostics(self, raw: bytes) -> None:
        if SHIELD_NAME_BYTES not in raw:  # every node's diagnostics come here; only the shield's are read
            return
        try:
            msg = deserialize_message(raw, contract_io.topic_type("diagnostics"))
        except Exception as exc:  # a malformed message from the graph
            self._warnings.warn("diagnostics", f"diagnostics ignored: {exc!r}")
            return
        for status in msg.status:
            if status.name == SHIELD_DIAGNOSTIC_NAME:
                shield = ShieldReport.from_values(str(status.message), {str(kv.key): str(kv.value) for kv in status.values})
                with self._lock:
                    self._estop = replace(self._estop, executor=shield.estop, interventions=shield.interventions,
                                          shield_message=escape_control(shield.message))

    def _on_any_feedback(self, msg: Any) -> None:
        """Feedback of any goal: one this console did not send is shown as "from another tool"
        (the console's own goal, sending or running, takes precedence)."""
        goal_id = bytes(msg.goal_id.uuid)
        if self._goal_handle is not None or self._goal.state == "sending" or goal_id in self._own_goals:
            return  # this console's own goal: being sent, running, or its feedback arriving late
        if goal_id in self._ended_goals:
            return  # feedback that arrived after the goal's result: the goal stays shown as ended
        try:
            plan = lam_convert.plan_from_msg(msg.feedback.plan)
        except (LamError, ValueError) as exc:
            self._warnings.warn("feedback", f"feedback with a malformed plan ignored: {exc}")
            return
        fb = msg.feedback
        index, status, distance = int(fb.current_step), str(fb.status), float(fb.distance_to_target_m)
        with self._lock:
            if self._other_goal != goal_id:
                self._other_goal, self._other_result_asked = goal_id, False
                self._goal = GoalView(text=escape_control(plan.goal), state="running", owner=0)
                self._progress = GoalProgress()
                self._lines.clear()
                self._lines.append("[goal] sent by another tool")
            self._plan = plan
            self._goal = replace(self._goal, step_index=index, status=escape_control(status), distance_m=distance)
            self._lines.extend(self._progress.update(plan, index, status, distance, time.monotonic()))

    def _on_goal_statuses(self, msg: Any) -> None:
        """The end of a goal another tool sent: its result is asked for once."""
        goal_id = self._other_goal
        if goal_id is None or self._result_client is None:
            return
        for status in msg.status_list:
            if bytes(status.goal_info.goal_id.uuid) == goal_id and status.status in TERMINAL_STATUSES:
                if self._other_result_asked:
                    return
                self._other_result_asked = True
                request = self._action_type.Impl.GetResultService.Request()
                request.goal_id = status.goal_info.goal_id
                future = self._result_client.call_async(request)
                future.add_done_callback(lambda f, code=int(status.status): self._on_other_result(goal_id, code, f))
                return

    def _on_other_result(self, goal_id: bytes, code: int, future: Any) -> None:
        response = future.result() if future.exception() is None else None
        state = "succeeded" if code == STATUS_SUCCEEDED else ("canceled" if code == STATUS_CANCELED else "failed")
        if self._other_goal != goal_id:
            return  # another goal has begun meanwhile
        self._other_goal = None
        self._ended_goals.append(goal_id)
        with self._lock:
            if response is None:
                line = f"[goal] result: {state}"
                self._goal = replace(self._goal, state=state, result=line, success=code == STATUS_SUCCEEDED)
            else:
                res = response.result
                line = result_line(bool(res.success), str(res.reason), float(res.duration_s), int(res.safety_interventions))
                self._goal = replace(self._goal, state=state, result=line, success=bool(res.success))
            self._lines.append(line)

    def _publish_state(self) -> None:
        self._follow_pose_and_scan()
        with self._lock:
            goal = replace(self._goal, lines=tuple(self._lines))
            state = snapshot(goal, self._plan, self._estop, self._pose, self._scan_xy, self._answer,
                             self.server.hub.count(), self._frame_seq, self._odom_frame, self._low_xy)
        event = sse_event("state", state)
        if event != self._last_state:
            with self._lock:
                self._last_state = event
            self.server.broadcast(event)
        if self._map.version != self._sent_map_version and self._map_gate.ready():
            self._sent_map_version = self._map.version
            event = sse_event("map", self._map.to_json())
            with self._lock:
                self._last_map = event
            self.server.broadcast(event)

    def close(self) -> None:
        self.server.stop()
        if self._newest is not None:  # its node too must be gone before the context is destroyed
            self._newest.close()
            self._newest = None


def main() -> None:
    exit_process(run_node(ConsoleNode))


if __name__ == "__main__":
    main()
