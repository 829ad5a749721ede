"""An rclpy client of a running graph: sends an ExecuteGoal, follows feedback and ground truth.

Used by `lam demo` and the end-to-end tests. Runs its own executor thread; every wait has a
deadline and gives up early when a node of the graph dies.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from rclpy.action import ActionClient

from lam_bringup.background import BackgroundNode, wait_until
from lam_core.datatypes import SimGroundTruth
from lam_core.scenarios import SuccessMonitor
from lam_ros import contract_io
from lam_ros.convert import lam as lam_convert

CMD_VEL_LOG = 20_000  # /cmd_vel messages kept with their arrival time (about 6 min at 50 Hz)
CANCEL_WAIT_S = 5.0  # wall time a goal given up on waits for the agent to confirm its cancel request
# Feedback is a topic and the result a service answer, and rclpy drops a goal's feedback once its
# result is in: a goal that ends at once (the robot already there) could lose its first feedback
# (the plan). The result is asked for once the first feedback is in, or after this long [s, wall]
# (a question is answered without feedback).
FIRST_FEEDBACK_GRACE_S = 1.0


@dataclass
class GoalOutcome:
    accepted: bool
    success: bool = False
    reason: str = ""
    duration_s: float = math.nan  # sim time, as reported by the planner
    safety_interventions: int = 0
    feedback_count: int = 0
    last_status: str = ""
    truth: SimGroundTruth | None = None
    cmd_vel_nonzero: int = 0
    cmd_vel_count: int = 0
    sim_start_ns: int = -1
    sim_end_ns: int = -1
    wall_s: float = 0.0
    statuses: list[str] = field(default_factory=list)


class GoalClient(BackgroundNode):
    """Context manager: a background node with the ExecuteGoal client and ground-truth follower."""

    def __init__(self, name: str = "lam_goal_client", use_sim_time: bool = True, monitor: SuccessMonitor | None = None,
                 namespace: str | None = None) -> None:
        """``monitor`` (optional) judges the episode from every ground-truth message; ``namespace``:
        the robot's namespace, in which relative contract names resolve."""
        super().__init__(name, use_sim_time, namespace)
        action_type, action_name = contract_io.action_spec("execute_goal")
        self.action_type = action_type
        self._client = ActionClient(self.node, action_type, action_name)
        self.truth: SimGroundTruth | None = None
        self.monitor = monitor
        self.cmd_vel_count = 0
        self.cmd_vel_nonzero = 0
        self.cmd_vel_log: deque[tuple[float, float, float, int]] = deque(maxlen=CMD_VEL_LOG)  # (wall s, vx, wz, sim ns)
        self._lock = threading.Lock()
        # Best effort: an observer takes what arrives; a missed sample of a reliable subscription
        # would hold back every later one until it is sent again.
        contract_io.subscription(self.node, "sim_state", self._on_truth, purpose="SENSOR")
        contract_io.subscription(self.node, "cmd_vel", self._on_cmd_vel, purpose="SENSOR")

    def _on_truth(self, msg) -> None:  # type: ignore[no-untyped-def]
        self.truth = lam_convert.sim_state_from_msg(msg)
        if self.monitor is not None:
            self.monitor.update(self.truth)

    @property
    def monitor_failure(self) -> str:
        return self.monitor.failure if self.monitor is not None else ""

    def wait_judged(self, timeout_s: float, alive: Callable[[], bool] = lambda: True) -> bool:
        """Wait until the monitor says success or failure; True on success."""
        monitor = self.monitor
        if monitor is None:
            return False
        self.wait_until(lambda: monitor.succeeded or bool(monitor.failure), timeout_s, alive)
        return monitor.succeeded

    def _on_cmd_vel(self, msg) -> None:  # type: ignore[no-untyped-def]
        twist = lam_convert.unstamped(msg)
        with self._lock:
            self.cmd_vel_log.append((time.monotonic(), float(twist.linear.x), float(twist.angular.z),
                                     int(self.node.get_clock().now().nanoseconds)))
            self.cmd_vel_count += 1
            if abs(twist.linear.x) > 1e-6 or abs(twist.angular.z) > 1e-6:
                self.cmd_vel_nonzero += 1

    def wait_until(self, condition: Callable[[], bool], timeout_s: float, alive: Callable[[], bool] = lambda: True) -> bool:
        return wait_until(condition, timeout_s, alive)

    def wait_ready(self, timeout_s: float, alive: Callable[[], bool] = lambda: True, need_truth: bool = True) -> bool:
        """Action server up and (with ``need_truth``, i.e. a simulator) ground truth flowing."""
        return self.wait_until(lambda: not self.missing(need_truth), timeout_s, alive)

    def missing(self, need_truth: bool = True) -> str:
        """What this client has not found yet ("" when ready): the action server, ground truth."""
        gaps = ([] if self._client.server_is_ready() else ["the execute_goal action server"]) + \
            (["ground truth on sim_state"] if need_truth and self.truth is None else [])
        return " and ".join(gaps)

    def run_goal(
        self,
        instruction: str,
        timeout_s: float,
        alive: Callable[[], bool] = lambda: True,
        on_feedback: Callable[[object, SimGroundTruth | None], None] | None = None,
    ) -> GoalOutcome:
        wall0 = time.monotonic()
        out = GoalOutcome(accepted=False)
        out.sim_start_ns = self.truth.stamp_ns if self.truth else -1
        with self._lock:
            nonzero0, count0 = self.cmd_vel_nonzero, self.cmd_vel_count

        def feedback_cb(fb_msg) -> None:  # type: ignore[no-untyped-def]
            out.feedback_count += 1
            out.last_status = fb_msg.feedback.status
            if not out.statuses or out.statuses[-1] != fb_msg.feedback.status:
                out.statuses.append(fb_msg.feedback.status)
            if on_feedback is not None:
                on_feedback(fb_msg.feedback, self.truth)

        goal = self.action_type.Goal(instruction=instruction)
        with self.paused():
            send_future = self._client.send_goal_async(goal, feedback_callback=feedback_cb)
        if not self.wait_until(send_future.done, 10.0, alive):
            out.reason = "goal was not answered" if alive() else "a node of the graph died"
            # Given up before the answer: a goal accepted in the meantime must not run on unowned.
            if self.wait_until(send_future.done, CANCEL_WAIT_S) and send_future.result() is not None \
                    and send_future.result().accepted:
                self._cancel(send_future.result())
            return out
        handle = send_future.result()
        if handle is None or not handle.accepted:
            out.reason = "goal rejected"
            return out
        out.accepted = True
        self.wait_until(lambda: out.feedback_count > 0, FIRST_FEEDBACK_GRACE_S, alive)
        with self.paused():
            result_future = handle.get_result_async()
        if not self.wait_until(result_future.done, timeout_s, alive):
            self._cancel(handle)
            out.reason = f"no result within {timeout_s:.0f} s" if alive() else "a node of the graph died"
        else:
            res = result_future.result().result
            out.success, out.reason = bool(res.success), res.reason
            out.duration_s, out.safety_interventions = float(res.duration_s), int(res.safety_interventions)
        out.truth = self.truth
        out.sim_end_ns = self.truth.stamp_ns if self.truth else -1
        out.wall_s = time.monotonic() - wall0
        with self._lock:
            out.cmd_vel_nonzero = self.cmd_vel_nonzero - nonzero0
            out.cmd_vel_count = self.cmd_vel_count - count0
        return out

    def _cancel(self, handle) -> bool:  # type: ignore[no-untyped-def]
        """Ask the agent to cancel the goal of ``handle``; True once it answered (within CANCEL_WAIT_S),
        so the request is not lost when this node closes right after."""
        with self.paused():
            future = handle.cancel_goal_async()
        return self.wait_until(future.done, CANCEL_WAIT_S)

    def close(self) -> None:
        self._client.destroy()
        super().close()

    def __enter__(self) -> GoalClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
