"""The plan schema every model-based task planner answers in, the prompt that asks for it, and the
validation that turns an answer into a Plan or refuses it with a reason.

A plan answer is JSON: {"steps": [{"skill": "...", "target": "..."}, ...], "reason": "..."}.
Targets are vocabulary object names ("red cube"), "pose X Y" (a point in odom [m]) or "" (stop).
A model may only name objects that the goal names or that the robot sees now.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, replace
from typing import Any

from lam_core.datatypes import DetectedObject, Observation, Plan, PlanStep, RgbImage
from lam_core.errors import GoalError
from lam_core.planning.task_planner import parse_objects
from lam_core.skills import MAX_DRIVE_M, MAX_POINT_M, MAX_TURN_RAD, POSE_TARGET, SKILLS, motion_target
from lam_core.vocabulary import GRASPABLE_LABELS, GRASPABLE_TEXT, known_object_names

MAX_STEPS = 6
MAX_REASON_CHARS = 80
_GOAL_POSE = re.compile(r"\(?\s*(-?\d+(?:\.\d+)?)\s*,?\s+(-?\d+(?:\.\d+)?)\s*\)?")

SKILL_HELP = {
    "navigate_to": "drive to an object, or to a point 'pose X Y' in odom [m], or turn on the spot 'turn RAD' "
                   "(left positive), or drive straight 'drive M' (backwards negative) from where the step starts",
    "approach": "line an object up within the arm's reach",
    "search": "turn on the spot until the object is in view",
    "pick": "grasp and lift a cube (after approach)",
    "place": "drop the held cube into a bin (after pick and approach of the bin)",
    "stop": "stop all motion (target \"\")",
}

PLAN_JSON_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "steps": {
            "type": "array", "minItems": 1, "maxItems": MAX_STEPS,
            "items": {
                "type": "object",
                "properties": {"skill": {"type": "string", "enum": list(SKILLS)}, "target": {"type": "string"}},
                "required": ["skill", "target"],
                "additionalProperties": False,
            },
        },
        "reason": {"type": "string", "maxLength": MAX_REASON_CHARS},
    },
    "required": ["steps", "reason"],
    "additionalProperties": False,
}


class PlanRejected(GoalError):
    """A planner's answer is not a valid plan for this goal; the message says why."""


@dataclass(frozen=True)
class PlanRequest:
    """What a task planner is given: the goal, what the robot perceives now, and for a re-plan or a
    retry why the previous plan failed or the previous answer was refused."""

    goal: str
    visible_objects: tuple[str, ...] = ()
    robot_state: str = ""
    thumbnail: RgbImage | None = None
    failure: str = ""
    rejection: str = ""
    objects: tuple[DetectedObject, ...] = ()      # the objects in view (base_link) for grounding references
    start_xy: tuple[float, float] = (0.0, 0.0)    # odom position when the goal started [m] ("come back")
    start_yaw_rad: float = 0.0                    # odom heading when the goal started [rad]
    held: str = ""                                # the object the gripper holds ("red cube"), if known
    camera_problems: tuple[str, ...] = ()         # of the frame the objects came from (perception.frame_check)

    @staticmethod
    def from_observation(goal: str, obs: Observation | None, failure: str = "", held: str = "") -> PlanRequest:
        if obs is None:
            return PlanRequest(goal, failure=failure, held=held)
        names = tuple(sorted({o.name for o in obs.objects}))
        state = []
        start, start_yaw = (0.0, 0.0), 0.0
        if obs.odometry is not None:
            p = obs.odometry.pose
            start, start_yaw = (p.x_m, p.y_m), p.yaw_rad
            state.append(f"at x {p.x_m:.2f} m, y {p.y_m:.2f} m, heading {math.degrees(p.yaw_rad):.0f} deg in odom")
        if obs.scan.valid and math.isfinite(obs.scan.nearest_range_m):
            state.append(f"nearest obstacle {obs.scan.nearest_range_m:.2f} m at {math.degrees(obs.scan.nearest_bearing_rad):.0f} deg")
        if held:
            state.append(f"holding the {held}")
        if obs.camera_problems:
            state.append(f"camera frame: {', '.join(obs.camera_problems)}")
        return PlanRequest(goal, names, "; ".join(state), obs.thumbnail, failure, objects=obs.objects, start_xy=start,
                           start_yaw_rad=start_yaw, held=held, camera_problems=obs.camera_problems)

    def allowed_objects(self) -> tuple[str, ...]:
        """Objects a plan may name: those in the goal, then those seen now."""
        named = [f"{c} {label}" for c, label in parse_objects(self.goal)]
        return tuple(dict.fromkeys(named + list(self.visible_objects)))

    def goal_poses(self) -> tuple[str, ...]:
        """'pose X Y' targets for the coordinates written in the goal."""
        if "pose" not in self.goal.lower() and "point" not in self.goal.lower() and "position" not in self.goal.lower():
            return ()
        return tuple(f"pose {float(x):.2f} {float(y):.2f}" for x, y in _GOAL_POSE.findall(self.goal))

    def with_rejection(self, why: str) -> PlanRequest:
        return replace(self, rejection=why)


