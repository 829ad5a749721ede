"""Task planning with a model backend and the rule planner as the fallback.

Every goal passes the goal guard first. A model's answer is validated against the plan schema;
a refused answer is retried once with the reason in the prompt, then the rule planner plans,
and the plan's reason says why. A model that cannot answer (server down, timeout) falls back at
once. Re-plans after a failed step go the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from lam_core.datatypes import Plan
from lam_core.errors import GoalError
from lam_core.planning.goal_guard import check_goal
from lam_core.planning.model_planners import ModelPlanner, PlannerUnavailable
from lam_core.planning.plan_schema import PlanRejected, PlanRequest, plan_from_answer
from lam_core.planning.task_planner import RuleTaskPlanner

MODEL_ATTEMPTS = 2  # the first answer and one retry


@dataclass(frozen=True)
class PlanOutcome:
    plan: Plan
    notes: tuple[str, ...]  # what happened on the way: refused answers, retries, fallbacks


class TaskPlanning:
    def __init__(self, rules: RuleTaskPlanner, model: ModelPlanner | None = None) -> None:
        self.rules = rules
        self.model = model

    @property
    def name(self) -> str:
        return self.model.name if self.model is not None else self.rules.name

    def _from_model(self, request: PlanRequest, revision: int, notes: list[str]) -> Plan | None:
        if self.model is None:
            return None
        for attempt in range(MODEL_ATTEMPTS):
            try:
                answer = self.model.propose(request)
                return plan_from_answer(answer, request, self.rules.timeouts_s, self.model.name, revision)
            except PlanRejected as exc:
                notes.append(f"{self.model.name} answer {attempt + 1} refused: {exc}")
                request = request.with_rejection(str(exc))
            except PlannerUnavailable as exc:
                notes.append(f"{self.model.name} unavailable: {exc}")
                break
        return None

    def plan(self, request: PlanRequest) -> PlanOutcome:
        """A plan for the goal; GoalError when the goal is refused or no planner can plan it."""
        request = replace(request, goal=check_goal(request.goal))
        notes: list[str] = []
        plan = self._from_model(request, 0, notes)
        if plan is not None:
            return PlanOutcome(plan, tuple(notes))
        try:
            plan = self.rules.plan(request.goal)
        except GoalError as exc:
            raise GoalError("; ".join([*notes, str(exc)])) from None
        if notes:
            plan = replace(plan, reason=f"fallback to rules ({notes[-1]}); {plan.reason}")
        return PlanOutcome(plan, tuple(notes))

    def replan(self, plan: Plan, failed_index: int, why: str, request: PlanRequest) -> PlanOutcome:
        """A new revision of ``plan`` after step ``failed_index`` ended with ``why`` ("failed: ...",
        "timed out after ...")."""
        failed = plan.steps[failed_index]
        request = replace(request, goal=plan.goal, failure=f"step {failed_index} {failed.skill}({failed.target}) {why}")
        notes: list[str] = []
        new = self._from_model(request, plan.revision + 1, notes)
        if new is None:
            new = self.rules.replan(plan, failed_index, why)
            if notes:
                new = replace(new, reason=f"fallback to rules ({notes[-1]}); {new.reason}")
        return PlanOutcome(new, tuple(notes))
