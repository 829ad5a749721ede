"""Rule-based task planner: a plain-language goal -> a multi-step plan of skills. Deterministic;
the fallback of every model-based planner.

Goals it understands (case, punctuation and politeness words do not matter):
  stop / halt / freeze                                     -> stop
  go to | drive to | navigate to | reach the <object>      -> navigate_to
  go to pose X Y   (a point in odom [m])                   -> navigate_to(pose X Y)
  approach the <object>                                    -> approach
  find | look for | search for the <object>                -> search, navigate_to
  pick up | grab | take | lift the <c> cube                -> approach, pick
  put | place | drop the <c> cube in|into|on the <c> bin   -> approach, pick, approach, place
"""

from __future__ import annotations

import re
from dataclasses import replace

from lam_core.datatypes import Plan, PlanStep, StepStatus
from lam_core.errors import GoalError
from lam_core.planning.goal_guard import check_goal
from lam_core.skills import NOTHING_HELD, motion_target
from lam_core.vocabulary import COLORS, GRASPABLE_LABELS, GRASPABLE_TEXT, LABELS, known_object_names

_STOP = re.compile(r"^(?:please\s+)?(?:stop|halt|freeze)\b")
_POSE = re.compile(r"\b(?:go|drive|move|navigate)\s+to\s+(?:the\s+)?(?:pose|point|position)\s+"
                   r"\(?\s*(-?\d+(?:\.\d+)?)\s*,?\s+(-?\d+(?:\.\d+)?)\s*\)?")
_PLACE = re.compile(r"\b(?:put|place|drop|move|bring)\b")
_PICK = re.compile(r"\b(?:pick\s+up|pick|grab|take|lift|grasp)\b")
_FIND = re.compile(r"\b(?:find|look\s+for|search\s+for|locate)\b")
_APPROACH = re.compile(r"\bapproach\b")
_NAVIGATE = re.compile(r"\b(?:go|drive|move|navigate|head|get|come)\s+(?:over\s+)?(?:to|towards|toward)\b|\breach\b")


def parse_objects(goal: str) -> list[tuple[str, str]]:
    """(colour, label) of every vocabulary object named in the goal, in order."""
    words = re.findall(r"[a-z]+", goal.lower())
    found = []
    for i, word in enumerate(words):
        if word in COLORS:
            for follow in words[i + 1 : i + 3]:
                label = next((lb for lb in (follow, follow[:-1], follow[:-2]) if lb in LABELS), None)  # plurals
                if label is not None:
                    found.append((word, label))
                    break
    return found


def parse_target(goal: str) -> tuple[str, str] | None:
    """(colour, label) of the first vocabulary object named in the goal, if any."""
    objects = parse_objects(goal)
    return objects[0] if objects else None


class RuleTaskPlanner:
    """Turns the goals listed in the module docstring into plans; GoalError with a reason otherwise."""

    name = "rules"

    def __init__(self, timeouts_s: dict[str, float]) -> None:
        self.timeouts_s = timeouts_s

    def _step(self, skill: str, target: str, description: str) -> PlanStep:
        return PlanStep(skill, target, description, self.timeouts_s[skill])

    def plan(self, goal: str) -> Plan:
        text = check_goal(goal)
        lower = text.lower()
        if _STOP.search(lower):
            return Plan(text, self.name, (self._step("stop", "", "stop all motion"),), reason="stop request")
        pose = _POSE.search(lower)
        if pose is not None:
            target = f"pose {float(pose.group(1)):.2f} {float(pose.group(2)):.2f}"
            step = self._step("navigate_to", target, f"drive to {target} in odom")
            return Plan(text, self.name, (step,), reason="navigation to a point")
        objects = parse_objects(text)
        if not objects:
            raise GoalError(f"the goal names nothing I know; I know: {', '.join(known_object_names())}")
        first = f"{objects[0][0]} {objects[0][1]}"
        if _PLACE.search(lower) and len(objects) >= 2 and re.search(r"\b(?:in|into|on|onto|inside)\b", lower):
            dest = f"{objects[1][0]} {objects[1][1]}"
            if objects[0][1] not in GRASPABLE_LABELS or objects[1][1] != "bin":
                raise GoalError(f"I can only put {GRASPABLE_TEXT} into bins; say e.g. 'put the red cube in the blue bin'")
            steps: tuple[PlanStep, ...] = (
                self._step("approach", first, f"line up with the {first}"),
                self._step("pick", first, f"pick up the {first}"),
                self._step("approach", dest, f"line up with the {dest}"),
                self._step("place", dest, f"drop the {first} into the {dest}"),
            )
            return Plan(text, self.name, steps, reason="pick-and-place goal")
        if _PICK.search(lower):
            if objects[0][1] not in GRASPABLE_LABELS:
                raise GoalError(f"I can only pick up {GRASPABLE_TEXT}, not a {objects[0][1]}")
            steps = (self._step("approach", first, f"line up with the {first}"), self._step("pick", first, f"pick up the {first}"))
            return Plan(text, self.name, steps, reason="pick goal")
        if _FIND.search(lower):
            steps = (self._step("search", first, f"turn until the {first} is in view"),
                     self._step("navigate_to", first, f"drive to the {first}"))
            return Plan(text, self.name, steps, reason="find goal")
        if _APPROACH.search(lower):
            return Plan(text, self.name, (self._step("approach", first, f"line up with the {first}"),), reason="approach goal")
        if _NAVIGATE.search(lower):
            step = self._step("navigate_to", first, f"drive to the {first} and stop in front of it")
            return Plan(text, self.name, (step,), reason="navigation goal")
        raise GoalError("I can go to, approach, find, pick up and place objects; say e.g. 'go to the red box'")

    def replan(self, plan: Plan, failed_index: int, why: str) -> Plan:
        """Retry from the failed step, or from the approach/search that sets it up (a pick whose
        grasp failed needs the cube lined up again); a place that found the gripper empty
        (NOTHING_HELD: the object slipped out on the way) from the pick before it, if the plan has
        one. ``why``: what happened to the step ("failed: ...", "timed out after ...")."""
        if motion_target(plan.steps[failed_index].target) is not None:
            raise GoalError("a turn or a drive that did not finish is not retried: measured again from where the robot "
                            "now stands, it would go too far")
        start = failed_index
        if plan.steps[start].skill == "place" and NOTHING_HELD in why:
            start = next((i for i in range(failed_index - 1, -1, -1) if plan.steps[i].skill == "pick"), start)
        if start > 0 and plan.steps[start].skill in ("pick", "place", "navigate_to") \
                and plan.steps[start - 1].skill in ("approach", "search"):
            start -= 1
        steps = tuple(replace(s, status=StepStatus.PENDING) for s in plan.steps[start:])
        failed = plan.steps[failed_index]
        reason = f"retry from step {start} after {failed.skill}({failed.target}) {why}"
        return Plan(plan.goal, self.name, steps, plan.revision + 1, reason)
