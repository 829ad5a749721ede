"""Rule-based task planner: a plain-language goal -> a plan of skills. Deterministic; the fallback
of every model-based planner."""

from __future__ import annotations

import re

from lam_core.errors import GoalError
from lam_core.types import Plan, PlanStep
from lam_core.vocabulary import COLORS, LABELS, known_object_names

MAX_GOAL_CHARS = 300
_NAVIGATE_VERBS = r"(?:go|drive|move|navigate|head|get|come)\s+(?:over\s+)?(?:to|towards|toward)|approach|reach|find"
_ARTICLES = r"(?:the|a|an|that|this)"


def parse_target(goal: str) -> tuple[str, str] | None:
    """(colour, label) of the first vocabulary object named in the goal, if any."""
    words = re.findall(r"[a-z]+", goal.lower())
    for i, word in enumerate(words):
        if word in COLORS:
            for follow in words[i + 1 : i + 3]:
                for label in (follow, follow[:-1], follow[:-2]):  # plural "boxes"
                    if label in LABELS:
                        return word, label
    return None


class RuleTaskPlanner:
    """Understands "go to / approach / reach / find the <colour> <label>" goals."""

    name = "rules"

    def __init__(self, navigate_timeout_s: float) -> None:
        self.navigate_timeout_s = navigate_timeout_s

    def plan(self, goal: str) -> Plan:
        text = " ".join(goal.split())
        if not text:
            raise GoalError("the goal is empty")
        if len(text) > MAX_GOAL_CHARS:
            raise GoalError(f"the goal is longer than {MAX_GOAL_CHARS} characters")
        target = parse_target(text)
        if target is None:
            raise GoalError(
                f"the goal names nothing I know; I can go to: {', '.join(known_object_names())}"
            )
        if not re.search(_NAVIGATE_VERBS, text.lower()):
            raise GoalError("I can only go to objects; say e.g. 'go to the red box'")
        name = f"{target[0]} {target[1]}"
        step = PlanStep("navigate_to", name, f"drive to the {name} and stop in front of it", self.navigate_timeout_s)
        return Plan(goal=text, planner=self.name, steps=(step,), reason="navigation goal")
