"""Places said by the objects around them: "go 1 m to the left of the box", "park behind the cone",
"stand between the two bins", "go halfway to the bin", "stop half a metre short of the bin".

``read_place`` reads such a goal into what it says (the relation, a distance, the objects named) and
the plain goal that names those objects ("go to the box"), so the objects are resolved as any goal's
are (which one, follow-ups, prohibitions). ``place_point`` then turns the objects found into the point
to drive to, in base_link, or refuses a point an object stands on or too near.

Geometry, all in base_link at the goal's start [m] (x ahead, y left):
- left / right of an object: beside it along y, as the robot sees left and right;
- behind / past / beyond: further along the line of sight from the robot through the object;
- short of / in front of / before: nearer along that line, the distance counted from the object's
  near side ("stop half a metre short of the bin");
- between two objects: the midpoint of their centres;
- halfway to an object: the midpoint of the robot and the object's centre.
A distance said for the others is counted from the object's centre; unsaid, the point is
``DEFAULT_GAP_M`` clear of the object's outline.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from lam_core.datatypes import DetectedObject
from lam_core.language import lexicon as lx
from lam_core.language.motion import DISTANCE_UNITS_M
from lam_core.language.parse import GoalRefused

_LONGEST_PLACE_GOAL = 200  # characters: a place said by objects is a short goal; longer ones are not scanned for one
DEFAULT_GAP_M = 0.6  # clear space between an object's outline and a point said beside it with no distance [m]

# Amounts said in words that are no single number word: "half a metre", "a quarter of a metre", "a metre"
_AMOUNT_PHRASES = {"a": 1.0, "an": 1.0, "half a": 0.5, "half": 0.5, "a half": 0.5, "quarter of a": 0.25, "a quarter of a": 0.25,
                   "one and a half": 1.5}

_LEAD = r"^(?:(?:please|ok|okay|now|and|then|so|right|alright|robot|hey|can you|could you|would you|will you)[ ,]+)*"
_VERB = (r"(?:(?:(?:go|come|now|just) and )?(?:go|drive|move|head|get|park|stand|stop|wait|come|navigate|roll|end up|"
         r"shift over so you end up|position yourself|put yourself|place yourself|park yourself|get yourself|take yourself)"
         r"(?: over| round| around| up| yourself)?"
         r"(?: (?:to|towards|toward))?(?: (?:a|the) (?:point|spot|place|position))? )?")
_AMOUNT = (r"(?:(?P<number>\d+(?:\.\d+)?|half a|a half|a quarter of a|quarter of a|one and a half|a|an|one|two|three|four|five|half)"
           r"\s*(?P<unit>m|metres?|meters?|cm|centimet(?:re|er)s?) )?")
_ANCHOR = r"(?P<a>(?:the|that|this|it)(?: [a-z]+){0,4}?)"
_TAIL = r"(?:,? (?:and )?(?:wait|stop|stay|park) there)?(?:,? please)?[ .!]*$"
_RELATION = (r"(?:(?:just |right |directly |exactly )?(?:(?P<side>(?:to the |on the )?(?:left|right)(?: hand)?(?: side)? of)|"
             r"(?P<beyond>behind|past|beyond|on the (?:far|other) side of|(?:round|around) (?:the back of|behind)|to the back of|"
             r"at the back of)|(?P<front>short of|before|in front of|this side of|from)))")

_BESIDE = re.compile(_LEAD + _VERB + _AMOUNT + _RELATION + " " + _ANCHOR + _TAIL)
_BETWEEN = re.compile(_LEAD + _VERB + r"(?:right |just |exactly )?(?:halfway |half way |midway )?(?:in )?between "
                      r"(?P<a>the (?:[a-z]+ ){0,3}?[a-z]+?)(?: and (?P<b>the (?:[a-z]+ ){0,3}?[a-z]+?))?" + _TAIL)
_HALFWAY = re.compile(_LEAD + _VERB + r"(?:halfway|half way|half-way|midway|part of the way|partway|part way)"
                      r"(?: (?:to|towards|toward|over to|up to))? " + _ANCHOR + _TAIL)


_AWAY = (r"(?:about |roughly |around |only |just )?(?P<amount>(?:a|an|one|half a|two|three|\d+(?:\.\d+)?) ?"
         r"(?:m|cm|metres?|meters?|centimet(?:re|er)s?))")
# A drive said to end some distance from an object: "drive until you're 50 cm from the cube", "approach the can until you're about
# 40 cm off it", "head toward the ball and stop when you're a metre from it", "go to the cube; when you're 30 cm away, stop"
_UNTIL_AWAY = re.compile(_LEAD + r"(?:drive|go|head|move|approach|roll|keep going|creep|edge)(?: forwards?| ahead| on| over)?(?: (?:up )?"
                         r"(?:to|towards?))?(?: (?P<what1>(?:the|that) [a-z ]+?|it))? until you(?: re| are| get)? " + _AWAY +
                         r" (?:from|off|away from|short of|in front of|before|of) (?P<what2>(?:the|that) [a-z ]+?|it)[ .!]*$")
_STOP_WHEN_AWAY = re.compile(_LEAD + r"(?:drive|go|head|move|roll)(?: over| up)? (?:to|towards?) (?P<what1>(?:the|that) [a-z ]+?)"
                             r"(?:,|;| and| but)? (?:then )?(?:stop (?:when|once|as soon as) you(?: re| are| get)? " + _AWAY +
                             r" (?:from|off|away from|short of|in front of|before)(?: it| there| the [a-z ]+?)?|(?:when|once) you"
                             r"(?: re| are| get)? " + _AWAY.replace("<amount>", "<amount2>") + r" (?:away|off)(?: from it)?,? stop"
                             r"|stop " + _AWAY.replace("<amount>", "<amount3>") + r" (?:short(?: of it)?|before it|away(?: from it)?)"
                             r"(?:,? (?:but |and )?(?:don t|dont|do not) touch it)?)"  # "... but stop a metre short, don't touch it"
                             r"[ .!]*$")


# A stop said after the place ("... but stop N short") nearer than this is where a drive to the object stops anyway [m]
_NEAR_ENOUGH_M = 0.5


def _said_as_short_of(text: str) -> str:
    """A drive said to end some distance from an object, as "go 50 cm short of the cube"."""
    said = _UNTIL_AWAY.match(text) or _STOP_WHEN_AWAY.match(text)
    if said is None:
        return text
    found = said.groupdict()
    what = found.get("what2") if found.get("what2") not in (None, "it") else found.get("what1")
    if not what or what == "it":
        return text
    said_after = found.get("amount3")
    if said_after and (metres := _said_metres(said_after)) is not None and metres < _NEAR_ENOUGH_M:
        return text  # "go toward the cube but stop like 30 cm before it": in front of it, where a drive to it stops
    return f"go {found.get('amount') or found.get('amount2') or said_after} short of {what}"


def _said_metres(amount: str) -> float | None:
    """The metres of an amount as _AWAY says it ("30 cm", "a metre", "half a m")."""
    said = re.fullmatch(r"(?P<n>.+?) ?(?P<unit>[a-z]+)", amount)
    try:
        return _amount_m(said["n"], said["unit"]) if said else None
    except (KeyError, ValueError):
        return None


@dataclass(frozen=True)
class SaidPlace:
    """A place said by objects: ``relation`` is left | right | beyond | front | between | halfway;
    ``distance_m`` the distance said (None: unsaid); ``said`` the words that say where."""

    relation: str
    distance_m: float | None
    said: str


def read_place(goal: str) -> tuple[SaidPlace, str] | None:
    """The place a whole goal says by objects, and the goal that only names those objects ("go to the
    white box", "go to the red can and the blue bin"); None when the goal says no such place."""
    if len(goal) > _LONGEST_PLACE_GOAL:
        return None
    text = _said_as_short_of(" ".join(goal.lower().replace("'", " ").split()))
    between = _BETWEEN.match(text)
    if between:
        a, b = between["a"], between["b"]
        if b is None and not re.match(r"the (?:two|2|both) ", a):
            return None
        return SaidPlace("between", None, f"between {a}{' and ' + b if b else ''}"), f"go to {a}{' and ' + b if b else ''}"
    halfway = _HALFWAY.match(text)
    if halfway:
        return SaidPlace("halfway", None, f"halfway to {halfway['a']}"), f"go to {halfway['a']}"
    beside = _BESIDE.match(text)
    if beside is None or beside["a"] in ("the", "that", "this"):
        return None
    distance_m = _amount_m(beside["number"], beside["unit"])
    if beside["side"]:
        relation = "left" if "left" in beside["side"] else "right"
    elif beside["beyond"]:
        relation = "beyond"
    else:
        relation = "front"
        if distance_m is None and beside["front"] in ("from", "before"):
            return None  # "go from the box", "stop before the bin": no place said
    where = beside["side"] or beside["beyond"] or beside["front"]
    amount = f"{distance_m:g} m " if distance_m is not None else ""
    return SaidPlace(relation, distance_m, f"{amount}{where} {beside['a']}"), f"go to {beside['a']}"


def _amount_m(number: str | None, unit: str | None) -> float | None:
    if number is None or unit is None:
        return None
    value = _AMOUNT_PHRASES.get(number, lx.NUMBER_WORDS.get(number))
    return (float(number) if value is None else float(value)) * DISTANCE_UNITS_M[unit]


def outline_radius_m(obj: DetectedObject) -> float:
    """Half the larger of an object's two ground extents [m]."""
    return max(obj.size_m[0], obj.size_m[1]) / 2


def place_point(place: SaidPlace, anchors: Sequence[DetectedObject], objects: Sequence[DetectedObject],
                clearance_m: float) -> tuple[float, float]:
    """The point (x, y) in base_link [m] that ``place`` says by ``anchors`` (one, or two for between);
    GoalRefused when it lies on or within ``clearance_m`` of an object's outline, or behind the robot
    for a place short of an object."""
    a = anchors[0]
    ax, ay = a.position_m[0], a.position_m[1]
    reach_m = math.hypot(ax, ay)
    ux, uy = (ax / reach_m, ay / reach_m) if reach_m > 1e-6 else (1.0, 0.0)
    gap_m = outline_radius_m(a) + DEFAULT_GAP_M
    if place.relation == "between":
        if len(anchors) != 2:
            raise GoalRefused(f"'{place.said}' needs two objects; name both")
        b = anchors[1]
        point = ((ax + b.position_m[0]) / 2, (ay + b.position_m[1]) / 2)
    elif place.relation == "halfway":
        point = (ax / 2, ay / 2)
    elif place.relation in ("left", "right"):
        offset_m = place.distance_m if place.distance_m is not None else gap_m
        point = (ax, ay + (offset_m if place.relation == "left" else -offset_m))
    elif place.relation == "beyond":
        offset_m = place.distance_m if place.distance_m is not None else gap_m
        point = (ax + ux * offset_m, ay + uy * offset_m)
    else:
        short_m = outline_radius_m(a) + (place.distance_m if place.distance_m is not None else DEFAULT_GAP_M)
        if short_m >= reach_m:
            raise GoalRefused(f"I am already nearer the {a.name} than that ({reach_m - outline_radius_m(a):.2f} m from it)")
        point = (ax - ux * short_m, ay - uy * short_m)
    check_clear(point, objects, clearance_m, f"the spot {place.said}")
    return point


def check_clear(point: tuple[float, float], objects: Sequence[DetectedObject], clearance_m: float, said: str) -> None:
    """GoalRefused, naming the object and ``said`` ("the spot between the bins"), when the point (x, y)
    in base_link [m] lies on or within ``clearance_m`` of an object's outline."""
    for obj in objects:
        clear_m = math.dist(point, obj.position_m[:2]) - outline_radius_m(obj)
        if clear_m < clearance_m:
            where = "on" if clear_m <= 0 else f"{clear_m:.2f} m from"
            raise GoalRefused(f"{said} is {where} the {obj.name}, and I need {clearance_m:.2f} m clear of it; "
                              f"say another place, or a distance")