def plan_prompt(request: PlanRequest) -> str:
    """The instruction text a model planner gets (the image goes beside it)."""
    lines = [
        "You are the task planner of a mobile robot with an arm. Turn the goal into a short plan of skills.",
        "Skills:",
        *(f"- {name}: {help_text}" for name, help_text in SKILL_HELP.items()),
        f"Objects you may name: {', '.join(request.allowed_objects()) or 'none'}.",
    ]
    if request.objects:
        seen = "; ".join(f"{o.name} at x {o.position_m[0]:.2f} m, y {o.position_m[1]:.2f} m" for o in request.objects)
        lines.append(f"In view (robot frame, x ahead, y left): {seen}.")
    if request.robot_state:
        lines.append(f"Robot: {request.robot_state}.")
    if request.failure:
        lines.append(f"The previous plan failed: {request.failure}. Plan again from where the robot is.")
    if request.rejection:
        lines.append(f"Your previous answer was refused: {request.rejection}.")
    lines += [
        'Answer with JSON only: {"steps": [{"skill": "...", "target": "..."}], "reason": "..."}',
        f"Goal: {request.goal}",
    ]
    return "\n".join(lines)


REGEX_SPECIAL = frozenset("\\^$.|?*+()[]{}-")
# "turn RAD" and "drive M" (lam_core.skills) with two decimals, as a model may write them.
MOTION_PATTERN = "(?:turn|drive) -?[0-9]{1,2}\\.[0-9]{2}"


def regex_literal(text: str) -> str:
    """``text`` as a regular expression that matches exactly it, escaping only the characters that
    have a meaning in a pattern (so every regex engine, xgrammar's included, reads it the same)."""
    return "".join("\\" + c if c in REGEX_SPECIAL else c for c in text)


def plan_grammar(request: PlanRequest, max_steps: int = MAX_STEPS) -> str:
    """A regular expression of the answers allowed for this request (the JSON as a model writes
    it, one space after ':' and ','), for constrained decoding."""
    targets = [regex_literal(t) for t in request.allowed_objects() + request.goal_poses()] + [MOTION_PATTERN, ""]
    step = ('\\{"skill": "(?:' + "|".join(regex_literal(s) for s in SKILLS) + ')", "target": "(?:' + "|".join(targets) + ')"\\}')
    return ('\\{"steps": \\[' + step + "(?:, " + step + "){0," + str(max_steps - 1) + "}"
            + '\\], "reason": "[A-Za-z0-9 ,.;:()\'-]{0,' + str(MAX_REASON_CHARS) + '}"\\}')


