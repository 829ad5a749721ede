"""Motion relative to where the robot stands: "turn left", "rotate 45 degrees clockwise", "turn
around", "go forward 1 m", "move ahead two metres", "back up a bit", "reverse 30 cm". Such a clause
names no object; it becomes a "turn RAD" or "drive M" step, measured from where the robot stands
when the step starts (lam_core.skills).

Angles: a number with degrees or radians, or with no unit when it follows a turn word (degrees);
"a quarter turn" 90, "half a turn" 180, "a full turn" 360; left/right alone 90, "around" 180,
"spin around" 360; "slightly" and the like 30; "twice", "three times" repeat it. "Look left", "face
right", "look behind you" turn. Compass directions are refused (no heading is known).
Distances: a number with a unit (m, cm, mm, ft, in spelled "inches", yd), a bare number (metres),
"half a metre", "one and a half metres"; "a bit" and the like 0.3 m; no amount: MOVE_DEFAULT_M
with a note saying so; a negative distance forward is backward.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from lam_core.errors import GoalError
from lam_core.language import lexicon as lx
from lam_core.skills import MAX_DRIVE_M, MAX_TURN_RAD

TURN_VERBS = frozenset({"turn", "rotate", "spin", "pivot", "swivel", "swing", "steer", "veer", "bank"})
# Nouns of a whole turn ("do one full rotation", "make two revolutions"); "circle" only with an amount
# ("turn left one full circle"), since "go in a circle" names no turn in place.
TURN_NOUNS = frozenset({"rotation", "rotations", "revolution", "revolutions", "pirouette"})
CIRCLE_NOUNS = frozenset({"circle", "circles"})
MOVE_VERBS = frozenset({"go", "move", "drive", "roll", "head", "advance", "step", "inch", "creep", "travel", "proceed",
                        "scoot", "nudge", "come", "get", "continue", "keep", "back", "reverse", "run", "walk", "dash",
                        "rush"})
FORWARD_WORDS = frozenset({"forward", "forwards", "ahead", "straight", "onward", "onwards"})
BACKWARD_WORDS = frozenset({"backward", "backwards", "reverse"})
CLOCKWISE = (("counter", "clockwise"), ("counterclockwise",), ("anticlockwise",), ("anti", "clockwise"), ("clockwise",))
STEP_M = 0.3  # "a step", "two steps back": the robot's step, as long as "a bit" [m]
DISTANCE_UNITS_M = {"m": 1.0, "meter": 1.0, "meters": 1.0, "metre": 1.0, "metres": 1.0, "cm": 0.01, "centimeter": 0.01,
                    "centimeters": 0.01, "centimetre": 0.01, "centimetres": 0.01, "mm": 0.001, "millimeter": 0.001,
                    "millimeters": 0.001, "millimetre": 0.001, "millimetres": 0.001, "ft": 0.3048, "foot": 0.3048,
                    "feet": 0.3048, "inch": 0.0254, "inches": 0.0254, "yd": 0.9144, "yard": 0.9144, "yards": 0.9144,
                    "cms": 0.01, "mms": 0.001, "dm": 0.1, "decimeter": 0.1, "decimeters": 0.1, "decimetre": 0.1,
                    "decimetres": 0.1, "km": 1000.0, "kms": 1000.0, "kilometer": 1000.0, "kilometers": 1000.0,
                    "kilometre": 1000.0, "kilometres": 1000.0, "mile": 1609.344, "miles": 1609.344, "mi": 1609.344, "yds": 0.9144,
                    "mtr": 1.0, "mtrs": 1.0, "step": STEP_M, "steps": STEP_M}
# Words after a bare number that say no unit ("go forward 2 then turn left", "2 more"); any other word
# there that is no English word ("4 dm" before it was listed, "3 mtrz") is a unit not known, never metres.
# English words said after a number as if they were units, that measure no set distance here
_NOT_UNITS = frozenset({"k", "ks", "unit", "units", "click", "clicks", "paces", "lengths", "squares", "tiles",
                        "spaces", "places", "bits", "ticks", "notches", "parsec", "parsecs", "lightyear", "lightyears",
                        "light", "league", "leagues", "furlong", "furlongs", "fathom", "fathoms", "chains", "cubits",
                        "hands", "bodylengths", "nautical", "astronomical", "ms", "msec", "millisecond", "milliseconds"})
MIN_DRIVE_M = 0.01  # the shortest drive asked for that the base is asked to make [m]
ANGLE_UNITS_DEG = {"degree": 1.0, "degrees": 1.0, "deg": 1.0, "degs": 1.0, "radian": math.degrees(1.0),
                   "radians": math.degrees(1.0), "rad": math.degrees(1.0)}
TURN_AMOUNTS_DEG = ((("three", "quarters"), 270.0), (("quarter",), 90.0), (("half",), 180.0), (("full",), 360.0), (("whole",), 360.0),
                    (("complete",), 360.0), (("circle",), 360.0), (("around",), 180.0), (("round",), 180.0),
                    (("about",), 180.0), (("u",), 180.0))
VAGUE_DISTANCES = (("a", "little", "bit"), ("a", "bit"), ("a", "little"), ("slightly",), ("a", "few", "inches"), ("a", "step"),
                   ("one", "step"), ("a", "fraction"))
# Words that make "left"/"right" describe an object ("the left one"), not a direction.
SIDE_OBJECT_WORDS = frozenset({"one", "ones", "thing", "things", "object", "objects"})
VAGUE_DISTANCE_M = STEP_M
# Said of a very short drive ("back up a tiny bit", "edge forward a wee bit"): shorter than VAGUE_DISTANCES.
TINY_DISTANCES = (("a", "tiny", "bit"), ("a", "wee", "bit"), ("a", "teeny", "bit"), ("a", "little", "tiny", "bit"),
                  ("a", "hair"), ("a", "smidgen"), ("a", "smidge"), ("a", "touch"), ("a", "tad"),
                  ("a", "whisker"), ("a", "tiny", "amount"), ("a", "few", "centimeters"), ("a", "few", "cm"),
                  ("a", "few", "centimetres"), ("a", "couple", "of", "centimetres"),
                  ("a", "couple", "of", "centimeters"), ("a", "wee"))
TINY_DISTANCE_M = 0.1
VAGUE_TURN_DEG = 30.0  # "turn slightly left", "turn left a little"
COMPASS_WORDS = frozenset({"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest"})
LOOK_VERBS = frozenset({"look", "face", "glance", "peek"})
MOVE_DEFAULT_M = 0.5
MAX_TURN_DEG = math.degrees(MAX_TURN_RAD)
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


class MotionRefused(GoalError):
    """A motion asked for that cannot be done as said (the parser refuses the goal with this reason)."""


@dataclass(frozen=True)
class Motion:
    """A drive along the robot's heading (``kind`` "drive", ``amount`` in m, negative backwards) or
    a turn in place ("turn", ``amount`` in rad, positive to the left), the kinds of lam_core.skills'
    motion targets; ``note`` when an amount was assumed."""

    kind: str
    amount: float
    note: str = ""

    def describe(self) -> str:
        if self.kind == "turn":
            side = "left" if self.amount > 0 else "right"
            return f"turn {abs(math.degrees(self.amount)):.0f} degrees to the {side}"
        return f"drive {abs(self.amount):.2f} m {'forward' if self.amount > 0 else 'backward'}"


def _has(tokens: list[str], run: tuple[str, ...]) -> bool:
    return any(tuple(tokens[i:i + len(run)]) == run for i in range(len(tokens)))


def _number_at(tokens: list[str], i: int) -> float | None:
    """The number token i is ("2", "two", "half" as in "half a metre"), if it is one."""
    t = tokens[i]
    if _NUMBER.fullmatch(t):
        return float(t)
    if t in lx.NUMBER_WORDS and t != "no":
        return float(lx.NUMBER_WORDS[t])
    if t == "half":
        return 0.5
    return None


def _quantity(tokens: list[str], units: dict[str, float]) -> tuple[float, bool] | None:
    """(amount in the units' base, whether a unit was named) of the first number; "a metre" is 1."""
    for i, t in enumerate(tokens):
        if t in units and i > 0 and tokens[i - 1] in ("a", "an", "one", "another") and (i < 2 or tokens[i - 2] != "half"):
            half = 0.5 if tokens[i + 1 : i + 4] == ["and", "a", "half"] else 0.0  # "a metre and a half"
            return units[t] * (1.0 + half), True
        number = _number_at(tokens, i)
        if number is None:
            continue
        j = i + 1
        while j < len(tokens) and tokens[j] in ("a", "an", "of"):  # "half a metre"
            j += 1
        if tokens[j : j + 3] == ["and", "a", "half"]:  # "one and a half metres"
            number, j = number + 0.5, j + 3
        if j < len(tokens) and tokens[j] in units:
            half = 0.5 if tokens[j + 1 : j + 4] == ["and", "a", "half"] else 0.0  # "two metres and a half"
            return (number + half) * units[tokens[j]], True
        if j < len(tokens) and tokens[j] in DISTANCE_UNITS_M.keys() | ANGLE_UNITS_DEG.keys():
            continue  # a number of the other kind of unit
        if j < len(tokens) and tokens[j] == "in" and (j + 1 == len(tokens) or not tokens[j + 1][0].isalnum()) \
                and units is DISTANCE_UNITS_M:
            return number * DISTANCE_UNITS_M["inch"], True  # "go forward 3 in"
        if j < len(tokens) and tokens[j].isalpha() and (tokens[j] in _NOT_UNITS or (
                tokens[j] not in lx.english_words() and tokens[j] not in lx.lexicon_words())):
            raise MotionRefused(f"I don't know the unit '{tokens[j]}'; say it in metres or centimetres, e.g. '{number:g} m'")
        return number, False
    return None


def distance_said(tokens: list[str]) -> float | None:
    """The first distance said with its unit ("3 metres", "half a metre") [m]; None when none is."""
    amount = _quantity(tokens, DISTANCE_UNITS_M)
    return amount[0] if amount is not None and amount[1] else None


def _times(tokens: list[str]) -> tuple[float, list[str]]:
    """How many times a turn or a drive is said to be made ("twice", "three times") and the tokens
    without it."""
    if "twice" in tokens:
        return 2.0, [t for t in tokens if t != "twice"]
    for i in range(1, len(tokens)):
        if tokens[i] == "times" and (n := _number_at(tokens, i - 1)) is not None and n >= 1:
            return n, tokens[: i - 1] + tokens[i + 1 :]
    return 1.0, tokens


def _turn(tokens: list[str], vague_ok: bool = True) -> Motion:
    times, tokens = _times(tokens)
    sign = 0.0
    if set(tokens) & lx.LEFT_WORDS:
        sign = 1.0
    if set(tokens) & lx.RIGHT_WORDS:
        if sign:
            raise MotionRefused("left or right? I heard both")
        sign = -1.0
    for run in CLOCKWISE:
        if _has(tokens, run):
            sign = -1.0 if run == ("clockwise",) else 1.0
            break
    amount = _quantity(tokens, ANGLE_UNITS_DEG)
    named_turn = next((deg for run, deg in TURN_AMOUNTS_DEG if _has(tokens, run)), None)
    if amount is not None and not amount[1] and (named_turn is not None or set(tokens) & (TURN_NOUNS | CIRCLE_NOUNS)):
        amount = None  # "do a half turn": "half" names the turn, not a number of degrees
    degrees = amount[0] if amount is not None else None
    if degrees is not None and degrees < 0.0:  # "turn left -45 degrees": which way is meant is not clear
        raise MotionRefused(f"say the angle without a minus sign and the way in words, e.g. 'turn left {-degrees:g} degrees' "
                            f"or 'turn right {-degrees:g} degrees'")
    if degrees is None:
        degrees = named_turn
        whole = next((k for k, t in enumerate(tokens) if t in ("full", "whole", "complete") and k > 0), -1)
        if degrees == 360.0 and whole > 0 and (count := _number_at(tokens, whole - 1)) is not None and count > 1:
            degrees = 360.0 * count  # "turn left 2 full circles"
        if degrees == 180.0 and "spin" in tokens and "around" in tokens:
            degrees = 360.0  # "spin around": a whole spin
        if degrees is None and "spin" in tokens and (_has(tokens, ("in", "place")) or _has(tokens, ("on", "the", "spot"))):
            degrees = 360.0  # "spin in place", "spin on the spot": a whole spin
        if degrees is None and set(tokens) & (BACKWARD_WORDS | {"behind"}):
            degrees = 180.0  # "turn to face backwards", "turn to look behind"
        if degrees is None and set(tokens) & (TURN_NOUNS | CIRCLE_NOUNS):
            count = next((n for k, t in enumerate(tokens) if (n := _number_at(tokens, k)) is not None and n >= 1), 1.0)
            degrees = 360.0 * count  # "do one full rotation", "two revolutions"
        if degrees is None and sign and vague_ok and any(_has(tokens, run) for run in (*VAGUE_DISTANCES, *TINY_DISTANCES)):
            degrees = VAGUE_TURN_DEG  # "turn slightly left", "turn left a little"
        if degrees is None and sign:
            degrees = 90.0
    if degrees is not None:
        degrees *= times  # "turn around twice", "spin around three times"
    if degrees is not None and not sign and math.isclose(abs(degrees) % 180.0, 0.0) and degrees != 0.0:
        sign = 1.0  # "turn around", "rotate 180 degrees", "do a full turn": either way ends the same
    if degrees is None and (_has(tokens, ("turn", "on")) or _has(tokens, ("turn", "off"))) and \
            not _has(tokens, ("on", "the", "spot")) and not _has(tokens, ("on", "your", "axis")):
        raise MotionRefused("I can't switch things on or off; I turn in place ('turn left') and go to, pick up and put "
                            "things")  # "turn on the light"
    if degrees is None or not sign:
        raise MotionRefused("which way should I turn, and how far? Say e.g. 'turn left', 'turn 45 degrees to the right' "
                          "or 'turn around'")
    if not 0.0 < abs(degrees) <= MAX_TURN_DEG:
        raise MotionRefused(f"I turn between 0 and {MAX_TURN_DEG:.0f} degrees at a time, not {degrees:g}")
    return Motion("turn", sign * math.radians(abs(degrees)))


def _move(tokens: list[str], lemmas: list[str]) -> Motion:
    times, tokens = _times(tokens)
    backward = bool(set(tokens) & BACKWARD_WORDS) or _has(lemmas, ("back", "up")) or \
        ("back" in tokens and not set(tokens) & FORWARD_WORDS)
    amount = _quantity(tokens, DISTANCE_UNITS_M)
    note = ""
    if amount is not None:
        metres = abs(amount[0])
        if amount[0] < 0.0:  # "reverse -30 cm": which way is meant is not clear, so nothing is driven on a guess
            raise MotionRefused(f"say the distance without a minus sign and the way in words, e.g. 'back up {metres:g} m' or "
                                f"'go forward {metres:g} m'")
    elif any(_has(tokens, run) for run in TINY_DISTANCES) or tokens[:1] in (["inch"], ["nudge"]):
        metres = TINY_DISTANCE_M  # "a tiny bit"; "inch forward", "nudge back": a very short drive
    elif any(t in ("few", "several", "some", "many") and tokens[k + 1 : k + 2] and tokens[k + 1] in DISTANCE_UNITS_M
             for k, t in enumerate(tokens)):
        raise MotionRefused("how far exactly? Say a number, e.g. 'go forward 2 m'")  # "a few metres"
    elif any(t in DISTANCE_UNITS_M and t not in ("step", "steps") for t in tokens):
        raise MotionRefused("how far exactly? Say a number, e.g. 'go forward 2 m'")  # "go forward to metres": misheard
    elif any(_has(tokens, run) for run in VAGUE_DISTANCES) or "step" in lemmas:
        metres = VAGUE_DISTANCE_M
    else:
        metres, note = MOVE_DEFAULT_M, f"no distance given: {MOVE_DEFAULT_M:g} m"
    metres *= times  # "go forward 1 metre three times"
    if metres <= 0.0:
        raise MotionRefused("how far should I drive? Say e.g. 'go forward 1 m'")
    if metres < MIN_DRIVE_M:
        raise MotionRefused(f"{metres * 1000:g} mm is less than the base drives ({MIN_DRIVE_M * 100:g} cm at least); "
                            "say e.g. 'go forward 10 cm'")
    if metres > MAX_DRIVE_M:
        raise MotionRefused(f"I drive at most {MAX_DRIVE_M:g} m on a bare distance, not {metres:g} m; name a place or an object")
    return Motion("drive", -metres if backward else metres, note)


def read_motion(tokens: list[str], lemmas: list[str]) -> tuple[Motion, ...]:
    """The motions a clause asks for, in order (none when it asks for none); MotionRefused when it
    asks for one that cannot be done as said. The caller checks that the clause names no object.
    "Go left" / "move right a bit": the base cannot move sideways, so it turns that way and drives."""
    words = set(tokens) | set(lemmas)
    if words & COMPASS_WORDS:
        raise MotionRefused("I don't know which way the compass points; say left, right, forward or back, or name an "
                            "object")
    behind = {"behind", "back", *BACKWARD_WORDS}
    if words & LOOK_VERBS and (words & (lx.LEFT_WORDS | lx.RIGHT_WORDS) or words & {"around"} | behind) and \
            not words & SIDE_OBJECT_WORDS:  # "look left", "face right", "look behind you", "face backwards": a turn
        if "around" in words and "look" in words and not words & (lx.LEFT_WORDS | lx.RIGHT_WORDS | behind):
            return (Motion("turn", math.tau),)  # "look around": a whole turn, as said alone
        return (_turn([*tokens, "around"] if words & behind and not words & (lx.LEFT_WORDS | lx.RIGHT_WORDS) else tokens),)
    circle_amount = bool(words & CIRCLE_NOUNS) and bool(words & {"full", "whole", "complete", "one", "two", "three", "1", "2",
                                                                "3", "entire"})
    turning = bool(words & TURN_VERBS) or _has(tokens, ("about", "face")) or _has(tokens, ("u", "turn")) or \
        bool(words & TURN_NOUNS) or circle_amount
    if turning and not (words & FORWARD_WORDS and _quantity(tokens, DISTANCE_UNITS_M) and not words & TURN_VERBS):
        return (_turn(tokens),)
    sideways = words & (lx.LEFT_WORDS | lx.RIGHT_WORDS)
    if sideways and words & MOVE_VERBS and not words & SIDE_OBJECT_WORDS:  # "go left", not "go to the left one"
        return _turn(tokens, vague_ok=False), _move([t for t in tokens if t not in sideways], lemmas)
    backing = _has(lemmas, ("back", "up")) or bool(words & BACKWARD_WORDS)
    moving = bool(words & MOVE_VERBS) or backing
    distance = _quantity(tokens, DISTANCE_UNITS_M)
    with_unit = distance is not None and distance[1]
    stepping_back = "step" in lemmas and "back" in tokens  # "step back" (not "go back": that is coming back)
    vague = any(_has(tokens, run) for run in (*VAGUE_DISTANCES, *TINY_DISTANCES))
    if backing or stepping_back or (moving and (words & FORWARD_WORDS or with_unit)) or (
            "back" in tokens and (distance is not None or vague)):  # "go back 1 m", "go back a bit": not coming back
        return (_move(tokens, lemmas),)
    return ()


_NUMBER_WORDS = {"a": 1.0, "an": 1.0, "one": 1.0, "two": 2.0, "three": 3.0, "four": 4.0, "five": 5.0, "six": 6.0,
                 "seven": 7.0, "eight": 8.0, "nine": 9.0, "ten": 10.0, "half": 0.5, "half a": 0.5, "half an": 0.5}
_AMOUNT = r"(?:\d+(?:\.\d+)?|half an?|an?|one|two|three|four|five|six|seven|eight|nine|ten|half)"
_UNIT = "|".join(sorted((re.escape(u) for u in DISTANCE_UNITS_M if u not in ("step", "steps")), key=len, reverse=True))
_AHEAD = r"(?:straight )?(?:ahead|forwards?|in front(?: of (?:you|yourself|me|the robot))?|out front)"
_SIDEWAYS = r"(?:(?:to|on|towards?) (?:the|your) )?(?:left|right)"
_JOINED = r"(?: and| ,| , and| plus| by)"
_OFFSET_LEGS = (rf"(?P<ahead>{_AMOUNT})(?: (?P<ahead_unit>{_UNIT}))? {_AHEAD}{_JOINED} (?P<side>{_AMOUNT})(?: (?P<side_unit>{_UNIT}))? "
                rf"(?P<way>{_SIDEWAYS})",
                rf"(?P<side>{_AMOUNT})(?: (?P<side_unit>{_UNIT}))? (?P<way>{_SIDEWAYS}){_JOINED} (?P<ahead>{_AMOUNT})(?: "
                rf"(?P<ahead_unit>{_UNIT}))? {_AHEAD}",
                rf"(?:ahead|forwards?) (?P<ahead>{_AMOUNT})(?: (?P<ahead_unit>{_UNIT}))?{_JOINED} (?:go |turn )?(?P<way>left|right) "
                rf"(?P<side>{_AMOUNT})(?: (?P<side_unit>{_UNIT}))?")
_TO_A_PLACE = (r"(?:(?:go|drive|move|head|travel|navigate|get|roll)(?: over)? )?(?:to )?"
               r"(?:(?:the|a) (?:point|spot|place|position|location) )?")
_OFFSETS = tuple(re.compile(rf"(?<![\w.]){_TO_A_PLACE}{legs}(?![\w.])(?! of\b)") for legs in _OFFSET_LEGS)
# What may come before a place said first in a goal
_SAID_FIRST = re.compile(r"(?:(?:please|now|ok|okay|so|right|robot|just|can you|could you|would you|then)[ ,]*)*")
# "then 1 m left" after a drive: a drive that way, said without its verb
_VERBLESS_SIDEWAYS = re.compile(rf"(?<=\bthen )(?={_AMOUNT}(?: (?:{_UNIT}))? {_SIDEWAYS}(?![\w.])(?! of\b))")


def _metres(amount: str, unit: str | None, other_unit: str | None) -> float:
    value = float(amount) if amount[:1].isdigit() else _NUMBER_WORDS[amount]
    return value * DISTANCE_UNITS_M.get(unit or other_unit or "m", 1.0)


def offset_as_turn_and_drive(tokens: list[str]) -> list[str]:
    """A place said as an offset from the robot ("the point 1.5 m ahead and 0.5 m to the right", "go 2 m
    forward and 1 m left"): said first, that point ("go to x 1.5 y -0.5", in the frame the goal starts
    in), reached round what is in the way; said after another step, the turn towards it and the drive
    there from where that step ends (the base cannot move sideways). "..., then 1 m left" is a drive
    that way."""
    text = " ".join(tokens)
    for offset in _OFFSETS:
        said = offset.search(text)
        if said is None:
            continue
        ahead = _metres(said["ahead"], said["ahead_unit"], said["side_unit"])
        side = _metres(said["side"], said["side_unit"], said["ahead_unit"]) * (1.0 if said["way"].endswith("left") else -1.0)
        if ahead <= 0.0 or side == 0.0:
            continue
        degrees = math.degrees(math.atan2(side, ahead))
        rewritten = f"turn {'left' if side > 0 else 'right'} {abs(degrees):.1f} degrees then drive {math.hypot(ahead, side):.2f} m"
        if _SAID_FIRST.fullmatch(text[: said.start()]):  # from where the goal starts: that point, reached round what is in the way
            rewritten = f"go to x {ahead:g} y {side:g}"
        text = f"{text[:said.start()]}{rewritten}{text[said.end():]}"
        break
    return _VERBLESS_SIDEWAYS.sub("go ", text).split()
