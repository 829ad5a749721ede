"""planner_node: the ExecuteGoal action server. Goal text -> plan (task planner) -> per-observation
ActionCommands (actor) until each step is done, failed or timed out.

Observation callbacks only store the newest observation; each goal runs in its own thread, which
does the planning (a model may take seconds) and the deciding, so neither blocks the node's
single-threaded executor. One goal at a time: a new goal replaces the running one, which stops the
robot and ends "replaced by a newer goal" (as a navigator takes a new destination), so "no, the
blue box" said while the robot drives to the red one takes effect at once.
"""

from __future__ import annotations

import math
import threading
import time

from rclpy.action import ActionServer, CancelResponse, GoalResponse
from rclpy.task import Future

from lam_core.actors.factory import make_actor
from lam_core.datatypes import ActionCommand, Observation, Plan, StepStatus
from lam_core.errors import LamError
from lam_core.node_configs import PlannerNodeConfig
from lam_core.planning import PLANNER_DIAGNOSTIC_NAME
from lam_core.planning.factory import make_task_planning
from lam_core.planning.plan_runner import PlanRunner, pace_note
from lam_core.planning.plan_schema import PlanRequest
from lam_core.planning.task_planning import Answered
from lam_core.safety.shield import SHIELD_DIAGNOSTIC_NAME
from lam_core.stats import RollingWindow
from lam_core.untrusted import printable
from lam_ros import contract_io, diagnostics
from lam_ros.convert import lam as lam_convert
from lam_ros.node import LamNode
from lam_ros.node_main import exit_process, run_node
from lam_ros.params import declare_config

DECISION_WINDOW = 1000  # decisions over which /diagnostics reports the actor's compute time
PREEMPT_WAIT_S = 5.0  # how long a new goal waits for the one it replaces to stop [s]


