"""What the robot says about a goal: the plan in a few words when it starts, the result when it
ends ("going to the red box", "done", "I can't see a green cube"). Short on purpose: speech is
slow, and the full plan is on /lam/plan."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from lam_core.datatypes import ANY_COLOR, ANY_LABEL, PlanStep
from lam_core.skills import motion_target, pose_target, wait_target

MAX_SPOKEN_STEPS = 2
MAX_SPOKEN_CHARS = 160


def step_phrase(step: PlanStep) -> str:
    """One step as a spoken phrase in the present progressive."""
    target = step.target
    if step.skill == "stop":
        wait_s = wait_target(target)
        return f"waiting {wait_s:g} seconds" if wait_s else "stopping"
    motion = motion_target(target)
    if motion is not None and motion[0] == "turn":
        degrees = round(math.degrees(abs(motion[1])))
        side = "left" if motion[1] > 0 else "right"
        return "turning around" if degrees == 180 else f"turning {side} {degrees} degrees"
    if motion is not None:
        return f"driving {'forward' if motion[1] >= 0 else 'back'} {abs(motion[1]):.2g} metres"
    pose = pose_target(target)
    if pose is not None:
        return "going back to the start" if max(abs(pose[0]), abs(pose[1])) < 1e-6 else "going to the point you named"
    verbs = {"navigate_to": "going to", "approach": "going to", "pick": "picking up", "place": "putting it in",
             "search": "looking for"}
    color, _, label = target.partition(" ")
    named = f"a {label}" if color == ANY_COLOR else f"anything {color}" if label == ANY_LABEL else f"the {target}"
    return f"{verbs.get(step.skill, step.skill.replace('_', ' '))} {named}"


def plan_phrase(steps: Sequence[PlanStep]) -> str:
    """The plan's first steps as one sentence ("picking up the blue cube, then putting it in the
    green bin"); consecutive steps that say the same are said once."""
    phrases: list[str] = []
    for step in steps:
        phrase = step_phrase(step)
        if not phrases or phrases[-1] != phrase:
            phrases.append(phrase)
    if not phrases:
        return "nothing to do"
    said = ", then ".join(phrases[:MAX_SPOKEN_STEPS])
    return said + (", and more" if len(phrases) > MAX_SPOKEN_STEPS else "")


def result_phrase(success: bool, reason: str) -> str:
    """The end of a goal: "done" (with what was reported, if anything), or why it did not succeed,
    first sentence only."""
    reason = " ".join(str(reason).split())
    if success:
        report = reason.split("I see", 1)
        return "done" + (f"; I see{report[1]}" if len(report) == 2 else "")
    return first_sentence(reason) or "I could not do that"


def first_sentence(text: str) -> str:
    """``text`` up to its first sentence end (or semicolon), at most MAX_SPOKEN_CHARS."""
    text = " ".join(str(text).split())
    cut = re.split(r"(?<=[.!?;])\s", text, maxsplit=1)[0].rstrip(";")
    return cut if len(cut) <= MAX_SPOKEN_CHARS else cut[: MAX_SPOKEN_CHARS - 3].rsplit(" ", 1)[0] + "..."