def _description(skill: str, target: str) -> str:
    return {
        "navigate_to": (f"drive to {target} in odom" if target.startswith("pose ") else target if motion_target(target)
                        else f"drive to the {target}"),
        "approach": f"line up with the {target}",
        "search": f"turn until the {target} is in view",
        "pick": f"pick up the {target}",
        "place": f"drop the held cube into the {target}",
        "stop": "stop all motion",
    }[skill]


def _check_target(index: int, skill: str, target: str, request: PlanRequest) -> None:
    where = f"step {index} {skill}({target})"
    if skill == "stop":
        if target:
            raise PlanRejected(f"{where}: stop takes no target")
        return
    motion = motion_target(target)
    if motion is not None:
        if skill != "navigate_to":
            raise PlanRejected(f"{where}: only navigate_to takes a turn or a drive")
        if abs(motion[1]) > (MAX_TURN_RAD if motion[0] == "turn" else MAX_DRIVE_M):
            raise PlanRejected(f"{where}: more than {MAX_TURN_RAD:.2f} rad or {MAX_DRIVE_M:g} m at once")
        return
    pose = POSE_TARGET.match(target)
    if pose is not None:
        if skill != "navigate_to":
            raise PlanRejected(f"{where}: only navigate_to takes a pose")
        if not all(math.isfinite(float(v)) and abs(float(v)) <= MAX_POINT_M for v in pose.groups()):
            raise PlanRejected(f"{where}: the pose is further than {MAX_POINT_M:g} m")
        return
    if target not in known_object_names():
        raise PlanRejected(f"{where}: '{target}' is not an object I know")
    if target not in request.allowed_objects():
        raise PlanRejected(f"{where}: the {target} is neither named in the goal nor seen")
    label = target.split()[1]
    if skill == "pick" and label not in GRASPABLE_LABELS:
        raise PlanRejected(f"{where}: only {GRASPABLE_TEXT} can be picked")
    if skill == "place" and label != "bin":
        raise PlanRejected(f"{where}: {GRASPABLE_TEXT} can only be placed into bins")


def plan_from_answer(answer: str, request: PlanRequest, timeouts_s: dict[str, float], planner: str,
                     revision: int = 0) -> Plan:
    """The Plan in a model's answer, or PlanRejected saying what is wrong with it."""
    try:
        data = json.loads(answer)
    except (json.JSONDecodeError, TypeError) as exc:
        raise PlanRejected(f"invalid JSON ({exc.msg if isinstance(exc, json.JSONDecodeError) else exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("steps"), list):
        raise PlanRejected('not a plan: expected an object with a "steps" list')
    raw_steps = data["steps"]
    if not 1 <= len(raw_steps) <= MAX_STEPS:
        raise PlanRejected(f"a plan needs 1 to {MAX_STEPS} steps, got {len(raw_steps)}")
    steps = []
    holding = False
    for index, raw in enumerate(raw_steps):
        if not isinstance(raw, dict) or not isinstance(raw.get("skill"), str) or not isinstance(raw.get("target", ""), str):
            raise PlanRejected(f"step {index}: expected {{\"skill\": string, \"target\": string}}")
        skill, target = raw["skill"].strip(), " ".join(str(raw.get("target", "")).lower().split())
        if skill not in SKILLS:
            raise PlanRejected(f"step {index}: unknown skill '{skill[:40]}'; skills are {', '.join(SKILLS)}")
        _check_target(index, skill, target, request)
        if skill == "place" and not holding:
            raise PlanRejected(f"step {index} place({target}): nothing is picked before it")
        holding = (holding or skill == "pick") and skill != "place"
        steps.append(PlanStep(skill, target, _description(skill, target), timeouts_s[skill]))
    reason = data.get("reason", "")
    reason = " ".join(reason.split())[:MAX_REASON_CHARS] if isinstance(reason, str) else ""
    return Plan(request.goal, planner, tuple(steps), revision, reason or f"plan by {planner}")
