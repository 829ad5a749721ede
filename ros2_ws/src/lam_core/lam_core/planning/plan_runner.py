"""Runs a plan on a stream of observations: the actor decides each step, the runner tracks step
completion, time limits, re-planning after a failed step, and the steps a goal gives for a search
that finds nothing. Pure (no ROS): the lockstep harness
and the planner node's action server both drive it."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field, replace

from lam_core.datatypes import ANY_COLOR, ANY_LABEL, ActionCommand, DetectedObject, Observation, Plan, PlanStep, StepStatus, Twist2D
from lam_core.errors import LamError
from lam_core.language.parse import OnlyForbidden
from lam_core.planning.detours import is_routable
from lam_core.planning.plan_schema import PlanRequest
from lam_core.planning.task_planning import PlanOutcome, TaskPlanning
from lam_core.skills import Actor, StepOutcome, has_said_limit, wait_target

# The planner falls behind when a decision, or the time since the previous one, takes more than
# this fraction of the command horizon: the executor's watchdog is stopping the robot meanwhile.
SLOW_DECISION_FRACTION = 0.5
# An object watched for counts as seen after this many observations in a row show it (one frame's
# false detection does not stop the robot or change its plan).
WATCH_CONFIRMATIONS = 3


@dataclass
class RunnerTick:
    command: ActionCommand          # what to send now (a stop while inputs are stale or at the end)
    status: str                     # the step's status text, as in the goal feedback
    finished: bool = False
    success: bool = False
    reason: str = ""                # why the goal ended (finished) or was re-planned
    decision_ms: float = math.nan   # actor compute time of this tick (NaN when it did not decide)
    tick_gap_ms: float = math.nan   # clock time since the previous tick (NaN at the first)
    new_plan: PlanOutcome | None = None
    failed_plan: Plan | None = None  # the plan as it failed (its failed step marked), when a step failed
    step: PlanStep | None = None    # the step this tick decided for (None while inputs are stale)
    step_index: int = -1
    outcome: StepOutcome | None = None
    distance_m: float = math.nan    # the actor's distance to the step's target [m] (NaN when unknown)
    plan: Plan | None = None        # the plan the step belongs to, as it stood when the step was decided


@dataclass
class PlanRunner:
    planning: TaskPlanning
    actor: Actor
    max_replans: int
    plan: Plan | None = None
    index: int = 0
    replans: int = 0
    step_start_ns: int = -1
    last_tick_ns: int = -1
    history: list[Plan] = field(default_factory=list)
    held: str = ""  # the cube the last finished pick holds ("red cube"), until a place finishes
    report: str = ""  # the question the goal asked to have answered when its steps are done
    if_search_fails: tuple[PlanStep, ...] = ()  # the goal's steps for a search that finds nothing, until used
    watch_for: str = ""  # the object the goal says to watch for while its steps run, until seen
    if_seen: tuple[PlanStep, ...] = ()  # the goal's steps for when it is seen (none: stop there)
    watch_seen: int = 0  # observations in a row that showed it
    kept_away: tuple[OnlyForbidden, ...] = ()  # what the goal and the prohibitions said before it keep away from
    _routed: tuple[int, int] = (-1, -1)  # (plans adopted, step index) of the drive last routed round what is kept away from

    def start(self, goal: str, obs: Observation | None) -> PlanOutcome:
        """Plan the goal (GoalError when refused or not understood) and arm the first step."""
        request = PlanRequest.from_observation(goal, obs, held=self.held)
        outcome = self.planning.plan(request)
        self.kept_away = self.planning.kept_away(outcome)
        outcome = self.planning.round_what_is_kept_away(outcome, request, self.kept_away)
        self.report = outcome.report
        self.if_search_fails = outcome.if_search_fails
        self.watch_for, self.if_seen, self.watch_seen = outcome.watch_for, outcome.if_seen, 0
        self._adopt(outcome.plan)
        self.actor.reset(outcome.plan.goal, outcome.plan.steps)
        self.last_tick_ns = -1
        return outcome

    def _adopt(self, plan: Plan) -> None:
        self.plan, self.index, self.step_start_ns = plan, 0, -1
        self.history.append(plan)

    def _stop(self, obs: Observation) -> ActionCommand:
        return ActionCommand(stamp_ns=obs.stamp_ns, skill="stop", plan_step=self.index, source=self.actor.source)

    def _answer(self, question: str, obs: Observation) -> str:
        """The answer to ``question`` from what ``obs`` shows (or why there is none)."""
        try:
            understood = self.planning.understand(PlanRequest.from_observation(question, obs, held=self.held))
        except LamError as exc:
            return f"I cannot answer '{question}': {exc}"
        return understood.answer if understood is not None and understood.answer else f"I cannot answer '{question}'"

    def _on_sight(self, seen: DetectedObject, obs: Observation, plan: Plan, gap_ms: float) -> RunnerTick:
        """The object the goal said to watch for is in view: stop there (the goal ends, as asked), or
        take the goal's steps for it and then the rest of the plan (a new revision, no re-plan spent)."""
        watched, self.watch_for = self.watch_for, ""
        if not self.if_seen:
            return RunnerTick(self._stop(obs), "stopped", finished=True, success=True, tick_gap_ms=gap_ms, plan=plan,
                              reason=f"done: stopped on seeing the {seen.name}, as the goal says: {plan.goal}")
        first = tuple(replace(s, target=seen.name, object_id=seen.track_id) if s.target == watched else s for s in self.if_seen)
        now = plan.steps[self.index :]
        if now and wait_target(now[0].target) is not None:
            now = now[1:]  # "wait until you see a purple box, then go to it": the wait ends on sight
        rest = tuple(replace(s, status=StepStatus.PENDING) for s in now)
        told = f"saw the {seen.name}: doing what the goal says for that, then the rest of the plan"
        return RunnerTick(self._stop(obs), told, tick_gap_ms=gap_ms, new_plan=self._revise(plan, (*first, *rest), told),
                          plan=plan, reason=told)

    def _revise(self, plan: Plan, steps: tuple[PlanStep, ...], told: str) -> PlanOutcome:
        """Adopt ``steps`` as the next revision of ``plan``, for the reason ``told``, without spending a
        re-plan: what the goal itself says to do next (on sight, on a failed search, on a find)."""
        revised = Plan(plan.goal, plan.planner, steps, plan.revision + 1, reason=told)
        self._adopt(revised)
        self.actor.reset(plan.goal, revised.steps)
        return PlanOutcome(revised, (told,))

    def _round_what_is_kept_away(self, obs: Observation, plan: Plan) -> PlanOutcome | None:
        """While a drive to an object has not been routed yet, the waypoints round what the goal keeps away from that
        its straight line from here, as ``obs`` shows it now, passes too near (a new revision, no re-plan spent: once
        per drive, also when the kept object comes into view only after the drive started); None otherwise."""
        rest = plan.steps[self.index :]
        if not self.kept_away or not obs.objects or self._routed == (len(self.history), self.index) or \
                not is_routable(rest[0]):  # nothing kept away from, or no drive to route: nothing to compute on this tick
            return None
        request = PlanRequest.from_observation(plan.goal, obs)
        routed = self.planning.round_what_is_kept_away(PlanOutcome(replace(plan, steps=rest[:1]), ()), request, self.kept_away)
        if len(routed.plan.steps) == 1:
            return None
        revised = self._revise(plan, (*routed.plan.steps, *rest[1:]), "; ".join(routed.notes))
        self._routed = (len(self.history), len(routed.plan.steps) - 1)  # the drive, now after its waypoints
        return revised

    def _name_what_was_found(self, search: PlanStep, obs: Observation, tick: RunnerTick) -> None:
        """After a search for anything of a colour ("look for something orange") or for any one of a kind
        ("find a cube") found an object, the steps after it go to that object by name and track id: a
        new revision, no re-plan spent."""
        plan = self.plan
        color, _, label = search.target.partition(" ")
        found = obs.find(color, label, search.object_id) if label == ANY_LABEL or color == ANY_COLOR else None
        if plan is None or found is None:
            return
        rest = tuple(replace(s, target=found.name, object_id=found.track_id,
                             description=s.description.replace(search.target, found.name))
                     if s.target == search.target else s for s in plan.steps[self.index :])
        looked_for = f"anything {color}" if label == ANY_LABEL else f"any {label}"
        tick.new_plan = self._revise(plan, rest, f"the search for {looked_for} found the {found.name}")

    def tick(self, obs: Observation, now_ns: int | None = None) -> RunnerTick:
        """Decide for ``obs``; ``now_ns`` is the clock when the tick runs (default: the
        observation's stamp, as in lockstep)."""
        plan = self.plan
        if plan is None:
            raise LamError("PlanRunner.tick before start")
        step = plan.steps[self.index]
        detour = self._round_what_is_kept_away(obs, plan)
        if detour is not None:
            return RunnerTick(self._stop(obs), detour.plan.reason, new_plan=detour, plan=plan, reason=detour.plan.reason)
        if self.step_start_ns < 0:
            self.step_start_ns = obs.stamp_ns
            self.plan = plan = plan.with_status(self.index, StepStatus.ACTIVE)
        now = obs.stamp_ns if now_ns is None else now_ns
        gap_ms = (now - self.last_tick_ns) * 1e-6 if self.last_tick_ns >= 0 else math.nan
        self.last_tick_ns = now
        stale = self.actor.stale_inputs(obs, step)
        if stale:
            return RunnerTick(self._stop(obs), f"waiting: stale {', '.join(stale)}", tick_gap_ms=gap_ms)
        if self.watch_for:
            color, _, label = self.watch_for.partition(" ")
            seen = obs.find(color, label)
            self.watch_seen = self.watch_seen + 1 if seen is not None else 0
            if seen is not None and self.watch_seen >= WATCH_CONFIRMATIONS:
                return self._on_sight(seen, obs, plan, gap_ms)
        t0 = time.perf_counter()
        decision = self.actor.decide(obs, step, self.index)
        if step.max_speed_mps > 0:
            decision = replace(decision, command=capped(decision.command, step.max_speed_mps))
        tick = RunnerTick(decision.command, decision.reason, decision_ms=(time.perf_counter() - t0) * 1000.0,
                          tick_gap_ms=gap_ms, step=step, step_index=self.index, outcome=decision.outcome,
                          distance_m=decision.target_distance_m, plan=plan)
        why = None
        if decision.outcome is StepOutcome.DONE:
            if step.skill in ("pick", "place"):
                self.held = step.target if step.skill == "pick" else ""
            self.plan = plan.with_status(self.index, StepStatus.DONE)
            self.index += 1
            self.step_start_ns = -1
            if self.index >= len(plan.steps):
                tick.command, tick.finished, tick.success, tick.reason = self._stop(obs), True, True, f"done: {plan.goal}"
                if self.report:
                    tick.reason += f"; {self._answer(self.report, obs)}"
            elif step.skill == "search":
                self._name_what_was_found(step, obs, tick)
            return tick
        if decision.outcome is StepOutcome.FAILED:
            why = f"failed: {decision.reason}"
        elif (obs.stamp_ns - self.step_start_ns) * 1e-9 > step.timeout_s:
            why = f"timed out after {step.timeout_s:.0f} s" + (", the time the goal gave" if has_said_limit(step) else "")
        if why is None:
            return tick
        failed_index = self.index
        tick.command = self._stop(obs)
        tick.reason = f"step {failed_index} {step.skill}({step.target}) {why}"
        self.plan = tick.failed_plan = plan.with_status(failed_index, StepStatus.FAILED)
        if step.skill == "search" and self.if_search_fails:  # "..., if you can't find it, come back"
            told = f"the search for the {step.target} {why}: doing what the goal says for that case"
            fallback, self.if_search_fails = self.if_search_fails, ()
            tick.new_plan = self._revise(plan, fallback, told)
            return tick
        if self.replans >= self.max_replans or (has_said_limit(step) and decision.outcome is not StepOutcome.FAILED):
            tick.finished = True  # a step out of the time the goal gave is not tried again
            return tick
        self.replans += 1
        try:
            request = PlanRequest.from_observation(plan.goal, obs)
            tick.new_plan = self.planning.round_what_is_kept_away(self.planning.replan(plan, failed_index, why, request), request)
        except LamError as exc:
            tick.finished, tick.reason = True, f"{tick.reason}; re-planning failed: {exc}"
            return tick
        self._adopt(tick.new_plan.plan)
        self.actor.reset(plan.goal, tick.new_plan.plan.steps)
        return tick