class PlannerNode(LamNode):
    def __init__(self) -> None:
        super().__init__("planner_node")
        self.cfg = declare_config(self, PlannerNodeConfig)
        self.planning = make_task_planning(self.cfg)
        self.actor = make_actor(self.cfg, self.get_logger().error)
        self._estop = False
        self._closing = False  # set by close(): a running goal ends at once
        self._cancel_requested = False  # set by the cancel callback, cleared at each goal
        self._keepalive: ActionCommand | None = None  # the decision in force, repeated at the control rate
        self._decision_ms = RollingWindow(DECISION_WINDOW)  # actor compute time per decision [ms]
        self._diag_pub = contract_io.publisher(self, "diagnostics")
        self.create_timer(self.cfg.diagnostics_period_s, self._publish_diagnostics)
        self._obs: Observation | None = None
        self._obs_cv = threading.Condition()
        self._busy = threading.Lock()
        self._newest_goal = 0  # number of the newest goal to execute; a goal with an older one ends
        self._interventions = 0
        self._cmd_pub = contract_io.publisher(self, "action")
        self._plan_pub = contract_io.publisher(self, "plan")
        contract_io.subscription(self, "observation", self._on_observation)
        contract_io.subscription(self, "diagnostics", self._on_diagnostics)
        contract_io.subscription(self, "estop", self._on_estop)
        self.create_timer(1.0 / self.cfg.keepalive_rate_hz, self._repeat_decision)
        self._held = ""  # the cube the gripper holds since the last pick, as the plan runner saw it
        srv_type, srv_name = contract_io.service_spec("ask")
        self.create_service(srv_type, srv_name, self._on_ask)
        action_type, action_name = contract_io.action_spec("execute_goal")
        self.action_type = action_type
        self._server = ActionServer(
            self, action_type, action_name, execute_callback=self._execute,
            goal_callback=self._on_goal, cancel_callback=self._on_cancel,
        )

    # ------------------------------------------------------------------ inputs
    def _on_observation(self, msg) -> None:  # type: ignore[no-untyped-def]
        try:
            obs = lam_convert.observation_from_msg(msg)
        except LamError as exc:
            self.get_logger().warn(f"observation ignored: {exc}", throttle_duration_sec=2.0)
            return
        with self._obs_cv:
            self._obs = obs
            self._obs_cv.notify_all()

    def _on_diagnostics(self, msg) -> None:  # type: ignore[no-untyped-def]
        for status in msg.status:
            if status.name == SHIELD_DIAGNOSTIC_NAME:
                for kv in status.values:
                    if kv.key == "interventions" and kv.value.isdigit():
                        self._interventions = int(kv.value)

    def _on_estop(self, msg) -> None:  # type: ignore[no-untyped-def]
        self._estop = bool(msg.data)
        with self._obs_cv:
            self._obs_cv.notify_all()

    def _on_ask(self, request, response):  # type: ignore[no-untyped-def]
        """/lam/ask: a question answered from the newest Observation (goal understanding is fast
        and runs here, on the node's executor)."""
        with self._obs_cv:
            obs = self._obs
        try:
            understood = self.planning.understand(PlanRequest.from_observation(request.question, obs, held=self._held))
        except LamError as exc:
            response.answered, response.answer = False, str(exc)
            return response
        if understood is None or not understood.is_answer:
            response.answered = False
            response.answer = "that is not a question about what I see; send it as a goal to /lam/execute_goal"
            return response
        response.answered, response.answer = True, understood.answer
        return response

    def _on_goal(self, request) -> GoalResponse:  # type: ignore[no-untyped-def]
        if self._closing:
            return GoalResponse.REJECT
        if self._busy.locked():
            self.get_logger().info(f"goal {printable(request.instruction)} accepted: it replaces the running goal")
        return GoalResponse.ACCEPT

    # ------------------------------------------------------------------ goal execution
    def _now_ns(self) -> int:
        return int(self.get_clock().now().nanoseconds)

    def _on_cancel(self, goal_handle) -> CancelResponse:  # type: ignore[no-untyped-def]
        with self._obs_cv:  # wake the goal thread so it sees the request now
            self._cancel_requested = True
            self._obs_cv.notify_all()
        return CancelResponse.ACCEPT

    def _replaced(self, number: int) -> bool:
        """Whether goal ``number`` has been replaced by a newer goal."""
        return self._newest_goal != number

    def _next_observation(self, newer_than_ns: int, number: int) -> Observation | None:
        """The next Observation newer than ``newer_than_ns``; None after observation_timeout_s,
        at shutdown, at a cancel request, or when goal ``number`` has been replaced. Calls nothing
        outside this node under its lock."""
        deadline = time.monotonic() + self.cfg.observation_timeout_s
        with self._obs_cv:
            while self._obs is None or self._obs.stamp_ns <= newer_than_ns:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or self._closing or self._cancel_requested or self._replaced(number):
                    return None
                self._obs_cv.wait(remaining)
            return self._obs

    def _send(self, command: ActionCommand) -> None:
        self._keepalive = command
        self._cmd_pub.publish(lam_convert.command_to_msg(command))

    def _repeat_decision(self) -> None:
        """Repeat the decision in force while it is within its horizon, so the executor's
        watchdog measures this process's liveness, not the observation rate. The executor
        enforces the horizon from the command's stamp as well."""
        command = self._keepalive
        if command is not None and (self._now_ns() - command.stamp_ns) * 1e-9 <= command.horizon_s:
            self._cmd_pub.publish(lam_convert.command_to_msg(command))

    def _stop(self, step: int = 0) -> None:
        self._send(ActionCommand(stamp_ns=self._now_ns(), skill="stop", plan_step=step, source=self.actor.source))

    def close(self) -> None:
        """Called by run_node at shutdown: wake a goal waiting for observations so it ends."""
        with self._obs_cv:
            self._closing = True
            self._obs_cv.notify_all()

    def _publish_diagnostics(self) -> None:
        values: dict[str, object] = {"decisions": len(self._decision_ms), "actor": self.actor.source, "busy": self._busy.locked()}
        values.update(self._decision_ms.percentile_fields("decision_ms"))
        actor = self.actor.diagnostics()
        values.update(actor)
        level, message = diagnostics.OK, "estop" if self._estop else "ok"
        if actor.get("policy_problem"):  # a policy server that does not answer: the robot stands still
            level, message = diagnostics.WARN, actor["policy_problem"]
        status = diagnostics.status(PLANNER_DIAGNOSTIC_NAME, level, message, values)
        self._diag_pub.publish(diagnostics.array(self._now_ns(), [status]))

    def _publish_failed(self, plan: Plan, index: int) -> None:
        self._plan_pub.publish(lam_convert.plan_to_msg(plan.with_status(index, StepStatus.FAILED), self._now_ns()))

    async def _execute(self, goal_handle):  # type: ignore[no-untyped-def]
        """Run the goal in its own thread, once the goal it replaces (if any) has stopped; the
        executor resumes this coroutine when it ends."""
        with self._obs_cv:  # wake a running goal's thread so it sees it is replaced
            self._newest_goal += 1
            number = self._newest_goal
            self._obs_cv.notify_all()
        finished = Future(executor=self.executor)
        finished.add_done_callback(lambda _: None)  # its completion wakes the executor

        def refuse(reason: str):  # type: ignore[no-untyped-def]
            goal_handle.abort()
            self.get_logger().warn(f"goal {printable(goal_handle.request.instruction)} not run: {reason}")
            return self.action_type.Result(success=False, reason=reason)

        def run() -> None:
            acquired = False
            try:
                acquired = self._busy.acquire(timeout=PREEMPT_WAIT_S)
                if not acquired:
                    finished.set_result(refuse(f"the running goal did not stop within {PREEMPT_WAIT_S:g} s"))
                elif self._replaced(number):
                    finished.set_result(refuse("replaced by a newer goal before it started"))
                else:
                    finished.set_result(self._run_goal(goal_handle, number))
            except Exception as exc:  # raised again by the await below, in the executor
                finished.set_exception(exc)
            finally:
                if acquired:
                    self._keepalive = None
                    self._busy.release()

        threading.Thread(target=run, name="planner-goal", daemon=True).start()
        return await finished

    def _run_goal(self, goal_handle, number: int):  # type: ignore[no-untyped-def]
        """Plan the goal, then feed each new Observation to a PlanRunner (step completion, time
        limits, re-planning) until the goal ends; e-stop, cancel, lost observations and shutdown
        end it here and are never re-planned."""
        t0 = self._now_ns()
        with self._obs_cv:
            self._cancel_requested = False
            latest = self._obs
        self.get_logger().info(f"goal {printable(goal_handle.request.instruction)} started at {t0 * 1e-9:.3f} s")
        interventions0 = self._interventions
        result = self.action_type.Result()
        remembered = False  # the goal is the conversation's last planned one (not a question, not a plain stop)

        def finish(success: bool, reason: str):  # type: ignore[no-untyped-def]
            if success and remembered:
                self.planning.conversation.remember_done()  # "carry on" now has nothing to go on with
            result.success, result.reason = success, reason
            result.duration_s = (self._now_ns() - t0) * 1e-9
            result.safety_interventions = max(0, self._interventions - interventions0)
            (goal_handle.succeed if success else goal_handle.abort)()
            self.get_logger().info(f"goal {'succeeded' if success else 'failed'}: {reason}")
            return result

        def feedback(plan: Plan, index: int, status: str, distance: float = math.nan) -> None:
            goal_handle.publish_feedback(self.action_type.Feedback(
                plan=lam_convert.plan_to_msg(plan, self._now_ns()), current_step=index, status=status,
                safety_interventions=max(0, self._interventions - interventions0), distance_to_target_m=distance,
            ))

        runner = PlanRunner(self.planning, self.actor, self.cfg.max_replans, held=self._held)
        instruction = goal_handle.request.instruction
        try:
            outcome = runner.start(instruction, latest)
        except Answered as question:  # a question: answered, nothing moves
            return finish(True, question.answer)
        except LamError as exc:
            return finish(False, f"cannot plan {printable(instruction)}: {exc}")
        remembered = not all(step.skill == "stop" and not step.target for step in outcome.plan.steps)
        try:
            return self._follow(goal_handle, runner, outcome, result, finish, feedback, number)
        finally:
            self._held = runner.held

    def _follow(self, goal_handle, runner, outcome, result, finish, feedback, number: int):  # type: ignore[no-untyped-def]
        """Feed each new Observation to the runner until the goal ends or goal ``number`` is replaced."""
        self._announce(outcome.plan, outcome.notes, feedback)
        published = outcome.plan
        last_obs_ns = -1
        while True:
            plan, index = runner.plan, runner.index
            assert plan is not None
            step = plan.steps[min(index, len(plan.steps) - 1)]
            if self._estop:
                self._stop(index)
                self._publish_failed(plan, index)
                return finish(False, f"e-stop engaged during step {index} {step.skill}({step.target}): goal aborted")
            obs = None if goal_handle.is_cancel_requested else self._next_observation(last_obs_ns, number)
            if goal_handle.is_cancel_requested:
                self._stop(index)
                goal_handle.canceled()
                result.success, result.reason = False, "canceled"
                return result
            if self._replaced(number):
                self._stop(index)
                self._publish_failed(plan, index)
                return finish(False, f"replaced by a newer goal during step {index} {step.skill}({step.target})")
            if obs is None:
                self._stop(index)
                return finish(False, "the planner is shutting down" if self._closing
                              else f"no observation for {self.cfg.observation_timeout_s:.1f} s")
            last_obs_ns = obs.stamp_ns
            tick = runner.tick(obs, self._now_ns())
            self._send(tick.command)
            status = tick.status
            if not math.isnan(tick.decision_ms):
                self._decision_ms.add(tick.decision_ms)
            note = pace_note(tick, self.cfg.command_horizon_s)
            if note is not None:
                status = f"{status} [{note}]"
                self.get_logger().warn(
                    f"planner behind ({self.actor.source} actor, {note}); the executor's watchdog stops the robot "
                    f"when no command arrives within its horizon", throttle_duration_sec=2.0)
            if tick.new_plan is not None:
                if tick.failed_plan is not None:
                    self._plan_pub.publish(lam_convert.plan_to_msg(tick.failed_plan, self._now_ns()))
                self._announce(tick.new_plan.plan, tick.new_plan.notes, feedback)
                published = tick.new_plan.plan
                continue
            plan = runner.plan
            if plan is not published:
                published = plan
                self._plan_pub.publish(lam_convert.plan_to_msg(plan, self._now_ns()))
            feedback(plan, min(runner.index, len(plan.steps) - 1), status, tick.distance_m)
            if tick.finished:
                return finish(tick.success, tick.reason)

    def _announce(self, plan: Plan, notes: tuple[str, ...], feedback) -> None:  # type: ignore[no-untyped-def]
        """Log and publish a new plan (or re-plan) with how it was made."""
        steps = "; ".join(f"{s.skill}({s.target})" for s in plan.steps)
        text = f"plan r{plan.revision} by {plan.planner} for '{plan.goal}': {steps} ({plan.reason})"
        for note in notes:
            self.get_logger().warn(f"task planner: {note}")
        self.get_logger().info(text)
        self._plan_pub.publish(lam_convert.plan_to_msg(plan, self._now_ns()))
        feedback(plan, 0, "; ".join([*notes, text]))


def main() -> None:
    exit_process(run_node(PlannerNode))


if __name__ == "__main__":
    main()
