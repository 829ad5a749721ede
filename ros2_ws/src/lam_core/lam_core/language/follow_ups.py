"""Follow-ups: goals that only make sense after the one before them.

A person answers the robot's "which one?" with "the left one", corrects it with "no, the blue box"
or "I meant the cube", and asks for a repeat with "do it again". Alone, none of these says what to
do. ``Conversation`` remembers the goal said last as it was finally read, the objects a "which
one?" offered, and the goal planned last. Task planning reads a follow-up as a correction said
after the goal it follows ("go to the red box. no, the left one"), so the in-goal rules for
corrections, references and exclusions decide what it means; an answer to "which one?" chooses
among the objects the question listed (a blue box further left is not "the left one" of two red
boxes). A repeat is the last planned goal, read again against what is in view now
(docs/language.md, "Follow-ups").
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from lam_core.datatypes import DetectedObject
from lam_core.errors import GoalError
from lam_core.language.parse import GoalRefused, normalise, read_goal, tokenize

# How long after a goal an answer or a correction still refers to it [s]. A repeat has no limit.
FOLLOW_UP_WINDOW_S = 120.0

_POLITE = r"(?:(?:ok(?:ay)?|now|and|good|great|nice|thanks|thank you|please|can you|could you|would you|will you)[ ,.!]*)*"
_AGAIN = r"(?:again|once more|one more time|once again)"
_REPEAT = re.compile(
    rf"^{_POLITE}(?:"
    rf"(?:do|try|run|go) (?:it|that|this|the same(?: thing)?|so|the last (?:goal|task|one)) {_AGAIN}"
    rf"|(?:the )?same (?:thing )?{_AGAIN}"
    rf"|{_AGAIN}"
    rf"|repeat(?: it| that| this| the last (?:goal|task|one)| what you (?:just )?did)?(?: {_AGAIN})?"
    rf"|(?:let us|let's|lets) do (?:it|that|this) {_AGAIN}"
    rf"|try {_AGAIN}"
    rf")[ ,.!]*{_POLITE}$")


def asks_to_repeat(goal: str) -> bool:
    """Whether the goal asks only to do the last goal again ("do it again", "once more, please",
    "repeat that", "try again")."""
    try:
        words = " ".join(t for t in tokenize(normalise(goal)) if t[0].isalnum() or t == "'")
    except GoalRefused:
        return False
    return bool(_REPEAT.match(words.replace(" '", "'")))


@dataclass
class Conversation:
    """The goals said before, for reading follow-ups. ``clock`` gives seconds (monotonic)."""

    window_s: float = FOLLOW_UP_WINDOW_S
    clock: Callable[[], float] = time.monotonic
    last_said: str = ""      # the last goal as read (planned or refused with a reason)
    choices: tuple[str, ...] = ()  # track ids of the objects the last goal's "which one?" listed
    last_planned: str = ""   # the last goal that was planned
    _said_at: float = field(default=-math.inf, repr=False)

    def remember(self, goal: str, planned: bool, choices: Sequence[str] = ()) -> None:
        """A goal has been read: planned (``planned``) or refused with a reason; ``choices``: the
        objects a "which one?" refusal listed."""
        self.last_said, self._said_at = goal, self.clock()
        self.choices = tuple(choices) if all(choices) else ()
        if planned:
            self.last_planned = goal

    def recent(self) -> str:
        """The goal a follow-up said now refers to ("" when none was said within the window)."""
        return self.last_said if self.clock() - self._said_at <= self.window_s else ""

    def forget(self) -> None:
        self.last_said, self.last_planned, self.choices, self._said_at = "", "", (), -math.inf


# A follow-up that starts with one of these already says that it corrects.
_CORRECTION_STARTS = ("no", "nope", "sorry", "actually", "wrong one", "i meant", "i mean")
# "not the red box, the yellow one", "no, not that one but the blue one": the correction is the second part.
_NOT_THIS_BUT_THAT = re.compile(r"^(?:(?:no|nope)[ ,]+)?not [^,.;]+?(?:[,.;]| but)[ ,]*(?:rather |instead )?(?P<that>\S.*)$")


def with_follow_up(previous: str, follow_up: str) -> str:
    """The previous goal with the follow-up said after it as a correction, as one goal."""
    said = " ".join(follow_up.split())
    instead = _NOT_THIS_BUT_THAT.match(said.lower())
    if instead is not None:
        said = f"no, {said[instead.start('that'):]}"
    words = " ".join(said.lower().replace(",", " ").split())
    marker = "" if any(words == c or words.startswith(c + " ") for c in _CORRECTION_STARTS) else "no, "
    return f"{previous.rstrip().rstrip('.!?;,')}. {marker}{said}"


def among_choices(objects: Sequence[DetectedObject], choices: Sequence[str]) -> tuple[DetectedObject, ...]:
    """``objects`` without those of the choices' kinds that are not among the choices: what an answer
    to "which one?" may pick from (all of ``objects`` when no choice is in view)."""
    chosen = [o for o in objects if o.track_id in choices]
    if not chosen:
        return tuple(objects)
    kinds = {o.label for o in chosen}
    return tuple(o for o in objects if o.track_id in choices or o.label not in kinds)


def names_objects_only(goal: str) -> bool:
    """Whether the goal names or points at objects and says nothing to do with them ("the left one",
    "no, the blue box", "I meant the cube", "not the red one"): alone it is not a task."""
    try:
        reading, _ = read_goal(goal)
    except GoalError:
        return False
    clauses = reading.clauses
    return not reading.question and bool(clauses) and all(not c.intent for c in clauses) and any(c.objects for c in clauses)