def _capped_twist(twist: Twist2D, max_speed_mps: float) -> Twist2D:
    vx = twist.vx_mps
    if not abs(vx) > max_speed_mps:
        return twist
    scale = max_speed_mps / abs(vx)
    return Twist2D(vx * scale, twist.wz_radps * scale)


def capped(command: ActionCommand, max_speed_mps: float) -> ActionCommand:
    """``command`` with its forward speed within ``max_speed_mps`` (the yaw rate scaled alike, so the
    path's curvature stays) [m/s], every element of an action chunk included."""
    return replace(command, base=_capped_twist(command.base, max_speed_mps),
                   chunk=tuple(_capped_twist(t, max_speed_mps) for t in command.chunk))


def pace_note(tick: RunnerTick, command_horizon_s: float) -> str | None:
    """A note for the goal feedback when the planner fell behind: a decision that took longer than
    SLOW_DECISION_FRACTION of the command horizon (a model latency spike), or a tick that came
    that long after the previous one (the planner or its inputs stalled)."""
    limit_ms = SLOW_DECISION_FRACTION * command_horizon_s * 1000.0
    if tick.decision_ms > limit_ms:
        return f"slow decision: {tick.decision_ms:.0f} ms"
    if tick.tick_gap_ms > limit_ms:
        return f"no decision for {tick.tick_gap_ms:.0f} ms"
    return None
